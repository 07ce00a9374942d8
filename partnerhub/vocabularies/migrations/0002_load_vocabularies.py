from django.db import migrations


def load(apps, schema_editor):
    from partnerhub.vocabularies.services import vocabularies_sync

    vocabularies_sync(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("vocabularies", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
