"""Brute-force protection on the staff login (django-axes), keyed on username and client address."""

from axes.models import AccessAttempt, AccessLog
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

LOGIN = reverse("admin:login")


def attempt(client, password, username="dieuphoi"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


class TestLoginProtectionOnTheDemo:
    def test_five_failures_lock_the_account_for_that_address_only(self, demo, settings):
        settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
        attacker = Client(headers={"X-Real-IP": "198.51.100.9"})
        for _ in range(4):
            assert attempt(attacker, "doan-mat-khau").status_code == 200  # the form again, with its error
        assert attempt(attacker, "doan-mat-khau").status_code == 429  # the fifth failure locks
        locked = attempt(attacker, "CaMau-CCHC-2019")  # even the right password is refused now
        assert locked.status_code == 429
        assert "Tạm khóa đăng nhập" in locked.content.decode()
        assert "_auth_user_id" not in attacker.session

        # The real officer, from the office's address, still gets in.
        office = Client(headers={"X-Real-IP": "203.0.113.20"})
        assert attempt(office, "CaMau-CCHC-2019").status_code == 302
        assert AccessAttempt.objects.filter(username="dieuphoi", ip_address="198.51.100.9").exists()
        assert AccessLog.objects.filter(username="dieuphoi", ip_address="203.0.113.20").exists()

    def test_a_success_before_the_limit_resets_the_count(self, demo):
        client = Client()
        for _ in range(4):
            attempt(client, "sai")
        assert attempt(client, "CaMau-CCHC-2019").status_code == 302
        client.logout()
        for _ in range(4):
            attempt(client, "sai")
        assert attempt(client, "CaMau-CCHC-2019").status_code == 302


class TestPasswordSprayingOnTheDemo:
    """Issue 23: one wrong password for each of 19 usernames from one address locked nothing (axes counts
    per username and address). One address is now refused after LOGIN_FAILURES_PER_ADDRESS failures
    across every username, and the per-username lockout above still holds."""

    USERNAMES = ["dieuphoi", "admin", "quantri", "vanthu", "ketoan", "canbo01", "canbo02", "sonoivu", "sotuphap",
                 "sotttt", "ubndtp", "ubndhuyen", "nhaplieu", "thuky", "truongphong", "phophong", "chuyenvien",
                 "tonghop", "hotro"]

    def test_one_wrong_password_for_each_of_many_usernames_locks_the_address(self, demo, settings):
        cache.clear()  # the counters live in the rate-limit cache
        settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
        limit = int(getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", "10/15m").split("/")[0])
        sprayer = Client(headers={"X-Real-IP": "198.51.100.77"})
        statuses = [attempt(sprayer, "CaiCach@2026", username=name).status_code for name in self.USERNAMES]
        assert statuses == [200] * (limit - 1) + [429] * (len(self.USERNAMES) - limit + 1), statuses

        locked = attempt(sprayer, "CaMau-CCHC-2019")  # a right password from that address: refused too
        assert locked.status_code == 429 and "_auth_user_id" not in sprayer.session
        assert "nhiều tài khoản" in locked.content.decode()  # says why, in Vietnamese

        # Another address is not held back, and one username's own count is untouched.
        office = Client(headers={"X-Real-IP": "203.0.113.20"})
        assert attempt(office, "CaMau-CCHC-2019").status_code == 302

    def test_x_real_ip_from_an_untrusted_peer_does_not_escape_the_limit(self, demo, settings):
        """Without nginx in front, a client could name any X-Real-IP: it is believed only from a trusted
        proxy (cchc_portal.middleware.ProxyClientAddressMiddleware), so the failures count on its own address."""
        cache.clear()
        settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
        settings.TRUSTED_PROXY_ADDRESSES = ["unix"]
        statuses = []
        for n, name in enumerate(self.USERNAMES):
            forger = Client(REMOTE_ADDR="192.0.2.50", headers={"X-Real-IP": f"198.51.100.{n + 1}"})
            statuses.append(attempt(forger, "CaiCach@2026", username=name).status_code)
        assert 429 in statuses and statuses[-1] == 429, statuses

    def test_only_failures_count_an_office_signing_in_all_day_is_never_refused(self, demo, settings):
        cache.clear()
        settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
        office = Client(headers={"X-Real-IP": "203.0.113.30"})
        for _ in range(25):
            assert attempt(office, "CaMau-CCHC-2019").status_code == 302
            office.logout()
        assert attempt(office, "sai-mot-lan").status_code == 200
