"""Settings for every environment, read from the environment in this one place.

Production behaviour is switched by environment variables (documented in ``.env.example``), not by
separate settings modules; ``config.settings.test`` only adjusts what a test run needs.
"""

import datetime
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Development and tests get a throw-away key; anything else must set SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "core",
    "agencies",
    "directives",
    "programs",
    "reports",
    "attachments",
    "work",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.StripNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sessions, accounts and messages: it answers read-only pages from the per-user
    # page cache (core.pagecache).
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.ConcurrentWriteMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if "DATABASE_URL" not in env:
    # The embedded default: the SQLite file's folder must exist before the first connection.
    VAR_DIR.mkdir(exist_ok=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Test databases are copies of template0 in UTF-8: a C ctype breaks lower() and trigrams on
    # Vietnamese letters (docs/vietnamese.md).
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before the password check.
    "core.auth_backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Permissions asked about one row: the role and the account's scope (core/scopes.py).
    "core.auth_backends.ScopedBackend",
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account,
# or from one address, signing in is refused for LOGIN_LOCKOUT_MINUTES; an administrator
# unlocks sooner (admin "Access attempts": delete the row, or `manage.py axes_reset_username`).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no "AXES: BEGIN" line on every manage.py command
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# Behind a proxy the client's address is in X-Forwarded-For, which the proxy must overwrite
# (docs/deployment.md); LOGIN_PROXY_COUNT is how many proxies append to it.
AXES_IPWARE_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
# Sessions end when the browser closes and after SESSION_IDLE_MINUTES without a request
# (core.middleware.SessionIdleMiddleware pushes the expiry back as people work).
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=60) * 60
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first, English second. Dates are typed and shown day first: Django's own "vi" locale
# has no input formats, so the project's format modules supply them (config/formats/).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

# Detail pages show the first RELATED_LIST_LIMIT rows of each related list (a directive's
# programs, an agency's tasks…) and link to the filtered list for the rest ("See all (1.716)").
RELATED_LIST_LIMIT = 20
# List pages count the matching rows up to LIST_COUNT_LIMIT and no further (core.paginators):
# a count of every row grows with the table (25 ms of the task list's 45 ms with 198,000 tasks)
# and nobody pages through ten thousand rows. Past the cap the list shows "10.000+", pages the
# first LIST_COUNT_LIMIT rows and points to the filters and the export.
LIST_COUNT_LIMIT = 10_000

# Attached files (signed scans, documents): the largest accepted upload, in bytes.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Imports: the largest accepted sheet, in bytes, and the most lines read from it.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
# The kinds of import offered on /imports/, in this order (core.imports.Importer subclasses).
IMPORTERS = {
    "agencies": "agencies.imports.AgencyImporter",
    "officials": "agencies.imports.OfficialImporter",
    "programs": "programs.imports.ProgramImporter",
    "tasks": "programs.imports.TaskImporter",
}

# REST API (docs/api.md): token or session authentication, the pages' model permissions
# (core.access), the lists' FilterSets, pages of 25, OpenAPI 3 schema by drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.access.RecordPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api_settings.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api_settings.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "phoihop API",
    "DESCRIPTION": "Programs, tasks, progress updates, meetings, directives, agencies, "
    "officials and report jobs. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to the public swagger.io validator: nothing leaves the site.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
}

# Celery. Without REDIS_URL there is no broker: tasks run in-process, synchronously.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL

# Cache: Redis when CACHE_URL (or else REDIS_URL) is set, shared by every process; otherwise
# each process's memory. It holds the home page's shared panels for HOME_PANEL_CACHE_SECONDS
# (0: no caching), forgotten on every save of what they show (core.panels).
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "phoihop",
            # A cache that does not answer within a second is skipped (core.panels), not
            # waited for.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
HOME_PANEL_CACHE_SECONDS = env.int("HOME_PANEL_CACHE_SECONDS", default=30)
# Read-only pages (home, search, lists, detail pages) a signed-in account opened are answered
# from the cache for this many seconds (0: off), forgotten on every save (core.pagecache). On
# by default only with a cache the processes share: with one cache per process a save in one
# worker would not reach the pages the others keep.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 if CACHE_URL else 0)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Hard limit below the broker's visibility timeout, so a long render is never delivered twice
# while it still runs (docs/reports.md).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=660)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # A broker that is down must fail the export request within seconds, not hang it.
    "socket_connect_timeout": 3,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=20)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)
# A new pool process warms up for reports before it reports for work (reports.tasks, ~0.3 CPU s,
# a few seconds on a loaded machine): Celery's default 4 s would kill it for not answering.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env.float("CELERY_WORKER_PROC_ALIVE_TIMEOUT", default=30)
CELERY_TIMEZONE = TIME_ZONE
# Report jobs of a dead worker: a rendering worker writes a heartbeat every
# REPORT_JOB_HEARTBEAT_SECONDS; the sweep (Celery beat, every REPORT_JOB_SWEEP_SECONDS) fails a
# running job silent for REPORT_JOB_STALE_SECONDS. Worst case: stale + sweep = 90 s (< 2 minutes).
REPORT_JOB_HEARTBEAT_SECONDS = env.float("REPORT_JOB_HEARTBEAT_SECONDS", default=15)
REPORT_JOB_STALE_SECONDS = env.int("REPORT_JOB_STALE_SECONDS", default=60)
REPORT_JOB_SWEEP_SECONDS = env.float("REPORT_JOB_SWEEP_SECONDS", default=30)
# Reports past one machine (docs/reports.md): a report whose appendix tables hold more than
# REPORT_PARTS_ABOVE_ROWS rows is laid out in parts (a Celery chord) by as many workers as there
# are, and merged; a long table is cut (and breaks the page) into equal chunks of at most
# REPORT_PART_ROWS rows (the memory a part takes), as many as a multiple of REPORT_PART_WORKERS:
# the pool processes of all the workers together (--concurrency, the CPU count by default).
# REPORT_PART_ROWS=0 renders every report in one piece.
REPORT_PART_ROWS = env.int("REPORT_PART_ROWS", default=400)
REPORT_PARTS_ABOVE_ROWS = env.int("REPORT_PARTS_ABOVE_ROWS", default=200)
REPORT_PART_WORKERS = env.int("REPORT_PART_WORKERS", default=os.cpu_count() or 1)
# Page-number pages (reports.rendering.parts) a worker lays out and keeps when it starts, for the
# reports in parts of up to this many pages (a longer report lays out its own once); 0: none.
REPORT_PAGE_NUMBERS_KEPT = env.int("REPORT_PAGE_NUMBERS_KEPT", default=200)
# False: the same document (its tables still break every REPORT_PART_ROWS rows) in one task.
REPORT_RENDER_IN_PARTS = env.bool("REPORT_RENDER_IN_PARTS", default=True)
# The chord's join needs a result backend: the broker's Redis (results expire after a day).
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)

# "My work", the daily digest and the calendar feed (the work app). A program in force with no
# progress update for STALE_PROGRAM_DAYS is "stale"; "my work" looks WORK_AHEAD_DAYS ahead, the
# digest DIGEST_AHEAD_DAYS. Celery beat sends the digests every day at DIGEST_TIME (HH:MM,
# TIME_ZONE); each account gets at most one a day, however many beat processes run.
STALE_PROGRAM_DAYS = env.int("STALE_PROGRAM_DAYS", default=90)
WORK_AHEAD_DAYS = env.int("WORK_AHEAD_DAYS", default=30)
DIGEST_AHEAD_DAYS = env.int("DIGEST_AHEAD_DAYS", default=7)
DIGEST_TIME = env.str("DIGEST_TIME", default="06:30")
# The site's address as users reach it, for links in e-mails and the calendar feed.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# E-mail (Django's MAILERS): SMTP at EMAIL_HOST from the environment; in development
# (DEBUG without EMAIL_HOST) mails are printed on the console instead.
email_host = env.str("EMAIL_HOST", default="")
if DEBUG and not email_host:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host or "localhost",
                "port": env.int("EMAIL_PORT", default=25),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=False),
                "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
                "timeout": env.int("EMAIL_TIMEOUT", default=30),
            },
        }
    }
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="phoihop <noreply@localhost>")

# Report files are never under a public URL: they are served by the permission-checked download
# view. REPORT_FILES_SENDFILE hands the sending to the front server: "x-accel-redirect" (nginx;
# the file is then at REPORT_FILES_INTERNAL_URL + its name, an `internal` location aliased to
# MEDIA_ROOT) or "x-sendfile" (Apache mod_xsendfile, lighttpd; the file's path). Unset: Django
# streams the file itself.
REPORT_FILES_SENDFILE = env.str("REPORT_FILES_SENDFILE", default="")
REPORT_FILES_INTERNAL_URL = env.str("REPORT_FILES_INTERNAL_URL", default="/protected-media/")
if REPORT_FILES_SENDFILE not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured('REPORT_FILES_SENDFILE is "", "x-accel-redirect" or "x-sendfile".')

# Development accounts (admin, manager, staff, viewer with password "demo") exist only with DEBUG.
DEMO_ACCOUNTS_ENABLED = DEBUG

# HTTPS (default: on when DEBUG is off): Django redirects http to https, sends HSTS for a year
# (subdomains included, preload-ready) and marks cookies Secure. A plain-HTTP intranet sets
# HTTPS=false (docs/deployment.md); each setting below can also be set on its own.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
# The scheme the client used, as the front server says: it must OVERWRITE this header (nginx:
# `proxy_set_header X-Forwarded-Proto $scheme;`), or a client could claim https itself.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=not DEBUG) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
# A load balancer's health check may come over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (Django's own middleware): only this site's own files; no inline
# script, style or style attribute anywhere (the templates keep them in static/).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
