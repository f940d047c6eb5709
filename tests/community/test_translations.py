"""The German catalogue is complete and compiled: every string has a translation."""

import re
from pathlib import Path

from django.utils import translation

PO_FILE = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"


def parse_po(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry; enough of the format for our own file."""
    entries = []
    for block in text.split("\n\n"):
        fuzzy = "#, fuzzy" in block
        parts = {}
        key = None
        for line in block.splitlines():
            if match := re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[0\]) "(.*)"$', line):
                key = match.group(1)
                parts[key] = match.group(2)
            elif key and line.startswith('"'):
                parts[key] += line[1:-1]
        if "msgid" in parts:
            msgstr = parts.get("msgstr", parts.get("msgstr[0]", ""))
            entries.append((parts["msgid"].replace('\\"', '"'), msgstr.replace('\\"', '"'), fuzzy))
    return [entry for entry in entries if entry[0]]


def test_every_string_has_a_german_translation():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))

    assert len(entries) > 50
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []


def test_the_compiled_catalogue_matches_the_source():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))

    with translation.override("de"):
        stale = [msgid for msgid, msgstr, _ in entries if "%(" not in msgid and translation.gettext(msgid) != msgstr]

    assert stale == []
