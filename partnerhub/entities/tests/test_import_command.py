"""The import_entities management command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnerhub.entities.models import UNEntity
from partnerhub.entities.tests.csv_helpers import write_chart_csv

pytestmark = pytest.mark.django_db


def test_it_imports_the_shipped_file_by_default():
    out = StringIO()
    call_command("import_entities", stdout=out)
    assert "169 created, 0 updated, 0 unchanged" in out.getvalue()
    assert UNEntity.objects.count() == 169


def test_it_reports_errors_and_fails(tmp_path):
    path = write_chart_csv(tmp_path, [{"entity": "", "entity_long": "Nameless"}])
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 1 error"):
        call_command("import_entities", "--path", str(path), stderr=err)
    assert "Row 2: the acronym (column 'entity') is empty." in err.getvalue()
    assert not UNEntity.objects.exists()
