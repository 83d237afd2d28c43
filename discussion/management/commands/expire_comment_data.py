"""Daily: forget what is kept only for a while about commenters (discussion.citizens.personal_data_expire):
IP addresses after COMMENTS_IP_RETENTION_DAYS, rejected comments after COMMENTS_REJECTED_RETENTION_DAYS,
email addresses with no comment left. Run by deploy/cchc-reminders.service."""


from core.jobs import ScheduledCommand
from discussion.citizens import personal_data_expire


class Command(ScheduledCommand):
    help = "Xoá dữ liệu cá nhân của người góp ý đã hết thời hạn lưu (địa chỉ IP, bình luận bị từ chối, email)."

    def run(self, *args, **options):
        done = personal_data_expire()
        self.stdout.write(f"Đã xoá {done['ip_addresses']} địa chỉ IP, {done['rejected']} bình luận bị từ chối, "
                          f"{done['addresses']} địa chỉ email không còn bình luận nào.")
