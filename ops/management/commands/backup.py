from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, make_backup


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu (pg_dump hoặc bản sao SQLite) và thư mục media vào THƯ_MỤC/cchc-<thời gian>/, "
            "kèm manifest.json (số bản ghi, mã kiểm tra số liệu báo cáo, sha256 của từng tệp).")

    def add_arguments(self, parser):
        parser.add_argument("destination", help="thư mục chứa các bản sao lưu, ví dụ /var/backups/cchc-portal")

    def handle(self, destination, **options):
        try:
            folder = make_backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {folder}"))
        self.stdout.write((folder / "manifest.json").read_text(encoding="utf-8"))
