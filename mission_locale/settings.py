"""Settings of the Mission Locale's plan application.

One module; every difference between the demonstration and production is an environment variable
(see `.env.example`). Defaults are safe for production except where `DEBUG` is on.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# The fallback key only exists so that `make run` works out of the box: without DEBUG, a missing or
# weak key stops everything at start-up (web server and commands alike).
CLE_DE_DEMONSTRATION = "django-insecure-demo-only-never-use-this-key-in-production"
SECRET_KEY = env("SECRET_KEY", default=CLE_DE_DEMONSTRATION if DEBUG else "")
if not DEBUG and (
    len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY manquante ou trop faible alors que DEBUG est désactivé (production). Définissez une "
        "longue chaîne aléatoire, par exemple : "
        'python -c "import secrets; print(secrets.token_urlsafe(64))", dans .env ou l\'environnement ; '
        "pour une démonstration locale, lancez plutôt « make run » (DEBUG=True)."
    )
# Demonstration and benchmark commands (fictitious data, demo accounts, measurement sessions) exist
# only where this is true: never in production.
DEMONSTRATION = env.bool("DEMONSTRATION", default=DEBUG)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search classes (recherche/), used on PostgreSQL only.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "simple_history",
    # django-axes under a name nobody confuses with the plan's axes (see comptes/apps.py).
    "comptes.apps.TentativesDeConnexionConfig",
    "comptes",
    "plan",
    "antennes",
    "partenaires",
    "ambassadeurs",
    "ethique",
    "suivi",
    "conseil",
    "recherche",
    "exploitation",
    *(["demonstration"] if DEMONSTRATION else []),
]

MIDDLEWARE = [
    "mission_locale.televersement.TeleversementTropLourdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mission_locale.sessions.SessionGlissanteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mission_locale.fraicheur.PagesToujoursFraichesMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires, so that it sees the outcome of the login view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mission_locale.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comptes.context_processors.roles",
                "mission_locale.context_processors.navigation",
            ],
            "builtins": ["mission_locale.gabarits"],
        },
    },
]

WSGI_APPLICATION = "mission_locale.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "comptes.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Each role lands on its own page (mission_locale.views.bienvenue); "/" stays the shared dashboard.
LOGIN_REDIRECT_URL = "bienvenue"
LOGOUT_REDIRECT_URL = "login"
# A password reset link works once, for one hour.
PASSWORD_RESET_TIMEOUT = 3600

# Brute force: 5 failures lock one username from one address for 15 minutes. The combination, not
# either one: behind an office's single public address, one person's typos must not lock the others.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The lock page says until when (registration/verrouille.html).
AXES_LOCKOUT_CALLABLE = "comptes.verrouillage.reponse_de_verrouillage"
# Trying again while locked does not push the end of the lock further: the page's time holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
# django-ipware is not installed, so the count above only takes effect through this function; without
# it, behind a proxy, every failure would count against the proxy's address and lock everyone out.
AXES_CLIENT_IP_CALLABLE = "exploitation.reseau.adresse_client"

# Staff share office PCs: a session ends after 8 hours without activity.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False  # renewed every few minutes instead: mission_locale/sessions.py
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Off: ids and years must never read "1 234" in anchors and titles; large counts use |intcomma.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence files and report PDFs: the media folder by default; with several servers, a shared
# folder or an S3-compatible object store through django-storages (see the README).
STORAGES = {
    "default": {
        "BACKEND": env("MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Django 6.1 mailers, built from one EMAIL_URL (smtp+tls://user:password@host:587, consolemail://).
_email = env.email("EMAIL_URL", default="consolemail://")
_options_smtp = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 30,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _options_smtp if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mission Locale <ne-pas-repondre@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Administration", email) for email in env.list("ADMIN_EMAILS", default=[])]

# HTTPS: on by default, off only where DEBUG is (the demonstration on 127.0.0.1).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: everything comes from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Shared by every application process: local memory for one server, the database
# (dbcache://cache_table, after `createcachetable`) or Redis (rediscache://host:6379/1) for several.
# Keys are derived from the data they cache, so nothing ever needs invalidating across servers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Report PDFs generated at once across all processes; more requests wait their turn.
PDF_SIMULTANES = env.int("PDF_SIMULTANES", default=2)

# Evidence files attached to journal entries.
PIECE_JOINTE_TAILLE_MAX = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# No request body above this is read (the largest upload is one 10 Mo file plus its form).
TELEVERSEMENT_TAILLE_MAX = 12 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "mission_locale.televersement.PlafondDeTeleversement",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

DEMO_PASSWORD = env("DEMO_PASSWORD", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
