"""The one settings module. Deployment differences come from the environment (see env.py)."""

import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import read_environment

BASE_DIR = Path(__file__).resolve().parent.parent
env = read_environment()

DEBUG = env.flag("QINSHANG_DEBUG", default=False)
DATA_DIR = env.path("QINSHANG_DATA_DIR", BASE_DIR / "data")
SECRET_KEY = env.text("QINSHANG_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "QINSHANG_SECRET_KEY is required when QINSHANG_DEBUG is false.")
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env.words("QINSHANG_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env.origins("QINSHANG_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.flag("QINSHANG_SECURE_COOKIES", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "qinshang.core",
    "qinshang.regions",
    "qinshang.offices",
    "qinshang.accounts",
    "qinshang.events",
    "qinshang.notifications",
    "qinshang.enterprises",
    "qinshang.workdays",
    "qinshang.appeals",
    "qinshang.questionnaires",
    "qinshang.campaigns",
    "qinshang.liaison",
    "qinshang.hotlines",
    "qinshang.gatherings",
    "qinshang.projects",
    "qinshang.policies",
    "qinshang.donations",
    "qinshang.portal",
    "qinshang.figures",
    "qinshang.reports",
    "qinshang.imports",
    "qinshang.search",
    "qinshang.api",
    "qinshang.open311",
    "qinshang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qinshang.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qinshang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "qinshang.access.context_processors.access",
                "qinshang.notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.database(DATA_DIR / "qinshang.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = env.choice("QINSHANG_LANGUAGE", "zh-hans", ("zh-hans", "zh-hant", "en"))
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.text("QINSHANG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic's target for a deployment; until it exists, files come from the finders and
# whitenoise need not warn about the missing folder.
STATIC_ROOT = DATA_DIR / "static"
warnings.filterwarnings("ignore", message="No directory at")
STATICFILES_DIRS = [BASE_DIR / "qinshang" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOG_LEVEL = env.choice("QINSHANG_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"invitation_tokens": {"()": "qinshang.core.logging.RedactInvitationTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["invitation_tokens"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Redacted where they are logged, before Django's own handlers see the records.
    "loggers": {
        "django.request": {"filters": ["invitation_tokens"]},
        "django.security.csrf": {"filters": ["invitation_tokens"]},
        "django.server": {"handlers": ["console"], "filters": ["invitation_tokens"],
                          "level": "INFO", "propagate": False},
    },
}

QINSHANG_PAGE_SIZE = 50
# An investment project with no progress for this many months is flagged stalled by the tick.
QINSHANG_PROJECT_STALL_MONTHS = env.whole_number("QINSHANG_PROJECT_STALL_MONTHS", 6,
                                                 maximum=120)

# Uploaded files (appeal attachments) live under the data directory and are served only through
# views that check who may see them, never as public media.
MEDIA_ROOT = DATA_DIR / "files"
QINSHANG_UPLOAD_MAX_BYTES = 10 * 1024 * 1024

# Notifications are always shown in the interface; an email copy goes out only when a mail
# server is configured. Without one, the dummy backend makes sure nothing ever tries port 25.
_email_server = env.email_server("QINSHANG_EMAIL_URL")
QINSHANG_EMAIL_ENABLED = bool(_email_server)
if _email_server:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email_server["EMAIL_HOST"]
    EMAIL_PORT = _email_server["EMAIL_PORT"]
    EMAIL_HOST_USER = _email_server["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email_server["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_SSL = _email_server["EMAIL_USE_SSL"]
    EMAIL_USE_TLS = _email_server["EMAIL_USE_TLS"]
    # A web request sends its notifications' emails after committing: a hung mail server must
    # not hold it (10 s unless the URL says ?timeout=).
    EMAIL_TIMEOUT = _email_server["EMAIL_TIMEOUT"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env.email_address("QINSHANG_EMAIL_FROM",
                                                      "qinshang@localhost")
QINSHANG_SITE_URL = env.site_url("QINSHANG_SITE_URL", "http://127.0.0.1:8000")
