"""“Quên mật khẩu?” for staff, with Django's password-reset views in Vietnamese templates.

Resetting a password never signs anyone in (post_reset_login stays False): the officer then signs in
on the login page, where an account with two-step login on still needs the code from its phone. A new
password ends a django-axes lockout of that account: choosing it proves control of the mailbox."""

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from .forms import StaffPasswordResetForm


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("admin_password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    post_reset_login = False
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
