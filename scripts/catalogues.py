"""Keep the three catalogues complete.

    python scripts/catalogues.py extract          # makemessages for zh_Hans, zh_Hant and en
    python scripts/catalogues.py missing > t.json # the zh_Hans entries still empty, as JSON
    python scripts/catalogues.py fill t.json      # write the zh_Hans translations from t.json,
                                                  # derive zh_Hant (OpenCC s2tw + Taiwan usage)
                                                  # and en (the msgid) where they are empty

Entries with a context are keyed "context\\x04msgid" in the JSON. Simplified Chinese is written by a
person; Traditional is derived from it with OpenCC's s2tw
(not s2twp: its phrase table turns 代码 into 程式碼 and 信息 into 資訊, which are not what an
office writes), then corrected by TAIWAN_USAGE where Taiwan's wording differs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_Hans", "zh_Hant", "en")
IGNORES = [".venv", "node_modules", "qinshang/testing/*", "*/tests/*", "tests/*"]

# s2tw output -> the word a reader in Taiwan expects.
TAIWAN_USAGE = {
    "登錄": "登入",
    "註銷": "登出",
    "用戶": "使用者",
    "默認": "預設",
    "導出": "匯出",
    "導入": "匯入",
    "文件": "檔案",
    "鏈接": "連結",
    "信息": "資訊",
    "短信": "簡訊",
    "視頻": "視訊",
    "打印": "列印",
    "質量": "品質",
    "網絡": "網路",
}
# Words where the blanket replacement above would be wrong (文件 is also an official document).
KEEP = {"政策文件", "文件號", "附件"}


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def extract() -> None:
    command = [sys.executable, "-m", "django", "makemessages", "--no-location",
               *(f"--ignore={pattern}" for pattern in IGNORES),
               *(f"-l{language}" for language in LANGUAGES)]
    subprocess.run(command, cwd=ROOT, check=True,  # noqa: S603 - our own fixed command
                   env={"DJANGO_SETTINGS_MODULE": "config.settings",
                        "QINSHANG_SECRET_KEY": "catalogues", "PATH": "/usr/bin:/bin",
                        "PYTHONPATH": str(ROOT)})


def missing() -> None:
    po = catalogue("zh_Hans")
    empty = {_key(entry): "" for entry in po if _missing(entry)}
    json.dump(empty, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def traditional(text: str, converter: opencc.OpenCC) -> str:
    converted = converter.convert(text)
    for word in KEEP:
        if word in text:
            return converted
    for mainland, taiwan in TAIWAN_USAGE.items():
        converted = converted.replace(mainland, taiwan)
    return converted


def _text(entry: polib.POEntry) -> str:
    """The translation; Chinese has one plural form, so a plural entry's is its form 0."""
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def _set(entry: polib.POEntry, text: str, plural: str | None = None) -> None:
    if entry.msgid_plural:
        entry.msgstr_plural = {0: text} if plural is None else {0: text, 1: plural}
    else:
        entry.msgstr = text
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _missing(entry: polib.POEntry) -> bool:
    return not entry.obsolete and (entry.fuzzy or not _text(entry))


def fill(path: str) -> None:
    given = json.loads(Path(path).read_text(encoding="utf-8"))
    hans, hant, english = (catalogue(language) for language in LANGUAGES)
    for entry in hans:
        if given.get(_key(entry)):
            _set(entry, given[_key(entry)])
    simplified = {_key(entry): _text(entry) for entry in hans
                  if _text(entry) and not entry.fuzzy}
    converter = opencc.OpenCC("s2tw")
    for entry in hant:
        if _missing(entry) and _key(entry) in simplified:
            _set(entry, traditional(simplified[_key(entry)], converter))
    for entry in english:
        if _missing(entry):
            _set(entry, entry.msgid, entry.msgid_plural or None)
    for po in (hans, hant, english):
        po.save()


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["help"]
    if command == "extract":
        extract()
    elif command == "missing":
        missing()
    elif command == "fill" and rest:
        fill(rest[0])
    else:
        print(__doc__)
        sys.exit(2)
