"""The emails an account receives: a welcome with a link to set its own password, and the link to
reset a forgotten one. Both links are built from SITE_URL (core.sites), never from the request's Host
or the Sites framework's domain, and carry Django's password-reset token: it works once, becomes
invalid as soon as the password changes, and expires after PASSWORD_RESET_TIMEOUT (3 days)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.identity import sender
from core.sites import absolute_url


def set_password_url(user):
    """The one-time address where `user` chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def email_context(user):
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return {"user": user, "name": user.get_full_name() or user.get_username(), "username": user.get_username(),
            "set_password_url": set_password_url(user), "login_url": absolute_url(reverse("admin:login")),
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
