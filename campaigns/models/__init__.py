"""The campaigns app's models, one module per concern: plans (and tasks, channels), activities (and their
photos, evidence, Excel imports), the reporting cycle (periods, submissions, reminders)."""

from .activities import (
    Activity,
    ActivityEvidence,
    ActivityPhoto,
    ActivityQuerySet,
    ImportBatch,
    period_locked_error,
)
from .plans import (
    Channel,
    Plan,
    PlanQuerySet,
    PublishStatus,
    Task,
    TaskQuerySet,
    TaskStatus,
    task_overdue,
    task_percent,
)
from .reporting import (
    CycleNotice,
    NoticeEvent,
    PeriodKind,
    ReminderLog,
    ReportingPeriod,
    Submission,
    SubmissionQuerySet,
    SubmissionStatus,
    approved_windows,
    covering_among,
    covering_approved_submission,
)

__all__ = [
    "Activity", "ActivityEvidence", "ActivityPhoto", "ActivityQuerySet", "ImportBatch", "period_locked_error",
    "Channel", "Plan", "PlanQuerySet", "PublishStatus", "Task", "TaskQuerySet", "TaskStatus", "task_overdue",
    "task_percent",
    "CycleNotice", "NoticeEvent",
    "PeriodKind", "ReminderLog", "ReportingPeriod", "Submission", "SubmissionQuerySet", "SubmissionStatus",
    "approved_windows", "covering_among", "covering_approved_submission",
]
