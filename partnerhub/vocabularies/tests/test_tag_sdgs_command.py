from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(input_path, output_path):
    stdout = StringIO()
    call_command("tag_sdgs", str(input_path), "--output", str(output_path), stdout=stdout)
    return stdout.getvalue()


def read_output(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_tags_every_row_and_keeps_empty_texts(tmp_path):
    source = tmp_path / "needs.csv"
    source.write_text(
        "\ufeffid,text,owner\n"
        'n1,"Marine plastic pollution and overfishing threaten coastal fisheries",unep\n'
        "n2,,unicef\n"
        'n3,"Solar mini-grids for affordable electricity in rural villages",undp\n',
        encoding="utf-8",
    )
    output = tmp_path / "out.csv"
    summary = run(source, output)
    rows = read_output(output)
    assert [row["id"] for row in rows] == ["n1", "n2", "n3"]
    assert rows[0]["sdgs"].split(";")[0] == "14"
    assert rows[0]["evidence"].startswith('SDG 14: "')
    assert rows[1]["sdgs"] == "" and rows[1]["evidence"] == ""
    assert rows[2]["sdgs"].split(";")[0] == "7"
    assert "3 row(s)" in summary and "1 without" in summary


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="not found"):
        run(tmp_path / "absent.csv", tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_it_names_missing_columns(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("identifier,description\n1,water\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        run(source, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_it_names_the_line_with_an_empty_id(tmp_path):
    source = tmp_path / "ids.csv"
    source.write_text('id,text\na,"clean water"\n ,"schools"\n', encoding="utf-8")
    output = tmp_path / "out.csv"
    output.write_text("previous result\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 3: column id is empty"):
        run(source, output)
    assert output.read_text(encoding="utf-8") == "previous result\n"
    assert not list(tmp_path.glob(".out.csv.*"))


def test_it_refuses_a_file_that_is_not_utf8(tmp_path):
    source = tmp_path / "latin1.csv"
    source.write_bytes('id,text\n1,"Éducation"\n'.encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        run(source, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_it_refuses_a_binary_file(tmp_path):
    source = tmp_path / "data.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    with pytest.raises(CommandError):
        run(source, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_it_refuses_a_missing_output_directory(tmp_path):
    source = tmp_path / "needs.csv"
    source.write_text("id,text\n1,water\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Output directory"):
        run(source, tmp_path / "nowhere" / "out.csv")
