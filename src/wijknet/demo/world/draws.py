"""Small helpers the phases of the municipality share."""

import unicodedata


def accumulate(values):
    """Running totals, as floats: the cumulative weights the draws bisect
    into (``itertools.accumulate`` would keep ints)."""
    total = 0.0
    for value in values:
        total += value
        yield total


def plain_ascii(text: str) -> str:
    """A name as the local part of an e-mail address: lower-case ASCII
    letters and digits, dots and hyphens."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-")).lower()
