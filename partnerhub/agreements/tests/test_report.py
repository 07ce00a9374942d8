"""time_to_signature_report: days from first draft to signature, per kind and lead entity,
against figures worked out by hand; and the page with its CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerhub.agreements.models import Agreement
from partnerhub.agreements.selectors import percentile, time_to_signature_report
from partnerhub.agreements.tests.factories import (
    AgreementFactory,
    SignedAgreementFactory,
    template_of,
)
from partnerhub.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

DRAFTED = datetime.date(2026, 1, 1)


def _signed(entity, kind, days, sent_days_before=None):
    agreement = SignedAgreementFactory(
        partnership=PartnershipFactory(lead_entity=entity, status="active"),
        template=template_of(kind),
        signed_on=DRAFTED + datetime.timedelta(days=days),
        sent_on=DRAFTED + datetime.timedelta(days=days - sent_days_before)
        if sent_days_before is not None
        else None,
    )
    drafted = timezone.make_aware(datetime.datetime.combine(DRAFTED, datetime.time(12)))
    Agreement.objects.filter(pk=agreement.pk).update(created_at=drafted)
    return agreement


@pytest.fixture
def signed(entity, other_entity):
    # WFP: MoUs in 10, 20, 30 and 100 days; a financial agreement in 40.
    # UNHCR: an MoU in 60 days.
    for days, sent in ((10, 5), (20, 5), (30, 10), (100, 20)):
        _signed(entity, "mou", days, sent)
    _signed(entity, "financial", 40, None)
    _signed(other_entity, "mou", 60, 30)
    AgreementFactory(partnership=PartnershipFactory(lead_entity=entity, status="agreement"))


def test_figures_by_kind(signed):
    report = time_to_signature_report()
    mou, financial = report.by_template
    assert mou.label.startswith("Memorandum")
    # MoUs: 10, 20, 30, 60, 100 days. Median 30; nearest-rank p90: ceil(4.5) = 5th = 100.
    assert (mou.count, mou.median_days, mou.p90_days) == (5, 30, 100)
    # Sent to signed: 5, 5, 10, 20, 30 -> median 10, p90 30.
    assert (mou.median_sent_days, mou.p90_sent_days) == (10, 30)
    assert (financial.count, financial.median_days, financial.p90_days) == (1, 40, 40)
    assert financial.median_sent_days is None


def test_figures_by_entity(signed):
    report = time_to_signature_report()
    unhcr, wfp = report.by_entity
    assert (unhcr.label, unhcr.count, unhcr.median_days) == ("UNHCR", 1, 60)
    # WFP: 10, 20, 30, 40, 100 -> median 30, p90 100.
    assert (wfp.label, wfp.count, wfp.median_days, wfp.p90_days) == ("WFP", 5, 30, 100)
    assert report.overall.count == 6
    # All: 10, 20, 30, 40, 60, 100 -> median 35, p90 ceil(5.4) = 6th = 100.
    assert (report.overall.median_days, report.overall.p90_days) == (35, 100)
    assert len(report.rows) == 6


def test_nearest_rank_percentile():
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([7], 0.9) == 7


def test_the_page_and_its_csv(as_role, signed):
    _user, client = as_role("focal_point")
    response = client.get(reverse("agreements:report"))
    assert response.status_code == 200
    assert "UNHCR" in response.content.decode()
    response = client.get(reverse("agreements:report"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    assert sorted(int(r["days_draft_to_signature"]) for r in rows) == [10, 20, 30, 40, 60, 100]


@pytest.mark.parametrize("role", ["company_rep", "plain_user"])
def test_the_page_is_for_un_staff(as_role, role):
    _user, client = as_role(role)
    assert client.get(reverse("agreements:report")).status_code == 403


def test_empty_report(as_role):
    _user, client = as_role("coordinator")
    assert (
        "No agreement has been signed yet"
        in client.get(reverse("agreements:report")).content.decode()
    )
