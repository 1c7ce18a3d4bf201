"""Strict reading of the deployment environment.

Every deployment difference is an environment variable. A value that cannot be parsed, or a
``QINSHANG_*`` variable that this module does not know, stops start-up with a message naming it:
a typo in a production setting must never be silently ignored.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
}

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


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
