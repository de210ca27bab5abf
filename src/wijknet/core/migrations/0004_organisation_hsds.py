"""Organisations get an Open Referral (HSDS) identifier and the contact
fields HSDS exchanges. Existing rows each get their own identifier."""

import uuid

from django.db import migrations, models


def give_identifiers(apps, schema_editor):
    Organisation = apps.get_model("core", "Organisation")
    for organisation in Organisation.objects.filter(hsds_id__isnull=True):
        organisation.hsds_id = uuid.uuid4()
        organisation.save(update_fields=["hsds_id"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_holiday_and_signal_purpose")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="hsds_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_identifiers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="hsds_id",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
        migrations.AddField(
            model_name="organisation",
            name="description",
            field=models.TextField(blank=True, max_length=2000, verbose_name="omschrijving"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="website",
            field=models.URLField(blank=True, verbose_name="website"),
        ),
    ]
