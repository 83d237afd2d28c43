import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.roles import AGENCY_HEAD, COORDINATOR, DATA_ENTRY
from agencies.changes import agency_change_record
from agencies.models import Agency, AgencyChange
from campaigns import cycle
from campaigns.models import (
    Activity,
    Channel,
    CycleNotice,
    Plan,
    PublishStatus,
    ReportingPeriod,
    Submission,
    Task,
    TaskStatus,
)
from core import caching
from core.models import PortalIdentity
from ops import demo


def upsert(model, lookup, values):
    """get_or_create that saves an existing row only when a value really differs, so that loading
    the demo twice writes nothing (no new history rows, no changed timestamps). Every row goes through
    the model's own validation, as a form's would."""
    exclude = ["password"]  # demo logins get theirs from set_password right after
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(exclude=exclude, validate_unique=False)
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(exclude=exclude, validate_unique=False)
        obj.save()
    return obj, False


class Command(BaseCommand):
    help = ("Nạp dữ liệu mẫu: kế hoạch tuyên truyền CCHC năm 2019 của tỉnh Cà Mau, tỉnh Cà Mau sau sắp xếp "
            "(từ 01/7/2025) với kỳ báo cáo năm 2026, và tài khoản demo.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Xóa kế hoạch mẫu và tài khoản demo rồi nạp lại.")
        parser.add_argument("--no-logins", action="store_true", help="Chỉ nạp dữ liệu, không tạo tài khoản demo.")
        parser.add_argument(
            "--force", action="store_true",
            help="Tạo tài khoản demo (mật khẩu công khai) cả khi DEBUG tắt. Không dùng trên máy chủ thật.",
        )

    def handle(self, *args, reset=False, no_logins=False, force=False, **options):
        if not no_logins and not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG đang tắt: không tạo tài khoản demo có mật khẩu công khai. "
                "Dùng --no-logins để chỉ nạp dữ liệu, hoặc --force nếu đây là máy thử nghiệm."
            )
        with caching.bulk_changes(), transaction.atomic():
            if reset:
                self.reset()
            upsert(PortalIdentity, {"pk": 1}, demo.IDENTITY)
            agencies = self.load_agencies()
            self.load_changes(agencies)
            plan, tasks = self.load_plan(agencies, demo.PLAN, demo.TASKS)
            created = self.load_activities(plan, agencies, tasks, demo.activities())
            self.load_cycle(plan, agencies, demo.CYCLE_2019)
            self.load_report(plan, agencies)
            # The merged province of 2026: its plan goes in after 2019's is complete (the report's figures
            # are frozen as of its date, so they do not see it either way).
            plan_2026, tasks_2026 = self.load_plan(agencies, demo.PLAN_2026, demo.TASKS_2026)
            created_2026 = self.load_activities(plan_2026, agencies, tasks_2026, demo.activities_2026(),
                                                entered_on_their_day=True)
            self.load_cycle(plan_2026, agencies, demo.CYCLE_2026)
            if not no_logins:
                self.load_users(agencies)
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp dữ liệu mẫu Cà Mau 2019: {plan.tasks.count()} nhiệm vụ, "
            f"{plan.activities.count()} kết quả thực hiện ({created} mới); năm 2026 (minh họa, tỉnh Cà Mau sau "
            f"sắp xếp): {plan_2026.tasks.count()} nhiệm vụ, {plan_2026.activities.count()} kết quả thực hiện "
            f"({created_2026} mới)."
        ))
        if not no_logins:
            self.stdout.write(
                f"Tài khoản demo: {', '.join(user[0] for user in demo.USERS)} — mật khẩu: {demo.DEMO_PASSWORD}"
            )

    def reset(self):
        from reports.models import Report

        Report.objects.filter(slug=demo.REPORT["slug"]).delete()
        plans = list(Plan.objects.filter(slug__in=[demo.PLAN["slug"], demo.PLAN_2026["slug"]]))
        for plan in plans:  # checked for both years before anything is deleted
            if Plan.objects.filter(year=plan.year).exclude(pk__in=[p.pk for p in plans]).exists():
                raise CommandError(f"Năm {plan.year} có kế hoạch khác ngoài kế hoạch mẫu: --reset không xóa kỳ báo "
                                   "cáo của năm đó. Hãy xóa dữ liệu mẫu trong trang quản trị.")
        names = [agency[1] for agency in demo.AGENCIES]
        for plan in plans:
            # The demo's reporting cycle goes with it (its approvals lock the activities being reloaded): the
            # demo agencies' submissions for the plan's year, and the periods no other agency reports in.
            periods = ReportingPeriod.objects.filter(year=plan.year)
            Submission.objects.filter(period__in=periods, agency__name__in=names).delete()
            periods.filter(submissions__isnull=True).delete()
            plan.activities.all().delete()
            plan.delete()
        # The agencies and their change events stay: agencies are never deleted (agencies.models), and
        # loading again finds them as they are.
        get_user_model().objects.filter(username__in=[u[0] for u in demo.USERS]).delete()

    def load_agencies(self):
        agencies = {}
        for key, name, short_name, kind, parent_key, active in demo.AGENCIES:
            agencies[key], _ = upsert(Agency, {"name": name}, {
                "short_name": short_name, "kind": kind,
                "parent": agencies[parent_key] if parent_key else None, "is_active": active,
                **demo.AGENCY_FACTS.get(key, {}),
            })
        return agencies

    def load_changes(self, agencies):
        """The change events of 1/7/2025 (ops.demo.AGENCY_CHANGES), each recorded once through
        agency_change_record, which checks them as it would a coordinator's in the admin."""
        for kind, effective_date, legal_basis, sources, successors, note in demo.AGENCY_CHANGES:
            recorded = AgencyChange.objects.filter(kind=kind, effective_date=effective_date, legal_basis=legal_basis,
                                                   source_links__agency=agencies[sources[0]])
            if not recorded.exists():
                agency_change_record(kind=kind, effective_date=effective_date, legal_basis=legal_basis,
                                     sources=[agencies[key] for key in sources],
                                     successors=[agencies[key] for key in successors], note=note)

    def load_plan(self, agencies, spec, task_specs):
        """A published plan and its tasks; returns (plan, {task key: task})."""
        values = {k: v for k, v in spec.items() if k != "slug"}
        values["issuing_agency"] = agencies[values["issuing_agency"]]
        values["status"] = PublishStatus.PUBLISHED
        plan, created = upsert(Plan, {"slug": spec["slug"]}, values)
        # The demo stands for a plan written and published on the day it was issued (25/01/2019, 15/01/2026), not
        # the day it was loaded: the API's `cong_khai_luc`, the feeds' and the sitemap's dates say so.
        issued = timezone.make_aware(dt.datetime.combine(plan.issued_on, dt.time(8, 0)))
        if plan.published_at != issued:
            Plan.objects.filter(pk=plan.pk).update(published_at=issued, updated_at=issued)
            plan.published_at = plan.updated_at = issued
        channels = {c.code: c for c in Channel.objects.all()}
        tasks = {}
        for order, (key, title, channel_code, lead, coordinating, target, deadline) in enumerate(task_specs, 1):
            task, _ = upsert(Task, {"plan": plan, "title": title}, {
                "channel": channels[channel_code] if channel_code else None,
                "lead_agency": agencies[lead], "target_quantity": target, "deadline": deadline,
                "status": "" if target else TaskStatus.DONE, "order": order,
            })
            wanted = {agencies[k].pk for k in coordinating}
            if set(task.coordinating_agencies.values_list("pk", flat=True)) != wanted:
                task.coordinating_agencies.set(wanted)
            tasks[key] = task
        return plan, tasks

    def load_activities(self, plan, agencies, tasks, rows, entered_on_their_day=False):
        """The plan's activities. With `entered_on_their_day`, a new one is dated as entered at 16:00 on its
        own day (created_at, updated_at), as an officer would have: the 2026 cycle's reports are sent
        before today, and approving one compares the window with what was sent, an entry after the sending
        being a change (campaigns.cycle.submission_changes). 2019's keep the day they were loaded."""
        channels = {c.code: c for c in Channel.objects.all()}
        created_count = 0
        for task_key, agency_key, channel_code, date, title, quantity, participants, awards, note in rows:
            activity, created = upsert(
                Activity,
                {"plan": plan, "agency": agencies[agency_key], "title": title},
                {"date": date, "task": tasks[task_key], "channel": channels[channel_code], "quantity": quantity,
                 "participants": participants, "awards": awards,
                 "description": f"<p>{note}</p>" if note else ""},
            )
            if created and entered_on_their_day:
                entered = timezone.make_aware(dt.datetime.combine(date, dt.time(16)))
                Activity.objects.filter(pk=activity.pk).update(created_at=entered, updated_at=entered)
            created_count += created
        return created_count

    def load_cycle(self, plan, agencies, story):
        """The plan's year's four periods and every expected agency's submissions, through campaigns.cycle
        as staff would do it, then dated as they happened (`story`, from ops.demo: CYCLE_2019, CYCLE_2026).
        By default a report is sent CYCLE_SENT_DAYS_BEFORE_DUE days before the due date and approved two
        days later; `story` says which are late, returned once then approved, not sent, sent on a given
        day, left waiting for approval, or left returned. Periods already loaded are left alone."""
        if ReportingPeriod.objects.filter(year=plan.year).exists():
            return
        coordinator = None  # the loader acts for the province (campaigns.cycle: user None)
        keys = {agency.pk: key for key, agency in agencies.items()}
        at = lambda day, hour: timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))  # noqa: E731
        returned, left_returned = story.get("returned", {}), story.get("left_returned", {})
        for period in cycle.periods_generate(year=plan.year):
            for submission in period.submissions.select_related("agency", "period"):
                key = (period.kind, keys.get(submission.agency_id))
                if key in story.get("not_sent", ()):
                    continue
                sent = story.get("sent_on", {}).get(key) or period.due_date + dt.timedelta(
                    days=story.get("late_days", {}).get(key, -demo.CYCLE_SENT_DAYS_BEFORE_DUE))
                has_work = cycle.activities_in_period(submission).exists()
                self.send(submission, coordinator, has_work)
                resent = sent
                if key in returned:
                    cycle.submission_return(submission=submission, user=coordinator, reason=returned[key])
                    self.send(submission, coordinator, has_work)
                    resent = sent + dt.timedelta(days=1)
                dates = {"first_submitted_at": at(sent, 9), "submitted_at": at(resent, 9)}
                if key in left_returned:
                    cycle.submission_return(submission=submission, user=coordinator, reason=left_returned[key])
                elif key not in story.get("waiting", ()):
                    cycle.submission_approve(submission=submission, user=coordinator)
                if key not in story.get("waiting", ()):
                    dates["reviewed_at"] = at(resent + dt.timedelta(days=2), 15)
                Submission.objects.filter(pk=submission.pk).update(**dates)
        # A story, not news: the steps above are told to nobody (campaigns.notices sends, after this
        # command's transaction commits, only the notices still in the table — none).
        CycleNotice.objects.filter(submission__period__year=plan.year).delete()

    @staticmethod
    def send(submission, user, has_work):
        if has_work:
            cycle.submission_submit(submission=submission, user=user)
        else:
            cycle.submission_submit(submission=submission, user=user, nothing_to_report=True,
                                    note=demo.NOTHING_TO_REPORT_NOTE)

    def load_report(self, plan, agencies):
        """The 2019 report, published with its figures frozen. Once published it is left alone: its
        figures are an official record and only a coordinator's explicit refresh changes them."""
        from reports.models import Report
        from reports.report_publishing import report_publish

        report = Report.objects.filter(slug=demo.REPORT["slug"]).first()
        if report is None:
            values = {k: v for k, v in demo.REPORT.items()}
            report = Report.objects.create(**values, plan=plan, issuing_agency=agencies["ubnd"])
        # The document layout is not part of the frozen record; fill what an older database lacks.
        layout = {k: demo.REPORT[k] for k in ("letterhead", "place_name", "signer_authority", "signer_name",
                                                 "recipients")
                  if not getattr(report, k)}
        if layout:
            Report.objects.filter(pk=report.pk).update(**layout)
        if not report.is_published:
            report = report_publish(report=report, user=None)
            # The demo stands for a report written and published on its date: show that date, not today's (its
            # page, the feeds' <updated>, the sitemap's lastmod).
            issued = timezone.make_aware(dt.datetime.combine(report.date, dt.time(8, 0)))
            Report.objects.filter(pk=report.pk).update(figures_as_of=issued, published_at=issued, updated_at=issued)
        return report

    def load_users(self, agencies):
        User = get_user_model()
        groups = {"coordinator": Group.objects.get(name=COORDINATOR),
                  "data_entry": Group.objects.get(name=DATA_ENTRY),
                  "agency_head": Group.objects.get(name=AGENCY_HEAD)}
        for username, (first, last), agency_key, role in demo.USERS:
            user, created = upsert(User, {"username": username}, {
                "first_name": first, "last_name": last, "is_staff": True, "is_active": True,
                "is_superuser": role == "superuser",
                "agency": agencies[agency_key] if agency_key else None,
            })
            if created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if role in groups and not user.groups.filter(pk=groups[role].pk).exists():
                user.groups.add(groups[role])
