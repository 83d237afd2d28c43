"""Recording a change of agencies (sáp nhập, chia tách, đổi tên, chuyển giao): one function, in one
transaction, that checks the rules, records the event with its links and closes the agencies before. The
admin, the future Excel import of agencies and the setup command all call it; nothing else writes the
links or closes agencies piecemeal.

Dates: the effective date is the first day of the agencies after; the agencies before existed up to and
including the day before (`existed_to = effective_date - 1 day`). The 2025 reform: districts existed to
30/6/2025, the new communes from 1/7/2025."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import vn_date

from .models import Agency, AgencyChange, AgencyChangeSource, AgencySuccession

ONE_DAY = dt.timedelta(days=1)


def _names(agencies):
    return ", ".join(agency.name for agency in agencies)


def reachable_successors(agencies: Iterable[Agency]) -> set[int]:
    """Ids of every agency that succeeds one of `agencies`, however indirectly, through closing changes."""
    links = {}
    for source, successor in AgencySuccession.objects.filter(
            change__kind__in=AgencyChange.CLOSING).values_list("change__source_links__agency", "agency"):
        links.setdefault(source, set()).add(successor)
    seen, todo = set(), [agency.pk for agency in agencies]
    while todo:
        for successor in links.get(todo.pop(), ()):
            if successor not in seen:
                seen.add(successor)
                todo.append(successor)
    return seen


def change_errors(*, kind: str, effective_date: dt.date | None, legal_basis: str, sources: list[Agency],
                  successors: list[Agency], shares: Mapping[Agency, Decimal] | None = None) -> dict[str, list]:
    """Every rule a change event must meet, as {field: [messages]} ({} when it may be recorded): what the
    admin's form shows beside its fields and what agency_change_record refuses."""
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if kind not in AgencyChange.Kind.values:
        add("kind", _("Hãy chọn loại thay đổi: sáp nhập, chia tách, đổi tên hoặc chuyển giao."))
    if not (legal_basis or "").strip():
        add("legal_basis", _("Hãy ghi căn cứ pháp lý (ví dụ: Nghị quyết 202/2025/QH15)."))
    if effective_date is None:
        add("effective_date", _("Hãy nhập ngày hiệu lực."))
    if not sources:
        add("sources", _("Hãy chọn ít nhất một đơn vị trước."))
    if not successors:
        add("successors", _("Hãy chọn ít nhất một đơn vị kế thừa."))
    if errors:
        return errors
    if kind == AgencyChange.Kind.MERGE and len(successors) != 1:
        add("successors", _("Sáp nhập, hợp nhất có đúng một đơn vị sau (đơn vị nhận sáp nhập hoặc đơn vị mới)."))
    if kind == AgencyChange.Kind.SPLIT and (len(sources) != 1 or len(successors) < 2):
        add("successors", _("Chia tách là một đơn vị trước thành hai đơn vị kế thừa trở lên."))
    if kind == AgencyChange.Kind.RENAME and (len(sources) != 1 or len(successors) != 1):
        add("successors", _("Đổi tên là một đơn vị trước và một đơn vị sau (mang tên mới)."))
    both = {a.pk for a in sources} & {a.pk for a in successors}
    if both:
        add("successors", _("Một đơn vị không thể vừa là đơn vị trước vừa là đơn vị kế thừa của chính nó: %s.")
            % _names(a for a in sources if a.pk in both))
    elif kind in AgencyChange.CLOSING:
        # A cycle: some agency after already comes before one of the agencies before (through older changes).
        ahead = reachable_successors(successors)
        looped = [a for a in sources if a.pk in ahead]
        if looped:
            add("successors", _("Tạo thành vòng kế thừa: %(before)s đã là đơn vị kế thừa (trực tiếp hoặc gián "
                                "tiếp) của %(after)s; một đơn vị không thể kế thừa chính mình.")
                % {"before": _names(looped), "after": _names(successors)})
    closes = kind in AgencyChange.CLOSING
    # An agency closes once: a second merge, split or rename would send all its figures to the last one's
    # successors (agencies.succession follows the latest), whatever the first said.
    closed_by = {link.agency_id: link.change for link in AgencyChangeSource.objects.filter(
        agency__in=[a.pk for a in sources], change__kind__in=AgencyChange.CLOSING).select_related("change")
        } if closes else {}
    for source in sources:
        if source.pk in closed_by:
            add("sources", _("%(name)s đã thôi hoạt động theo %(change)s; một đơn vị chỉ thôi hoạt động một lần. "
                             "Nếu thay đổi đó ghi sai, hãy báo quản trị hệ thống.")
                % {"name": source.name, "change": closed_by[source.pk]})
        elif source.existed_from and effective_date <= source.existed_from:
            add("effective_date", _("Ngày hiệu lực %(date)s không sau ngày %(name)s bắt đầu hoạt động "
                                    "(%(from)s): đơn vị chưa tồn tại thì chưa sáp nhập, chia tách được.")
                % {"date": vn_date(effective_date), "name": source.name, "from": vn_date(source.existed_from)})
        elif closes and source.existed_to and source.existed_to != effective_date - ONE_DAY:
            add("sources", _("%(name)s đã thôi hoạt động từ %(date)s; ngày hiệu lực phải là ngày đó.")
                % {"name": source.name, "date": vn_date(source.existed_to + ONE_DAY)})
        elif not closes and source.existed_to and source.existed_to < effective_date:
            add("sources", _("%(name)s đã thôi hoạt động trước ngày hiệu lực.") % {"name": source.name})
    for successor in successors:
        if not successor.is_open_between(effective_date):
            add("successors", _("%(name)s không hoạt động vào ngày hiệu lực %(date)s.")
                % {"name": successor.name, "date": vn_date(effective_date)})
    shares = {agency.pk: share for agency, share in (shares or {}).items() if share is not None}
    if shares:
        if kind != AgencyChange.Kind.SPLIT:
            add("successors", _("Tỷ lệ kế thừa chỉ dùng cho chia tách."))
        elif set(shares) != {a.pk for a in successors}:
            add("successors", _("Khi khai tỷ lệ, hãy khai cho mọi đơn vị kế thừa."))
        elif any(not 0 < share <= 100 for share in shares.values()) or sum(shares.values()) != 100:
            add("successors", _("Tỷ lệ kế thừa của các đơn vị cộng lại phải đúng 100%%, mỗi tỷ lệ trên 0%%."))
    return errors


@transaction.atomic
def agency_change_record(*, kind: str, effective_date: dt.date, legal_basis: str, sources: Iterable[Agency],
                         successors: Iterable[Agency], shares: Mapping[Agency, Decimal] | None = None,
                         note: str = "") -> AgencyChange:
    """Record a change event and, for a merge, split or rename, close the agencies before on the day
    before `effective_date` (is_active follows once that day is past). The agencies after are left as
    they are (a new commune's existed_from is set where it is created). Refuses (ValidationError, nothing
    saved) what change_errors refuses. Returns the event."""
    source_ids = [a.pk for a in sources]
    successor_list = list(successors)
    # Read under a row lock: two coordinators recording at once cannot both close the same agency.
    locked = {a.pk: a for a in Agency.objects.select_for_update().filter(pk__in=source_ids)}
    source_list = [locked[pk] for pk in source_ids]
    errors = change_errors(kind=kind, effective_date=effective_date, legal_basis=legal_basis,
                           sources=source_list, successors=successor_list, shares=shares)
    if errors:
        raise ValidationError(errors)
    change = AgencyChange(kind=kind, effective_date=effective_date, legal_basis=legal_basis.strip(), note=note)
    change.full_clean()
    change.save()
    for agency in source_list:
        AgencyChangeSource.objects.create(change=change, agency=agency)
    by_pk = {agency.pk: share for agency, share in (shares or {}).items()}
    for order, agency in enumerate(successor_list):
        AgencySuccession.objects.create(change=change, agency=agency, share=by_pk.get(agency.pk), order=order)
    if kind in AgencyChange.CLOSING:
        last_day = effective_date - ONE_DAY
        for agency in source_list:
            agency.existed_to = last_day
            if last_day < timezone.localdate():
                agency.is_active = False
            agency.full_clean()
            agency.save()
    return change
