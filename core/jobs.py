"""Scheduled jobs run once across the application nodes.

Every node of a cluster has the same systemd timers (deploy/*.timer), so each job is started once per node.
The first to claim it runs it (`job_claim`, a `core.models.JobRun` row); the others find it taken and stop,
saying where it ran. Two kinds of job:
- a job that must not overlap itself (the reminders, the moderators' digest, retention): each decides by
  what the database already records whether there is anything to do, so it only needs to run alone; its
  claim lasts while it runs (slot "");
- a job that does the same work every time it runs (the agencies' daily digest of waiting questions): it
  claims its day (slot "2026-12-07"), and a second node's timer that day finds the day taken.
A node that dies mid-run leaves its claim until the lease ends; then another node may take the job over.
A failed run gives its slot back, so the next timer (or an operator) tries again."""

import datetime as dt
import socket

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import JobRun

DEFAULT_LEASE = dt.timedelta(hours=2)


def node_name() -> str:
    """This node's name in the claims (settings.NODE_NAME, by default the host name)."""
    return getattr(settings, "NODE_NAME", "") or socket.gethostname()


def job_claim(*, job: str, slot: str = "", node: str | None = None,
              lease: dt.timedelta = DEFAULT_LEASE) -> JobRun | None:
    """Claim `job` (in `slot`) for this node; None if another run holds it or has done it."""
    node = node or node_name()
    now = timezone.now()
    fields = {"node": node, "started_at": now, "finished_at": None, "lease_until": now + lease}
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job, slot=slot, **fields)
    except IntegrityError:
        pass
    free = Q(lease_until__lt=now) & (Q(finished_at__isnull=True) if slot else Q())
    if not slot:
        free |= Q(finished_at__isnull=False)
    if JobRun.objects.filter(free, job=job, slot=slot).update(**fields) != 1:
        return None
    return JobRun.objects.get(job=job, slot=slot)


def job_finish(run: JobRun, *, failed: bool = False) -> None:
    """End this node's claim — unless another node has taken the job over since (its lease ran out). A
    failed run of a slotted job gives the slot back."""
    mine = JobRun.objects.filter(pk=run.pk, node=run.node, started_at=run.started_at)
    if failed and run.slot:
        mine.delete()
    else:
        mine.update(finished_at=timezone.now())


def holder(*, job: str, slot: str = "") -> JobRun | None:
    return JobRun.objects.filter(job=job, slot=slot).first()


class ScheduledCommand(BaseCommand):
    """A management command started by a timer on every node: `run()` does the work on the node that claims
    it. `once_a_day`: the claim is for the day (Asia/Ho_Chi_Minh), not only while it runs. `--dry-run`
    (where the command has it) claims nothing."""

    once_a_day = False
    lease = DEFAULT_LEASE

    def job_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def job_slot(self, options) -> str:
        return timezone.localdate().isoformat() if self.once_a_day else ""

    def handle(self, *args, **options):
        if options.get("dry_run"):
            return self.run(*args, **options)
        job, slot = self.job_name(), self.job_slot(options)
        claim = job_claim(job=job, slot=slot, lease=self.lease)
        if claim is None:
            other = holder(job=job, slot=slot)
            state = "đã chạy" if other and other.finished_at else "đang chạy"
            when = timezone.localtime(other.started_at).strftime("%d/%m/%Y %H:%M") if other else ""
            self.stdout.write(f"Bỏ qua: việc “{job}” {state} ở máy {other.node if other else '?'} "
                              f"(bắt đầu {when}); không chạy lần thứ hai.")
            return None
        try:
            result = self.run(*args, **options)
        except BaseException:
            job_finish(claim, failed=True)
            raise
        job_finish(claim)
        return result

    def run(self, *args, **options):
        raise NotImplementedError
