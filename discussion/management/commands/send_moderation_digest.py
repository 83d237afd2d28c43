"""Every 15 minutes: the moderators get one email with how many comments wait for moderation and a link to
them — only when a comment was held since the last one (discussion.moderation.moderation_digest_send).
Run by deploy/cchc-moderation-digest.timer; or from cron:

    */15 * * * * cchc cd /srv/cchc-portal && DJANGO_SETTINGS_MODULE=cchc_portal.settings.production \
        .venv/bin/python manage.py send_moderation_digest      (one line in the crontab)"""

from django.core.management.base import CommandError

from core.jobs import ScheduledCommand
from discussion.moderation import moderation_digest_send


class Command(ScheduledCommand):
    help = "Gửi người kiểm duyệt một thư tóm tắt số bình luận chờ duyệt (chỉ khi có bình luận mới chờ duyệt)."

    def run(self, *args, **options):
        outcome = moderation_digest_send()
        if outcome is None:
            self.stdout.write("Không có bình luận mới chờ duyệt: không gửi thư.")
            return
        head = f"{outcome['waiting']} bình luận chờ duyệt ({outcome['new']} mới)"
        if not outcome["recipients"]:
            raise CommandError(f"{head}: chưa có người kiểm duyệt nào có email (COMMENTS_MODERATOR_EMAILS).")
        self.stdout.write(f"Đã gửi {outcome['sent']}/{len(outcome['recipients'])} thư: {head}.")
        if outcome["sent"] < len(outcome["recipients"]):
            raise CommandError("Có thư gửi không được; xem nhật ký.")
