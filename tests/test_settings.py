"""Deployment settings are read strictly: a bad value stops start-up with a message naming it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Environment

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("/srv/qinshang/qinshang.sqlite3")


def database(url: str) -> dict:
    return Environment({"DATABASE_URL": url}).database(DEFAULT_DB)


# --- DATABASE_URL -------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["mysql://x", "postgres://", "not a url", "sqlite://",
                                 "sqlite:///", "sqlite://:memory:", "postgres://u@h:port/db",
                                 "oracle://u:p@h/db"])
def test_malformed_database_url_is_refused_naming_it(url):
    with pytest.raises(ImproperlyConfigured) as caught:
        database(url)
    assert "DATABASE_URL" in str(caught.value)


def test_no_database_url_means_the_sqlite_file_in_the_data_folder():
    settings = Environment({}).database(DEFAULT_DB)
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == str(DEFAULT_DB)


def test_sqlite_url_gets_wal_mode():
    settings = database("sqlite:////var/lib/qinshang/db.sqlite3")
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == "/var/lib/qinshang/db.sqlite3"
    init = settings["OPTIONS"]["init_command"]
    assert "journal_mode=WAL" in init
    assert "foreign_keys=ON" in init
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "pgsql"])
def test_postgres_url_gives_the_postgresql_engine(scheme):
    settings = database(f"{scheme}://qinshang:secret@db.internal:5433/qinshang")
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["NAME"], settings["USER"], settings["HOST"], int(settings["PORT"])) == (
        "qinshang", "qinshang", "db.internal", 5433)


# --- QINSHANG_* variables -----------------------------------------------------------------

def test_unknown_qinshang_variable_is_refused_naming_it():
    with pytest.raises(ImproperlyConfigured) as caught:
        Environment({"QINSHANG_FOO": "1", "QINSHANG_DEBUG": "false"})
    message = str(caught.value)
    assert "QINSHANG_FOO" in message
    assert "QINSHANG_DEBUG" in message  # the known ones are listed, to spot the typo


def test_a_typo_in_a_known_name_is_refused():
    with pytest.raises(ImproperlyConfigured) as caught:
        Environment({"QINSHANG_SECRET_KYE": "x"})
    assert "QINSHANG_SECRET_KYE" in str(caught.value)


def test_other_variables_are_left_alone():
    Environment({"PATH": "/usr/bin", "DEBUG": "maybe", "LANG": "C.UTF-8"})


@pytest.mark.parametrize("word", ["maybe", "perhaps", "2", "y"])
def test_bad_boolean_is_refused_naming_the_variable(word):
    with pytest.raises(ImproperlyConfigured) as caught:
        Environment({"QINSHANG_DEBUG": word}).flag("QINSHANG_DEBUG", default=False)
    assert "QINSHANG_DEBUG" in str(caught.value)
    assert word in str(caught.value)


@pytest.mark.parametrize(("word", "value"), [("true", True), ("YES", True), (" on ", True),
                                             ("1", True), ("false", False), ("Off", False),
                                             ("0", False), ("", False)])
def test_good_booleans_parse(word, value):
    assert Environment({"QINSHANG_DEBUG": word}).flag("QINSHANG_DEBUG", default=False) is value


@pytest.mark.parametrize("language", ["fr", "zh-cn", "chinese"])
def test_unknown_language_is_refused_naming_the_variable(language):
    env = Environment({"QINSHANG_LANGUAGE": language})
    with pytest.raises(ImproperlyConfigured) as caught:
        env.choice("QINSHANG_LANGUAGE", "zh-hans", ("zh-hans", "zh-hant", "en"))
    assert "QINSHANG_LANGUAGE" in str(caught.value)


def test_known_language_is_taken():
    env = Environment({"QINSHANG_LANGUAGE": "zh-hant"})
    assert env.choice("QINSHANG_LANGUAGE", "zh-hans", ("zh-hans", "zh-hant", "en")) == "zh-hant"


@pytest.mark.parametrize("months", ["six", "0", "-3", "2.5", "121"])
def test_a_bad_stall_period_is_refused_naming_the_variable(months):
    env = Environment({"QINSHANG_PROJECT_STALL_MONTHS": months})
    with pytest.raises(ImproperlyConfigured) as caught:
        env.whole_number("QINSHANG_PROJECT_STALL_MONTHS", 6, maximum=120)
    assert "QINSHANG_PROJECT_STALL_MONTHS" in str(caught.value)


@pytest.mark.parametrize(("months", "expected"), [(None, 6), ("", 6), (" 9 ", 9), ("120", 120)])
def test_the_stall_period_defaults_to_six_months(months, expected):
    env = Environment({} if months is None else {"QINSHANG_PROJECT_STALL_MONTHS": months})
    assert env.whole_number("QINSHANG_PROJECT_STALL_MONTHS", 6, maximum=120) == expected


def test_origin_without_scheme_is_refused_naming_the_variable():
    env = Environment({"QINSHANG_CSRF_TRUSTED_ORIGINS": "https://tb.example.cn,tb2.example.cn"})
    with pytest.raises(ImproperlyConfigured) as caught:
        env.origins("QINSHANG_CSRF_TRUSTED_ORIGINS")
    assert "QINSHANG_CSRF_TRUSTED_ORIGINS" in str(caught.value)
    assert "tb2.example.cn" in str(caught.value)


def test_host_list_is_split_and_trimmed():
    env = Environment({"QINSHANG_ALLOWED_HOSTS": " tb.example.cn, ,10.0.0.5 "})
    assert env.words("QINSHANG_ALLOWED_HOSTS", "") == ["tb.example.cn", "10.0.0.5"]


# --- the settings module as a server starts it --------------------------------------------

def start(**variables: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("QINSHANG_") and name != "DATABASE_URL"}
    environment.update(variables)
    return subprocess.run([sys.executable, "-c", "import config.settings"], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=60,
                          check=False)


def test_bad_boolean_stops_start_up_with_the_name_in_the_message():
    result = start(QINSHANG_DEBUG="perhaps", QINSHANG_SECRET_KEY="x")
    assert result.returncode != 0
    assert "QINSHANG_DEBUG" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_missing_secret_key_stops_production_start_up():
    result = start(QINSHANG_DEBUG="false")
    assert result.returncode != 0
    assert "QINSHANG_SECRET_KEY" in result.stderr


def test_good_settings_start():
    result = start(QINSHANG_DEBUG="false", QINSHANG_SECRET_KEY="x",
                   QINSHANG_LANGUAGE="zh-hant", DATABASE_URL="sqlite:////tmp/qinshang.db")
    assert result.returncode == 0, result.stderr


def test_a_malformed_database_url_is_reported_without_its_password():
    with pytest.raises(ImproperlyConfigured) as refused:
        Environment({"DATABASE_URL": "postgres://office:s3cret-pw@db:port/qinshang"}).database(
            Path("unused.sqlite3"))
    assert "DATABASE_URL" in str(refused.value)
    assert "s3cret-pw" not in str(refused.value)


def test_the_sqlite_folder_is_created_when_missing(tmp_path):
    database = tmp_path / "not" / "yet" / "qinshang.sqlite3"
    parsed = Environment({"DATABASE_URL": f"sqlite:///{database}"}).database(tmp_path / "x.db")
    assert parsed["NAME"] == str(database)
    assert database.parent.is_dir()


# --- email: QINSHANG_EMAIL_URL, QINSHANG_EMAIL_FROM, QINSHANG_SITE_URL ------------------------

def email_server(url: str) -> dict | None:
    return Environment({"QINSHANG_EMAIL_URL": url}).email_server("QINSHANG_EMAIL_URL")


def test_no_email_url_means_email_off():
    assert Environment({}).email_server("QINSHANG_EMAIL_URL") is None
    assert email_server("  ") is None


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://qinshang:s3cret@mail.example.cn:465?ssl=true",
     ("mail.example.cn", 465, "qinshang", "s3cret", True, False)),
    ("smtp+tls://qinshang:s3cret@mail.example.cn:587",
     ("mail.example.cn", 587, "qinshang", "s3cret", False, True)),
    ("smtp+tls://mail.example.cn", ("mail.example.cn", 587, "", "", False, True)),
    ("smtp://10.0.0.25", ("10.0.0.25", 25, "", "", False, False)),
    ("smtps://tb%40example.cn:p%40ss%2Fw0rd@smtp.exmail.qq.com",
     ("smtp.exmail.qq.com", 465, "tb@example.cn", "p@ss/w0rd", True, False)),
    ("smtp://u:p@mail.example.cn:2525?tls=yes", ("mail.example.cn", 2525, "u", "p", False, True)),
])
def test_good_email_urls_give_the_mail_settings(url, expected):
    server = email_server(url)
    assert (server["EMAIL_HOST"], server["EMAIL_PORT"], server["EMAIL_HOST_USER"],
            server["EMAIL_HOST_PASSWORD"], server["EMAIL_USE_SSL"],
            server["EMAIL_USE_TLS"]) == expected
    assert server["EMAIL_TIMEOUT"] == 10


def test_the_email_timeout_can_be_set():
    assert email_server("smtp://mail.example.cn?timeout=30")["EMAIL_TIMEOUT"] == 30


@pytest.mark.parametrize("url", [
    "http://u:s3cret@mail.example.cn", "mailto:u@example.cn", "smtp://u:s3cret@", "smtp:///x",
    "smtp://u:s3cret@mail.example.cn:port", "smtp://u:s3cret@mail.example.cn:99999",
    "smtp://u:s3cret@mail.example.cn?ssl=true&tls=true", "smtp://u:s3cret@mail.example.cn?ssl=maybe",
    "smtp://u:s3cret@mail.example.cn?starttls=1", "smtp://u:s3cret@mail.example.cn/inbox",
    "smtp://u:s3cret@mail.example.cn?timeout=0", "smtp://u:s3cret@mail.example.cn?timeout=ten",
    "mail.example.cn",
])
def test_a_malformed_email_url_is_refused_naming_it_without_the_password(url):
    with pytest.raises(ImproperlyConfigured) as refused:
        email_server(url)
    assert "QINSHANG_EMAIL_URL" in str(refused.value)
    assert "s3cret" not in str(refused.value)


@pytest.mark.parametrize("url", ["smtp://u:se/cr@t@mail.example.cn/x",
                                 "smtp://u:se#cr@t@mail.example.cn:x"])
def test_a_password_with_unescaped_separators_is_masked_whole(url):
    with pytest.raises(ImproperlyConfigured) as refused:
        email_server(url)
    for fragment in ("se/cr", "se#cr", "cr@t"):
        assert fragment not in str(refused.value)


@pytest.mark.parametrize("sender", ["qinshang@tb.example.cn", "青商系统 <qinshang@tb.example.cn>",
                                    "qinshang@localhost"])
def test_good_sender_addresses_are_taken(sender):
    env = Environment({"QINSHANG_EMAIL_FROM": sender})
    assert env.email_address("QINSHANG_EMAIL_FROM", "qinshang@localhost") == sender


@pytest.mark.parametrize("sender", ["qinshang", "not an address", "a@b@c",
                                    "x@tb.example.cn\nBcc: all@example.cn"])
def test_a_bad_sender_address_is_refused_naming_the_variable(sender):
    env = Environment({"QINSHANG_EMAIL_FROM": sender})
    with pytest.raises(ImproperlyConfigured) as refused:
        env.email_address("QINSHANG_EMAIL_FROM", "qinshang@localhost")
    assert "QINSHANG_EMAIL_FROM" in str(refused.value)


def test_the_sender_defaults_to_qinshang_at_localhost():
    assert Environment({}).email_address("QINSHANG_EMAIL_FROM",
                                         "qinshang@localhost") == "qinshang@localhost"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://tb.example.cn", "https://tb.example.cn"),
    ("https://tb.example.cn/", "https://tb.example.cn"),
    ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
])
def test_good_site_urls_are_taken_without_a_trailing_slash(url, expected):
    env = Environment({"QINSHANG_SITE_URL": url})
    assert env.site_url("QINSHANG_SITE_URL", "http://127.0.0.1:8000") == expected


@pytest.mark.parametrize("url", ["tb.example.cn", "ftp://tb.example.cn", "https://",
                                 "https://tb.example.cn/qinshang", "https://tb.example.cn?x=1",
                                 "http://10.0.0.5:port", "https://user:pw@tb.example.cn"])
def test_a_bad_site_url_is_refused_naming_the_variable(url):
    env = Environment({"QINSHANG_SITE_URL": url})
    with pytest.raises(ImproperlyConfigured) as refused:
        env.site_url("QINSHANG_SITE_URL", "http://127.0.0.1:8000")
    assert "QINSHANG_SITE_URL" in str(refused.value)


def settings_with(**variables: str) -> dict:
    """The mail settings as a server started with these variables has them."""
    code = ("import json, config.settings as s; print(json.dumps({name: getattr(s, name, None) "
            "for name in ('QINSHANG_EMAIL_ENABLED', 'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', "
            "'EMAIL_HOST_USER', 'EMAIL_USE_SSL', 'EMAIL_USE_TLS', 'DEFAULT_FROM_EMAIL', "
            "'QINSHANG_SITE_URL')}))")
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("QINSHANG_") and name != "DATABASE_URL"}
    environment.update(QINSHANG_SECRET_KEY="x", DATABASE_URL="sqlite:////tmp/qinshang.db",
                       **variables)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_email_is_off_without_a_mail_server():
    settings = settings_with()
    assert settings["QINSHANG_EMAIL_ENABLED"] is False
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.dummy.EmailBackend"
    assert settings["DEFAULT_FROM_EMAIL"] == "qinshang@localhost"
    assert settings["QINSHANG_SITE_URL"] == "http://127.0.0.1:8000"


def test_a_mail_server_turns_email_on():
    settings = settings_with(QINSHANG_EMAIL_URL="smtp://tb:pw@mail.example.cn:465?ssl=true",
                             QINSHANG_EMAIL_FROM="台办 <tb@example.cn>",
                             QINSHANG_SITE_URL="https://tb.example.cn/")
    assert settings == {
        "QINSHANG_EMAIL_ENABLED": True,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.cn", "EMAIL_PORT": 465, "EMAIL_HOST_USER": "tb",
        "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False,
        "DEFAULT_FROM_EMAIL": "台办 <tb@example.cn>", "QINSHANG_SITE_URL": "https://tb.example.cn"}


def test_a_malformed_email_url_stops_start_up_without_showing_the_password():
    result = start(QINSHANG_SECRET_KEY="x", DATABASE_URL="sqlite:////tmp/qinshang.db",
                   QINSHANG_EMAIL_URL="smtp://tb:hunter2-pw@mail.example.cn:smtp")
    assert result.returncode != 0
    assert "QINSHANG_EMAIL_URL" in result.stderr
    assert "hunter2-pw" not in result.stderr
