from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partnerhub.appraisals.models import StaffRate


def _csv(tmp_path, text):
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_it_loads_rates_with_their_source(tmp_path, admin, entity):
    path = _csv(
        tmp_path,
        "grade,daily_rate_usd,valid_from,source,entity\n"
        "P4,850,2026-01-01,Illustrative demo rate,\n"
        "g6,400.50,2026-01-01,Illustrative demo rate,wfp\n",
    )
    call_command("set_staff_rates", path, "--as", admin.email)
    rows = {(r.grade, r.entity_id): (r.daily_rate_usd, r.source) for r in StaffRate.objects.all()}
    assert rows == {
        ("P4", None): (850, "Illustrative demo rate"),
        ("G6", entity.pk): (400.5, "Illustrative demo rate"),
    }


def test_one_bad_row_saves_nothing(tmp_path, admin):
    path = _csv(
        tmp_path,
        "grade,daily_rate_usd,valid_from,source\n"
        "P4,850,2026-01-01,Illustrative\n"
        "P5,-1,2026-01-01,Illustrative\n"
        "P6,900,2026-01-01,\n",
    )
    with pytest.raises(CommandError) as raised:
        call_command("set_staff_rates", path, "--as", admin.email)
    assert "Line 3" in str(raised.value) and "Line 4" in str(raised.value)
    assert not StaffRate.objects.exists()


def test_only_managers_may_run_it(tmp_path, focal_point):
    path = _csv(tmp_path, "grade,daily_rate_usd,valid_from,source\nP4,850,2026-01-01,X\n")
    with pytest.raises(CommandError, match="Only administrators"):
        call_command("set_staff_rates", path, "--as", focal_point.email)
    assert not StaffRate.objects.exists()


def test_missing_columns_are_named(tmp_path, admin):
    path = _csv(tmp_path, "grade,rate\nP4,850\n")
    with pytest.raises(CommandError, match="daily_rate_usd, source, valid_from"):
        call_command("set_staff_rates", path, "--as", admin.email)
