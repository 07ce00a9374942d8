"""The coordinator edits the draft: subject and introduction, items removed, moved, added;
previews; nothing changes once the issue is sent."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnerhub.core.models import AuditEvent
from partnerhub.newsletter import services
from partnerhub.newsletter.models import Issue

pytestmark = pytest.mark.django_db


def titles(issue, key="partnerships"):
    issue.refresh_from_db()
    return [i["title"] for s in issue.sections if s["key"] == key for i in s["items"]]


def item_id(issue, title):
    return next(i["id"] for s in issue.sections for i in s["items"] if i["title"] == title)


@pytest.fixture
def coordinator_client(as_role):
    return as_role("coordinator")[1]


def test_the_page_shows_the_draft(coordinator_client, draft):
    response = coordinator_client.get(draft.get_manage_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trucks for the Sahel" in page and "New partnerships" in page
    assert page.count("<h1") == 1


def test_editing_subject_and_introduction(coordinator_client, draft):
    response = coordinator_client.post(
        reverse("newsletter:manage_issue_text", args=[draft.pk]),
        {"subject": "  Autumn   news ", "introduction": "Dear readers,\n\nhello."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.subject, draft.introduction) == ("Autumn news", "Dear readers,\n\nhello.")
    event = AuditEvent.objects.get(verb="newsletter.issue_edited")
    assert event.details["fields"] == ["subject", "introduction"]


def test_an_empty_subject_is_a_form_error(coordinator_client, draft):
    response = coordinator_client.post(
        reverse("newsletter:manage_issue_text", args=[draft.pk]),
        {"subject": " ", "introduction": ""},
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.subject.startswith("partnerhub")


def test_moving_and_removing_items(coordinator_client, draft):
    url = reverse("newsletter:manage_item", args=[draft.pk])
    cold = item_id(draft, "Cold chain in Kenya")
    assert coordinator_client.post(url, {"item": cold, "action": "up"}).status_code == 302
    assert titles(draft) == ["Cold chain in Kenya", "Trucks for the Sahel"]
    coordinator_client.post(url, {"item": cold, "action": "down"})
    assert titles(draft) == ["Trucks for the Sahel", "Cold chain in Kenya"]
    coordinator_client.post(url, {"item": cold, "action": "remove"})
    assert titles(draft) == ["Trucks for the Sahel"]
    gone = coordinator_client.post(url, {"item": cold, "action": "remove"}, follow=True)
    assert "no longer in the issue" in gone.content.decode()
    assert coordinator_client.post(url, {"item": cold, "action": "explode"}).status_code == 400


def test_adding_a_free_item(coordinator_client, draft):
    url = reverse("newsletter:manage_item_add", args=[draft.pk])
    response = coordinator_client.post(
        url,
        {
            "section": "news",
            "title": "Global Compact week",
            "summary": "Join us.",
            "url": "https://unglobalcompact.org/",
        },
    )
    assert response.status_code == 302
    assert titles(draft, "news") == ["Global Compact week"]
    bad = coordinator_client.post(
        url, {"section": "news", "title": "Bad", "url": "javascript:alert(1)"}
    )
    assert bad.status_code == 400
    assert "https://" in bad.content.decode()
    assert titles(draft, "news") == ["Global Compact week"]


def test_adding_to_a_section_the_draft_lacks(coordinator, draft):
    draft.sections = [s for s in draft.sections if s["key"] != "events"]
    draft.save()
    services.issue_item_add(
        issue=draft, actor=coordinator, section="events", title="Forum", summary="", url="/events/"
    )
    assert titles(draft, "events") == ["Forum"]


def test_previews_in_html_and_plain_text(coordinator_client, draft):
    url = reverse("newsletter:manage_preview", args=[draft.pk])
    html = coordinator_client.get(url, {"format": "html", "language": "ar"})
    assert html.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html.content.decode()
    text = coordinator_client.get(url, {"format": "text", "language": "klingon"})
    assert text["Content-Type"].startswith("text/plain")
    body = text.content.decode()
    assert "Trucks for the Sahel" in body and "http://" in body and "<a " not in body


def test_a_sent_issue_is_frozen(coordinator, coordinator_client, draft):
    Issue.objects.filter(pk=draft.pk).update(status=Issue.Status.SENT)
    with pytest.raises(ValidationError):
        services.issue_update_text(issue=draft, actor=coordinator, subject="Late", introduction="")
    with pytest.raises(ValidationError):
        services.issue_item_remove(
            issue=draft, actor=coordinator, item_id=item_id(draft, "Trucks for the Sahel")
        )
    coordinator_client.post(
        reverse("newsletter:manage_issue_text", args=[draft.pk]),
        {"subject": "Late", "introduction": ""},
    )
    draft.refresh_from_db()
    assert draft.subject != "Late"
    page = coordinator_client.get(draft.get_manage_url()).content.decode()
    assert reverse("newsletter:manage_item_add", args=[draft.pk]) not in page


@pytest.mark.parametrize("role", ["focal_point", "company_rep", "plain_user"])
def test_others_may_not_edit(request, role, draft):
    with pytest.raises(PermissionDenied):
        services.issue_update_text(
            issue=draft, actor=request.getfixturevalue(role), subject="Hacked", introduction=""
        )
