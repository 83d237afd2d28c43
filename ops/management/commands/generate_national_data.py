"""Synthetic national-scale data: 34 provinces, about 3,300 communes, their agencies, several years of plans
and tasks, and N activities — to measure the portal at the size of the whole country.

    manage.py generate_national_data --activities 1000000 --years 3

Everything it creates is marked "(mô phỏng)" in plan titles and with the plan slug prefix "mo-phong-";
`--reset` deletes it again. Activities go in with PostgreSQL's COPY (SQLite: bulk inserts); no history
rows are written for them (they are not anyone's edits).

The reporting cycle goes with them: the years' four periods (campaigns.cycle's calendar), a submission of
every synthetic agency for each, in a realistic mix for the periods whose window has opened (most approved
on time, some approved late, some returned, some waiting, some never sent), and each activity's `approved`
set in one UPDATE from the approved submissions — exactly what campaigns.cycle would have set; the waiting
ones record what they hold, as sending does, so a coordinator can approve them. A coordinator
account (COORDINATOR_USERNAME, no usable password: bench signs it in by session) sees the admin dashboard.
One report per plan is published with frozen figures, so report pages exist to read.
"""

import datetime as dt
import io
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import DateTimeField, Value
from django.db.models.functions import Cast, Least
from django.utils import timezone

from agencies.models import Agency
from campaigns import cycle
from campaigns.models import (
    Activity,
    Channel,
    Plan,
    PublishStatus,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
    Task,
)
from core import caching

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
COMMUNES = 3321
DEPARTMENTS = ["Văn phòng UBND", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Y tế",
               "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch",
               "Trung tâm Phục vụ hành chính công"]
PRESS = ["Đài Phát thanh và Truyền hình", "Báo"]
TITLES = {
    "phat-thanh-truyen-hinh": "Chuyên mục cải cách hành chính trên sóng phát thanh, truyền hình",
    "bao-in-bao-anh": "Chuyên trang cải cách hành chính",
    "bao-dien-tu-trang-tin": "Tin, bài về dịch vụ công trực tuyến toàn trình",
    "mang-xa-hoi": "Bài đăng hướng dẫn thủ tục hành chính trên mạng xã hội",
    "toa-dam-hoi-thao": "Tọa đàm về cải cách thủ tục hành chính",
    "hoi-nghi-tap-huan": "Tập huấn kỹ năng hướng dẫn người dân sử dụng dịch vụ công",
    "hoi-thi-cuoc-thi": "Cuộc thi tìm hiểu cải cách hành chính",
    "bang-ron-pa-no": "Treo băng rôn, khẩu hiệu tuyên truyền CCHC",
    "to-roi-tai-lieu": "Phát tờ rơi hướng dẫn thủ tục hành chính",
    "doi-thoai-truc-tiep": "Đối thoại trực tiếp với người dân, doanh nghiệp",
    "cau-lac-bo-phap-luat": "Sinh hoạt câu lạc bộ pháp luật về CCHC",
    "hop-giao-ban": "Lồng ghép tuyên truyền CCHC tại cuộc họp giao ban",
}
SLUG_PREFIX = "mo-phong-"
COLUMNS = ("created_at", "updated_at", "date", "title", "quantity", "participants", "awards", "description",
           "evidence_url", "agency_id", "channel_id", "plan_id", "task_id", "approved")
COORDINATOR_USERNAME = "dieuphoi_mophong"
# Of the submissions of a period whose due date has passed: how each ended (the rest: approved on time).
MIX_PAST = [(SubmissionStatus.NOT_SUBMITTED, 0.05), ("late", 0.08), (SubmissionStatus.RETURNED, 0.04),
            (SubmissionStatus.SUBMITTED, 0.03)]
# Of a period still open (due date ahead): sent early and approved, sent and waiting; the rest not sent yet.
MIX_OPEN = [(SubmissionStatus.APPROVED, 0.35), (SubmissionStatus.SUBMITTED, 0.15), (SubmissionStatus.RETURNED, 0.03)]


class Command(BaseCommand):
    help = "Tạo dữ liệu mô phỏng cấp quốc gia (34 tỉnh, ~3.300 xã, N hoạt động) để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=int, default=100_000)
        parser.add_argument("--years", type=int, default=3, help="số năm kế hoạch, kết thúc ở năm nay")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reset", action="store_true", help="xóa dữ liệu mô phỏng đã tạo rồi dừng")

    def handle(self, *args, activities, years, seed, reset, **options):
        started = time.monotonic()
        if reset:
            self.reset()
            return
        with caching.bulk_changes():
            self.generate(activities=activities, years=years, seed=seed, started=started)

    def generate(self, *, activities, years, seed, started):
        def n(value):
            return f"{value:,}".replace(",", ".")

        rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
        channels = {c.code: c for c in Channel.objects.all()}
        with transaction.atomic():
            provinces = self.agencies()
            plans = self.plans(provinces, channels, years, rng)
        self.stdout.write(f"{sum(len(p['agencies']) for p in provinces.values())} cơ quan, {len(plans)} kế hoạch "
                          f"({time.monotonic() - started:.1f} s)")
        t = time.monotonic()
        with transaction.atomic():
            counts = self.reporting_cycle(provinces, plans, rng)
            self.coordinator()
        self.stdout.write(f"{counts['periods']} kỳ báo cáo, {n(counts['submissions'])} báo cáo của cơ quan "
                          f"({n(counts['approved'])} đã duyệt) ({time.monotonic() - t:.1f} s)")
        t = time.monotonic()
        self.activities(plans, provinces, channels, activities, rng)
        self.stdout.write(f"{n(activities)} hoạt động trong {time.monotonic() - t:.1f} s")
        self.vacuum()
        t = time.monotonic()
        approved, changed = self.approve_activities()
        self.stdout.write(f"{n(approved)} hoạt động đã duyệt ({n(changed)} hoạt động đổi) "
                          f"({time.monotonic() - t:.1f} s)")
        if changed:
            self.vacuum()
        t = time.monotonic()
        self.reports(plans)
        self.stdout.write(f"{len(plans)} báo cáo công khai ({time.monotonic() - t:.1f} s). "
                          f"Tổng: {time.monotonic() - started:.1f} s")

    def vacuum(self):
        """PostgreSQL: fresh statistics for the planner, and the visibility map index-only scans of the
        covering indexes need (rows just copied or updated are not yet all-visible)."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for table in (model._meta.db_table for model in (Activity, Task, Agency, Submission, ReportingPeriod)):
                # VACUUM cannot run inside a transaction (a caller's atomic block, a test): statistics only then.
                verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                cursor.execute(f"{verb} {table}")  # nosec B608 — names from the list above

    def reset(self):
        from reports.models import Report

        plans = Plan.objects.filter(slug__startswith=SLUG_PREFIX)
        with caching.bulk_changes(), transaction.atomic():
            Report.history.filter(plan__in=plans).delete()
            Report.objects.filter(plan__in=plans).delete()
            Activity.objects.filter(plan__in=plans).delete()
            Task.objects.filter(plan__in=plans).delete()
            plans.delete()
            synthetic = Agency.objects.filter(name__endswith="(mô phỏng)")
            periods = set(Submission.objects.filter(agency__in=synthetic).values_list("period_id", flat=True))
            Submission.history.filter(agency__in=synthetic).delete()
            Submission.objects.filter(agency__in=synthetic).delete()
            # The periods it made, unless real agencies report in them too (the demo's, a province's own).
            ReportingPeriod.objects.filter(pk__in=periods, submissions__isnull=True).delete()
            get_user_model().objects.filter(username=COORDINATOR_USERNAME).delete()
            synthetic.filter(parent__isnull=False).delete()  # children first: parent is PROTECT
            synthetic.delete()
        self.stdout.write("Đã xóa dữ liệu mô phỏng.")

    def agencies(self):
        """Province → its agencies. Names end in "(mô phỏng)" so they never mix with real ones."""
        now = timezone.now()
        per_province = [COMMUNES // len(PROVINCES) + (1 if i < COMMUNES % len(PROVINCES) else 0)
                        for i in range(len(PROVINCES))]
        tops = []
        for name in PROVINCES:
            kind_word = "thành phố" if name in CITIES else "tỉnh"
            tops.append(Agency(name=f"UBND {kind_word} {name} (mô phỏng)", short_name=f"UBND {name}",
                               kind=Agency.Kind.PROVINCE, created_at=now, updated_at=now))
        Agency.objects.bulk_create(tops, ignore_conflicts=True)
        top_by_name = {a.name: a for a in Agency.objects.filter(name__in=[a.name for a in tops])}
        children = []
        for name, communes in zip(PROVINCES, per_province, strict=True):
            kind_word = "thành phố" if name in CITIES else "tỉnh"
            top = top_by_name[f"UBND {kind_word} {name} (mô phỏng)"]
            for department in DEPARTMENTS:
                children.append(Agency(name=f"{department} {kind_word} {name} (mô phỏng)", short_name=department,
                                       kind=Agency.Kind.DEPARTMENT, parent=top, created_at=now, updated_at=now))
            for press in PRESS:
                children.append(Agency(name=f"{press} {name} (mô phỏng)", short_name=f"{press} {name}",
                                       kind=Agency.Kind.PRESS, parent=top, created_at=now, updated_at=now))
            for n in range(1, communes + 1):
                children.append(Agency(name=f"UBND xã {n} {kind_word} {name} (mô phỏng)", short_name=f"UBND xã {n}",
                                       kind=Agency.Kind.COMMUNE, parent=top, created_at=now, updated_at=now))
        Agency.objects.bulk_create(children, ignore_conflicts=True, batch_size=2000)
        provinces = {}
        for top in top_by_name.values():
            members = list(Agency.objects.filter(parent=top).values_list("pk", "kind"))
            provinces[top.pk] = {"top": top, "agencies": [top.pk] + [pk for pk, _ in members],
                                 "communes": [pk for pk, kind in members if kind == Agency.Kind.COMMUNE],
                                 "others": [pk for pk, kind in members if kind != Agency.Kind.COMMUNE]}
        return provinces

    def plans(self, provinces, channels, years, rng):
        this_year = timezone.localdate().year
        plans = []
        for province in provinces.values():
            top = province["top"]
            short = top.short_name.removeprefix("UBND ")
            for year in range(this_year - years + 1, this_year + 1):
                slug = f"{SLUG_PREFIX}{top.pk}-{year}"
                plan, _ = Plan.objects.update_or_create(slug=slug, defaults={
                    "title": f"Kế hoạch tuyên truyền cải cách hành chính {short} năm {year} (mô phỏng)",
                    "year": year, "document_number": f"{rng.randint(1, 300)}/KH-UBND", "issuing_agency": top,
                    "issued_on": dt.date(year, 1, 15), "summary": "Dữ liệu mô phỏng để đo hiệu năng.",
                    "status": PublishStatus.PUBLISHED, "published_at": timezone.now(),
                })
                if not plan.tasks.exists():
                    Task.objects.bulk_create([
                        Task(plan=plan, title=f"{TITLES[code]} ({short}, {year})", channel=channels[code],
                             target_quantity=rng.randint(20, 400), lead_agency=top, order=i, status="",
                             deadline=dt.date(year, 12, 31))
                        for i, code in enumerate(list(TITLES)[:8], 1)
                    ])
                plans.append({"plan": plan, "province": top.pk,
                              "tasks": {t.channel_id: t.pk for t in plan.tasks.all()}})
        return plans

    def _rows(self, plans, provinces, channels, count, rng):
        now = timezone.now()
        codes = list(TITLES)
        weights = [30, 8, 20, 15, 4, 4, 1, 6, 6, 3, 2, 1]
        for i in range(count):
            target = plans[i % len(plans)]
            plan = target["plan"]
            province = provinces[target["province"]]
            agency = rng.choice(province["communes"]) if rng.random() < 0.7 else rng.choice(province["others"])
            channel = channels[rng.choices(codes, weights)[0]]
            day = dt.date(plan.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            participants = rng.randint(20, 300) if channel.code in ("toa-dam-hoi-thao", "hoi-nghi-tap-huan",
                                                                   "doi-thoai-truc-tiep") else None
            # Entered on the day it happened, at 7:00 (never in the future): a report sent from then holds it.
            entered = min(now, timezone.make_aware(dt.datetime.combine(day, dt.time(7)))).isoformat()
            yield (entered, entered, day.isoformat(), f"{TITLES[channel.code]} — đợt {i + 1}", rng.randint(1, 5),
                   participants, None, "", "", agency, channel.pk, plan.pk, target["tasks"].get(channel.pk),
                   False)  # approved by approve_activities, through the reporting cycle's rule

    def activities(self, plans, provinces, channels, count, rng):
        rows = self._rows(plans, provinces, channels, count, rng)
        if connection.vendor == "postgresql":
            self._copy(rows, count)
        else:
            batch = []
            for row in rows:
                values = dict(zip(COLUMNS, row, strict=True))
                values["date"] = dt.date.fromisoformat(values["date"])
                batch.append(Activity(**values))
                if len(batch) == 5000:
                    Activity.objects.bulk_create(batch)
                    batch = []
            Activity.objects.bulk_create(batch)
            # bulk_create stamps them now (auto_now): entered on their day at 7:00 (00:00 UTC), as COPY writes.
            entered = Least(Cast("date", DateTimeField()), Value(timezone.now()))
            Activity.objects.filter(plan__in=[target["plan"] for target in plans]).update(
                created_at=entered, updated_at=entered)

    def _copy(self, rows, count):
        """COPY in chunks of 100,000 rows: one round trip each, memory bounded."""
        def escape(value):
            if value is None:
                return r"\N"
            return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")

        sql = f"COPY campaigns_activity ({', '.join(COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor:
            raw = cursor.cursor
            done = 0
            while done < count:
                buffer = io.StringIO()
                for _ in range(min(100_000, count - done)):
                    buffer.write("\t".join(escape(v) for v in next(rows)) + "\n")
                    done += 1
                buffer.seek(0)
                raw.copy_expert(sql, buffer)

    def reporting_cycle(self, provinces, plans, rng):
        """The plans' years' periods, and a submission of every synthetic agency for each (one bulk insert):
        for a period whose due date has passed, MIX_PAST; for one whose window is open, MIX_OPEN; a period
        not yet begun, all "Chưa gửi". Existing submissions are left as they are."""
        today = timezone.localdate()
        agencies = [pk for province in provinces.values() for pk in province["agencies"]]
        counts = {"periods": 0, "submissions": 0, "approved": 0}
        submissions = []
        for year in sorted({target["plan"].year for target in plans}):
            for period in cycle.periods_generate(year=year, agencies=[]):
                counts["periods"] += 1
                for agency_id in agencies:
                    submissions.append(self._submission(period, agency_id, today, rng))
        counts["submissions"] = len(submissions)
        counts["approved"] = sum(s.status == SubmissionStatus.APPROVED for s in submissions)
        Submission.objects.bulk_create(submissions, ignore_conflicts=True, batch_size=5000)
        return counts

    @staticmethod
    def _pick(mix, rng):
        roll = rng.random()
        for outcome, share in mix:
            if roll < share:
                return outcome
            roll -= share
        return None

    def _submission(self, period, agency_id, today, rng):
        def moment(day):
            return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59))))

        submission = Submission(period=period, agency_id=agency_id)
        if today < period.start:
            return submission  # not begun: nothing sent
        if period.is_past_due(today):
            outcome = self._pick(MIX_PAST, rng) or SubmissionStatus.APPROVED
            if outcome == SubmissionStatus.NOT_SUBMITTED:
                return submission
            late = outcome == "late"
            sent = period.due_date + dt.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 6))
            status = SubmissionStatus.APPROVED if late else outcome
        else:
            status = self._pick(MIX_OPEN, rng)
            if status is None:
                return submission
            sent = max(period.start, today - dt.timedelta(days=rng.randint(0, 10)))
        submission.status = status
        submission.first_submitted_at = submission.submitted_at = moment(sent)
        if status in (SubmissionStatus.APPROVED, SubmissionStatus.RETURNED):
            submission.reviewed_at = moment(min(today, sent + dt.timedelta(days=rng.randint(1, 4))))
        if status == SubmissionStatus.RETURNED:
            submission.return_reason = "Số liệu chưa khớp với sổ theo dõi; đề nghị kiểm tra, sửa rồi gửi lại."
        return submission

    def approve_activities(self):
        """Each synthetic activity approved exactly when an approved submission of its agency covers its date:
        campaigns.cycle's own function, one UPDATE each way. Returns (approved, changed)."""
        synthetic = Activity.objects.filter(plan__in=Plan.objects.filter(slug__startswith=SLUG_PREFIX))
        changed = cycle.activities_refresh_approval(activities=synthetic)
        self.record_sent()
        return synthetic.filter(approved=True).count(), changed

    @staticmethod
    def record_sent():
        """The waiting submissions record what their windows held when they were sent (the activities entered
        by then), as campaigns.cycle records it on sending; approval compares the window with it, so a
        waiting report whose agency entered more afterwards is refused, as it would be for real. A query
        each, one bulk update."""
        waiting = list(Submission.objects.filter(status=SubmissionStatus.SUBMITTED, sent_content__isnull=True,
                                                 agency__name__endswith="(mô phỏng)").select_related("period"))
        for submission in waiting:
            submission.sent_content = cycle.sent_content(cycle.activities_in_period(submission).filter(
                created_at__lte=submission.submitted_at))
        Submission.objects.bulk_update(waiting, ["sent_content"], batch_size=1000)

    def coordinator(self):
        """A provincial coordinator (the role's group, no agency: sees every agency) for the dashboard."""
        from accounts.roles import COORDINATOR

        user, _ = get_user_model().objects.get_or_create(
            username=COORDINATOR_USERNAME, defaults={"first_name": "Điều phối", "last_name": "(mô phỏng)",
                                                     "is_staff": True})
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=COORDINATOR))

    def reports(self, plans):
        from reports.models import Report
        from reports.report_publishing import report_publish

        for target in plans:
            plan = target["plan"]
            report, _ = Report.objects.get_or_create(slug=f"bao-cao-{plan.slug}", defaults={
                "title": f"Báo cáo kết quả tuyên truyền CCHC năm {plan.year} — {plan.issuing_agency.short_name} "
                         "(mô phỏng)",
                "document_number": f"{plan.pk}/BC-UBND", "date": dt.date(plan.year, 12, 20), "plan": plan,
                "issuing_agency": plan.issuing_agency, "summary": "Dữ liệu mô phỏng.",
                "narrative": "<p>Báo cáo mô phỏng để đo hiệu năng cổng thông tin.</p>",
            })
            if not report.is_published:
                report_publish(report=report, user=None)
