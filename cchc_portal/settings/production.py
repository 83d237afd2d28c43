"""Production: refuses to start without a real secret key, an explicit list of allowed hosts and the
portal's public address."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production "
        "(python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())')."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names in production.")
# The one public address every absolute link is built from (core.sites): the sitemap, feeds, canonical
# links, the API's links, emails. Never guessed: https://<first host> named an address that may not serve
# (https://127.0.0.1/ on the loopback stack, which serves http on port 8080).
SITE_URL = env("SITE_URL", default="")
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or not validate_host(_site.hostname, ALLOWED_HOSTS):
    raise ImproperlyConfigured("SITE_URL must be the portal's public address, e.g. https://cchc.example.gov.vn, "
                               "on a host listed in ALLOWED_HOSTS.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)  # asks browsers to preload HTTPS-only
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Static files carry a content hash in their names, so nginx can let browsers keep them for a year.
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Only for EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (the loopback try-out's mail
# measurements, bench/mail_flood.py): each email is written to a file in this folder instead of sent.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=None)
