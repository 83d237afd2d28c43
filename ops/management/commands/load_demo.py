import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.roles import COORDINATOR, DATA_ENTRY
from agencies.models import Agency
from campaigns import cycle
from campaigns.models import Activity, Channel, Plan, PublishStatus, ReportingPeriod, Submission, Task, TaskStatus
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
    help = "Nạp dữ liệu mẫu: kế hoạch tuyên truyền CCHC năm 2019 của tỉnh Cà Mau và tài khoản demo."

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
            plan = self.load_plan(agencies)
            created = self.load_activities(plan, agencies)
            self.load_cycle(plan, agencies)
            self.load_report(plan, agencies)
            if not no_logins:
                self.load_users(agencies)
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp dữ liệu mẫu Cà Mau 2019: {plan.tasks.count()} nhiệm vụ, "
            f"{plan.activities.count()} kết quả thực hiện ({created} mới)."
        ))
        if not no_logins:
            self.stdout.write(
                f"Tài khoản demo: admin, dieuphoi, dai_ptth, bao_camau — mật khẩu: {demo.DEMO_PASSWORD}"
            )

    def reset(self):
        from reports.models import Report

        Report.objects.filter(slug=demo.REPORT["slug"]).delete()
        plan = Plan.objects.filter(slug=demo.PLAN["slug"]).first()
        if plan is not None:
            # The demo's reporting cycle goes with it (its approvals lock the activities being reloaded): the
            # demo agencies' submissions for the plan's year, and the periods no other agency reports in.
            if Plan.objects.filter(year=plan.year).exclude(pk=plan.pk).exists():
                raise CommandError(f"Năm {plan.year} có kế hoạch khác ngoài kế hoạch mẫu: --reset không xóa kỳ báo "
                                   "cáo của năm đó. Hãy xóa dữ liệu mẫu trong trang quản trị.")
            names = [agency[1] for agency in demo.AGENCIES]
            periods = ReportingPeriod.objects.filter(year=plan.year)
            Submission.objects.filter(period__in=periods, agency__name__in=names).delete()
            periods.filter(submissions__isnull=True).delete()
            plan.activities.all().delete()
            plan.delete()
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

    def load_plan(self, agencies):
        values = {k: v for k, v in demo.PLAN.items() if k != "slug"}
        values["issuing_agency"] = agencies[values["issuing_agency"]]
        values["status"] = PublishStatus.PUBLISHED
        plan, created = upsert(Plan, {"slug": demo.PLAN["slug"]}, values)
        # The demo stands for a plan published on the day it was issued (25/01/2019), not on the day it was
        # loaded: the API's `cong_khai_luc` and the feeds say so.
        issued = timezone.make_aware(dt.datetime.combine(plan.issued_on, dt.time(8, 0)))
        if plan.published_at != issued:
            Plan.objects.filter(pk=plan.pk).update(published_at=issued)
            plan.published_at = issued
        channels = {c.code: c for c in Channel.objects.all()}
        self.tasks = {}
        for order, (key, title, channel_code, lead, coordinating, target, deadline) in enumerate(demo.TASKS, 1):
            task, _ = upsert(Task, {"plan": plan, "title": title}, {
                "channel": channels[channel_code] if channel_code else None,
                "lead_agency": agencies[lead], "target_quantity": target, "deadline": deadline,
                "status": "" if target else TaskStatus.DONE, "order": order,
            })
            wanted = {agencies[k].pk for k in coordinating}
            if set(task.coordinating_agencies.values_list("pk", flat=True)) != wanted:
                task.coordinating_agencies.set(wanted)
            self.tasks[key] = task
        return plan

    def load_activities(self, plan, agencies):
        channels = {c.code: c for c in Channel.objects.all()}
        created_count = 0
        for task_key, agency_key, channel_code, date, title, quantity, participants, awards, note in demo.activities():
            _, created = upsert(
                Activity,
                {"plan": plan, "agency": agencies[agency_key], "title": title},
                {"date": date, "task": self.tasks[task_key], "channel": channels[channel_code], "quantity": quantity,
                 "participants": participants, "awards": awards,
                 "description": f"<p>{note}</p>" if note else ""},
            )
            created_count += created
        return created_count

    def load_cycle(self, plan, agencies):
        """2019's four periods and every agency's submissions, through campaigns.cycle as staff would do it,
        then dated as they happened (ops.demo). Periods already loaded are left alone."""
        if ReportingPeriod.objects.filter(year=plan.year).exists():
            return
        coordinator = None  # the loader acts for the province (campaigns.cycle: user None)
        keys = {agency.pk: key for key, agency in agencies.items()}
        at = lambda day, hour: timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))  # noqa: E731
        for period in cycle.periods_generate(year=plan.year):
            for submission in period.submissions.select_related("agency", "period"):
                key = (period.kind, keys.get(submission.agency_id))
                if key in demo.CYCLE_NOT_SENT:
                    continue
                sent = period.due_date + dt.timedelta(
                    days=demo.CYCLE_LATE_DAYS.get(key, -demo.CYCLE_SENT_DAYS_BEFORE_DUE))
                has_work = cycle.activities_in_period(submission).exists()
                self.send(submission, coordinator, has_work)
                if key in demo.CYCLE_RETURNED:
                    cycle.submission_return(submission=submission, user=coordinator, reason=demo.CYCLE_RETURNED[key])
                    self.send(submission, coordinator, has_work)
                cycle.submission_approve(submission=submission, user=coordinator)
                resent = sent + dt.timedelta(days=1) if key in demo.CYCLE_RETURNED else sent
                Submission.objects.filter(pk=submission.pk).update(
                    first_submitted_at=at(sent, 9), submitted_at=at(resent, 9),
                    reviewed_at=at(resent + dt.timedelta(days=2), 15))

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
        layout = {k: demo.REPORT[k] for k in ("letterhead", "place_name", "signer_authority", "recipients")
                  if not getattr(report, k)}
        if layout:
            Report.objects.filter(pk=report.pk).update(**layout)
        if not report.is_published:
            report = report_publish(report=report, user=None)
            # The demo stands for a report published on its date: show that date, not today's.
            issued = timezone.make_aware(dt.datetime.combine(report.date, dt.time(8, 0)))
            Report.objects.filter(pk=report.pk).update(figures_as_of=issued, published_at=issued)
        return report

    def load_users(self, agencies):
        User = get_user_model()
        groups = {"coordinator": Group.objects.get(name=COORDINATOR),
                  "data_entry": Group.objects.get(name=DATA_ENTRY)}
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
