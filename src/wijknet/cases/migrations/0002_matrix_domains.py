"""The 13 domains of the public ZRM 2017 as the default, editable set."""

from django.db import migrations

DOMAINS = [
    ("financien", "financiën"),
    ("werk_opleiding", "werk & opleiding"),
    ("tijdsbesteding", "tijdsbesteding"),
    ("huisvesting", "huisvesting"),
    ("huiselijke_relaties", "huiselijke relaties"),
    ("geestelijke_gezondheid", "geestelijke gezondheid"),
    ("lichamelijke_gezondheid", "lichamelijke gezondheid"),
    ("middelengebruik", "middelengebruik"),
    ("basale_adl", "basale ADL"),
    ("instrumentele_adl", "instrumentele ADL"),
    ("sociaal_netwerk", "sociaal netwerk"),
    ("maatschappelijke_participatie", "maatschappelijke participatie"),
    ("justitie", "justitie"),
]


def load(apps, schema_editor):
    MatrixDomain = apps.get_model("cases", "MatrixDomain")
    for order, (code, name) in enumerate(DOMAINS, start=1):
        MatrixDomain.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unload(apps, schema_editor):
    apps.get_model("cases", "MatrixDomain").objects.filter(code__in=[c for c, _ in DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
