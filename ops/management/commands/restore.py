from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu (manage.py backup) vào một cơ sở dữ liệu TRỐNG và thư mục media, rồi "
            "kiểm tra số bản ghi và số liệu báo cáo khớp với bản sao lưu.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="thư mục cchc-<thời gian> do lệnh backup tạo")
        parser.add_argument("--database-url", required=True,
                            help="cơ sở dữ liệu đích, trống (ví dụ postgres://cchc@127.0.0.1/cchc_moi)")
        parser.add_argument("--media-root", default=None, help=f"thư mục media đích (mặc định {settings.MEDIA_ROOT})")
        parser.add_argument("--private-media-root", default=None,
                            help=f"thư mục tệp không công khai đích (mặc định {settings.PRIVATE_MEDIA_ROOT})")

    def handle(self, folder, database_url, media_root, private_media_root, **options):
        try:
            facts = restore_backup(folder, database_url=database_url, media_root=media_root or settings.MEDIA_ROOT,
                                   private_media_root=private_media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Đã khôi phục; dữ liệu khớp với bản sao lưu:"))
        for label, value in facts.items():
            self.stdout.write(f"  {label}: {value}")
