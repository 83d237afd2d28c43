"""Which rows of the campaigns app each agency's staff see and change, stated to agencies.scoping (the one
mechanism every admin, filter, autocomplete, import and export asks). Registered by CampaignsConfig.ready.

The rules, in words:
- An officer of an agency sees their agency's own plans (drafts too) and every *published* plan, with
  their tasks; they record their activities against those plans and nothing more on other agencies'
  plans. A plan and its tasks and targets are changed only by the plan's issuing agency (with the
  permission) or a coordinator — a task's lead agency does not change the task.
- Activities, their photos and their evidence are seen and changed only by the agency that did the work.
- An Excel import batch is seen by its agency and undone by its author or a coordinator.
- Reporting periods are read by all staff and managed by coordinators; an agency's submission is seen
  and sent by its own staff (approving is the coordinators' permission, see campaigns.cycle).
- A task is added only to a plan the user may change: no plan of their agency, no task to add.
- Channels are not agency data: every member of staff reads them; permissions decide who edits.
- Locks, for everyone, coordinators included: an activity (its photos, its evidence) covered by an
  approved submission of its agency cannot be changed or deleted until a coordinator reopens it.
"""

from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When

from agencies import scoping

from .models import Plan, PublishStatus, Submission, Task

PUBLISHED = PublishStatus.PUBLISHED


def _covering_submission(agency, date):
    """Exists: an approved submission of the row's agency covers the row's date (the lock of campaigns.cycle)."""
    return Exists(Submission.objects.covering(OuterRef(agency), OuterRef(date)))


def _unlocked(agency, date):
    return lambda: ~Q(_covering_submission(agency, date))


def register_rules():
    scoping.register("campaigns.plan", see=lambda a: Q(issuing_agency_id=a) | Q(status=PUBLISHED),
                     change=lambda a: Q(issuing_agency_id=a), owner="issuing_agency")
    scoping.register("campaigns.task", see=lambda a: Q(plan__issuing_agency_id=a) | Q(plan__status=PUBLISHED),
                     change=lambda a: Q(plan__issuing_agency_id=a))
    scoping.register("campaigns.activity", see=lambda a: Q(agency_id=a), change=lambda a: Q(agency_id=a),
                     owner="agency", lock=_unlocked("agency_id", "date"))
    for label in ("campaigns.activityphoto", "campaigns.activityevidence"):
        scoping.register(label, see=lambda a: Q(activity__agency_id=a), change=lambda a: Q(activity__agency_id=a),
                         lock=_unlocked("activity__agency_id", "activity__date"))
    scoping.register("campaigns.importbatch", see=lambda a: Q(agency_id=a), change=lambda a: Q(agency_id=a))
    scoping.register("campaigns.reportingperiod", see=lambda a: scoping.EVERYTHING,
                     change=lambda a: scoping.NOTHING)
    scoping.register("campaigns.submission", see=lambda a: Q(agency_id=a), change=lambda a: Q(agency_id=a))
    scoping.register("campaigns.channel", see=lambda a: scoping.EVERYTHING, change=lambda a: scoping.EVERYTHING)


def can_undo_import(user, batch):
    """An import batch is undone by its author or a coordinator."""
    return scoping.sees_all(user) or (batch.created_by_id is not None and batch.created_by_id == user.pk)


def plans_for_activities(user):
    """Plans an officer may record activities against: those they see (their own drafts, published plans)."""
    return scoping.visible(Plan.objects.all(), user)


def can_add_tasks(user) -> bool:
    """A task is added to a plan the user may change (the plan's rule above): an officer whose agency has
    issued no plan has nowhere to add one, so the admin offers no "Thêm" for tasks and its add page answers
    403 — the button and the address agree. A coordinator adds to any plan."""
    return scoping.sees_all(user) or scoping.editable(Plan.objects.all(), user).exists()


def tasks_for_activities(user):
    return scoping.visible(Task.objects.all(), user)


# An agency's part in a task: it leads it (chủ trì) or it is one of the agencies that coordinate (phối hợp).
LEAD, COORDINATING = "Chủ trì", "Phối hợp"


def _coordinates(agency_id):
    return Exists(Task.coordinating_agencies.through.objects.filter(task_id=OuterRef("pk"), agency_id=agency_id))


def own_tasks_q(agency_id, role=None) -> Q:
    """The tasks an agency works on: those it leads and those it coordinates (`role` LEAD or COORDINATING
    for one of them). One WHERE clause (EXISTS), no join that would repeat a task."""
    lead, coordinating = Q(lead_agency_id=agency_id), Q(_coordinates(agency_id))
    if role == LEAD:
        return lead
    if role == COORDINATING:
        return coordinating & ~lead
    return lead | coordinating


def with_role(tasks, agency_id):
    """`tasks` with `role`: LEAD, COORDINATING or "" for the agency `agency_id` (none: "")."""
    if agency_id is None:
        return tasks.annotate(role=Value("", output_field=CharField()))
    return tasks.annotate(role=Case(When(lead_agency_id=agency_id, then=Value(LEAD)),
                                    When(_coordinates(agency_id), then=Value(COORDINATING)),
                                    default=Value(""), output_field=CharField()))
