from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from partnerhub.core.models import AuditEvent
from partnerhub.screening.lists import import_snapshot_bytes
from partnerhub.screening.models import ListChange, ListEntry, ListImport, ListVersion

from .conftest import UN_NEW, UN_OLD


def test_first_import_creates_a_current_version(un_old):
    assert un_old.is_current
    assert un_old.entry_count == 999
    assert ListEntry.objects.filter(source="un", removed_in__isnull=True).count() == 999
    assert un_old.generated_at.date().isoformat() == "2026-01-28"
    assert len(un_old.checksum) == 64
    assert AuditEvent.objects.filter(verb="sanctions_list.imported").count() == 1


def test_update_reports_added_removed_and_amended(un_old):
    outcome = import_snapshot_bytes(source="un", data=UN_NEW.read_bytes())
    version = outcome.version
    assert outcome.status == ListImport.Status.SUCCEEDED
    assert (version.added_count, version.removed_count) == (11, 1)
    added = set(version.changes.filter(kind="added").values_list("entry__ref", flat=True))
    assert added == {"QDi.437", "QDi.438", "QDi.439", *(f"SDi.{n:03d}" for n in range(7, 15))}
    assert list(version.changes.filter(kind="removed").values_list("entry__ref", flat=True)) == [
        "QDe.137"
    ]
    assert version.amended_count == version.changes.filter(kind="amended").count() == 26
    for change in version.changes.filter(kind="amended"):
        assert change.fields, "an amended entry names the fields that changed"
    un_old.refresh_from_db()
    assert not un_old.is_current
    assert version.previous == un_old
    removed = ListEntry.objects.get(source="un", ref="QDe.137")
    assert removed.removed_in == version


def test_the_same_file_twice_is_a_no_op(un_old):
    outcome = import_snapshot_bytes(source="un", data=UN_OLD.read_bytes())
    assert outcome.status == ListImport.Status.UNCHANGED
    assert ListVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (UN_NEW.read_bytes()[: len(UN_NEW.read_bytes()) // 2], ""),
        (b"<html><body>Service unavailable</body></html>", ""),
        (
            b'<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-06-01T00:00:00Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>',
            "no entries",
        ),
    ],
)
def test_bad_files_are_refused_and_the_version_in_force_stays(un_old, data, message):
    outcome = import_snapshot_bytes(source="un", data=data)
    assert outcome.status == ListImport.Status.FAILED
    assert message.lower() in outcome.message.lower()
    assert outcome.message
    assert ListVersion.objects.get(is_current=True) == un_old
    assert ListEntry.objects.filter(removed_in__isnull=True).count() == 999


def test_an_older_file_cannot_replace_a_newer_one(un_new):
    outcome = import_snapshot_bytes(source="un", data=UN_OLD.read_bytes())
    assert outcome.status == ListImport.Status.FAILED
    assert "older list cannot replace" in outcome.message
    assert ListVersion.objects.get(is_current=True) == un_new


def test_command_imports_and_refuses(db, tmp_path, capsys):
    call_command("import_sanctions", "--source", "un", str(UN_OLD))
    assert "999 entries" in capsys.readouterr().out
    broken = tmp_path / "broken.xml"
    broken.write_bytes(UN_NEW.read_bytes()[:5000])
    with pytest.raises(CommandError, match="Refused"):
        call_command("import_sanctions", "--source", "un", str(broken))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_sanctions", "--source", "un", str(tmp_path / "missing.xml"))
    assert ListVersion.objects.count() == 1
    assert ListChange.objects.count() == 0


def test_download_fetches_the_official_un_url(db, monkeypatch, capsys):
    from partnerhub.screening.management.commands import import_sanctions

    requested = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return UN_OLD.read_bytes()

    def fake_urlopen(url, timeout):
        requested.append(url)
        return Response()

    monkeypatch.setattr(import_sanctions.urllib.request, "urlopen", fake_urlopen)
    call_command("import_sanctions", "--source", "un", "--download")
    assert requested == ["https://scsanctions.un.org/resources/xml/en/consolidated.xml"]
    assert ListVersion.objects.get().entry_count == 999
    with pytest.raises(CommandError, match="UN list only"):
        call_command("import_sanctions", "--source", "ofac", "--download")
