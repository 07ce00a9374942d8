"""A quarter's issue is assembled from public data only, and a draft is only replaced on
purpose."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from partnerhub.core.models import AuditEvent
from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.tests.factories import LessonFactory
from partnerhub.marketplace.tests.factories import NeedFactory
from partnerhub.newsletter import selectors, services
from partnerhub.newsletter.models import Issue
from partnerhub.newsletter.quarters import Quarter
from partnerhub.partnerships.models import Partnership
from partnerhub.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)
IN_Q3 = datetime.date(2026, 8, 15)
BEFORE = datetime.date(2026, 5, 2)


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def titles(issue, key):
    return [i["title"] for s in issue.sections if s["key"] == key for i in s["items"]]


def activated(partnership, day, frm="agreement"):
    event = AuditEvent.objects.create(
        verb="partnership.status_changed",
        target_type=ContentType.objects.get_for_model(Partnership),
        target_id=str(partnership.pk),
        target_label=partnership.title,
        details={"from": frm, "to": "active"},
    )
    AuditEvent.objects.filter(pk=event.pk).update(created_at=at(day))


@pytest.fixture
def partnerships():
    public = {"status": "active", "confidentiality": "public_once_signed"}
    made = {
        "signed": PartnershipFactory(title="Signed in Q3", signed_on=IN_Q3, **public),
        "closed": PartnershipFactory(
            title="Signed in Q3, closed since", signed_on=IN_Q3, status="closed"
        ),
        "old": PartnershipFactory(title="Signed before", signed_on=BEFORE, **public),
        "un_only": PartnershipFactory(
            title="UN-only", signed_on=IN_Q3, status="active", confidentiality="un_only"
        ),
        "unsigned": PartnershipFactory(title="At agreement", signed_on=IN_Q3, status="agreement"),
        "draft": PartnershipFactory(title="Draft", starts_on=IN_Q3, status="draft"),
        "activated": PartnershipFactory(title="Activated in Q3", **public),
        "reactivated": PartnershipFactory(title="Reactivated in Q3", **public),
        "starting": PartnershipFactory(title="Starting in Q3", starts_on=IN_Q3, **public),
    }
    activated(made["activated"], IN_Q3)
    activated(made["reactivated"], BEFORE)
    activated(made["reactivated"], IN_Q3, frm="suspended")
    activated(made["old"], IN_Q3)  # its signature date decides, not the activation
    return made


def test_new_partnerships_are_public_ones_signed_or_activated_in_the_quarter(
    coordinator, partnerships
):
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    assert set(titles(issue, "partnerships")) == {
        "Signed in Q3",
        "Signed in Q3, closed since",
        "Activated in Q3",
        "Starting in Q3",
    }
    assert issue.status == Issue.Status.DRAFT
    assert (issue.quarter, issue.slug) == ("2026-Q3", "2026-q3")
    assert "2026-Q3" in issue.subject


def test_open_needs_are_public_and_open_newest_first(coordinator):
    NeedFactory(title="Older need", published_at=at(datetime.date(2026, 7, 1)))
    NeedFactory(title="Newer need", published_at=at(datetime.date(2026, 9, 1)))
    NeedFactory(title="UN-only need", visibility="un_only")
    NeedFactory(title="Draft need", status="draft")
    NeedFactory(title="Filled need", status="filled")
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    assert titles(issue, "needs") == ["Newer need", "Older need"]
    item = next(i for s in issue.sections if s["key"] == "needs" for i in s["items"])
    assert item["url"].startswith("/marketplace/needs/")


def test_lessons_and_tools_are_public_ones_of_the_quarter(coordinator):
    made = {
        "Public lesson": {},
        "Public practice": {"kind": Lesson.Kind.BEST_PRACTICE},
        "UN-only lesson": {"visibility": Lesson.Visibility.UN_ONLY},
        "Public guide": {"kind": Lesson.Kind.GUIDE},
        "Public checklist": {"kind": Lesson.Kind.TOOL},
        "UN-only tool": {"kind": Lesson.Kind.TOOL, "visibility": Lesson.Visibility.UN_ONLY},
    }
    for title, fields in made.items():
        lesson = LessonFactory(title=title, **fields)
        Lesson.objects.filter(pk=lesson.pk).update(created_at=at(IN_Q3))
    LessonFactory(title="Lesson of another quarter")  # written today
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    assert set(titles(issue, "lessons")) == {"Public lesson", "Public practice"}
    assert set(titles(issue, "tools")) == {"Public guide", "Public checklist"}
    lesson_item = next(i for s in issue.sections if s["key"] == "lessons" for i in s["items"])
    assert lesson_item["summary"].startswith("Transport prices double")


class FakeEvent:
    title = "Private Sector Forum"
    starts_on = datetime.date(2026, 9, 20)

    def get_absolute_url(self):
        return "/events/1/"


def test_events_come_from_the_initiatives_app_when_it_offers_them(coordinator, monkeypatch):
    asked = []

    def public_events_between(start, end):
        asked.append((start, end))
        return [FakeEvent()]

    monkeypatch.setattr(selectors, "events_source", lambda: public_events_between)
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    assert asked == [(Q3.start, Q3.end)]
    item = next(i for s in issue.sections if s["key"] == "events" for i in s["items"])
    assert (item["title"], item["date"], item["url"]) == (
        "Private Sector Forum",
        "2026-09-20",
        "/events/1/",
    )


def test_without_the_initiatives_function_the_events_section_is_empty(coordinator, monkeypatch):
    monkeypatch.setattr(selectors, "events_source", lambda: None)
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    assert titles(issue, "events") == []


def test_the_real_events_source_when_present(coordinator):
    """Runs once the initiatives app provides public_events_between (built in parallel)."""
    if selectors.events_source() is None:
        pytest.skip("partnerhub.initiatives.selectors.public_events_between does not exist yet")
    factories = pytest.importorskip("partnerhub.initiatives.tests.factories")
    factories.EventFactory(title="Forum in Q3", starts_on=IN_Q3, status="published")
    factories.EventFactory(title="Forum before", starts_on=BEFORE, status="published")
    factories.EventFactory(title="Unpublished forum", starts_on=IN_Q3, status="draft")
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    assert titles(issue, "events") == ["Forum in Q3"]
    item = next(i for s in issue.sections if s["key"] == "events" for i in s["items"])
    assert item["date"] == IN_Q3.isoformat()


def test_reassembling_a_draft_needs_confirmation_and_replaces_edits(coordinator):
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    services.issue_update_text(issue=issue, actor=coordinator, subject="Edited", introduction="Hi")
    with pytest.raises(ValidationError):
        services.issue_assemble(quarter=Q3, actor=coordinator)
    assert Issue.objects.get().subject == "Edited"
    services.issue_assemble(quarter=Q3, actor=coordinator, replace=True)
    issue.refresh_from_db()
    assert issue.subject != "Edited" and issue.introduction == ""
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="newsletter.issue").values_list(
            "verb", flat=True
        )
    )
    assert {"newsletter.issue_assembled", "newsletter.issue_reassembled"} <= set(verbs)


def test_a_sent_issue_is_never_reassembled(coordinator):
    issue = services.issue_assemble(quarter=Q3, actor=coordinator)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT)
    with pytest.raises(ValidationError):
        services.issue_assemble(quarter=Q3, actor=coordinator, replace=True)


@pytest.mark.parametrize("role", ["focal_point", "company_rep", "plain_user"])
def test_only_the_coordinator_assembles(request, role):
    with pytest.raises(PermissionDenied):
        services.issue_assemble(quarter=Q3, actor=request.getfixturevalue(role))
    assert not Issue.objects.exists()


def test_the_command_assembles_and_asks_before_replacing():
    out = io.StringIO()
    call_command("assemble_newsletter", "--quarter", "2026-Q3", stdout=out)
    assert "2026-Q3" in out.getvalue()
    assert Issue.objects.filter(quarter="2026-Q3").exists()
    with pytest.raises(CommandError):
        call_command("assemble_newsletter", "--quarter", "2026-Q3")
    call_command("assemble_newsletter", "--quarter", "2026-Q3", "--replace", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("assemble_newsletter", "--quarter", "2026-Q9")
    audit = AuditEvent.objects.filter(verb="newsletter.issue_assembled").get()
    assert audit.actor_label == "system"


def test_the_command_defaults_to_the_current_quarter():
    call_command("assemble_newsletter", stdout=io.StringIO())
    assert Issue.objects.get().quarter == str(Quarter.containing(timezone.localdate()))


def test_the_button_assembles_and_asks_before_replacing(as_role):
    _user, client = as_role("coordinator")
    url = reverse("newsletter:manage_assemble")
    response = client.post(url, {"quarter": "2026-Q3"})
    issue = Issue.objects.get()
    assert response.status_code == 302 and response.url == issue.get_manage_url()
    services.issue_update_text(issue=issue, actor=_user, subject="Mine", introduction="")
    confirm = client.post(url, {"quarter": "2026-Q3"})
    assert confirm.status_code == 200
    assert "replaces" in confirm.content.decode()
    issue.refresh_from_db()
    assert issue.subject == "Mine"
    client.post(url, {"quarter": "2026-Q3", "replace": "on"})
    issue.refresh_from_db()
    assert issue.subject != "Mine"


def test_a_bad_quarter_from_the_button_is_a_message(as_role):
    _user, client = as_role("coordinator")
    response = client.post(reverse("newsletter:manage_assemble"), {"quarter": "soon"}, follow=True)
    assert response.status_code == 200
    assert "2026-Q4" in response.content.decode()
    assert not Issue.objects.exists()
