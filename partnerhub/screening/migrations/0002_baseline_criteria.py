import json
from pathlib import Path

from django.db import migrations

BASELINE = Path(__file__).resolve().parent.parent / "data" / "criteria_baseline.json"


def load(apps, schema_editor):
    profile_model = apps.get_model("screening", "CriteriaProfile")
    if profile_model.objects.filter(un_entity__isnull=True).exists():
        return
    document = json.loads(BASELINE.read_text(encoding="utf-8"))
    profile_model.objects.create(
        un_entity=None,
        version=1,
        criteria=document,
        note="Initial baseline shipped with partnerhub.",
        is_current=True,
    )


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
