"""Each reader's language: the subject and introduction the coordinator translated (else the
main text), dates written out in that language, and links that say what they did."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerhub.core.models import AuditEvent
from partnerhub.newsletter import emails, services, tokens
from partnerhub.newsletter.models import Issue
from partnerhub.newsletter.quarters import Quarter
from partnerhub.newsletter.sections import make_item
from partnerhub.newsletter.tests.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

ARABIC_SUBJECT = "النشرة الفصلية"
ARABIC_INTRO = "مرحبا بكم في أخبار هذا الفصل."


@pytest.fixture
def coordinator_client(as_role):
    return as_role("coordinator")[1]


def translate(client, issue, language, subject, introduction=""):
    return client.post(
        reverse("newsletter:manage_issue_translation", args=[issue.pk, language]),
        {f"{language}-subject": subject, f"{language}-introduction": introduction},
    )


def test_the_coordinator_translates_subject_and_introduction(coordinator_client, draft):
    page = coordinator_client.get(draft.get_manage_url()).content.decode()
    for code in ("ar", "zh-hans", "fr", "ru", "es"):
        assert f'id="translation-{code}"' in page
    assert 'id="translation-en"' not in page
    assert 'lang="ar" dir="rtl"' in page  # the Arabic fields are written right to left

    response = translate(coordinator_client, draft, "ar", f"  {ARABIC_SUBJECT} ", ARABIC_INTRO)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.translations == {"ar": {"subject": ARABIC_SUBJECT, "introduction": ARABIC_INTRO}}
    event = AuditEvent.objects.get(verb="newsletter.issue_translation_edited")
    assert event.details == {"language": "ar", "fields": ["subject", "introduction"]}
    assert ARABIC_SUBJECT in coordinator_client.get(draft.get_manage_url()).content.decode()

    # Both blank: the translation goes, readers get the main text again.
    translate(coordinator_client, draft, "ar", "", "")
    draft.refresh_from_db()
    assert draft.translations == {}
    assert draft.subject_in("ar") == draft.subject


def test_bad_translation_input(coordinator_client, draft):
    assert translate(coordinator_client, draft, "en", "Hi").status_code == 404
    assert translate(coordinator_client, draft, "klingon", "Hi").status_code == 404
    long = translate(coordinator_client, draft, "fr", "x" * 201)
    assert long.status_code == 400
    assert 'id="translation-fr" open' in long.content.decode()
    draft.refresh_from_db()
    assert draft.translations == {}


def test_translations_are_the_coordinators_and_frozen_once_sent(coordinator, focal_point, draft):
    with pytest.raises(PermissionDenied):
        services.issue_update_translation(
            issue=draft, actor=focal_point, language="ar", subject="x", introduction=""
        )
    draft.status = Issue.Status.SENT
    draft.save()
    with pytest.raises(ValidationError):
        services.issue_update_translation(
            issue=draft, actor=coordinator, language="ar", subject="x", introduction=""
        )
    with pytest.raises(ValidationError):
        services.issue_update_translation(
            issue=draft, actor=coordinator, language="en", subject="x", introduction=""
        )


def test_each_subscriber_gets_their_language_or_the_main_text(
    as_role, draft, immediate_tasks, django_capture_on_commit_callbacks
):
    user, _client = as_role("coordinator")
    SubscriberFactory(email="omar@example.org", language="ar")
    SubscriberFactory(email="anna@example.org", language="en")
    SubscriberFactory(email="li@example.org", language="zh-hans")
    SubscriberFactory(email="jean@example.org", language="fr")
    services.issue_update_translation(
        issue=draft, actor=user, language="ar", subject=ARABIC_SUBJECT, introduction=ARABIC_INTRO
    )
    # Only a subject in Chinese: the introduction stays the main one.
    services.issue_update_translation(
        issue=draft, actor=user, language="zh-hans", subject="季度通讯", introduction=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=draft, actor=user, expected_recipients=4)
    by_reader = {m.to[0]: m for m in mail.outbox}
    arabic = by_reader["omar@example.org"]
    assert arabic.subject == ARABIC_SUBJECT
    assert ARABIC_INTRO in arabic.body and ARABIC_INTRO in arabic.alternatives[0][0]
    assert f"<title>{ARABIC_SUBJECT}</title>" in arabic.alternatives[0][0]
    assert "Welcome to this quarter" not in arabic.body
    chinese = by_reader["li@example.org"]
    assert chinese.subject == "季度通讯" and "Welcome to this quarter" in chinese.body
    for reader in ("anna@example.org", "jean@example.org"):  # no translation: the main text
        assert by_reader[reader].subject == draft.subject
        assert "Welcome to this quarter" in by_reader[reader].body


def test_a_test_send_uses_the_translation(as_role, draft):
    user, _client = as_role("coordinator")
    services.issue_update_translation(
        issue=draft, actor=user, language="ar", subject=ARABIC_SUBJECT, introduction=""
    )
    draft.refresh_from_db()
    services.issue_send_test(issue=draft, actor=user, email="me@un.example", language="ar")
    assert mail.outbox[0].subject == f"[اختبار] {ARABIC_SUBJECT}"


def test_the_web_version_follows_the_readers_language(client):
    issue = IssueFactory(
        quarter="2026-Q3",
        slug="2026-q3",
        subject="Summer news",
        status="sent",
        sent_at=timezone.now(),
        translations={"ar": {"subject": ARABIC_SUBJECT, "introduction": ARABIC_INTRO}},
    )
    english = client.get(issue.get_absolute_url()).content.decode()
    assert "<h1" in english and "Summer news</h1>" in english and ARABIC_SUBJECT not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = client.get(issue.get_absolute_url()).content.decode()
    assert f"{ARABIC_SUBJECT}</h1>" in arabic and ARABIC_INTRO in arabic
    assert ARABIC_SUBJECT in client.get(reverse("newsletter:archive")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = client.get(issue.get_absolute_url()).content.decode()
    assert "Summer news</h1>" in french and "Welcome to this quarter" in french


def test_the_issue_page_names_the_quarter_once(client):
    issue = IssueFactory(quarter="2026-Q3", slug="2026-q3", status="sent", sent_at=timezone.now())
    page = client.get(issue.get_absolute_url()).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "2026-Q3 ·" not in main
    assert "Sent on" in main


def test_reassembling_drops_the_translations(coordinator, draft):
    draft.translations = {"fr": {"subject": "Nouvelles"}}
    draft.save()
    issue = services.issue_assemble(
        quarter=Quarter.parse(draft.quarter), actor=coordinator, replace=True
    )
    assert issue.translations == {}


# Dates --------------------------------------------------------------------------------------


@pytest.fixture
def with_event(draft):
    draft.sections = [
        *draft.sections,
        {
            "key": "events",
            "items": [make_item(title="Forum", summary="", url="/events/1/", date="2026-07-29")],
        },
    ]
    draft.save()
    return draft


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "July 29, 2026"), ("fr", "29 juillet 2026"), ("es", "29 de julio de 2026")],
)
def test_event_dates_are_written_in_the_readers_language(with_event, language, written):
    rendered = emails.render_issue(with_event, language=language)
    assert written in rendered.text and written in rendered.html
    assert "2026-07-29" not in rendered.text + rendered.html


def test_event_dates_on_the_issue_page(client, with_event):
    with_event.status = Issue.Status.SENT
    with_event.sent_at = timezone.now()
    with_event.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(with_event.get_absolute_url()).content.decode()
    assert "29 juillet 2026" in page and "2026-07-29" not in page


def test_a_date_that_is_not_iso_is_shown_as_written():
    assert emails.display_date("soon") == "soon"


# Confirmation links ---------------------------------------------------------------------------


def _link(subscriber, language="en"):
    token = tokens.confirmation_token(
        subscriber_id=subscriber.pk, email=subscriber.email, language=language
    )
    return reverse("newsletter:confirm", args=[token])


def test_a_used_confirmation_link_says_you_are_already_subscribed(client):
    subscriber = SubscriberFactory(status="pending")
    url = _link(subscriber)
    first = client.get(url).content.decode()
    assert "Yes, subscribe me" in first and "already subscribed" not in first
    assert client.post(url).status_code == 200
    again = client.get(url)
    assert again.status_code == 200
    page = again.content.decode()
    assert "You are already subscribed" in page and "Yes, subscribe me" not in page
    assert page.count("<h1") == 1


def test_a_link_for_another_language_still_asks(client):
    subscriber = SubscriberFactory(status="confirmed", language="en")
    page = client.get(_link(subscriber, "es")).content.decode()
    assert "Yes, subscribe me" in page and "already subscribed" not in page
