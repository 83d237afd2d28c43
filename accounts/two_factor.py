"""Two-step login for staff (django-otp, TOTP): an authenticator app on the phone (Google
Authenticator, Microsoft Authenticator, FreeOTP…) gives a 6-digit code that changes every 30 seconds.

Opt-in per account (Quản trị → “Xác thực hai bước”); STAFF_TWO_FACTOR_REQUIRED=True makes it compulsory
for every staff account. A lost phone: a superuser deletes the account's device (Quản trị → Thiết bị
xác thực hai bước) and the person enrols again."""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

TOKEN_WIDGET = forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9 ]*", "maxlength": "8", "size": "8"})


def confirmed_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def check_token(user, token):
    """The device whose current code is `token`, or a ValidationError in Vietnamese. django-otp slows
    repeated failures down (1, 2, 4, 8… seconds) on top of the login lockout."""
    token = (token or "").replace(" ", "")
    devices = list(confirmed_devices(user))
    for device in devices:
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_("Bạn đã nhập sai mã nhiều lần. Vui lòng đợi vài giây rồi nhập mã mới."),
                                        code="throttled")
    for device in devices:
        if token.isdigit() and device.verify_token(token):
            return device
    raise forms.ValidationError(_("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng."),
                                code="bad_token")


class StaffLoginForm(AdminAuthenticationForm):
    """The admin login: username and password, then — for an account with two-step login on — the code."""

    otp_token = forms.CharField(label=_("Mã xác thực (6 số)"), required=False, widget=TOKEN_WIDGET,
                                help_text=_("Chỉ cần nếu tài khoản đã bật xác thực hai bước."))

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and confirmed_devices(user).exists():
            token = cleaned.get("otp_token")
            if not token:
                raise forms.ValidationError(
                    _("Tài khoản này đã bật xác thực hai bước: nhập mã 6 số đang hiện trong ứng dụng xác thực "
                      "trên điện thoại của bạn."), code="token_required")
            try:
                user.otp_device = check_token(user, token)  # django-otp marks the session verified at login
            except forms.ValidationError:
                # Count it with the password failures (django-axes): a stolen password cannot guess codes.
                user_login_failed.send(sender=__name__, credentials={"username": user.get_username()},
                                       request=self.request)
                raise
        return cleaned


class TokenForm(forms.Form):
    otp_token = forms.CharField(label=_("Mã xác thực (6 số)"), widget=TOKEN_WIDGET,
                                error_messages={"required": _("Nhập mã 6 số đang hiện trong ứng dụng.")})


def _qr_data_uri(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@staff_member_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Turn two-step login on (scan the QR code, confirm with a code) or off (confirm with a code)."""
    user = request.user
    enabled = confirmed_devices(user).exists()
    form = TokenForm(request.POST or None)
    if enabled:
        if request.method == "POST" and form.is_valid():
            try:
                check_token(user, form.cleaned_data["otp_token"])
            except forms.ValidationError as exc:
                form.add_error("otp_token", exc)
            else:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Đã tắt xác thực hai bước cho tài khoản của bạn."))
                return redirect("staff_two_factor")
        return render(request, "admin/two_factor.html", {**admin.site.each_context(request), "enabled": True,
                                                         "form": form, "title": _("Xác thực hai bước")})

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["otp_token"].replace(" ", "")
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hãy nhập thêm mã trong "
                                        "ứng dụng."))
            return redirect("admin:index")
        form.add_error("otp_token", _("Mã chưa đúng. Kiểm tra giờ trên điện thoại là giờ tự động, rồi nhập mã mới."))
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(request, "admin/two_factor.html", {
        **admin.site.each_context(request), "enabled": False, "form": form, "qr": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "title": _("Bật xác thực hai bước"),
    })


def staff_verified(user):
    """A staff session that may use staff-only views: signed in, active, staff and — when the province
    requires two-step login (STAFF_TWO_FACTOR_REQUIRED) — verified by a code in this session. Every
    staff-only view outside /admin/ (editor uploads, draft previews) asks here."""
    if not (user is not None and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return not settings.STAFF_TWO_FACTOR_REQUIRED or user.is_verified()


class RequireTwoFactorMiddleware:
    """With STAFF_TWO_FACTOR_REQUIRED: a staff session not verified by a code may only enrol or log out."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL.lstrip("/")

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (settings.STAFF_TWO_FACTOR_REQUIRED and user is not None and user.is_authenticated and user.is_staff
                and request.path.startswith(self.admin_prefix) and not user.is_verified()):
            setup_url = reverse("staff_two_factor")
            if request.path not in (setup_url, reverse("admin:logout"), reverse("admin:jsi18n")):
                if confirmed_devices(user).exists():  # signed in before turning it on: sign in again with a code
                    logout(request)
                    return redirect(f"{reverse('admin:login')}?next={request.path}")
                messages.warning(request, _("Cổng thông tin yêu cầu xác thực hai bước cho mọi cán bộ. "
                                            "Vui lòng bật trước khi tiếp tục."))
                return redirect(setup_url)
        return self.get_response(request)
