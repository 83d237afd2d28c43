"""Daily: each agency is emailed the citizens' questions on its pages that wait for its answer (overdue
ones first). Run by deploy/cchc-reminders.service after the period reminders; or from cron:

    CRON_TZ=Asia/Ho_Chi_Minh
    35 7 * * 1-5 cchc cd /srv/cchc-portal && DJANGO_SETTINGS_MODULE=cchc_portal.settings.production \
        .venv/bin/python manage.py remind_comments      (one line in the crontab)"""

from django.core.management.base import CommandError

from core.jobs import ScheduledCommand
from discussion.notifications import send_waiting_digests


class Command(ScheduledCommand):
    once_a_day = True  # it mails the same digest every time it runs
    help = "Gửi mỗi cơ quan danh sách góp ý của người dân đang chờ cơ quan trả lời (quá hạn trước)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in những thư sẽ gửi; không gửi gì.")

    def run(self, *args, dry_run=False, **options):
        failed = 0
        outcomes = send_waiting_digests(dry_run=dry_run)
        for agency, recipients, total, overdue, sent in outcomes:
            head = f"{agency.name}: {total} góp ý chờ trả lời ({overdue} quá hạn)"
            if not recipients:
                self.stdout.write(f"Không có người nhận (chưa có cán bộ nào có email): {head}")
            elif dry_run:
                self.stdout.write(f"[Chạy thử] Sẽ gửi: {head}: {', '.join(recipients)}")
            elif sent:
                self.stdout.write(f"Đã gửi: {head}: {', '.join(recipients)}")
            else:
                failed += 1
                self.stdout.write(f"Gửi không được: {head}")
        self.stdout.write(f"{len(outcomes)} cơ quan có góp ý chờ trả lời.")
        if failed:
            raise CommandError(f"{failed} thư gửi không được; lần chạy sau sẽ gửi lại.")
