"""lesson_record, lesson_update, lesson_delete."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerhub.core.models import AuditEvent
from partnerhub.knowledge import services
from partnerhub.knowledge.models import Lesson
from partnerhub.knowledge.tests.factories import LessonFactory
from partnerhub.results.tests.factories import EvaluationFactory
from partnerhub.vocabularies.models import PartnershipType

pytestmark = pytest.mark.django_db

DATA = {"title": "Book trucks early", "text": "Prices double in the rains."}


def test_a_partnerships_lesson_takes_its_tags(partnership, focal_point):
    partnership.partnership_type = PartnershipType.objects.first()
    partnership.save()
    lesson = services.lesson_record(actor=focal_point, partnership=partnership, data=DATA)
    assert [g.pk for g in lesson.sdgs.all()] == [2]
    assert [c.pk for c in lesson.countries.all()] == ["KE"]
    assert list(lesson.partnership_types.all()) == [partnership.partnership_type]
    assert (lesson.visibility, lesson.source, lesson.created_by) == (
        "un_only",
        "direct",
        focal_point,
    )
    event = AuditEvent.objects.get(verb="knowledge.lesson_recorded")
    assert event.target_id == str(partnership.pk)


def test_given_tags_win(partnership, me_officer):
    from partnerhub.vocabularies.models import SDGGoal

    lesson = services.lesson_record(
        actor=me_officer,
        partnership=partnership,
        data={**DATA, "sdgs": [SDGGoal.objects.get(pk=9)]},
    )
    assert [g.pk for g in lesson.sdgs.all()] == [9]


def test_from_an_evaluation_and_at_closure(partnership, focal_point):
    evaluation = EvaluationFactory(partnership=partnership)
    lesson = services.lesson_record(actor=focal_point, evaluation=evaluation, data=DATA)
    assert (lesson.partnership, lesson.source) == (partnership, "evaluation")
    partnership.status = "closing"
    partnership.save()
    assert (
        services.lesson_record(actor=focal_point, partnership=partnership, data=DATA).source
        == "closure"
    )


def test_an_evaluation_of_another_partnership_is_refused(partnership, focal_point):
    evaluation = EvaluationFactory()
    with pytest.raises(ValidationError, match="another partnership"):
        services.lesson_record(
            actor=focal_point, partnership=partnership, evaluation=evaluation, data=DATA
        )


def test_public_only_when_the_partnership_is_not_un_only(partnership, focal_point):
    assert (
        services.lesson_record(
            actor=focal_point, partnership=partnership, data={**DATA, "visibility": "public"}
        ).visibility
        == "public"
    )
    partnership.confidentiality = "un_only"
    partnership.save()
    with pytest.raises(ValidationError, match="confidential to UN staff"):
        services.lesson_record(
            actor=focal_point, partnership=partnership, data={**DATA, "visibility": "public"}
        )


@pytest.mark.parametrize(
    "role",
    [
        "company_rep",
        "other_focal_point",
        "screening_officer",
        "legal_officer",
        "coordinator",
        "anonymous",
    ],
)
def test_others_may_not_record_a_partnerships_lesson(request, partnership, role):
    with pytest.raises(PermissionDenied):
        services.lesson_record(
            actor=request.getfixturevalue(role), partnership=partnership, data=DATA
        )
    assert not Lesson.objects.exists()


def test_any_un_staff_may_record_a_lesson_of_no_partnership(legal_officer, company_rep):
    lesson = services.lesson_record(actor=legal_officer, data=DATA)
    assert AuditEvent.objects.get(verb="knowledge.lesson_recorded").target_id == str(lesson.pk)
    with pytest.raises(PermissionDenied):
        services.lesson_record(actor=company_rep, data=DATA)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"text": ""}, "text"),
        ({"kind": "tip"}, "kind"),
        ({"visibility": "all"}, "visibility"),
    ],
)
def test_bad_data(focal_point, change, field):
    with pytest.raises(ValidationError) as exc:
        services.lesson_record(actor=focal_point, data={**DATA, **change})
    assert field in exc.value.error_dict


def test_no_lessons_for_drafts(partnership, focal_point):
    partnership.status = "draft"
    partnership.save()
    with pytest.raises(ValidationError, match="draft"):
        services.lesson_record(actor=focal_point, partnership=partnership, data=DATA)


def test_update_and_delete_by_the_author_or_an_admin(partnership, focal_point, me_officer, admin):
    lesson = services.lesson_record(actor=focal_point, partnership=partnership, data=DATA)
    with pytest.raises(PermissionDenied):
        services.lesson_update(lesson=lesson, actor=me_officer, data={"title": "Mine now"})
    services.lesson_update(
        lesson=lesson, actor=focal_point, data={"title": "Contract trucks early"}
    )
    lesson.refresh_from_db()
    assert lesson.title == "Contract trucks early"
    assert AuditEvent.objects.get(verb="knowledge.lesson_updated").details["fields"] == ["title"]
    with pytest.raises(PermissionDenied):
        services.lesson_delete(lesson=lesson, actor=me_officer)
    services.lesson_delete(lesson=lesson, actor=admin)
    assert not Lesson.objects.exists()
    assert AuditEvent.objects.get(verb="knowledge.lesson_deleted").target_id == str(partnership.pk)


@pytest.mark.parametrize("role", ["company_rep", "anonymous", "coordinator"])
def test_others_may_not_change_a_lesson(request, role):
    lesson = LessonFactory()
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.lesson_update(lesson=lesson, actor=actor, data={"title": "x"})
    with pytest.raises(PermissionDenied):
        services.lesson_delete(lesson=lesson, actor=actor)
