"""Compile the translation catalogues (.po -> .mo) without GNU gettext.

Usage: python scripts/compile_catalogues.py [--force] [LOCALE_DIR ...]

Looks for ``<dir>/<lang>/LC_MESSAGES/*.po`` under each LOCALE_DIR (default: ``locale`` at the
repository root) and writes the ``.mo`` beside it when it is missing or older than its ``.po``.
Fuzzy and untranslated entries are left out, as ``msgfmt`` does. A missing or empty locale
folder means there is nothing to do.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues(locale_dir: Path) -> list[Path]:
    if not locale_dir.is_dir():
        return []
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_one(po_path: Path, force: bool) -> bool:
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    catalogue = polib.pofile(str(po_path), check_for_duplicates=True)
    tmp_path = mo_path.with_suffix(".mo.tmp")
    catalogue.save_as_mofile(str(tmp_path))
    tmp_path.replace(mo_path)
    return True


def main(argv: list[str]) -> int:
    force = "--force" in argv
    dirs = [Path(arg) for arg in argv if arg != "--force"] or [ROOT / "locale"]
    found = compiled = 0
    for locale_dir in dirs:
        for po_path in catalogues(locale_dir):
            found += 1
            try:
                if compile_one(po_path, force):
                    compiled += 1
            except (OSError, ValueError) as error:
                print(f"compile_catalogues: {po_path}: {error}", file=sys.stderr)
                return 1
    if found == 0:
        print("compile_catalogues: no .po files, nothing to do")
    else:
        print(f"compile_catalogues: {compiled} compiled, {found - compiled} up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
