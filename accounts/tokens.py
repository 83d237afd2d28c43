"""The token in a set-password link (the welcome email, "Gửi lại email đặt mật khẩu", "Quên mật khẩu?").

Django's PasswordResetTokenGenerator signs the user's id, password hash, last login and email with a time
stamp: a link works until the password is set, the officer signs in, or PASSWORD_RESET_TIMEOUT passes.
Sending a new link changes none of these, so every older link kept working. The hash here also holds
User.password_links_sent, which `password_link_issue` counts up for each new link: only the newest works."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class PasswordLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.PasswordLinkTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}-{user.password_links_sent}"


password_link_tokens = PasswordLinkTokenGenerator()
