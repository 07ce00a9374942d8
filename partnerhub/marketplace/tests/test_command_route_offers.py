from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnerhub.marketplace.models import RoutingProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def profiles(entity, other_entity):
    entity.mandate = "Food assistance in emergencies; logistics, trucks and warehouses."
    entity.save()
    entity.sdgs.set([2])
    entity.countries.set(["KE"])
    other_entity.mandate = "Protection of refugees: shelter, tents, asylum and resettlement."
    other_entity.save()
    other_entity.sdgs.set([16])
    return entity, other_entity


def run(*args):
    out = StringIO()
    call_command("route_offers", *[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_routes_each_offer_with_reasons(profiles, tmp_path):
    source = write(
        tmp_path / "offers.csv",
        "id,text,country\n"
        "A1,Trucks and warehouses for emergency food,Kenya\n"
        'A2,"Tents and shelter kits for refugees, with transport",\n'
        "A3,Quantum chromodynamics lectures,KE\n",
    )
    output = tmp_path / "routes.csv"
    summary = run(source, "--output", output)
    rows = {r["id"]: r for r in read(output)}
    assert list(rows) == ["A1", "A2", "A3"]
    assert rows["A1"]["entities"].split(";")[0] == "WFP"
    assert rows["A1"]["reasons"].startswith("WFP: ")
    assert rows["A2"]["entities"].split(";")[0] == "UNHCR"
    assert rows["A3"]["entities"] == ""
    assert "Routed 2 of 3 offers" in summary
    assert "1 offer(s) fit no entity" in summary


def test_limit_and_bom(profiles, tmp_path):
    source = write(tmp_path / "offers.csv", "\ufeffid,text\nA1,Food trucks and refugee shelter\n")
    output = tmp_path / "routes.csv"
    run(source, "--output", output, "--limit", "1")
    (row,) = read(output)
    assert row["id"] == "A1"
    assert len(row["entities"].split(";")) == 1
    assert " | " not in row["reasons"]


def test_several_entities_are_separated(profiles, tmp_path):
    source = write(tmp_path / "offers.csv", "id,text\nA1,Food trucks and refugee shelter\n")
    output = tmp_path / "routes.csv"
    run(source, "--output", output)
    (row,) = read(output)
    assert set(row["entities"].split(";")) == {"WFP", "UNHCR"}
    assert row["reasons"].count(" | ") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,text\nA1,Food\n", "lacks the column(s) id"),
        ("id,description\nA1,Food\n", "lacks the column(s) text"),
        ("", "lacks the column(s) id, text"),
        ("id,text\n", "has no offers"),
        ("id,text\nA1,Food\n ,Trucks\n", "Line 3: the id is empty."),
        ("id,text\nA1,Food\nA1,Trucks\n", "Line 3: the id 'A1' appears twice."),
        ("id,text\nA1,\n", "Line 2 (id A1): the text is empty."),
        ("id,text,country\nA1,Food,Narnia\n", "Line 2 (id A1): unknown country 'Narnia'"),
        ("id,text,country\nA1,Food,ZZ\n", "unknown country 'ZZ'"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(profiles, tmp_path, content, message):
    source = write(tmp_path / "offers.csv", content)
    output = tmp_path / "routes.csv"
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(source, "--output", output)
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["offers.csv"]


def test_an_undecodable_file_is_refused(profiles, tmp_path):
    source = write(tmp_path / "offers.csv", "id,text\nA1,Caf\xe9 supplies\n", encoding="latin-1")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run(source, "--output", tmp_path / "routes.csv")


def test_a_missing_file_is_refused(profiles, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "nope.csv", "--output", tmp_path / "routes.csv")


def test_a_missing_output_folder_is_refused(profiles, tmp_path):
    source = write(tmp_path / "offers.csv", "id,text\nA1,Food\n")
    with pytest.raises(CommandError, match="does not exist"):
        run(source, "--output", tmp_path / "missing" / "routes.csv")


def test_the_input_is_not_overwritten(profiles, tmp_path):
    source = write(tmp_path / "offers.csv", "id,text\nA1,Food\n")
    with pytest.raises(CommandError, match="must not be the input"):
        run(source, "--output", source)


@pytest.mark.parametrize("limit", ["0", "21"])
def test_a_bad_limit_is_refused(profiles, tmp_path, limit):
    source = write(tmp_path / "offers.csv", "id,text\nA1,Food\n")
    with pytest.raises(CommandError, match="--limit must be between 1 and 20"):
        run(source, "--output", tmp_path / "routes.csv", "--limit", limit)


def test_an_existing_output_survives_a_failure(profiles, tmp_path):
    output = write(tmp_path / "routes.csv", "previous run\n")
    source = write(tmp_path / "offers.csv", "id,text\n,Food\n")
    with pytest.raises(CommandError):
        run(source, "--output", output)
    assert output.read_text() == "previous run\n"


def test_without_entities_it_says_how_to_load_them(db, tmp_path):
    source = write(tmp_path / "offers.csv", "id,text\nA1,Food\n")
    with pytest.raises(CommandError, match="import_entities"):
        run(source, "--output", tmp_path / "routes.csv")


def test_without_entities_taking_offers_it_says_so(entity, tmp_path):
    RoutingProfile.objects.create(entity=entity, accepts_offers=False)
    source = write(tmp_path / "offers.csv", "id,text\nA1,Food\n")
    with pytest.raises(CommandError, match="No UN entity receives routed offers"):
        run(source, "--output", tmp_path / "routes.csv")
