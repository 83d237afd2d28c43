"""Settings shared by every environment. Values that differ per machine come from the environment
(or a `.env` file beside manage.py); `.env.example` documents each of them."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from core.dates import parse_vn_date

from .files import storages_setting

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    REDIS_URL=(str, ""),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    MEDIA_URL=(str, "/media/"),
    PRIVATE_MEDIA_ROOT=(str, str(BASE_DIR / "private-media")),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    ADMIN_URL=(str, "admin/"),
    CONN_MAX_AGE=(int, 60),
    UPLOAD_MAX_MB=(int, 10),
    IMPORT_MAX_MB=(int, 10),
    IMPORT_MAX_ROWS=(int, 50_000),
    ACTIVITY_DATE_MARGIN_DAYS=(int, 31),
    QUANTITY_WARNING_FACTOR=(int, 10),
    REPORTING_APPROVAL_REQUIRED=(bool, True),
    REPORTING_AGENCY_CONFIRMATION=(bool, False),
    REPORTING_REMINDER_DAYS=(list, ["-5", "0", "3"]),
    EDITOR_IMAGE_MAX_MB=(int, 5),
    COMMENTS_RATE_LIMIT=(str, "5/10m"),
    COMMENTS_RATE_LIMIT_PER_ADDRESS=(str, "60/10m"),
    COMMENTS_ANSWER_DAYS=(int, 10),
    COMMENTS_CONFIRM_DAYS=(int, 7),
    COMMENTS_CONFIRMATIONS_PER_HOUR=(int, 200),
    COMMENTS_CONFIRMATIONS_PER_ADDRESS=(str, "20/h"),
    COMMENTS_IP_RETENTION_DAYS=(int, 90),
    COMMENTS_REJECTED_RETENTION_DAYS=(int, 90),
    PUBLIC_HOLIDAYS=(list, []),
    PUBLIC_PAGE_CACHE_SECONDS=(int, 600),
    CLIENT_IP_HEADER=(str, ""),
    TRUSTED_PROXY_ADDRESSES=(list, ["127.0.0.1", "::1", "unix"]),
    PUBLIC_PAGE_PROXY_SECONDS=(int, 5),
    PUBLIC_PAGE_CACHE_ENTRIES=(int, 500),
    COMMENTS_MIN_SUBMIT_SECONDS=(int, 3),
    COMMENTS_AUTO_APPROVE_RETURNING=(bool, True),
    COMMENTS_MODERATOR_EMAILS=(list, []),
    COMMENTS_MODERATION_DIGEST_MINUTES=(int, 15),
    COMMENTS_REPLY_MAIL_HOURS=(int, 6),
    LOGIN_FAILURES_PER_ADDRESS=(str, "10/15m"),
    PASSWORD_RESET_EMAILS_PER_MAILBOX=(str, "3/h"),
    DEFAULT_FROM_EMAIL=(str, "cchc-portal@localhost"),
    SOURCE_CODE_URL=(str, ""),
    OPEN_DATA_LICENSE_URL=(str, "https://creativecommons.org/licenses/by/4.0/"),
    OPEN_DATA_LICENSE_NAME=(str, "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
# The portal's public address, from which every absolute link is built (core.sites), never from the Host
# header. Production defaults to https:// and the first of ALLOWED_HOSTS.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# This application node's name in the scheduled jobs' claims (core.jobs): by default the host name.
NODE_NAME = env("NODE_NAME", default="")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

# The portal's own apps, bottom to top: each imports only those before it (core imports none).
PORTAL_APPS = ["core", "agencies", "accounts", "campaigns", "reports", "discussion", "portal", "ops"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.contrib.redirects",  # a changed slug keeps its old addresses (core.slugs)
    "django.contrib.sitemaps",
    "django_comments",
    "django_ckeditor_5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    *PORTAL_APPS,
]
SITE_ID = 1

MIDDLEWARE = [
    "cchc_portal.middleware.CompressErrorPagesMiddleware",  # gzip for what nginx leaves whole (400, 500…)
    "core.db_routing.ReplicaReadsMiddleware",  # where this request's public reads go (before anything reads)
    "cchc_portal.middleware.ProxyClientAddressMiddleware",
    "cchc_portal.middleware.SecurityHeadersMiddleware",
    "cchc_portal.middleware.ControlCharacterMiddleware",  # before anything that looks a path up
    "cchc_portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.two_factor.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",  # on a 404 only: old slugs → 301
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "cchc_portal.urls"
WSGI_APPLICATION = "cchc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.sites.site",
                "core.identity.context",
            ],
        },
    },
]

# The zero-setup default is an SQLite file; production points DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env("CONN_MAX_AGE")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Past one machine (docs/cluster.md). DATABASE_POOLED: DATABASE_URL points at PgBouncer in transaction
# mode, where a server-side cursor cannot outlive its transaction. REPLICA_DATABASE_URL: a streaming
# replica that citizens' pages read from while it is at most REPLICA_MAX_LAG_SECONDS behind; staff, writes
# and the READ_YOUR_WRITES_SECONDS after a write read from the primary (core.db_routing).
if env.bool("DATABASE_POOLED", default=False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if env("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env.db("REPLICA_DATABASE_URL")
    DATABASES["replica"].update(CONN_MAX_AGE=env("CONN_MAX_AGE"), CONN_HEALTH_CHECKS=True, ATOMIC_REQUESTS=False,
                                DISABLE_SERVER_SIDE_CURSORS=DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS",
                                                                                     False))
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.db_routing.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env.int("REPLICA_MAX_LAG_SECONDS", default=10)
REPLICA_LAG_CHECK_SECONDS = env.int("REPLICA_LAG_CHECK_SECONDS", default=1)
READ_YOUR_WRITES_SECONDS = env.int("READ_YOUR_WRITES_SECONDS", default=300)
# The activity list's covering index (INCLUDE columns) is a PostgreSQL optimisation; SQLite builds it as a
# plain index and would warn about it on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if "sqlite" in DATABASES["default"]["ENGINE"] else []

if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    # The comment rate limit counts in Redis too, but through FallbackCache: if Redis is down it counts
    # in each worker's memory instead of letting everyone through or refusing everyone.
    CACHES["ratelimit-redis"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "OPTIONS": {"IGNORE_EXCEPTIONS": False, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
    CACHES["ratelimit"] = {"BACKEND": "cchc_portal.cache.FallbackCache", "OPTIONS": {"PRIMARY": "ratelimit-redis"}}
    for _alias in ("default", "ratelimit-redis"):
        CACHES[_alias]["OPTIONS"].update({"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5})
    RATELIMIT_USE_CACHE = "ratelimit"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    RATELIMIT_USE_CACHE = "default"

# Rendered public pages live in each worker's memory, at most PUBLIC_PAGE_CACHE_ENTRIES of them (~18 KiB
# each), so no stream of distinct addresses can fill memory; the content version that invalidates them
# is shared through "default" (Redis when configured).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "public-pages",
    "OPTIONS": {"MAX_ENTRIES": env("PUBLIC_PAGE_CACHE_ENTRIES"), "CULL_FREQUENCY": 4},
}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Staff logins: django-axes locks a username+address pair out after AXES_FAILURE_LIMIT failures for
# AXES_COOLOFF_MINUTES, and records every attempt (Quản trị → Axes); one address is refused after
# LOGIN_FAILURES_PER_ADDRESS failures across all usernames (password spraying; accounts.login_protection).
# The client address is REMOTE_ADDR, which ProxyClientAddressMiddleware sets from nginx's X-Real-IP when
# CLIENT_IP_HEADER is configured and the peer is a trusted proxy.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.login_protection.LoginProtectionHandler"
LOGIN_FAILURES_PER_ADDRESS = env("LOGIN_FAILURES_PER_ADDRESS")
# "Quên mật khẩu?": at most this many reset emails per mailbox, whatever addresses ask (and 5 an hour per
# client address: accounts.views.PasswordResetView).
PASSWORD_RESET_EMAILS_PER_MAILBOX = env("PASSWORD_RESET_EMAILS_PER_MAILBOX")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Two-step login with an authenticator app (accounts/two_factor.py): each staff member may turn it on;
# STAFF_TWO_FACTOR_REQUIRED=True makes it compulsory for all staff.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Cổng tuyên truyền CCHC")

# Vietnamese first.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Vietnamese formats (28/11/2026, 1.234) come from django/conf/locale/vi/formats.py plus ours.
FORMAT_MODULE_PATH = ["cchc_portal.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL")
MEDIA_ROOT = env("MEDIA_ROOT")
# Files that must not be reachable by address (a draft plan's signed PDF, activities' evidence) live
# outside MEDIA_ROOT, which nginx serves; the portal hands them out after checking who asks.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT")
# FILE_STORAGE: "folder" (the two roots above; one shared mount on every node of a cluster) or "s3"
# (S3-compatible object storage through django-storages); cchc_portal/settings/files.py says how.
STORAGES = storages_setting(
    kind=env("FILE_STORAGE", default="folder"), media_root=MEDIA_ROOT, private_root=PRIVATE_MEDIA_ROOT,
    s3={"bucket": env("S3_BUCKET", default=""), "endpoint_url": env("S3_ENDPOINT_URL", default=""),
        "region": env("S3_REGION", default=""), "access_key": env("S3_ACCESS_KEY_ID", default=""),
        "secret_key": env("S3_SECRET_ACCESS_KEY", default=""), "public_url": env("S3_PUBLIC_URL", default="")})

# Uploads: requests larger than this are refused before they reach a view.
UPLOAD_MAX_BYTES = env("UPLOAD_MAX_MB") * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
# Excel import: the file is refused before parsing above IMPORT_MAX_MB, or if it unpacks to more than
# IMPORT_MAX_UNPACKED_BYTES (a zip bomb), or has more than IMPORT_MAX_ROWS data rows.
IMPORT_MAX_BYTES = env("IMPORT_MAX_MB") * 1024 * 1024
IMPORT_MAX_UNPACKED_BYTES = 40 * IMPORT_MAX_BYTES
IMPORT_MAX_ROWS = env("IMPORT_MAX_ROWS")
# The worksheets' and shared strings' XML: ~1.2 KB per row is room for long texts in every column (a real
# 20,000-row file needs about 0.4 KB per row); a million rows of spaces is refused before parsing.
IMPORT_MAX_SHEET_XML_BYTES = IMPORT_MAX_ROWS * 1200
# Plausibility of an activity: its date lies within the plan's year, give or take this many days (the
# yearly data window starts on 15/12 of the year before); a quantity more than this many times what the
# agency usually records for the channel must be confirmed by the officer (form and import preview).
ACTIVITY_DATE_MARGIN_DAYS = env("ACTIVITY_DATE_MARGIN_DAYS")
QUANTITY_WARNING_FACTOR = env("QUANTITY_WARNING_FACTOR")
# The reporting cycle (campaigns.cycle): public figures count only activities a coordinator approved
# (through the agency's submission for the period). False: every activity counts as soon as it is saved.
REPORTING_APPROVAL_REQUIRED = env("REPORTING_APPROVAL_REQUIRED")
# Two levels (campaigns.cycle.submission_confirm): True, an agency's report sent by its officer waits for the
# agency's head (role "Lãnh đạo cơ quan") to confirm it before a coordinator reviews it.
REPORTING_AGENCY_CONFIRMATION = env("REPORTING_AGENCY_CONFIRMATION")
# Reminder emails (manage.py send_reminders, daily): days from a period's due date on which agencies that
# have not sent their report are reminded, and the coordinators get a digest (-5: five days before).
REPORTING_REMINDER_DAYS = sorted(int(day) for day in env("REPORTING_REMINDER_DAYS"))
IMAGE_MAX_BYTES = env("EDITOR_IMAGE_MAX_MB") * 1024 * 1024
# Any request body above this is refused (413) before it is read (cchc_portal.middleware); keep nginx's
# client_max_body_size (deploy/nginx) the same.
REQUEST_MAX_BYTES = max(UPLOAD_MAX_BYTES, IMPORT_MAX_BYTES, IMAGE_MAX_BYTES) + 2 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # 40 megapixels; larger images are refused as probable decompression bombs.

ADMIN_URL = env("ADMIN_URL")

# CKEditor 5 (django-ckeditor-5), served from the package's own static files — nothing from a CDN.
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "campaigns:editor_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = env("EDITOR_IMAGE_MAX_MB")
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        "toolbar": {
            "items": [
                "heading", "|", "bold", "italic", "underline", "link", "|",
                "bulletedList", "numberedList", "blockQuote", "|",
                "insertTable", "imageUpload", "|", "sourceEditing", "undo", "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Tiêu đề 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Tiêu đề 3", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "Tiêu đề 4", "class": "ck-heading_heading4"},
            ]
        },
        "image": {"toolbar": ["imageTextAlternative", "|", "imageStyle:alignLeft", "imageStyle:full"]},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The Office parsers behind core.document_uploads note every file they open at INFO.
        **{name: {"level": "WARNING"} for name in ("olevba", "olefile", "ftguess", "crypto", "ppt_parser")},
    },
}

# A staff login lasts a working day (OWASP ASVS 3.3.2: re-authentication at least every 12 hours);
# only staff have sessions — public pages set no cookie.
SESSION_COOKIE_AGE = env.int("STAFF_SESSION_HOURS", default=8) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

# Comments (django-contrib-comments, customised in the `discussion` app).
COMMENTS_APP = "discussion"
COMMENTS_MAX_CHARS = 2000  # our form's limit (COMMENT_MAX_LENGTH would alter the framework's own table)
# Public pages for anonymous visitors are cached whole (core.caching); any change invalidates them at
# once. 0 disables the cache. nginx may keep a page PUBLIC_PAGE_PROXY_SECONDS longer (X-Accel-Expires).
PUBLIC_PAGE_CACHE_SECONDS = env("PUBLIC_PAGE_CACHE_SECONDS")
# Behind nginx: the request header carrying the client's address, as a META key (HTTP_X_REAL_IP).
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER")
TRUSTED_PROXY_ADDRESSES = env("TRUSTED_PROXY_ADDRESSES")  # peers whose CLIENT_IP_HEADER is believed; unix: a socket
PUBLIC_PAGE_PROXY_SECONDS = env("PUBLIC_PAGE_PROXY_SECONDS")
# The only query parameters a public page knows, each with the most digits its value may have, or the
# words it may be (don-vi: a report's figures per agency as reported or under today's units, reports.reform).
# A request with any other parameter is redirected (301) to the address without it; one whose known
# parameter is not such a value is answered but never stored. So the cache holds pages people can really
# ask for.
PUBLIC_PAGE_CACHE_ALIAS = "pages"
PUBLIC_PAGE_PARAMETERS = {"nam": 4, "co-quan": 12, "trang": 6, "tra-loi": 12, "don-vi": ("khi-bao-cao", "hien-nay")}
# A person may post COMMENTS_RATE_LIMIT (per browser, by a signed cookie, and per email address); one
# public address — a mobile network's carrier-grade NAT, a commune office — carries many people, so it
# gets the much higher COMMENTS_RATE_LIMIT_PER_ADDRESS.
COMMENTS_RATE_LIMIT = env("COMMENTS_RATE_LIMIT")
COMMENTS_RATE_LIMIT_PER_ADDRESS = env("COMMENTS_RATE_LIMIT_PER_ADDRESS")
COMMENTS_ANSWER_DAYS = env("COMMENTS_ANSWER_DAYS")  # an official answer is due within this many working days
COMMENTS_CONFIRM_DAYS = env("COMMENTS_CONFIRM_DAYS")  # how long an email-confirmation link works
COMMENTS_CONFIRMATIONS_PER_HOUR = env("COMMENTS_CONFIRMATIONS_PER_HOUR")  # confirmation emails, in all
# … and from one client address, counted first (django-ratelimit, like the comment limits), so that one
# sender typing strangers' addresses cannot use up everyone's hourly quota.
COMMENTS_CONFIRMATIONS_PER_ADDRESS = env("COMMENTS_CONFIRMATIONS_PER_ADDRESS")
# Kept only for a while (manage.py expire_comment_data, daily): commenters' IP addresses, rejected comments.
COMMENTS_IP_RETENTION_DAYS = env("COMMENTS_IP_RETENTION_DAYS")
COMMENTS_REJECTED_RETENTION_DAYS = env("COMMENTS_REJECTED_RETENTION_DAYS")
# Public holidays (dd/mm/yyyy) left out of working days, besides Saturdays and Sundays.
PUBLIC_HOLIDAYS = [parse_vn_date(day) for day in env("PUBLIC_HOLIDAYS")]
COMMENTS_MIN_SUBMIT_SECONDS = env("COMMENTS_MIN_SUBMIT_SECONDS")
COMMENTS_AUTO_APPROVE_RETURNING = env("COMMENTS_AUTO_APPROVE_RETURNING")
COMMENTS_MODERATOR_EMAILS = env("COMMENTS_MODERATOR_EMAILS")
# How often deploy/cchc-moderation-digest.timer runs `send_moderation_digest` (keep the two equal: the
# digest says it). A held comment waits at most this long before the moderators hear of it.
COMMENTS_MODERATION_DIGEST_MINUTES = env("COMMENTS_MODERATION_DIGEST_MINUTES")
# A thread's poster gets at most one "có trả lời mới" email per thread in this many hours, however many
# replies are approved (the email says so and links to the thread).
COMMENTS_REPLY_MAIL_HOURS = env("COMMENTS_REPLY_MAIL_HOURS")
RATELIMIT_IP_META_KEY = "REMOTE_ADDR"

# Where the portal's source is published (GNU AGPL-3.0, section 13: whoever uses it over the network is
# offered its source). Every page's footer links to it; `check --deploy` warns while it is empty.
SOURCE_CODE_URL = env("SOURCE_CODE_URL")
# The licence of the published figures as open data (/du-lieu-mo/, reports.open_data): the portal's code is
# AGPL, its data is not. CC BY 4.0 by default — free reuse, the source named — which the province confirms or
# changes by its own decision (Luật Dữ liệu 2024; Nghị định 194/2025/NĐ-CP on open data).
OPEN_DATA_LICENSE_URL = env("OPEN_DATA_LICENSE_URL")
OPEN_DATA_LICENSE_NAME = env("OPEN_DATA_LICENSE_NAME")
# Every limit keyed on the client address (comments, confirmations, logins, password resets) counts an
# IPv6 client by its /48: what one subscriber or site is given (RFC 6177); django-ratelimit's default /64
# let one /56 count as 256 senders.
RATELIMIT_IPV6_MASK = 48
