"""Dutch free-text matching for the social map, the same on SQLite and
PostgreSQL: every word is reduced to its Snowball stem, and a query word
matches any indexed word that starts with its stem. "eenzaam" then finds
"eenzaamheid" and "maaltijden" finds "maaltijd"; compounds are found by
their first part ("schuld" finds "schuldhulp"). Pure: no Django."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_stemmer = snowballstemmer.stemmer("dutch")

# Words too common to narrow a search.
STOPWORDS = frozenset(
    "de het een en van in op voor met bij aan te om tot uit over als of "
    "is zijn mijn je jouw u uw ik we wij hulp mensen".split()
)


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    return _WORD.findall(_plain(text))


def index_text(*parts: str) -> str:
    """The stored search text: stems separated by spaces, with a leading and
    trailing space so a query can anchor on a word start with ' stem'."""
    stems = dict.fromkeys(stem(w) for part in parts for w in words(part))
    return " " + " ".join(stems) + " "


def query_stems(query: str) -> list[str]:
    """The stems a query must all match; stopwords are dropped unless the
    query has nothing else."""
    found = words(query)
    meaningful = [w for w in found if w not in STOPWORDS] or found
    return list(dict.fromkeys(stem(w) for w in meaningful))
