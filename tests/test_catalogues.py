"""Every user-facing string is translated in zh-Hans, zh-Hant and English."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_Hans", "zh_Hant", "en")
MAKEMESSAGES_IGNORES = [".venv", "node_modules", "qinshang/testing/*", "*/tests/*", "tests/*"]


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


def msgids(po: polib.POFile) -> set[str]:
    return {entry.msgid for entry in po if not entry.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(ROOT, language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated {untranslated}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy}"


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """Extract the strings afresh from a copy of the tree: none may be missing from the
    catalogues (a new gettext call without its translation fails here)."""
    assert shutil.which("xgettext"), "GNU gettext is missing: make test installs it"
    for folder in ("config", "qinshang", "locale"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("*.mo", "vendor", "__pycache__"))
    command = [sys.executable, "-m", "django", "makemessages", "--no-location",
               *(f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES),
               *(f"-l{language}" for language in LANGUAGES)]
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "QINSHANG_SECRET_KEY": "catalogue-test",
           "PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)}
    subprocess.run(command, cwd=tmp_path, env=env, check=True, capture_output=True)
    for language in LANGUAGES:
        expected = msgids(catalogue(tmp_path, language))
        missing = expected - msgids(catalogue(ROOT, language))
        assert not missing, f"{language}: strings missing from the catalogue: {sorted(missing)}"
