from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from accounts.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật các nhóm quyền: cán bộ nhập liệu, điều phối cấp tỉnh."

    def handle(self, *args, **options):
        sync_roles(Group, Permission)
        self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {len(ROLES)} nhóm quyền."))
