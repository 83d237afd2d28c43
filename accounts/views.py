"""“Quên mật khẩu?” for staff, with Django's password-reset views in Vietnamese templates.

Resetting a password never signs anyone in (post_reset_login stays False): the officer then signs in
on the login page, where an account with two-step login on still needs the code from its phone. A new
password ends a django-axes lockout of that account: choosing it proves control of the mailbox."""

from axes.utils import reset as axes_reset
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy
from django_ratelimit.core import is_ratelimited

from .forms import StaffPasswordResetForm
from .tokens import password_link_tokens


class AdminHeaderMixin:
    """The admin's own header ("Cổng thông tin tuyên truyền CCHC — Quản trị"), not Django's default."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "site_header": admin.site.site_header,
                "site_title": admin.site.site_title}


class PasswordResetDoneView(AdminHeaderMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetCompleteView(AdminHeaderMixin, auth_views.PasswordResetCompleteView):
    pass


class PasswordResetView(AdminHeaderMixin, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    token_generator = password_link_tokens
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("admin_password_reset_done")
    # Per address: a stranger cannot flood an officer's mailbox with reset emails. Past the limit the
    # page answers as always (it never says whether an email was sent) and sends nothing.
    rate = "5/h"

    def form_valid(self, form):
        if is_ratelimited(self.request, group="password-reset", key="ip", rate=self.rate, method="POST",
                          increment=True):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(AdminHeaderMixin, auth_views.PasswordResetConfirmView):
    post_reset_login = False
    success_url = reverse_lazy("password_reset_complete")
    token_generator = password_link_tokens  # only the newest link sent works

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
