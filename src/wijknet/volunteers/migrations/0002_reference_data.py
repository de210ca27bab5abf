"""Interests and competences to match on; editable in /beheer/."""

from django.db import migrations

INTERESTS = [
    ("wandelen", "wandelen"),
    ("fietsen", "fietsen"),
    ("koken", "koken en samen eten"),
    ("tuinieren", "tuinieren"),
    ("muziek", "muziek"),
    ("lezen", "lezen"),
    ("spelletjes", "spelletjes en kaarten"),
    ("sport", "sport"),
    ("handwerken", "handwerken"),
    ("natuur", "natuur en dieren"),
    ("cultuur", "musea en cultuur"),
    ("koffie", "koffiedrinken en praten"),
    ("computer", "computer en telefoon"),
    ("geloof", "geloof en zingeving"),
    ("klussen", "klussen"),
]

COMPETENCES = [
    ("luisteren", "goed luisteren"),
    ("administratie", "administratie en geldzaken"),
    ("taal", "taalles en oefenen"),
    ("vervoer", "rijbewijs en auto"),
    ("klussen", "klussen in huis"),
    ("digitaal", "digitale vaardigheden"),
    ("dementie", "ervaring met dementie"),
    ("ggz", "ervaring met psychische kwetsbaarheid"),
    ("jongeren", "werken met jongeren"),
    ("opvoeding", "opvoedondersteuning"),
]


def load(apps, schema_editor):
    Interest = apps.get_model("volunteers", "Interest")
    Competence = apps.get_model("volunteers", "Competence")
    for code, name in INTERESTS:
        Interest.objects.update_or_create(code=code, defaults={"name": name})
    for code, name in COMPETENCES:
        Competence.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
