"""Reference lists for the social map, and on PostgreSQL a trigram index so
that word-start search and typo tolerance (pg_trgm) use an index."""

from django.db import migrations

PERFORMANCE_FIELDS = [  # seed 001:674-694
    (1, "sociale samenhang en leefbaarheid"),
    (2, "preventieve ondersteuning van jeugdigen"),
    (3, "informatie, advies en cliëntondersteuning"),
    (4, "ondersteuning van mantelzorgers en vrijwilligers"),
    (5, "deelname aan het maatschappelijk verkeer van mensen met een beperking"),
    (6, "voorzieningen voor mensen met een beperking"),
    (7, "maatschappelijke opvang"),
    (8, "openbare geestelijke gezondheidszorg"),
    (9, "verslavingsbeleid"),
]

LIFE_DOMAINS = [
    ("wonen", "wonen"),
    ("financien", "geld en schulden"),
    ("werk-en-dagbesteding", "werk en dagbesteding"),
    ("gezondheid", "gezondheid"),
    ("zelfzorg", "zelfzorg en huishouden"),
    ("sociale-contacten", "sociale contacten en eenzaamheid"),
    ("mantelzorg", "mantelzorg"),
    ("opvoeden", "opgroeien en opvoeden"),
    ("vervoer", "vervoer en mobiliteit"),
    ("veiligheid", "veiligheid"),
    ("zingeving", "zingeving"),
]

TARGET_GROUPS = [
    ("ouderen", "ouderen"),
    ("jongeren", "jongeren"),
    ("gezinnen", "ouders en gezinnen"),
    ("mantelzorgers", "mantelzorgers"),
    ("beperking", "mensen met een beperking"),
    ("ggz", "mensen met psychische klachten"),
    ("laag-inkomen", "mensen met een laag inkomen"),
    ("nieuwkomers", "nieuwkomers"),
    ("vrijwilligers", "vrijwilligers"),
]

ACCESSIBILITY = [
    ("rolstoel", "rolstoeltoegankelijk"),
    ("invalidentoilet", "aangepast toilet"),
    ("ringleiding", "ringleiding"),
    ("lift", "lift"),
    ("parkeren", "invalidenparkeerplaats"),
    ("meertalig", "hulp in andere talen"),
    ("eenvoudige-taal", "uitleg in eenvoudige taal"),
]

TRIGRAM = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS kaart_service_search_trgm
    ON kaart_service USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS kaart_service_name_trgm
    ON kaart_service USING gin (name gin_trgm_ops);
"""


def load(apps, schema_editor):
    for model, rows in (
        ("LifeDomain", LIFE_DOMAINS),
        ("TargetGroup", TARGET_GROUPS),
        ("AccessibilityFeature", ACCESSIBILITY),
    ):
        Model = apps.get_model("kaart", model)
        for order, (code, label) in enumerate(rows):
            Model.objects.update_or_create(code=code, defaults={"label": label, "order": order})
    PerformanceField = apps.get_model("kaart", "PerformanceField")
    for number, label in PERFORMANCE_FIELDS:
        PerformanceField.objects.update_or_create(number=number, defaults={"label": label})


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGRAM, params=None)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP INDEX IF EXISTS kaart_service_search_trgm; "
            "DROP INDEX IF EXISTS kaart_service_name_trgm;",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [("kaart", "0001_initial")]
    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
