"""The emails an account receives: a welcome with a link to set its own password, and the link to
reset a forgotten one. Both links are built from SITE_URL (core.sites), never from the request's Host
or the Sites framework's domain, and carry a password-reset token (accounts.tokens): it works once,
becomes invalid as soon as the password changes or a newer link is sent, and expires after
PASSWORD_RESET_TIMEOUT (3 days)."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.identity import sender
from core.sites import absolute_url

from .models import User
from .tokens import password_link_tokens

logger = logging.getLogger(__name__)


def password_link_issue(*, user: User) -> str:
    """A new one-time address where `user` chooses a password; every address sent before stops working.
    The count is taken under the row's lock, so two links sent at once never share one."""
    with transaction.atomic():
        sent = User._default_manager.select_for_update().values_list("password_links_sent", flat=True).get(
            pk=user.pk) + 1
        User._default_manager.filter(pk=user.pk).update(password_links_sent=sent)
    user.password_links_sent = sent
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = password_link_tokens.make_token(user)
    return absolute_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def email_context(user):
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return {"user": user, "name": user.get_full_name() or user.get_username(), "username": user.get_username(),
            "set_password_url": password_link_issue(user=user), "login_url": absolute_url(reverse("admin:login")),
            "valid_days": hours // 24 if hours >= 24 else None, "valid_hours": hours,
            "site_url": settings.SITE_URL.rstrip("/")}


def send_account_email(user, template, context=None):
    """Render registration/<template>_subject.txt and <template>.txt for `user` and send it."""
    context = {**email_context(user), **(context or {})}
    subject = "".join(render_to_string(f"registration/{template}_subject.txt", context).splitlines())
    body = render_to_string(f"registration/{template}.txt", context)
    EmailMultiAlternatives(subject, body, sender(), [user.email]).send()


def send_welcome_email(user):
    send_account_email(user, "welcome_email")


def welcome_emails_send(users) -> list[tuple[User, str]]:
    """Send each of `users` (new accounts) the welcome email. A failure (the mail server refuses or is
    down) is logged and returned as (user, reason), never raised: the accounts exist, the other emails
    still go, and "Gửi lại email đặt mật khẩu" sends the link again. Each user gets
    `welcome_email_sent` (True or False) for the message that reports the outcome. The one way a new
    account is welcomed: the admin's add form, the staff import and setup_province all call it, after
    their transaction commits."""
    failed = []
    for user in users:
        try:
            send_welcome_email(user)
        except Exception as error:  # noqa: BLE001 - any failure of the mail backend
            logger.exception("could not send the welcome email to account %s", user.pk)
            failed.append((user, str(error) or type(error).__name__))
            user.welcome_email_sent = False
        else:
            user.welcome_email_sent = True
    return failed


def welcome_failures_message(users) -> str:
    """What a coordinator reads when some of `users` got no welcome email; "" when every one did."""
    failed = [user for user in users if getattr(user, "welcome_email_sent", None) is False]
    if not failed:
        return ""
    names = ", ".join(f"{user.get_full_name() or user.get_username()} ({user.email})" for user in failed)
    return (f"Chưa gửi được email đặt mật khẩu tới {names}. Hãy kiểm tra địa chỉ email, rồi chọn các tài khoản "
            "này trong danh sách Cán bộ và dùng thao tác “Gửi lại email đặt mật khẩu”.")
