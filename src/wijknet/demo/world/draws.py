"""Small helpers the phases of the municipality share."""

import unicodedata


def accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def plain_ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-")).lower()
