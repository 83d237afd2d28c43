"""Who may see and who may change which rows: the one place these rules live.

Every admin (`campaigns.admin.AgencyScopedAdmin`), list filter, autocomplete, the Excel import (its
look-ups and the template's *Danh mục*), the exports and the staff previews of drafts ask here.

The rules, in words:
- A provincial coordinator (permission ``campaigns.manage_all_agencies``) and a superuser see and change
  everything their permissions allow.
- An officer of an agency sees their agency's own plans (drafts too) and every *published* plan, with
  their tasks; they record their activities against those plans and nothing more on other agencies'
  plans. A plan and its tasks and targets are changed only by the plan's issuing agency (with the
  permission) or a coordinator — a task's lead agency does not change the task.
- Activities and their photos are seen and changed only by the agency that did the work.
- Reports: published ones are public; a draft is seen by its issuing agency and coordinators only.
- An Excel import batch is seen by its agency and undone by its author or a coordinator.
- Reporting periods are read by all staff and managed by coordinators; an agency's submission is seen
  and sent by its own staff (approving is the coordinators' permission, see campaigns.cycle).
- Locks, for everyone, coordinators included: an activity (its photos, its evidence) covered by an
  approved submission of its agency cannot be changed or deleted until a coordinator reopens it.
- An account without an agency that is not a coordinator sees nothing; a model without a rule here is
  invisible to officers (fail closed).

Rules are keyed by model label (``"reports.report"``), so this module imports no higher app. The
functions return `Q` objects or filtered querysets (never Python loops), so they cost one WHERE clause
on any table size. Model-level permissions (``change_task``…) are still checked by the admin as usual;
this module answers "which rows", not "which actions".
"""

from django.db.models import Exists, OuterRef, Q

PUBLISHED = "published"  # campaigns.models.PublishStatus.PUBLISHED (no import: models import nothing here)
NOTHING = Q(pk__in=[])


def sees_all(user):
    """Coordinators and superusers see every agency's data."""
    return bool(getattr(user, "is_active", False)) and getattr(user, "sees_all_agencies", False)


def _agency_id(user):
    return getattr(user, "agency_id", None) if getattr(user, "is_active", False) else None


# For each model: (rows the user may see, rows the user may change), as functions of the agency id.
_RULES = {
    "campaigns.plan": (
        lambda a: Q(issuing_agency_id=a) | Q(status=PUBLISHED),
        lambda a: Q(issuing_agency_id=a),
    ),
    "campaigns.task": (
        lambda a: Q(plan__issuing_agency_id=a) | Q(plan__status=PUBLISHED),
        lambda a: Q(plan__issuing_agency_id=a),
    ),
    "campaigns.activity": (lambda a: Q(agency_id=a), lambda a: Q(agency_id=a)),
    "campaigns.activityphoto": (lambda a: Q(activity__agency_id=a), lambda a: Q(activity__agency_id=a)),
    "reports.report": (
        lambda a: Q(issuing_agency_id=a) | Q(status=PUBLISHED),
        lambda a: Q(issuing_agency_id=a),
    ),
    "campaigns.activityevidence": (lambda a: Q(activity__agency_id=a), lambda a: Q(activity__agency_id=a)),
    "campaigns.importbatch": (lambda a: Q(agency_id=a), lambda a: Q(agency_id=a)),
    "campaigns.reportingperiod": (lambda a: Q(), lambda a: NOTHING),
    "campaigns.submission": (lambda a: Q(agency_id=a), lambda a: Q(agency_id=a)),
    # Citizens' questions on the agency's pages, once a coordinator approved them: the agency answers them.
    "discussion.citizencomment": (
        lambda a: Q(responsible_agency_id=a, is_public=True, is_removed=False),
        lambda a: Q(responsible_agency_id=a, is_public=True, is_removed=False),
    ),
    # Not agency data: every member of staff reads them (names in lists); permissions decide who edits.
    "campaigns.agency": (lambda a: Q(), lambda a: Q()),
    "campaigns.channel": (lambda a: Q(), lambda a: Q()),
}
# The field that names the owning agency: a new row of an officer always gets their agency there.
OWNER_FIELD = {"campaigns.plan": "issuing_agency", "campaigns.activity": "agency", "reports.report": "issuing_agency"}


def _covering_submission(agency, date):
    """Exists: an approved submission of the row's agency covers the row's date (the lock of campaigns.cycle)."""
    from .models import Submission

    return Exists(Submission.objects.covering(OuterRef(agency), OuterRef(date)))


def _approved_submission_covers(agency, date):
    return Q(_covering_submission(agency, date))


# Rows nobody changes, whatever their role, while the lock holds.
_LOCKS = {
    "campaigns.activity": lambda: ~_approved_submission_covers("agency_id", "date"),
    "campaigns.activityphoto": lambda: ~_approved_submission_covers("activity__agency_id", "activity__date"),
    "campaigns.activityevidence": lambda: ~_approved_submission_covers("activity__agency_id", "activity__date"),
}


def _q(model, user, which):
    if sees_all(user):
        return Q()
    agency_id = _agency_id(user)
    if agency_id is None:
        return NOTHING
    rule = _RULES.get(model._meta.label_lower)
    if rule is None:  # a model nobody wrote a rule for: nothing, rather than everything
        return NOTHING
    return rule[which](agency_id)


def visible_q(model, user):
    return _q(model, user, 0)


def editable_q(model, user):
    lock = _LOCKS.get(model._meta.label_lower)
    return _q(model, user, 1) & lock() if lock else _q(model, user, 1)


def with_lock(queryset):
    """Activities annotated with `locked` (an approved submission covers them), at no extra query."""
    return queryset.annotate(locked=_covering_submission("agency_id", "date"))


def is_locked(obj):
    """Whether the lock (above) holds for this row, whoever asks."""
    lock = _LOCKS.get(obj._meta.label_lower)
    return bool(lock) and not type(obj)._default_manager.filter(lock(), pk=obj.pk).exists()


def visible(queryset, user):
    """The rows of `queryset` the user may see."""
    return queryset.filter(visible_q(queryset.model, user))


def editable(queryset, user):
    """The rows of `queryset` the user may change or delete (and, for a plan, whose tasks they may change)."""
    return queryset.filter(editable_q(queryset.model, user))


def can_see(user, obj):
    return obj is not None and visible(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def can_change(user, obj):
    return obj is not None and editable(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def owner_field(model):
    return OWNER_FIELD.get(model._meta.label_lower)


def can_undo_import(user, batch):
    """An import batch is undone by its author or a coordinator."""
    return sees_all(user) or (batch.created_by_id is not None and batch.created_by_id == user.pk)


def entry_agencies(user):
    """Agencies the user may record activities (and plans) for: their own, or every active one."""
    from .models import Agency

    if sees_all(user):
        return Agency.objects.filter(is_active=True)
    return Agency.objects.filter(pk=_agency_id(user)) if _agency_id(user) else Agency.objects.none()


def plans_for_activities(user):
    """Plans an officer may record activities against: those they see (their own drafts, published plans)."""
    from .models import Plan

    return visible(Plan.objects.all(), user)


def tasks_for_activities(user):
    from .models import Task

    return visible(Task.objects.all(), user)
