"""The emails an account receives: a welcome with a link to set its own password, and the link to
reset a forgotten one. Both links are built from SITE_URL (core.sites), never from the request's Host
or the Sites framework's domain, and carry a password-reset token (accounts.tokens): it works once,
becomes invalid as soon as the password changes or a newer link is sent, and expires after
PASSWORD_RESET_TIMEOUT (3 days)."""

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
