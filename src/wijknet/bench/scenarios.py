"""What the bench measures: the scenarios, who runs each one, the targets
the report holds them to, and the searches residents make on the social
map. Constants only, so every other bench module can import them."""

SCENARIOS = (
    "person_search",
    "household_page",
    "home_page",
    "signal_queue",
    "map_search",
    "caseload",
    "case_page",
    "case_plan",
    "assessor_queue",
    "volunteer_match",
    "request_page",
    "network_page",
)
# The support trajectory's pages, with a target of their own.
CASE_SCENARIOS = ("caseload", "case_page", "case_plan", "assessor_queue")
# The social-map searches measured on PostgreSQL: the public page, the
# selector behind it, and a naive icontains search with the same filters.
MAP_SCENARIOS = ("map_search", "map_selector", "map_naive")
ALL_SCENARIOS = (*SCENARIOS, *MAP_SCENARIOS[1:])
# Who each scenario runs as (None: nobody logged in); the rest run as the
# demo professional.
SCENARIO_USERS = {
    "signal_queue": "meldpunt",
    "assessor_queue": "consulent",
    "map_search": None,
    "map_selector": None,
    "map_naive": None,
}
QUEUE_TARGET_P95_MS = 100
CASE_TARGET_P95_MS = 100  # every case page at scale l
CASE_TARGET_RATIO = 1.5  # l/s of the p95
# The support system around a person: the candidate list over the whole pool
# (about 40,000 volunteers at scale l), as a function and as the request
# page that shows it, and the network map of a person.
SUPPORT_SCENARIOS = ("volunteer_match", "request_page", "network_page")
SUPPORT_TARGET_P95_MS = {"volunteer_match": 200, "request_page": 200, "network_page": 100}
# Measured again on PostgreSQL, the production database.
POSTGRES_SCENARIOS = (*MAP_SCENARIOS, *SUPPORT_SCENARIOS)
MAP_TARGET_P95_MS = 50  # public search at scale l, on PostgreSQL, with filters
MAP_TARGET_RATIO = 1.5  # l/s of the p95

# What residents search for: (words, filters, near a postcode?).
FIRST_BUURT = "first buurt"  # resolved by map_queries to a neighbourhood code
MAP_QUERIES = (
    ("eenzaam", {}, False),
    ("maaltijden", {}, True),
    ("schulden", {"life_domain": "financien"}, False),
    ("mantelzorg", {"target_group": "mantelzorgers", "cost": "free"}, False),
    ("koffie", {"day": "TU"}, True),
    ("vervoer", {"target_group": "ouderen"}, False),
    ("taalcafé", {}, False),
    ("klussen", {}, True),
    ("dagbesteding", {"ladder_level": "collective"}, False),
    ("opvoeden", {"life_domain": "opvoeden"}, True),
    ("huishoudelijke hulp", {"ladder_level": "individual"}, False),
    ("wandelen", {"cost": "free"}, True),
    ("formulieren invullen", {}, False),
    ("eenzaamheid ouderen", {}, True),
    ("", {"life_domain": "sociale-contacten"}, True),
    ("voedselbank", {"target_group": "laag-inkomen"}, False),
    # A typo: on PostgreSQL the pg_trgm fallback answers it.
    ("eenzamheid", {}, False),
    # A neighbourhood (the first by code, a buurt) and "open now".
    ("koffie", {"neighbourhood": FIRST_BUURT}, False),
    ("", {"open_now": "on", "life_domain": "sociale-contacten"}, False),
)
