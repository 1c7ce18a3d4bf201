"""Deployment settings are read strictly: a bad value stops start-up with a message naming it."""

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
