"""The English catalogue: the public report page is translated, and the .po
file has no untranslated or fuzzy entries left behind by makemessages."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import wijknet

PO_FILE = Path(wijknet.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_the_public_report_page_is_in_english(client):
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("signals:public_report"))
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert re.search(r"<h1[^>]*>\s*I am worried about someone\s*</h1>", response.text)


def _string(line: str) -> str:
    """The text between the quotes of a PO line, still escaped (enough to
    tell empty from not empty)."""
    start, end = line.index('"'), line.rindex('"')
    return line[start + 1 : end]


def po_entries(text: str) -> list[dict]:
    """Each entry as {"msgid": str, "msgstr": [str, ...]}; continuation
    lines are joined to the field above them, comments are skipped."""
    entries: list[dict] = []
    entry, field = None, None
    for line in (raw.strip() for raw in text.splitlines()):
        if line.startswith("msgid "):
            entry = {"msgid": _string(line), "msgid_plural": "", "msgstr": []}
            entries.append(entry)
            field = "msgid"
        elif line.startswith("msgid_plural ") and entry is not None:
            entry["msgid_plural"] = _string(line)
            field = "msgid_plural"
        elif line.startswith("msgstr") and entry is not None:
            entry["msgstr"].append(_string(line))
            field = "msgstr"
        elif line.startswith('"') and entry is not None and field is not None:
            if field == "msgstr":
                entry["msgstr"][-1] += _string(line)
            else:
                entry[field] += _string(line)
        else:
            field = None
    return entries


def test_the_english_catalogue_is_complete():
    text = PO_FILE.read_text(encoding="utf-8")
    entries = po_entries(text)
    assert entries and entries[0]["msgid"] == "", "the catalogue starts with its header"
    messages = entries[1:]
    assert len(messages) > 400
    untranslated = [e["msgid"] for e in messages if not e["msgstr"] or "" in e["msgstr"]]
    assert untranslated == []
    fuzzy = [line for line in text.splitlines() if re.match(r"#,.*\bfuzzy\b", line)]
    assert fuzzy == []
