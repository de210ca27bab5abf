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

# Words that do not narrow a search, dropped so that a resident's own
# phrasing ("ik voel me eenzaam", "eenzaamheid bij mij in de buurt") finds
# what its content words find. Whole words only: "buurt" is dropped,
# "buurthuis" is not. Only ever dropped from a query, never from the index,
# and a query of nothing else keeps them (query_stems). Pure Python before
# the database is asked, so the same on SQLite and PostgreSQL.
STOPWORDS = frozenset(
    # articles, pronouns and possessives
    "de het een t n ik me mij mijn m mezelf jij je jou jouw jezelf u uw uzelf "
    "hij hem zij ze haar wij we ons onze jullie hun hen zich zelf men iemand "
    "iets niemand niets alles iedereen "
    # prepositions, conjunctions and question words
    "aan achter bij binnen buiten door in na naar naast nabij om onder op over "
    "per rond rondom te tegen tot tussen uit van via voor zonder en of maar want "
    "dus omdat als dan dat die dit deze wie wat waar wanneer hoe welk welke "
    "waarom waarmee waarvoor "
    # forms of the auxiliaries, and the verbs of asking for something
    "ben bent is zijn was waren wordt word worden heb hebt heeft hebben had "
    "kan kun kunt kunnen wil wilt willen moet moeten mag mogen zou zouden ga "
    "gaat gaan doe doet doen zoek zoekt zoeken voel voelt voelen vind vindt "
    "vinden krijg krijgt krijgen nodig graag "
    # particles and degree words
    "er hier daar nu nog al ook wel niet geen erg heel zeer zo zoveel veel "
    "meer vaak soms beetje even eens toch echt "
    # where: the postcode and the neighbourhood filter say that better
    "buurt buurtje wijk omgeving dichtbij dichterbij dicht "
    # asking for help is what every search does
    "hulp help mensen".split()
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
