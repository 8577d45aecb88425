"""Throughcare settings, read from the environment (django-environ).

With no environment at all Throughcare runs for development on SQLite under var/.
`THROUGHCARE_ENV=production` turns on the production checks: it refuses to start without a
SECRET_KEY, ALLOWED_HOSTS and a server database (unless ALLOW_SQLITE_IN_PRODUCTION is set).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

THROUGHCARE_ENV = env.str("THROUGHCARE_ENV", default="development")
if THROUGHCARE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("THROUGHCARE_ENV must be 'development' or 'production'.")
PRODUCTION = THROUGHCARE_ENV == "production"

DEBUG = env.bool("DEBUG", default=False)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Production needs SECRET_KEY: at least 50 random characters.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS (comma-separated host names).")
else:
    # A development key is fine here: development never holds real personal data.
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-key-" + "x" * 40)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "ninja",
    "throughcare.core",
    "throughcare.accounts",
    "throughcare.geography",
    "throughcare.directory",
    "throughcare.matching",
    "throughcare.referrals",
    "throughcare.notices",
    "throughcare.appointments",
    "throughcare.outcomes",
    "throughcare.people",
    "throughcare.continuity",
    "throughcare.insight",
    "throughcare.public",
    "throughcare.myplan",
    "throughcare.selfreferrals",
    "throughcare.feedback",
    "throughcare.home",
    "throughcare.demo",
    "throughcare.schedule",
    "throughcare.rights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "throughcare.core.middleware.RequestIdMiddleware",
    "throughcare.core.rate_limits.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "throughcare.core.input_guard.InputGuardMiddleware",
    "throughcare.core.once.IdempotencyKeyMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "throughcare.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "throughcare" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "throughcare.core.context_processors.service",
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL says otherwise (postgres://... in production).
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'throughcare.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if PRODUCTION and not env.bool("ALLOW_SQLITE_IN_PRODUCTION", default=False):
        raise ImproperlyConfigured(
            "Production needs DATABASE_URL for PostgreSQL (or ALLOW_SQLITE_IN_PRODUCTION=true)."
        )
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two writers never read the
        # same state and then collide (the audit chain and capacity counters rely on this).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 64 MiB page cache and memory-mapped reads keep a national directory's searches in memory.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
    }
else:
    # Planner settings for Throughcare's short, index-driven queries (ADR 17): no JIT compilation
    # (compiling insight's per-area read took 470 ms for a query that ran in under 1 ms), and random
    # reads priced as on SSD or memory rather than spinning disk, so that looking up a few hundred
    # services by index is not passed over for reading every row of their table. No parallel workers
    # by default (ADR 47): with many users at once they only take cores from other requests (insight's
    # cold read for an ICB took 3 processes' CPU to finish 16% sooner); a database server with cores
    # to spare may allow some.
    random_page_cost = env.float("POSTGRES_RANDOM_PAGE_COST", default=1.1)
    parallel_workers = env.int("POSTGRES_MAX_PARALLEL_WORKERS_PER_GATHER", default=0)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (
        options.get("options", "")
        + f" -c jit=off -c random_page_cost={random_page_cost:g}"
        + f" -c max_parallel_workers_per_gather={parallel_workers}"
    ).strip()
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Connections are kept between requests on both databases: opening one (and, on SQLite, running its
# PRAGMAs) cost more than a served match's own queries. A kept connection is checked before reuse,
# so one the server dropped is replaced instead of failing the request. 0 closes after each request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions end after a period of inactivity: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "throughcare.core.views.csrf_failure"

# Lockout after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=15))
# Lock an account after repeated failures from anywhere. An address is refused only after many more
# failures across accounts (SIGN_IN_ADDRESS_FAILURE_LIMIT), since a whole office may share one address.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "throughcare.accounts.sign_in_records.lockout_username"
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=50)
# How many proxies in front of Throughcare append to X-Forwarded-For; the client is the address the
# outermost of them saw. 0 (the default) trusts no header and uses the connection's address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "throughcare.core.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "throughcare.accounts.views.locked_out"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Outside production, serve straight from static/ so a rebuilt asset shows without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Email: the console by default; a file backend with EMAIL_FILE_PATH; GOV.UK Notify when keyed.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
# A text message template whose whole text is ((body)), for the reminders people choose by text.
NOTIFY_SMS_TEMPLATE_ID = env.str("NOTIFY_SMS_TEMPLATE_ID", default="")
# On when the texts' sender is the Notify service's own inbound number: texts then offer "reply STOP"
# and `read_text_replies` reads the replies (ADR 36).
NOTIFY_SMS_REPLIES = env.bool("NOTIFY_SMS_REPLIES", default=False)
# Empty for Notify's own API (the client's default); set it to point at a staging stub.
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="")
if NOTIFY_API_KEY:
    EMAIL_BACKEND = "throughcare.core.notify.NotifyEmailBackend"
elif env.str("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Text messages: Notify when keyed, else the console (tests keep them in memory: core.texts.outbox).
TEXT_BACKEND = (
    "throughcare.core.texts.NotifyTextBackend"
    if NOTIFY_API_KEY
    else env.str("TEXT_BACKEND", default="throughcare.core.texts.ConsoleTextBackend")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Throughcare <no-reply@throughcare.example>")

# Reference data: the shared geography folder beside the repository, when it is there.
_shared_geography = BASE_DIR.parent / "shared" / "data" / "geography"
GEOGRAPHY_DATA_DIR = env.path(
    "GEOGRAPHY_DATA_DIR", default=str(_shared_geography) if _shared_geography.is_dir() else ""
)
# Where postcodes are located: "local" (the imported gazetteer) or "postcodes_io" (the web API).
GEOCODER = env.str("GEOCODER", default="local")
POSTCODES_IO_URL = env.str("POSTCODES_IO_URL", default="https://api.postcodes.io")
POSTCODES_IO_TIMEOUT_SECONDS = env.float("POSTCODES_IO_TIMEOUT_SECONDS", default=5.0)

# The audit chain's keys (ADR 20), apart from SECRET_KEY: "id:secret" pairs, comma-separated, the
# last one sealing new events and the earlier ones kept to verify what they sealed before rotation.
_audit_chain_pairs = env.list("AUDIT_CHAIN_KEYS", default=[])
if not _audit_chain_pairs and PRODUCTION:
    raise ImproperlyConfigured(
        "Production needs AUDIT_CHAIN_KEYS: id:secret pairs, each secret at least 32 random characters."
    )
AUDIT_CHAIN_KEYS = {}
for _pair in _audit_chain_pairs or ["development:development-only-audit-chain-key-" + "x" * 16]:
    _key_id, _, _secret = _pair.partition(":")
    if not (0 < len(_key_id) <= 32) or not _secret or (PRODUCTION and len(_secret) < 32):
        raise ImproperlyConfigured(
            "AUDIT_CHAIN_KEYS must be comma-separated id:secret pairs, each id 1 to 32 characters and, "
            "in production, each secret at least 32 random characters."
        )
    AUDIT_CHAIN_KEYS[_key_id] = _secret
AUDIT_CHAIN_SEALING_KEY_ID = list(AUDIT_CHAIN_KEYS)[-1]
# Where each checkpoint of the sealed chain is appended, one JSON line each: keep it where the
# database's administrators cannot rewrite it (an append-only file, another host). Optionally also
# sent to syslog (AUDIT_CHECKPOINT_SYSLOG: a socket path such as /dev/log, or host:port).
if PRODUCTION and not env.str("AUDIT_CHECKPOINT_FILE", default=""):
    raise ImproperlyConfigured(
        "Production needs AUDIT_CHECKPOINT_FILE: an append-only file for audit checkpoints."
    )
AUDIT_CHECKPOINT_FILE = env.path(
    "AUDIT_CHECKPOINT_FILE",
    default=str(BASE_DIR / "var" / f"audit-checkpoints-{Path(str(DATABASES['default']['NAME'])).stem}.jsonl"),
)
AUDIT_CHECKPOINT_SYSLOG = env.str("AUDIT_CHECKPOINT_SYSLOG", default="")

DIRECTORY_STALE_AFTER_DAYS = env.int("DIRECTORY_STALE_AFTER_DAYS", default=90)
# Registered Open Referral feeds may be fetched from private and loopback addresses only when this
# is on: for development against a local server. Off in production (directory/oruk/fetching.py).
DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES = env.bool("DIRECTORY_FEEDS_ALLOW_PRIVATE_ADDRESSES", default=False)
# Searches for the same person (or anonymous profile), area and needs within this many days are one
# unmet need, updated rather than counted again (matching/unmet_need.py).
UNMET_NEED_WINDOW_DAYS = env.int("UNMET_NEED_WINDOW_DAYS", default=28)
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
# Request limits (requests, per seconds), counted in Django's cache; give several workers a shared
# cache (CACHE_URL) for one count across them. 0 requests turns a limit off.
# Find support, the public's pages: pages a minute per client address.
FIND_SUPPORT_RATE_LIMIT = (
    env.int("FIND_SUPPORT_RATE_LIMIT_REQUESTS", default=120),
    env.int("FIND_SUPPORT_RATE_LIMIT_SECONDS", default=60),
)
# A person's own plan (throughcare/myplan): how long staff's access lasts, how long a sign-in code
# works, how many wrong codes in a row lock sign-in (and for how long), and how long a session lasts.
PLAN_ACCESS_DAYS = env.int("PLAN_ACCESS_DAYS", default=90)
PLAN_CODE_MINUTES = env.int("PLAN_CODE_MINUTES", default=10)
PLAN_CODE_LOCKOUT = env.int("PLAN_CODE_LOCKOUT", default=5)
PLAN_CODE_LOCKOUT_MINUTES = env.int("PLAN_CODE_LOCKOUT_MINUTES", default=30)
PERSON_SESSION_IDLE_SECONDS = env.int("PERSON_SESSION_IDLE_SECONDS", default=30 * 60)
PERSON_SESSION_LONGEST_SECONDS = env.int("PERSON_SESSION_LONGEST_SECONDS", default=8 * 60 * 60)
# Codes sent for one access (a phone cannot be flooded) and sign-in pages per client address.
PLAN_CODE_SEND_LIMIT = (
    env.int("PLAN_CODE_SEND_LIMIT_REQUESTS", default=3),
    env.int("PLAN_CODE_SEND_LIMIT_SECONDS", default=15 * 60),
)
PLAN_SIGN_IN_RATE_LIMIT = (
    env.int("PLAN_SIGN_IN_RATE_LIMIT_REQUESTS", default=30),
    env.int("PLAN_SIGN_IN_RATE_LIMIT_SECONDS", default=15 * 60),
)
# Requests to be contacted (self-referrals) sent from one client address.
SELF_REFERRAL_RATE_LIMIT = (
    env.int("SELF_REFERRAL_RATE_LIMIT_REQUESTS", default=5),
    env.int("SELF_REFERRAL_RATE_LIMIT_SECONDS", default=60 * 60),
)
OPENREFERRAL_RATE_LIMIT = (
    env.int("OPENREFERRAL_RATE_LIMIT_REQUESTS", default=300),
    env.int("OPENREFERRAL_RATE_LIMIT_SECONDS", default=60),
)
API_TOKEN_RATE_LIMIT = (
    env.int("API_TOKEN_RATE_LIMIT_REQUESTS", default=600),
    env.int("API_TOKEN_RATE_LIMIT_SECONDS", default=60),
)
# Duplicate checks (adding or changing a person) per user: a limit on asking "is this person known?".
DUPLICATE_CHECK_RATE_LIMIT = (
    env.int("DUPLICATE_CHECK_RATE_LIMIT_REQUESTS", default=120),
    env.int("DUPLICATE_CHECK_RATE_LIMIT_SECONDS", default=3600),
)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
SERVICE_NAME = "Throughcare"
SERVICE_PHASE = "Beta"
FEEDBACK_EMAIL = env.str("FEEDBACK_EMAIL", default="feedback@throughcare.example")
# The privacy notice (/privacy/): who is responsible for people's data in this deployment, and how to reach
# their data protection officer. The defaults describe the demonstration service, not a real controller.
PRIVACY_CONTROLLER = env.str(
    "PRIVACY_CONTROLLER",
    default="The Throughcare demonstration service (an example, not a real organisation)",
)
PRIVACY_CONTROLLER_ADDRESS = env.str("PRIVACY_CONTROLLER_ADDRESS", default="1 Example Street, Leeds LS1 1AA")
PRIVACY_DPO_CONTACT = env.str("PRIVACY_DPO_CONTACT", default="dpo@throughcare.example")
# Each lawful basis in plain English; a deployment's own settings module may replace the list.
PRIVACY_LAWFUL_BASES = [
    "Public task (UK GDPR article 6(1)(e)): supporting people through probation and release is part of "
    "the public functions of the organisations using Throughcare.",
    "Health and social care (UK GDPR article 9(2)(h), Data Protection Act 2018 schedule 1 paragraph 2): "
    "for information about a person's mental health.",
    "Criminal offence data (UK GDPR article 10, Data Protection Act 2018 schedule 1 paragraphs 2 and 6): "
    "for information about a person's time in prison or on probation.",
]
# How long records are kept before `manage.py apply_retention` removes the personal details from them.
RETENTION_DRAFT_REFERRAL_DAYS = env.int("RETENTION_DRAFT_REFERRAL_DAYS", default=90)
RETENTION_CLOSED_REFERRAL_YEARS = env.int("RETENTION_CLOSED_REFERRAL_YEARS", default=8)
# The person's own door (rights/retention_own_door.py): a plan link's email and the emails sent
# through it, after the link ended or ran out; a closed request to be contacted; rejected words.
RETENTION_PLAN_ACCESS_DAYS = env.int("RETENTION_PLAN_ACCESS_DAYS", default=90)
RETENTION_SELF_REFERRAL_DAYS = env.int("RETENTION_SELF_REFERRAL_DAYS", default=180)
RETENTION_REJECTED_WORDS_DAYS = env.int("RETENTION_REJECTED_WORDS_DAYS", default=30)
# How long break-glass access to a restricted record lasts before it must be asked for again.
BREAK_GLASS_MINUTES = env.int("BREAK_GLASS_MINUTES", default=240)
# Where links in emails point: the address people use to reach Throughcare.
THROUGHCARE_SITE_URL = env.str("THROUGHCARE_SITE_URL", default="http://127.0.0.1:8000")

# Security headers. Production assumes TLS ends at a proxy that sets X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[f"https://{h}" for h in ALLOWED_HOSTS])
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
# django-axes warns when it does not count by address; Throughcare counts failures per address itself,
# at a higher limit than per account (SIGN_IN_ADDRESS_FAILURE_LIMIT, accounts.views.SignInView).
SILENCED_SYSTEM_CHECKS.append("axes.W006")
if PRODUCTION and not SECURE_HSTS_PRELOAD:
    # Preloading is a one-way decision for the domain's owner, not a default we can take for them.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "throughcare.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
