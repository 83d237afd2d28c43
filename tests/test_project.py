import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def test_system_check_is_clean():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def _import_production(**env):
    clean_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SITE_URL")}
    clean_env.update(env, DJANGO_SETTINGS_MODULE="cchc_portal.settings.production")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _import_production(ALLOWED_HOSTS="cchc.camau.gov.vn")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _import_production(SECRET_KEY="x" * 10 + "a-long-random-production-key-abcdefghijklmnopqrstuvwxyz")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_production_settings_start_when_configured():
    result = _import_production(
        SECRET_KEY="a-long-random-production-key-abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="cchc.camau.gov.vn", SITE_URL="https://cchc.camau.gov.vn",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("site_url", ["", "cchc.camau.gov.vn", "https://khac.example.vn"])
def test_production_settings_refuse_to_guess_the_public_address(site_url):
    """The sitemap, feeds, canonical links and emails are built from SITE_URL (core.sites): guessed from
    ALLOWED_HOSTS it said https://127.0.0.1/ on the loopback stack, which serves http on port 8080."""
    result = _import_production(SECRET_KEY="a-long-random-production-key-abcdefghijklmnopqrstuvwxyz-0123456789",
                                ALLOWED_HOSTS="cchc.camau.gov.vn", SITE_URL=site_url)
    assert result.returncode != 0 and "SITE_URL" in result.stderr, result.stderr


def test_env_example_documents_every_variable_the_settings_read():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    settings_text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "cchc_portal/settings").glob("*.py"))
    import re

    names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_text))
    names |= set(re.findall(r"^\s+([A-Z_]+)=\(", settings_text, re.M))
    missing = sorted(n for n in names if n not in example)
    assert not missing, f".env.example does not document: {missing}"


def test_behind_nginx_the_client_address_comes_from_x_real_ip(client, settings, demo):
    import time

    from django.test import Client

    from discussion.forms import CommentForm
    from discussion.models import CitizenComment
    from reports.models import Report

    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    report = Report.objects.get()
    timestamp = int(time.time()) - 10
    Client(headers={"Origin": "http://testserver", "X-Real-IP": "203.0.113.7"}).post("/binh-luan/gui/", {
        "content_type": "reports.report", "object_pk": str(report.pk), "timestamp": str(timestamp),
        "security_hash": CommentForm(report).initial_security_hash(timestamp), "name": "An",
        "email": "an@example.vn", "comment": "Góp ý", "honeypot": ""})
    assert CitizenComment.objects.get().ip_address == "203.0.113.7"


def test_deploy_checks_are_clean_at_warning_level_with_production_settings():
    # (DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own setting; a real deployment never has it.)
    dropped = ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL")
    clean_env = {k: v for k, v in os.environ.items() if k not in dropped}
    clean_env.update(DJANGO_SETTINGS_MODULE="cchc_portal.settings.production", ALLOWED_HOSTS="cchc.camau.gov.vn",
                     SITE_URL="https://cchc.camau.gov.vn",
                     SECRET_KEY="a-long-random-production-key-abcdefghijklmnopqrstuvwxyz-0123456789",
                     SOURCE_CODE_URL="https://git.example.gov.vn/cchc-portal")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
