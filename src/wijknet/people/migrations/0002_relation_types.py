from django.db import migrations

RELATION_TYPES = [
    ("head", "hoofdbewoner", 1),
    ("partner", "partner", 2),
    ("child", "kind", 3),
    ("foster_child", "pleegkind", 4),
    ("parent", "ouder", 5),
    ("sibling", "broer of zus", 6),
    ("other_relative", "ander familielid", 7),
    ("housemate", "huisgenoot", 8),
]


def load(apps, schema_editor):
    RelationType = apps.get_model("people", "RelationType")
    for code, label, order in RELATION_TYPES:
        RelationType.objects.update_or_create(code=code, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
