from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .forms import PortalIdentityForm
from .history import SafeHistoryAdmin
from .identity import GENERIC_SITE_NAME
from .models import JobRun, PortalIdentity


@admin.register(PortalIdentity)
class PortalIdentityAdmin(SafeHistoryAdmin):
    """One identity: added once, then only changed, never deleted. Who may change it is the permission
    core.change_portalidentity (the coordinator role, core.apps); the start page links to it."""

    form = PortalIdentityForm
    list_display = ("__str__", "operator_name", "province_code", "updated_at")
    fieldsets = (
        (_("Cổng thông tin"), {
            "fields": ("site_name", "short_name", "operator_name", "province_code", "logo"),
            "description": _("Tên và biểu trưng hiện ở đầu mọi trang công khai, tiêu đề trang, thư điện tử, bản "
                             "tin, tệp Excel. Chưa khai báo thì trang công khai ghi “%(generic)s”.")
            % {"generic": GENERIC_SITE_NAME},
        }),
        (_("Liên hệ (Nghị định 42/2022/NĐ-CP, Điều 4)"), {
            "fields": ("address", ("phone", "fax"), "email"),
            "description": _("Địa chỉ, điện thoại, fax, thư điện tử của cơ quan chủ quản; hiện ở chân mọi trang."),
        }),
        (_("Cán bộ đầu mối liên hệ"), {
            "fields": ("contact_name", ("contact_title", "contact_unit"), ("contact_phone", "contact_email")),
        }),
        (_("Văn bản Word: giá trị mặc định của báo cáo mới (Nghị định 30/2020/NĐ-CP)"), {
            "fields": ("document_parent_body", "document_issuer", "document_place",
                       ("document_signer_authority", "document_signer_name")),
            "description": _("Mỗi báo cáo mới bắt đầu với các giá trị này và sửa được trong báo cáo; báo cáo đã "
                             "công khai giữ nguyên giá trị của nó."),
        }),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PortalIdentity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_start(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._back_to_start(request, obj) or super().response_change(request, obj)

    def _back_to_start(self, request, obj):
        """"Lưu" goes back to the start page (the list would only open this form again)."""
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        self.message_user(request, _("Đã lưu thông tin cổng. Các trang công khai hiện thông tin mới ngay."))
        return redirect(reverse("admin:index"))


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """What the timers ran, on which node, and whether it finished (core.jobs) — read only: a claim is the
    scheduler's record, not something to edit. Superusers only (no role holds its permissions)."""

    list_display = ("job", "slot", "node", "started_at", "finished_at", "lease_until")
    list_filter = ("job", "node")
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
