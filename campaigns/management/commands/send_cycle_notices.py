"""Every 15 minutes: the cycle's emails that wait (campaigns.notices) — a coordinator's digest of the reports
sent since their last email, once that email is an hour old; and any email that failed before. Run by
deploy/cchc-cycle-notices.timer; or from cron:

    */15 * * * * cchc cd /srv/cchc-portal && DJANGO_SETTINGS_MODULE=cchc_portal.settings.production \
        .venv/bin/python manage.py send_cycle_notices      (one line in the crontab)"""

from django.core.management.base import BaseCommand

from campaigns.notices import send_waiting_digests


class Command(BaseCommand):
    help = ("Gửi thư tổng hợp các thông báo báo cáo kỳ đang chờ (mỗi người tối đa một thư một giờ) và gửi lại "
            "thư chưa gửi được.")

    def handle(self, *args, **options):
        sent = send_waiting_digests()
        self.stdout.write(f"Đã gửi {sent} thư thông báo báo cáo kỳ." if sent
                          else "Không có thông báo nào đang chờ gửi.")
