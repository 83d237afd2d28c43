"""A checked file saved, and a saved file undone. `import_activities` writes every row of an `ImportResult`
in one transaction, as one `ImportBatch` that records the previous values of the activities it changed and
a fingerprint of what it wrote; `import_batch_undo` puts them back (deleting the activities it added), for
the batch's author or a coordinator, refusing if anything has changed since (`ImportUndoError`)."""

import datetime as dt
import hashlib

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import User
from core import caching as page_cache
from core.dates import vn_date
from core.sanitize import clean_text

from .. import access, cycle
from ..models import Activity, ImportBatch
from .columns import _ATTNAMES, UNDO_FIELDS, _snapshot
from .reading import ImportResult, _chunks

IMPORT_REASON = "Nhập từ Excel"


def _fingerprint(activity):
    return hashlib.sha256(repr(list(_snapshot(activity).values())).encode()).hexdigest()[:20]


def import_activities(*, result: ImportResult, user: User | None, filename: str = "") -> ImportBatch:
    """Save every row of a checked file, all or nothing, as one recorded ImportBatch (returned)."""
    if not result.ok:
        raise ValueError("a file with errors cannot be saved")
    new = [row.instance for row in result.rows if row.action == "create"]
    changed = [row for row in result.rows if row.action == "update"]
    user = user if getattr(user, "pk", None) else None
    with transaction.atomic():
        # The reporting cycle's lock before anything is written: where each row is and where it goes. The
        # file was checked before this transaction; a report approved since then refuses the whole file.
        cycle.activities_lock_or_refuse(places=[
            *((a.agency_id, a.date) for a in new), *((row.activity.agency_id, row.activity.date) for row in changed),
            *((row.previous["agency"], dt.date.fromisoformat(row.previous["date"])) for row in changed)])
        batch = ImportBatch.objects.create(
            created_by=user, agency_id=getattr(user, "agency_id", None), file_name=clean_text(filename or "")[:255],
            created_count=len(new), updated_count=len(changed), unchanged_count=result.count("unchanged"),
            warning_count=result.warning_count,
            previous_values={str(row.activity.pk): row.previous for row in changed},
        )
        now = timezone.now()
        for activity in new:
            activity.import_batch = batch
        for row in changed:
            row.activity.updated_at = now
        if new:
            bulk_create_with_history(new, Activity, batch_size=1000, default_user=user,
                                     default_change_reason=IMPORT_REASON)
        if changed:
            bulk_update_with_history([row.activity for row in changed], Activity,
                                     [*UNDO_FIELDS, "updated_at"], batch_size=1000,
                                     default_user=user, default_change_reason=IMPORT_REASON)
            # Changed data waits for approval again (the reporting cycle's rule, which new rows meet too).
            cycle.activities_changed(activities=Activity.objects.filter(
                pk__in=[row.activity.pk for row in changed]))
        batch.imported_state = {str(a.pk): _fingerprint(a) for a in [*new, *(row.activity for row in changed)]}
        batch.save(update_fields=["imported_state"])
        page_cache.bump()  # bulk writes send no signals
    return batch


class ImportUndoError(Exception):
    """Why a batch cannot be undone, in Vietnamese (`message`)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _ids_text(ids, limit=10):
    ids = sorted(ids)
    shown = ", ".join(str(pk) for pk in ids[:limit])
    return f"mã {shown}" + (f" và {len(ids) - limit} hoạt động khác" if len(ids) > limit else "")


def import_batch_undo(*, batch: ImportBatch, user: User) -> ImportBatch:
    """Undo a confirmed import in one transaction: delete the activities it added, put back the previous
    values of those it changed, whose approval the reporting cycle then decides. Refused if any of them has
    been changed or deleted since the import, if anything now hangs off an added one (photos, evidence: the
    officer's later work, which an undo does not destroy), and for anyone but the author or a coordinator."""
    if not access.can_undo_import(user, batch):
        raise ImportUndoError("Chỉ người đã nhập tệp hoặc cán bộ điều phối cấp tỉnh mới được hoàn tác lần nhập này.")
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ImportBatch.Status.UNDONE:
            when = f"{timezone.localtime(batch.undone_at):%H:%M} ngày {vn_date(batch.undone_at)}"
            raise ImportUndoError(f"Lần nhập số {batch.pk} đã được hoàn tác lúc {when}.")
        state = batch.imported_state
        # The reporting cycle's lock first, on every place the undo writes from (where the rows are now) or
        # to (where their previous values put them); then the rows, as they are under it.
        restored = {int(pk): (values["agency"], dt.date.fromisoformat(values["date"]))
                    for pk, values in batch.previous_values.items()}
        places = list(restored.values())
        for chunk in _chunks(restored):
            places += Activity.objects.filter(pk__in=chunk).values_list("agency_id", "date")
        locks = cycle.activities_lock(places=places, rows=batch.activities.all())
        created, attached = _with_attachments(batch.activities.all())
        updated = {}
        for chunk in _chunks(restored):
            updated.update((a.pk, a) for a in Activity.objects.filter(pk__in=chunk))
        expected_created = {int(pk) for pk in state} - {int(pk) for pk in batch.previous_values}
        touched = [*created, *updated.values()]
        gone = (expected_created - {a.pk for a in created}) | ({int(pk) for pk in batch.previous_values} - set(updated))
        differ = {a.pk for a in touched if _fingerprint(a) != state.get(str(a.pk))}
        if gone or differ:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {len(gone | differ)} hoạt động đã được sửa hoặc xóa sau "
                f"lần nhập ({_ids_text(gone | differ)}). Hãy sửa trực tiếp các hoạt động cần sửa.")
        held, names = attached
        if held:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {len(held)} hoạt động do lần nhập thêm vào đã có "
                f"{', '.join(names)} ({_ids_text(held)}). Hoàn tác không tự xóa những gì được thêm sau lần nhập: "
                f"hãy xóa {_and(names)} của các hoạt động đó trước, hoặc xóa từng hoạt động, hoặc giữ lại lần nhập.")

        locked = ({a.pk for a in touched if locks.covering(a.agency_id, a.date)}
                  | {pk for pk, place in restored.items() if locks.covering(*place)})
        if locked:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {len(locked)} hoạt động thuộc kỳ báo cáo đã được duyệt "
                f"({_ids_text(locked)}). Đề nghị điều phối viên mở lại kỳ trước.")

        _check_references(batch)

        reason = f"Hoàn tác lần nhập Excel số {batch.pk}"
        now = timezone.now()
        _delete_with_history(created, batch, user, reason, now)
        for pk, activity in updated.items():
            for name, attname in zip(UNDO_FIELDS, _ATTNAMES, strict=True):
                value = batch.previous_values[str(pk)][name]
                setattr(activity, attname, dt.date.fromisoformat(value) if name == "date" else value)
            # Pre-cycle data (no period of its agency covers it) counted before the import and counts again;
            # wherever the cycle governs the restored date, activities_refresh_approval below decides.
            activity.approved = bool(batch.previous_values[str(pk)].get("approved", False))
            activity.updated_at = now
        if updated:
            bulk_update_with_history(list(updated.values()), Activity, [*UNDO_FIELDS, "updated_at", "approved"],
                                     batch_size=1000,
                                     default_user=user, default_change_reason=reason, default_date=now)
            for chunk in _chunks(updated):
                cycle.activities_refresh_approval(activities=Activity.objects.filter(pk__in=chunk))
        batch.status, batch.undone_by, batch.undone_at = ImportBatch.Status.UNDONE, user, now
        batch.save(update_fields=["status", "undone_by", "undone_at"])
        page_cache.bump()  # once, for everything above
    return batch


def _relations_to_activity():
    """Every model that points to an activity with a database constraint (photos, evidence, whatever is
    added later), read from Activity's own meta: the raw DELETE of `_delete_with_history` skips Django's
    cascade, so rows and files hanging off an added activity must be found first. (History rows point
    without a constraint and stay, as history does.)"""
    return [relation for relation in Activity._meta.get_fields(include_hidden=True)
            if relation.auto_created and not relation.concrete
            and (relation.one_to_many or relation.one_to_one or relation.many_to_many)
            and getattr(relation.remote_field, "db_constraint", True)]


def _with_attachments(activities):
    """(`activities` (a queryset) read, (ids of those something points to, the names of what points —
    the models' verbose_name_plural, as the activity's page titles them: ["ảnh hoạt động", "tài liệu
    kiểm chứng"])). One query, whatever the number of relations."""
    relations = _relations_to_activity()
    flags = {f"_has_{i}": Exists(relation.related_model._base_manager.filter(
        **{relation.remote_field.name: OuterRef("pk")})) for i, relation in enumerate(relations)}
    rows = list(activities.annotate(**flags))
    held = [row for row in rows if any(getattr(row, flag) for flag in flags)]
    names = [str(relation.related_model._meta.verbose_name_plural)
             for i, relation in enumerate(relations) if any(getattr(row, f"_has_{i}") for row in held)]
    return rows, ({row.pk for row in held}, names)


def _and(names):
    """"a", "a và b", "a, b và c"."""
    return " và ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _check_references(batch):
    """The plans, tasks, agencies and channels the previous values name must still exist (a task an import
    took an activity away from may have been deleted since)."""
    for name, label in (("plan", "kế hoạch"), ("task", "nhiệm vụ"), ("agency", "cơ quan, đơn vị"),
                        ("channel", "hình thức tuyên truyền")):
        wanted = {v[name] for v in batch.previous_values.values() if v[name] is not None}
        model = Activity._meta.get_field(name).related_model
        missing = wanted - set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
        if missing:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {label} mà các hoạt động được cập nhật từng thuộc về đã "
                f"bị xóa (mã {', '.join(str(pk) for pk in sorted(missing))}).")


def _delete_with_history(activities, batch, user, reason, now):
    """Delete the batch's activities with one history row each, in bulk: a queryset delete would send two
    signals per row (history, page cache) — thousands of single inserts and cache bumps."""
    if not activities:
        return
    history = Activity.history.model
    history.objects.bulk_create([
        history(history_date=now, history_user=user, history_change_reason=reason, history_type="-",
                **{f.attname: getattr(a, f.attname) for f in history.tracked_fields})
        for a in activities
    ], batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Activity._meta.db_table)} "  # noqa: S608  # nosec B608 — names from the model
                       f"WHERE {connection.ops.quote_name('import_batch_id')} = %s", [batch.pk])
