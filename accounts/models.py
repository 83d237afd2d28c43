from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member. Data-entry staff work for one agency and see only its data."""

    # One field in the Vietnamese order ("Nguyễn Văn An"), not Django's given name + family name, which
    # would print "An Nguyễn Văn". first_name/last_name stay for accounts made before (get_full_name).
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    # Django's own label translates as "Kích hoạt", which reads as a button ("activate"), not a state.
    is_active = models.BooleanField(
        _("được đăng nhập"), default=True,
        help_text=_("Bỏ chọn khi cán bộ nghỉ việc hay chuyển công tác: tài khoản không đăng nhập được nữa "
                    "nhưng lịch sử những gì họ đã nhập vẫn giữ nguyên. Không xóa tài khoản."))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Cán bộ nhập liệu chỉ xem và sửa được dữ liệu của cơ quan, đơn vị này."),
    )
    # The user's own choice (accounts.views.notification_settings): the emails of the reporting cycle
    # (campaigns.notices). The "Việc cần làm" list on the start page shows regardless.
    cycle_emails = models.BooleanField(
        _("nhận email về báo cáo kỳ"), default=True,
        help_text=_("Email khi báo cáo được gửi, trả lại, duyệt hay mở lại. Danh sách “Việc cần làm” ở trang "
                    "đầu vẫn hiện dù không nhận email."))
    # Part of every set-password token (accounts.tokens): sending a new link counts one more, which ends
    # every link sent before it (Django's token alone changes only with the password and the last login).
    password_links_sent = models.PositiveIntegerField(
        _("số lần gửi đường liên kết đặt mật khẩu"), default=0, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    def clean(self):
        super().clean()
        if self.agency_id and (self._state.adding or self.agency_id != type(self)._default_manager.filter(
                pk=self.pk).values_list("agency_id", flat=True).first()):
            if refusal := self.agency.refusal():  # a new account, or a move: only to an agency open today
                raise ValidationError({"agency": ValidationError(refusal, code="agency_closed")})

    def __str__(self):
        """How the portal names a member of staff wherever it shows one (import history, who sent or approved
        a report, who answered a comment, every history page, read-only fields): their name, "Trần Thị Mai",
        not their login "tranthimai_hongdan" — which stays only where it is what is meant (the account list,
        the login form). An account without a name is shown by its login."""
        return self.get_full_name() or self.get_username()

    def get_full_name(self):
        return self.full_name.strip() or super().get_full_name()

    def get_short_name(self):
        """What the admin greets with ("Chào mừng bạn, …"): the whole name, as official Vietnamese
        writing addresses people; a last word alone would greet the demo's "Cán bộ điều phối" as "phối"."""
        return self.get_full_name() or self.get_username()

    @property
    def sees_all_agencies(self):
        """Provincial coordinators (and superusers) see and change every agency's data."""
        return self.is_superuser or self.has_perm("agencies.manage_all_agencies")
