"""Settings of the Medborgarlöften portal, read from environment variables.

Development needs nothing set: DEBUG is on, SQLite lives in the project folder. Production sets
DEBUG=False and must then provide SECRET_KEY and ALLOWED_HOSTS, or the portal refuses to start.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "corsheaders",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "accounts",
    "twofactor",
    "organisations",
    "pledges",
    "followup",
    "dialogue",
    "feedback",
    "api",
    "subscriptions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers get kept pages from here on, before sessions, URLs or the database.
    "portal.page_cache.PageCacheMiddleware",
    # Open data may be read from any site: GET only, and only under /api/ (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who set up two-step login, and administrators who must, verify before the admin.
    "twofactor.middleware.TwoFactorMiddleware",
    "portal.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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

# SQLite waits for a concurrent writer instead of failing with "database is locked".
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA busy_timeout=5000;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

LOGIN_URL = "admin:login"

# Security: strict by default in production; everything can be tightened further from the env.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
# A signed-in session ends after this many seconds without a request: SessionIdleTimeoutMiddleware
# renews it while it is used, so it is idle time rather than time since login.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Password guessing: after AXES_FAILURE_LIMIT failed logins for one user name from one client,
# that pair is locked out for AXES_COOLOFF_TIME hours (README: "Logging in and lockouts").
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_TIME", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = env.bool("AXES_RESET_ON_SUCCESS", default=True)
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind a trusted proxy the client is the address the proxy saw (TRUST_X_FORWARDED_FOR).
AXES_CLIENT_IP_CALLABLE = "portal.login_protection.client_address"

# E-mail (invitations, password resets): EMAIL_URL names the server, e.g.
# smtp+tls://user:password@smtp.example.se:587 (django-environ's email_url). Development prints
# every message to the console; production without EMAIL_URL uses the SMTP server on localhost.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=_email["EMAIL_BACKEND"])
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# A mail server that does not answer must not hold an administrator's request for minutes.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="medborgarloften@example.se")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Links in e-mails start with this address (e.g. https://medborgarloften.example.se); empty means
# the address of the request that sent the message.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="").rstrip("/")
# An invitation link works this many days; a password reset link PASSWORD_RESET_TIMEOUT seconds.
INVITATION_MAX_AGE_DAYS = env.int("INVITATION_MAX_AGE_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 60 * 60)
ADMINS = [("Portal", email) for email in env.list("ADMIN_EMAILS", default=[])]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same, reusing its Redis client rather than making one per call (portal.redis_cache).
    CACHES["default"]["BACKEND"] = "portal.redis_cache.ReusingRedisCache"

# Whole pages for anonymous readers (portal.page_cache): kept this many seconds in the cache
# (0 turns it off), and a proxy or CDN in front may keep them PAGE_CACHE_SHARED_SECONDS. Off by
# default in production without a shared cache: a worker's kept pages would not see a change made
# through another worker. Development's single runserver process has no such problem.
PAGE_CACHE_ALIAS = "default"
_PER_PROCESS_CACHE = CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
PAGE_CACHE_SECONDS = env.int(
    "PAGE_CACHE_SECONDS", default=0 if _PER_PROCESS_CACHE and not DEBUG else 600
)
PAGE_CACHE_SHARED_SECONDS = env.int("PAGE_CACHE_SHARED_SECONDS", default=30)
# A kept page is served only by the release that made it: PORTAL_RELEASE names the release (a
# commit, a build number); empty means a digest of the code, templates and translations.
PORTAL_RELEASE = env.str("PORTAL_RELEASE", default="")
# Each worker also keeps copies of the pages it serves most, within this many bytes.
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=16 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# History pages show earlier versions without a Revert button: a published record changes only
# through its own workflow (organisations.scoped_admin.ReadOnlyHistoryMixin refuses the POST).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Portal-specific settings.
# The organisation that runs this installation, named in the accessibility statement.
PORTAL_OWNER = env.str("PORTAL_OWNER", default="Medborgarlöften-portalen")
PORTAL_CONTACT_EMAIL = env.str("PORTAL_CONTACT_EMAIL", default="medborgarloften@example.se")
# Behind a reverse proxy that sets X-Forwarded-For, count rate limits per real client.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
# Public forms: at most this many posts per client and period (seconds).
PUBLIC_FORM_RATE_LIMIT = env.int("PUBLIC_FORM_RATE_LIMIT", default=10)
PUBLIC_FORM_RATE_PERIOD = env.int("PUBLIC_FORM_RATE_PERIOD", default=600)
# Follow-up: a tertial report is due this many days after its tertial ends.
FOLLOWUP_DUE_DAYS = env.int("FOLLOWUP_DUE_DAYS", default=30)
# A follow-up still missing this many days after its pledge ended shows as never published.
FOLLOWUP_GRACE_DAYS = env.int("FOLLOWUP_GRACE_DAYS", default=180)
# Largest evidence file a follow-up may carry, in bytes.
FOLLOWUP_EVIDENCE_MAX_BYTES = env.int("FOLLOWUP_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# Dialogue: resident reports lose their free text and contact details after this many days.
DIALOGUE_RETENTION_DAYS = env.int("DIALOGUE_RETENTION_DAYS", default=365)

# Two-step login (README: "Two-step login"). In production administrators (superusers) must use
# it; other staff may. In development it is offered, so that the demo admin logs in with the
# password alone; `check --deploy` warns when production turns the requirement off. After
# TWO_FACTOR_FAILURE_LIMIT wrong codes in a row, codes are refused for TWO_FACTOR_LOCKOUT_SECONDS.
# The issuer names the portal in the staff member's app.
TWO_FACTOR_REQUIRED_FOR_ADMINS = env.bool("TWO_FACTOR_REQUIRED_FOR_ADMINS", default=not DEBUG)
TWO_FACTOR_ISSUER = env.str("TWO_FACTOR_ISSUER", default="Medborgarlöften")
OTP_TOTP_ISSUER = TWO_FACTOR_ISSUER
TWO_FACTOR_FAILURE_LIMIT = env.int("TWO_FACTOR_FAILURE_LIMIT", default=5)
TWO_FACTOR_LOCKOUT_SECONDS = env.int("TWO_FACTOR_LOCKOUT_SECONDS", default=15 * 60)

# Open data API (README: "Open data"). Read-only, anonymous, JSON; documented by an OpenAPI 3
# schema served with its browsable documentation from this site (no CDN).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Medborgarlöften open data API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Any site may read open data from a browser: GET (and the preflight) under /api/ only.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# E-mail subscriptions (README: "E-mail subscriptions"). An address that is not confirmed within
# this many days is removed.
SUBSCRIPTION_CONFIRM_DAYS = env.int("SUBSCRIPTION_CONFIRM_DAYS", default=3)
