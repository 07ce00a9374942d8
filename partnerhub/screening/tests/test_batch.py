from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from partnerhub.screening import batch, services
from partnerhub.screening.models import BatchScreening

GOOD = "name,country,registration_number,aliases\nAbzar Boresh Kaveh Co,IR,,BK Co\nRift Valley Haulage Ltd,KE,C.123,\n"


def test_parse_keeps_bad_rows_with_their_line_numbers():
    rows = batch.parse_input('name,country\nAcme,KE\n,KE\nBeta,Kenya\n"Gamma",KE,extra\n')
    assert [(r.line, r.problem) for r in rows] == [
        (2, ""),
        (3, "the name is empty"),
        (4, "country 'KENYA' is not an ISO alpha-2 code"),
        (5, "expected 2 values, found 3"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("country\nKE\n", "no 'name' column"),
        ("name,colour\nAcme,blue\n", "Unknown column"),
        ("name\n", "no rows"),
        ("name\nA\x00B\n", "NUL"),
    ],
)
def test_unreadable_files_are_refused(text, message):
    with pytest.raises(batch.BatchFormatError, match=message):
        batch.parse_input(text)


def test_output_has_one_row_per_input_row_in_order(un_new):
    from partnerhub.screening.engine import current_matcher

    rows = batch.parse_input(GOOD + ",KE,,\n")
    out = io.StringIO()
    counts = batch.screen_rows(rows, current_matcher(), out)
    result = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["line"] for r in result] == ["2", "3", "4"]
    assert result[0]["status"] in {"match", "potential_match"}
    assert result[0]["list_ref"] == "IRe.002"
    assert result[0]["explanation"]
    assert result[1]["status"] == "clear"
    assert result[2]["status"] == "error"
    assert sum(counts.values()) == 3


def test_command(un_new, tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "out.csv"
    call_command("screen", str(source), "--output", str(target))
    result = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(result) == 2
    assert set(batch.OUTPUT_COLUMNS) <= set(result[0])
    with pytest.raises(CommandError, match="no 'name' column"):
        bad = tmp_path / "bad.csv"
        bad.write_text("company\nAcme\n", encoding="utf-8")
        call_command("screen", str(bad), "--output", str(target))


def test_command_needs_a_list(db, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="No sanctions list"):
        call_command("screen", str(source), "--output", str(tmp_path / "o.csv"))


def test_batch_service_runs_in_the_background(
    un_new, screening_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record = services.batch_create(file_name="partners.csv", text=GOOD, actor=screening_officer)
    assert len(callbacks) == 1
    assert record.status == BatchScreening.Status.QUEUED
    services.batch_run(batch_id=record.pk)
    record.refresh_from_db()
    assert record.status == BatchScreening.Status.DONE
    assert record.percent == 100
    assert record.output_csv.count("\n") == 3


def test_batch_denied_to_companies(un_new, company_rep):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.batch_create(file_name="x.csv", text=GOOD, actor=company_rep)


def test_output_cannot_smuggle_spreadsheet_formulas(un_new):
    from partnerhub.screening.engine import current_matcher

    rows = batch.parse_input('name\n"=HYPERLINK(""http://evil.example"",""x"")"\n@SUM(1+1)\n')
    out = io.StringIO()
    batch.screen_rows(rows, current_matcher(), out)
    names = [r["name"] for r in csv.DictReader(io.StringIO(out.getvalue()))]
    assert names == ['\'=HYPERLINK("http://evil.example","x")', "'@SUM(1+1)"]
