"""Test settings: fast hashing, mail kept in memory, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-test-private-")
STORAGES = {**STORAGES, "private": {**STORAGES["private"], "OPTIONS": {
    "location": PRIVATE_MEDIA_ROOT, "base_url": "/tai-lieu/"}}}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages",
                    "OPTIONS": {"MAX_ENTRIES": 500}}}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
REDIS_URL = env("REDIS_URL")
SILENCED_SYSTEM_CHECKS = SILENCED_SYSTEM_CHECKS + ["django_ratelimit.W001"]  # noqa: F405 — tests use the in-process cache on purpose
COMMENTS_MIN_SUBMIT_SECONDS = 3
# Whole-page caching is switched on by the tests that are about it (tests/reports/test_caching.py) and
# by the browser tests, where transactions really commit and so really invalidate.
PUBLIC_PAGE_CACHE_SECONDS = 0
RATELIMIT_USE_CACHE = "default"  # the test CACHES have only "default"
