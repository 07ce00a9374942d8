"""The open data of the demo (partnerhub.core.demo.load_demo): loading it takes tens of
seconds, so one test loads it and checks every output against it."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from partnerhub.core.demo import load_demo
from partnerhub.opendata import iati
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.selectors import public_partnerships

pytestmark = pytest.mark.django_db


def test_the_demo_exports_validate_and_keep_hidden_partnerships_out(client):
    load_demo()
    public = set(public_partnerships().values_list("pk", flat=True))
    hidden = Partnership.objects.exclude(pk__in=public)
    assert len(public) >= 5
    assert hidden.filter(confidentiality=Partnership.Confidentiality.UN_ONLY).exists()
    assert hidden.filter(status=Partnership.Status.DRAFT).exists()
    assert hidden.filter(status=Partnership.Status.PROPOSED).exists()

    response = client.get("/open-data/iati/activities.xml")
    assert response.status_code == 200
    assert iati.schema_errors(response.content) == []
    assert iati.codelist_errors(response.content) == []
    tree = etree.fromstring(response.content)
    numbers = {int(i.rsplit("-PH-", 1)[1]) for i in tree.xpath("//iati-identifier/text()")}
    assert numbers == public
    # The demo's KPIs and contributions reach the file.
    assert tree.xpath("//result/indicator/period")
    assert tree.xpath("//transaction/transaction-type[@code='11']")

    data = json.loads(b"".join(client.get("/open-data/partnerships.json").streaming_content))
    assert {record["id"] for record in data["results"]} == public
    hidden_titles = set(hidden.values_list("title", flat=True))
    for slug in ("partnerships", "needs", "entities", "lessons"):
        for extension in ("csv", "json"):
            response = client.get(f"/open-data/{slug}.{extension}")
            assert response.status_code == 200
            text = b"".join(response.streaming_content).decode()
            leaked = [title for title in hidden_titles if title in text]
            assert leaked == [], (slug, extension, leaked)
    needs = json.loads(b"".join(client.get("/open-data/needs.json").streaming_content))
    assert needs["count"] > 0
    entities = json.loads(b"".join(client.get("/open-data/entities.json").streaming_content))
    assert entities["count"] >= 169

    for entity in ("wfp", "undp"):
        response = client.get(f"/open-data/iati/activities.xml?entity={entity}")
        assert iati.schema_errors(response.content) == []
        references = set(etree.fromstring(response.content).xpath("//reporting-org/@ref"))
        assert len(references) == 1
