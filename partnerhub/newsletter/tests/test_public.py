"""The public side: the archive with the subscribe form, each sent issue, the Atom feed."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerhub.newsletter.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db

ARCHIVE = reverse("newsletter:archive")
FEED = reverse("newsletter:feed")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def issues():
    return {
        "sent": IssueFactory(
            quarter="2026-Q2",
            slug="2026-q2",
            subject="Spring news",
            status="sent",
            sent_at=timezone.make_aware(datetime.datetime(2026, 7, 2, 9)),
        ),
        "partly": IssueFactory(
            quarter="2026-Q3",
            slug="2026-q3",
            subject="Summer news",
            status="failed_partly",
            sent_at=timezone.make_aware(datetime.datetime(2026, 10, 2, 9)),
        ),
        "draft": IssueFactory(quarter="2026-Q4", slug="2026-q4", subject="Draft news"),
        "sending": IssueFactory(
            quarter="2027-Q1",
            slug="2027-q1",
            subject="Sending news",
            status="sending",
            sent_at=timezone.make_aware(datetime.datetime(2027, 1, 3, 9)),
        ),
    }


def test_the_archive_lists_sent_issues_with_the_subscribe_form(client, issues):
    response = client.get(ARCHIVE)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Summer news") < page.index("Spring news")
    assert "Draft news" not in page
    assert "Sending news" in page  # its e-mails, already out, link to it
    assert 'action="/newsletter/subscribe/"' in page
    assert 'type="application/atom+xml"' in page
    assert page.count("<h1") == 1


def test_an_empty_archive_says_so(client):
    assert "No issue has been sent yet" in client.get(ARCHIVE).content.decode()


def test_the_archive_renders_right_to_left_in_arabic(client, issues):
    response = client.get(ARCHIVE, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert b'lang="ar" dir="rtl"' in response.content
    assert b"bootstrap.rtl.min.css" in response.content


def test_a_sent_issue_has_a_web_version(client, issues):
    response = client.get(issues["sent"].get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Spring news" in page and "Trucks for the Sahel" in page and "New partnerships" in page
    assert 'href="http://' in page or 'href="https://' in page


@pytest.mark.parametrize("slug", ["2026-q4", "nothing", "manage-x"])
def test_unsent_or_unknown_issues_are_404(client, issues, slug):
    assert client.get(reverse("newsletter:issue", args=[slug])).status_code == 404


def test_the_feed_is_atom(client, issues):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Sending news",
        "Summer news",
        "Spring news",
    ]
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("http") and "/newsletter/20" in link
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}summary").text


def test_an_empty_feed_is_still_atom(client):
    root = ET.fromstring(client.get(FEED).content)  # noqa: S314 (our own feed)
    assert root.tag == f"{ATOM}feed" and root.findall(f"{ATOM}entry") == []


@pytest.mark.parametrize("rows", [1, 50])
def test_archive_query_count(client, rows, django_assert_max_num_queries, settings):
    settings.PAGE_SIZE = 100
    for n in range(rows):
        IssueFactory(
            status="sent", sent_at=timezone.now(), quarter=f"{1950 + n}-Q1", slug=f"{1950 + n}-q1"
        )
    with django_assert_max_num_queries(6):
        response = client.get(ARCHIVE)
    assert len(response.context["page_obj"].object_list) == rows
    with django_assert_max_num_queries(4):
        assert client.get(FEED).content.count(b"<entry>") == min(rows, 20)


def test_feed_links_point_to_the_host_it_was_read_from(client, settings):
    from partnerhub.newsletter.tests.factories import IssueFactory

    settings.ALLOWED_HOSTS = ["hub.example.org", "testserver"]
    IssueFactory(status="sent", sent_at=timezone.now())
    body = client.get("/newsletter/feed.atom", HTTP_HOST="hub.example.org").content.decode()
    assert 'href="http://hub.example.org/newsletter/' in body
