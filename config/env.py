"""Strict reading of the deployment environment.

Every deployment difference is an environment variable. A value that cannot be parsed, or a
``QINSHANG_*`` variable that this module does not know, stops start-up with a message naming it:
a typo in a production setting must never be silently ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

PREFIX = "QINSHANG_"

KNOWN_VARIABLES = {
    "QINSHANG_DEBUG": "true or false; development conveniences, never in production",
    "QINSHANG_SECRET_KEY": "secret used to sign sessions; required when DEBUG is false",
    "QINSHANG_DATA_DIR": "folder holding the SQLite database and other state",
    "QINSHANG_ALLOWED_HOSTS": "comma-separated host names served",
    "QINSHANG_CSRF_TRUSTED_ORIGINS": "comma-separated origins such as https://tb.example.cn",
    "QINSHANG_LANGUAGE": "default staff language: zh-hans, zh-hant or en",
    "QINSHANG_TIME_ZONE": "IANA time zone name, Asia/Shanghai by default",
    "QINSHANG_LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR",
    "QINSHANG_SECURE_COOKIES": "true or false; send cookies over HTTPS only",
    "QINSHANG_EMAIL_URL": ("mail server for notification emails, e.g. "
                           "smtp://user:password@mail.example.cn:465?ssl=true or "
                           "smtp+tls://user:password@mail.example.cn:587; unset: no email"),
    "QINSHANG_EMAIL_FROM": "sender address of notification emails, qinshang@localhost by default",
    "QINSHANG_SITE_URL": "address the offices open the system at, for links in emails",
    "QINSHANG_PROJECT_STALL_MONTHS": ("months without progress after which an investment "
                                      "project is flagged stalled, 6 by default"),
}

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
# Scheme of QINSHANG_EMAIL_URL → (default port, implicit TLS, STARTTLS).
EMAIL_SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, False, True),
                 "smtp+ssl": (465, True, False), "smtps": (465, True, False)}
EMAIL_OPTIONS = {"ssl", "tls", "timeout"}
EMAIL_TIMEOUT_SECONDS = 10


class Environment:
    def __init__(self, variables: Mapping[str, str]) -> None:
        self.variables = variables
        unknown = sorted(name for name in variables if name.startswith(PREFIX)
                         and name not in KNOWN_VARIABLES)
        if unknown:
            known = ", ".join(sorted(KNOWN_VARIABLES))
            raise ImproperlyConfigured(
                f"Unknown setting {', '.join(unknown)}. Known settings: {known}.")

    def text(self, name: str, default: str) -> str:
        value = self.variables.get(name, default).strip()
        return value

    def flag(self, name: str, default: bool) -> bool:
        raw = self.variables.get(name)
        if raw is None or raw.strip() == "":
            return default
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use true or false).")

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.text(name, default)
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not one of: {', '.join(choices)}.")
        return value

    def whole_number(self, name: str, default: int, *, minimum: int = 1,
                     maximum: int = 1000) -> int:
        raw = self.variables.get(name)
        if raw is None or raw.strip() == "":
            return default
        text = raw.strip()
        if not text.isdigit() or not minimum <= int(text) <= maximum:
            raise ImproperlyConfigured(
                f"{name}={raw!r} is not a whole number from {minimum} to {maximum}.")
        return int(text)

    def words(self, name: str, default: str) -> list[str]:
        return [part.strip() for part in self.text(name, default).split(",") if part.strip()]

    def origins(self, name: str) -> list[str]:
        origins = self.words(name, "")
        for origin in origins:
            if not origin.startswith(("http://", "https://")):
                raise ImproperlyConfigured(
                    f"{name}: {origin!r} must start with http:// or https://.")
        return origins

    def path(self, name: str, default: Path) -> Path:
        raw = self.variables.get(name, "").strip()
        return Path(raw).expanduser().resolve() if raw else default

    def database(self, default_sqlite: Path) -> dict:
        raw = self.variables.get("DATABASE_URL", "").strip()
        if not raw:
            return sqlite_database(default_sqlite)
        try:
            return self._database(raw)
        except ImproperlyConfigured as error:
            # The message names the URL; its password must not reach a log.
            raise ImproperlyConfigured(str(error).replace(raw, without_password(raw))) from None

    def _database(self, raw: str) -> dict:
        scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
        if scheme not in DATABASE_SCHEMES:
            raise ImproperlyConfigured(
                f"DATABASE_URL={raw!r} is malformed: expected sqlite:///path or "
                "postgres://user@host:port/name.")
        try:
            parsed = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
        except (ValueError, KeyError) as error:
            raise ImproperlyConfigured(f"DATABASE_URL={raw!r} is malformed: {error}") from error
        if parsed["ENGINE"].endswith("sqlite3"):
            if not parsed.get("NAME") or parsed["NAME"] == ":memory:":
                raise ImproperlyConfigured(f"DATABASE_URL={raw!r} names no database file.")
            return sqlite_database(Path(parsed["NAME"]))
        if not parsed.get("NAME"):
            raise ImproperlyConfigured(f"DATABASE_URL={raw!r} names no database.")
        if parsed.get("PORT") not in ("", None):
            try:
                int(parsed["PORT"])
            except ValueError as error:
                raise ImproperlyConfigured(f"DATABASE_URL={raw!r} has a bad port.") from error
        return parsed

    def email_server(self, name: str) -> dict | None:
        """Django's EMAIL_* settings from a mail server URL, or None when the variable is
        unset (email off)."""
        raw = self.variables.get(name, "").strip()
        if not raw:
            return None
        try:
            return _email_server(raw)
        except ValueError as error:
            # The password must not reach a log: the message shows the URL masked.
            raise ImproperlyConfigured(
                f"{name}={masked_url(raw)!r} is malformed: {error}. Expected "
                "smtp://user:password@host:465?ssl=true or "
                "smtp+tls://user:password@host:587, with @ / : # in the user name or "
                "password written as %40 %2F %3A %23.") from None

    def email_address(self, name: str, default: str) -> str:
        value = self.text(name, default)
        _display, address = parseaddr(value)
        try:
            if "\n" in value or "\r" in value or not address:
                raise ValidationError("no address")
            validate_email(address)
        except ValidationError:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not an email address (use qinshang@tb.example.cn or "
                "\"Name <qinshang@tb.example.cn>\").") from None
        return value

    def site_url(self, name: str, default: str) -> str:
        """Scheme, host and port only: the links appended to it are absolute paths."""
        value = self.text(name, default)
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 — raises ValueError on a bad port
        except ValueError:
            parts = None
        if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
                or parts.path not in ("", "/") or parts.query or parts.fragment
                or parts.username or parts.password):
            raise ImproperlyConfigured(
                f"{name}={value!r} must be the address of the site, such as "
                "https://tb.example.cn or http://10.0.0.5:8000 (no path).")
        return value.rstrip("/")


def _email_server(raw: str) -> dict:
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ValueError(f"the scheme must be one of {', '.join(sorted(EMAIL_SCHEMES))}")
    if not parts.hostname:
        raise ValueError("it names no mail server")
    if parts.path not in ("", "/") or parts.fragment:
        raise ValueError("it has a path; only ?ssl=, ?tls= and ?timeout= may follow the host")
    port, use_ssl, use_tls = EMAIL_SCHEMES[scheme]
    if parts.port is not None:  # raises ValueError for a port that is not a number
        port = parts.port
    options = dict(parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False))
    unknown = sorted(set(options) - EMAIL_OPTIONS)
    if unknown:
        raise ValueError(f"unknown option {', '.join(unknown)} (known: ssl, tls, timeout)")
    if "ssl" in options:
        use_ssl = _yes_no("ssl", options["ssl"])
    if "tls" in options:
        use_tls = _yes_no("tls", options["tls"])
    if use_ssl and use_tls:
        raise ValueError("ssl (implicit TLS, port 465) and tls (STARTTLS, port 587) exclude "
                         "each other")
    timeout = EMAIL_TIMEOUT_SECONDS
    if "timeout" in options:
        if not options["timeout"].isdigit() or not 1 <= int(options["timeout"]) <= 300:
            raise ValueError("timeout must be a number of seconds from 1 to 300")
        timeout = int(options["timeout"])
    return {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_TIMEOUT": timeout,
    }


def _yes_no(option: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{option}={value!r} is not true or false")


def masked_url(url: str) -> str:
    """The URL with its password replaced by ***. Everything before the last @ counts as
    credentials, so a password holding @, :, / or # is masked whole (masking too much is
    harmless; showing part of a password is not)."""
    if "@" not in url:
        return url
    credentials, _at, host = url.rpartition("@")
    scheme, separator, userinfo = credentials.partition("://")
    if not separator:
        return f"***@{host}"
    user, has_password, _password = userinfo.partition(":")
    return f"{scheme}://{user}{':***' if has_password else ''}@{host}"


def without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def sqlite_database(path: Path) -> dict:
    # SQLite creates the file but not its folder: a fresh checkout has no data directory yet.
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers work while one writer commits; IMMEDIATE avoids the
            # "database is locked" upgrade failure of deferred transactions under load.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        },
        "TEST": {"NAME": None},
    }


def read_environment() -> Environment:
    return Environment(os.environ)
