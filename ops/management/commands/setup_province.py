import vietnam_provinces
from django.core.management.base import BaseCommand, CommandError

from ops.province import COMMUNES_FROM, DATA_SOURCE, ProvinceSetupError, data_version, province_setup


class Command(BaseCommand):
    help = ("Khởi tạo một tỉnh, thành phố thật từ cơ sở dữ liệu trống (không có dữ liệu mẫu): UBND tỉnh và "
            "các xã, phường, đặc khu theo danh mục đơn vị hành chính với mã chính thức, 12 sở, ngành chung của "
            "mọi tỉnh, tài khoản điều phối đầu tiên (nhận email để tự đặt mật khẩu) và thông tin cổng khi còn "
            "trống. Chạy lại không thay đổi gì. Ví dụ: manage.py setup_province 96 --coordinator-email "
            "ten@donvi.gov.vn --coordinator-name \"Nguyễn Văn An\"")

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã tỉnh, thành phố (2 chữ số, Quyết định 19/2025/QĐ-TTg), ví dụ 01.")
        parser.add_argument("--coordinator-email", required=True,
                            help="Email công vụ của cán bộ điều phối đầu tiên; cũng là tên đăng nhập.")
        parser.add_argument("--coordinator-name", required=True, help="Họ và tên của cán bộ điều phối đầu tiên.")

    def handle(self, *args, code, coordinator_email, coordinator_name, **options):
        try:
            report = province_setup(code=code, coordinator_email=coordinator_email,
                                    coordinator_name=coordinator_name)
        except ProvinceSetupError as error:
            raise CommandError(str(error)) from error
        province, created, existing = report.province, report.created, report.existing
        self.stdout.write(f"{DATA_SOURCE}, gói vietnam-provinces {vietnam_provinces.__version__}, dữ liệu ngày "
                          f"{data_version()}.")
        self.stdout.write(self.style.SUCCESS(f"Đã khởi tạo {province.place} (mã {province.code}):"))
        rows = [
            ("UBND tỉnh, thành phố", "province"),
            (f"xã, phường, đặc khu (hoạt động từ {COMMUNES_FROM:%d/%m/%Y})", "communes"),
            ("sở, ngành", "departments"),
            ("tài khoản điều phối", "coordinator"),
        ]
        for label, key in rows:
            self.stdout.write(f"  {label}: {created[key]} tạo mới, {existing[key]} đã có")
        if report.email_sent_to:
            self.stdout.write(f"  Đã gửi email đặt mật khẩu tới {report.email_sent_to}.")
        elif report.email_error:
            self.stderr.write(self.style.WARNING(
                f"  Tài khoản đã tạo nhưng chưa gửi được email đặt mật khẩu ({report.email_error}). Kiểm tra cấu "
                "hình email (docs/operations.md) rồi chọn “Quên mật khẩu?” ở trang đăng nhập với email này để "
                "nhận đường liên kết mới."))
        if report.identity_filled:
            self.stdout.write(f"  Thông tin cổng: đã điền {', '.join(report.identity_filled)}; hãy bổ sung địa "
                              "chỉ, điện thoại, cán bộ đầu mối… trong trang quản trị (Thông tin cổng).")
        else:
            self.stdout.write("  Thông tin cổng: đã có, giữ nguyên.")
        self.stdout.write("Danh sách sở, ngành là 12 cơ quan chung của mọi tỉnh (Nghị định 150/2025/NĐ-CP): thêm "
                          "sở đặc thù, báo, đài… và sửa tên trong trang quản trị (Cơ quan, đơn vị).")
