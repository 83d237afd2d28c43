"""Daily: remind agencies that have not sent their period report, and send the coordinators a digest
(campaigns.reminders). Run by deploy/cchc-reminders.timer at 07:30 (Asia/Ho_Chi_Minh); or from cron:

    CRON_TZ=Asia/Ho_Chi_Minh
    30 7 * * * cchc cd /srv/cchc-portal && DJANGO_SETTINGS_MODULE=cchc_portal.settings.production \
        .venv/bin/python manage.py send_reminders      (one line in the crontab)

Running it again the same day sends nothing new (campaigns.models.ReminderLog)."""


from django.core.management.base import CommandError

from campaigns.reminders import send_reminders
from core.dates import parse_vn_date
from core.jobs import ScheduledCommand


def parse_date(text):
    try:
        return parse_vn_date(text)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: “{text}”. Hãy ghi theo dạng ngày/tháng/năm, "
                           "ví dụ --date 20/03/2019.") from None


class Command(ScheduledCommand):
    help = "Gửi thư nhắc hạn gửi báo cáo cho các cơ quan chưa gửi và bản tổng hợp cho điều phối viên."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Chỉ in những thư sẽ gửi; không gửi, không ghi nhận gì.")
        parser.add_argument("--date", metavar="dd/mm/yyyy",
                            help="Chạy như thể hôm nay là ngày này (mặc định: hôm nay).")

    def run(self, *args, date=None, dry_run=False, **options):
        today = parse_date(date) if date else None
        outcomes = send_reminders(today=today, dry_run=dry_run)
        for outcome in outcomes:
            self.stdout.write(outcome.describe())
        sent = sum(o.status in ("sent", "would_send") for o in outcomes)
        failed = sum(o.status == "failed" for o in outcomes)
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(f"{verb} {sent} thư" + (f"; {failed} thư gửi không được" if failed else "") + ".")
        if failed:
            raise CommandError(f"{failed} thư nhắc hạn gửi không được; lần chạy sau sẽ gửi lại.")
