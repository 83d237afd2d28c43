"""“Quên mật khẩu?” for staff, with Django's password-reset views in Vietnamese templates.

Resetting a password never signs anyone in (post_reset_login stays False): the officer then signs in
on the login page, where an account with two-step login on still needs the code from its phone. A new
password ends a django-axes lockout of that account: choosing it proves control of the mailbox."""

import logging

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from .forms import NotificationSettingsForm, StaffPasswordResetForm
from .tokens import password_link_tokens

logger = logging.getLogger(__name__)


class AdminHeaderMixin:
    """The admin's own header ("Cổng thông tin tuyên truyền CCHC — Quản trị"), not Django's default."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "site_header": admin.site.site_header,
                "site_title": admin.site.site_title}


class PasswordResetDoneView(AdminHeaderMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetCompleteView(AdminHeaderMixin, auth_views.PasswordResetCompleteView):
    pass


class RedirectThenRun(HttpResponseRedirect):
    """A redirect that runs `then` only once the server has handed it to the client (WSGI's close(),
    which gunicorn calls after writing the response, and the test client after each request): the time
    of the answer does not depend on what `then` does."""

    def __init__(self, url, *, then):
        super().__init__(url)
        self.then = then

    def close(self):
        try:
            self.then()
        except Exception:  # the answer is gone already: log, never raise into the server
            logger.exception("Work after the response failed")
        finally:
            super().close()


class PasswordResetView(AdminHeaderMixin, auth_views.PasswordResetView):
    """Nobody can use “Quên mật khẩu?” to flood an officer's mailbox: at most `rate` requests per client
    address and PASSWORD_RESET_EMAILS_PER_MAILBOX per mailbox (whatever addresses they come from) send
    an email. Past either limit the page answers as always (it never says whether an email was sent) and
    sends nothing. Whether or not the address has an account, the answer is the same redirect after the
    same work (the form, the two counters); looking the account up and sending its email happen after
    the answer has been handed over, so its timing tells nothing either."""

    form_class = StaffPasswordResetForm
    token_generator = password_link_tokens
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("admin_password_reset_done")
    rate = "5/h"  # per client address

    def form_valid(self, form):
        mailbox = form.cleaned_data["email"].strip().casefold()  # as StaffPasswordResetForm.get_users compares
        limited = [
            is_ratelimited(self.request, group="password-reset", key="ip", rate=self.rate, method="POST",
                           increment=True),
            is_ratelimited(self.request, group="password-reset-mailbox", key=lambda group, request: mailbox,
                           rate=settings.PASSWORD_RESET_EMAILS_PER_MAILBOX, method="POST", increment=True),
        ]
        if any(limited):
            return HttpResponseRedirect(self.get_success_url())
        # Django's form_valid looks the accounts up and mails them (form.save): after the answer.
        return RedirectThenRun(self.get_success_url(), then=lambda: super(PasswordResetView, self).form_valid(form))


class PasswordResetConfirmView(AdminHeaderMixin, auth_views.PasswordResetConfirmView):
    post_reset_login = False
    success_url = reverse_lazy("password_reset_complete")
    token_generator = password_link_tokens  # only the newest link sent works

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


@staff_member_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """“Tùy chọn thông báo”: each staff member, for their own account only (no account is named in the
    address or the form), chooses whether they get the reporting cycle's emails (campaigns.notices)."""
    form = NotificationSettingsForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu: bạn sẽ nhận email về báo cáo kỳ." if form.instance.cycle_emails
                         else "Đã lưu: bạn sẽ không nhận email về báo cáo kỳ (mục “Việc cần làm” vẫn hiện).")
        return redirect("staff_notification_settings")
    return render(request, "admin/notification_settings.html", {
        **admin.site.each_context(request), "form": form, "title": "Tùy chọn thông báo"})
