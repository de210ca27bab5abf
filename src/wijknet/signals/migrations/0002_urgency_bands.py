"""Default urgency bands (seed 002:3990-4003). The source leaves 5 and 6
undefined; Wijknet's default asks for consultation in the multidisciplinary
team there, as the text does when a professional cannot judge (002:3944)."""

from django.db import migrations

BANDS = [
    # code, label, min, max, signal action, reporter action, feedback, spoedberaad, days
    ("low", "laag", 0, 4, "Geen actie op de melding",
     "Informatie, advies en ondersteuning (IAO)", False, False, 10),
    ("consult", "overleg", 5, 6, "Overleggen in het multidisciplinaire team",
     "Informatie, advies en ondersteuning (IAO)", False, False, 5),
    ("active", "hoog", 7, 9,
     "Actief toewerken naar professionele dienstverlening; check op aanwezige hulp",
     "IAO en terugkoppeling van de actie", True, False, 2),
    ("crisis", "crisis", 10, 10, "Acute hulp / crisismelding",
     "IAO en terugkoppeling van de actie", True, True, 0),
]


def load(apps, schema_editor):
    UrgencyBand = apps.get_model("signals", "UrgencyBand")
    for code, label, low, high, signal_action, reporter_action, feedback, urgent, days in BANDS:
        UrgencyBand.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "min_score": low,
                "max_score": high,
                "signal_action": signal_action,
                "reporter_action": reporter_action,
                "feedback_required": feedback,
                "urgent_consultation": urgent,
                "deadline_working_days": days,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("signals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
