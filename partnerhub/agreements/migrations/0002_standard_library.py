"""Installs partnerhub's standard clause library and the seven standard templates (version 1,
in force) from data/clauses.json and data/templates.json. Idempotent: a clause or template
whose code or kind already has a row is left as it is, so re-running after legal officers have
edited or replaced the library changes nothing of theirs."""

from django.db import migrations

from partnerhub.agreements.library import load_clauses, load_templates


def install_standard_library(apps, schema_editor):
    Clause = apps.get_model("agreements", "Clause")
    AgreementTemplate = apps.get_model("agreements", "AgreementTemplate")
    TemplateClause = apps.get_model("agreements", "TemplateClause")

    existing_codes = set(Clause.objects.values_list("code", flat=True))
    Clause.objects.bulk_create(
        Clause(
            code=clause.code,
            version=1,
            category=clause.category,
            titles=clause.titles,
            texts=clause.texts,
            in_force=True,
        )
        for clause in load_clauses()
        if clause.code not in existing_codes
    )
    # Ordered by version, so each code maps to its latest version in force.
    clause_ids = dict(
        Clause.objects.filter(in_force=True).order_by("code", "version").values_list("code", "pk")
    )

    existing_kinds = set(AgreementTemplate.objects.values_list("kind", flat=True))
    for template in load_templates():
        if template.kind in existing_kinds:
            continue
        row = AgreementTemplate.objects.create(
            kind=template.kind,
            version=1,
            titles=template.titles,
            in_force=True,
            notes="partnerhub standard library, version 1 (data/templates.json).",
        )
        TemplateClause.objects.bulk_create(
            TemplateClause(
                template=row,
                clause_id=clause_ids[item.code],
                position=position,
                mandatory=item.mandatory,
            )
            for position, item in enumerate(template.clauses, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(install_standard_library, migrations.RunPython.noop)]
