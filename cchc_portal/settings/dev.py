"""Local development: DEBUG on, a throw-away secret key, loopback hosts only."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-dev-only-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The in-process cache is fine for one development server; production counts in Redis (REDIS_URL).
SILENCED_SYSTEM_CHECKS = SILENCED_SYSTEM_CHECKS + (["django_ratelimit.W001"] if not env("REDIS_URL") else [])  # noqa: F405
