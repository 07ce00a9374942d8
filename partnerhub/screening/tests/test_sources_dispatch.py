"""Choosing the parser for a list file (partnerhub.screening.sources.parse): no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerhub.screening.records import Source, SourceFormatError
from partnerhub.screening.sources import detect_format, parse

HERE = Path(__file__).resolve().parent
UN_FILE = HERE.parent / "data" / "un_sc_consolidated_2026-05-08.xml"
OFAC_FILE = HERE / "fixtures" / "ofac_sdn_excerpt.csv"
COMBINED_FILE = HERE / "fixtures" / "combined_excerpt.json"


def test_each_format_is_recognised():
    assert detect_format(UN_FILE.read_bytes()) is Source.UN
    assert detect_format(OFAC_FILE.read_bytes()) is Source.OFAC
    assert detect_format(COMBINED_FILE.read_bytes()) is Source.EU
    assert detect_format(b"\xef\xbb\xbf  " + UN_FILE.read_bytes()[:4096]) is Source.UN


def test_unknown_bytes_are_not_recognised():
    assert detect_format(b"") is None
    assert detect_format(b"<html><body>Maintenance</body></html>") is None
    assert detect_format(b"name,country\nACME,KE\n") is None


def test_parse_uses_the_parser_of_the_chosen_list():
    assert len(parse(Source.UN, UN_FILE.read_bytes()).entries) == 1_009
    ofac = parse("ofac", OFAC_FILE.read_bytes(), generated_at="2024-05-03")
    assert (ofac.source, ofac.generated_at, len(ofac.entries)) == (Source.OFAC, "2024-05-03", 67)
    combined = parse("EU", COMBINED_FILE.read_bytes(), generated_at="ignored")
    assert (combined.source, combined.generated_at) == (Source.EU, "2026-01-28T06:31:48.762424Z")


def test_a_file_of_another_list_is_refused_by_name():
    with pytest.raises(SourceFormatError) as raised:
        parse("ofac", UN_FILE.read_bytes())
    assert str(raised.value) == (
        "This file is the UN Consolidated List (XML), not the OFAC SDN list (CSV) that was chosen."
    )


def test_an_unknown_list_is_refused():
    with pytest.raises(SourceFormatError, match="Unknown list 'eu-fsf'; expected one of"):
        parse("eu-fsf", b"<x/>")
