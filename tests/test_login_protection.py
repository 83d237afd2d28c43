"""Brute-force protection on the staff login (django-axes), keyed on username and client address."""

from axes.models import AccessAttempt, AccessLog
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
