"""The coordinator's newsletter page: issues with their delivery counts, the assemble form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnerhub.newsletter.models import Delivery
from partnerhub.newsletter.tests.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("newsletter:manage")


def test_it_lists_issues_with_their_counts(as_role):
    issue = IssueFactory(status="failed_partly", subject="Summer news")
    for status in ("sent", "sent", "failed"):
        Delivery.objects.create(issue=issue, email="x@example.org", language="en", status=status)
    IssueFactory(subject="Autumn draft")
    SubscriberFactory()
    _user, client = as_role("coordinator")
    response = client.get(INDEX)
    assert response.status_code == 200
    rows = {i.subject: (i.delivered, i.failed) for i in response.context["page_obj"]}
    assert rows == {"Summer news": (2, 1), "Autumn draft": (0, 0)}
    page = response.content.decode()
    assert "1 confirmed subscriber receives the next issue" in page
    assert reverse("newsletter:manage_assemble") in page


def test_an_empty_page_invites_to_assemble(as_role):
    _user, client = as_role("coordinator")
    assert "No issue yet" in client.get(INDEX).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_query_count(as_role, rows, django_assert_max_num_queries, settings):
    settings.PAGE_SIZE = 100
    for n in range(rows):
        IssueFactory(quarter=f"{1950 + n}-Q1", slug=f"{1950 + n}-q1")
    _user, client = as_role("coordinator")
    client.get(INDEX)
    with django_assert_max_num_queries(10):
        assert len(client.get(INDEX).context["page_obj"].object_list) == rows
