"""Synthetic national-scale data: 34 provinces, about 3,300 communes, their agencies, several years of plans
and tasks, and N activities — to measure the portal at the size of the whole country.

    manage.py generate_national_data --activities 1000000 --years 3

Everything it creates is marked "(mô phỏng)" in plan titles and with the plan slug prefix "mo-phong-";
`--reset` deletes it again. Activities go in with PostgreSQL's COPY (SQLite: bulk inserts); no history
rows are written for them (they are not anyone's edits). One report per plan is published with frozen
figures, so report pages exist to read.
"""

import datetime as dt
import io
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Activity, Agency, Channel, Plan, PublishStatus, Task
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
           "evidence_url", "agency_id", "channel_id", "plan_id", "task_id")


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
        rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
        channels = {c.code: c for c in Channel.objects.all()}
        with transaction.atomic():
            provinces = self.agencies()
            plans = self.plans(provinces, channels, years, rng)
        self.stdout.write(f"{sum(len(p['agencies']) for p in provinces.values())} cơ quan, {len(plans)} kế hoạch "
                          f"({time.monotonic() - started:.1f} s)")
        t = time.monotonic()
        self.activities(plans, provinces, channels, activities, rng)
        self.stdout.write(f"{activities:,} hoạt động trong {time.monotonic() - t:.1f} s".replace(",", "."))
        t = time.monotonic()
        self.reports(plans)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE campaigns_activity; ANALYZE campaigns_task; ANALYZE campaigns_agency;")
        self.stdout.write(f"{len(plans)} báo cáo công khai ({time.monotonic() - t:.1f} s). "
                          f"Tổng: {time.monotonic() - started:.1f} s")

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
        now = timezone.now().isoformat()
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
            yield (now, now, day.isoformat(), f"{TITLES[channel.code]} — đợt {i + 1}", rng.randint(1, 5),
                   participants, None, "", "", agency, channel.pk, plan.pk, target["tasks"].get(channel.pk))

    def activities(self, plans, provinces, channels, count, rng):
        rows = self._rows(plans, provinces, channels, count, rng)
        if connection.vendor == "postgresql":
            self._copy(rows, count)
        else:
            batch = []
            for row in rows:
                values = dict(zip(COLUMNS, row, strict=True))
                values["date"] = dt.date.fromisoformat(values["date"])
                values["created_at"] = values["updated_at"] = timezone.now()
                batch.append(Activity(**values))
                if len(batch) == 5000:
                    Activity.objects.bulk_create(batch)
                    batch = []
            Activity.objects.bulk_create(batch)

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

    def reports(self, plans):
        from reports.models import Report
        from reports.publishing import report_publish

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
