"""Refresh the translated names of partnership types, themes and resource types from terms.json.

0002 loads the current data file, so new databases already have them; this brings databases
loaded before the ar/es/fr/ru/zh names were added up to date. Idempotent; touches only `names`.
"""

from django.db import migrations


def update_names(apps, schema_editor):
    from partnerhub.vocabularies.data_files import read_terms

    terms = read_terms()
    for kind, model_name in (
        ("resource_types", "ResourceType"),
        ("partnership_types", "PartnershipType"),
        ("themes", "Theme"),
    ):
        model = apps.get_model("vocabularies", model_name)
        for term in terms[kind]:
            row = model.objects.filter(slug=term["slug"]).first()
            if row is not None and row.names != term["names"]:
                row.names = term["names"]
                row.save(update_fields=["names"])


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0002_load_vocabularies")]
    operations = [migrations.RunPython(update_names, migrations.RunPython.noop)]
