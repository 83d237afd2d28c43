"""Daily (deploy/cchc-reminders.service, 07:30): build the evidence pack (campaigns.evidence) of every
period whose pack is too large to build while a coordinator waits (over settings.EVIDENCE_PACK_REQUEST_FILES
files), into private storage; the period's download link then hands out that file. `--period ID` builds the
named periods whatever their size. From cron, like send_reminders:

    CRON_TZ=Asia/Ho_Chi_Minh
    30 7 * * * cchc cd /srv/cchc-portal && DJANGO_SETTINGS_MODULE=cchc_portal.settings.production \\
        .venv/bin/python manage.py build_evidence_packs      (one line in the crontab)"""

from django.core.management.base import CommandError

from campaigns.evidence import build_stored_pack, is_large
from campaigns.models import ReportingPeriod
from core.jobs import ScheduledCommand


class Command(ScheduledCommand):
    help = "Tạo sẵn bộ minh chứng của các kỳ báo cáo quá lớn để tạo ngay khi tải (hoặc của các kỳ được nêu)."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, action="append", metavar="ID",
                            help="Mã kỳ báo cáo cần tạo bộ minh chứng (có thể nêu nhiều lần).")

    def run(self, *args, period=None, **options):
        if period:
            periods = list(ReportingPeriod.objects.filter(pk__in=period))
            missing = set(period) - {p.pk for p in periods}
            if missing:
                raise CommandError(f"Không có kỳ báo cáo mã {', '.join(map(str, sorted(missing)))}.")
        else:
            periods = [p for p in ReportingPeriod.objects.order_by("start") if is_large(p)]
        for each in periods:
            activities, files = build_stored_pack(each)
            self.stdout.write(f"{each}: {files} tệp, {activities} kết quả thực hiện — đã tạo bộ minh chứng.")
        if not periods:
            self.stdout.write("Không có kỳ nào cần tạo sẵn bộ minh chứng.")
