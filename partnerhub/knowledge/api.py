"""Knowledge API: lessons learned, best practices, guides and tools. Public items are open to
anyone, with or without a token; UN-only items to UN staff. Recording one needs a token
(rules.py). An item's attachment is downloaded from `attachment_url` (the page's download,
under the same visibility); files are uploaded through the pages."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from partnerhub.accounts.auth import token_auth
from partnerhub.knowledge import selectors, services
from partnerhub.knowledge.models import Lesson
from partnerhub.partnerships.models import Partnership
from partnerhub.results.models import Evaluation
from partnerhub.vocabularies.models import Country, SDGGoal, Theme

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _anonymous(request: HttpRequest) -> AnonymousUser | None:
    """Public reads: no token means anonymous; a token that does not authenticate is refused."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    request.user = AnonymousUser()
    return request.user


optional_auth = [token_auth, _anonymous]
router = Router(tags=["knowledge"], auth=token_auth)


class LessonOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    visibility: str
    source: str
    partnership_id: int | None
    evaluation_id: int | None
    partnership_types: list[str]
    sdgs: list[int]
    countries: list[str]
    themes: list[str]
    link: str
    attachment_url: str | None = Field(
        None, description="Where to download the attached file (absolute URL), if any"
    )
    created_at: datetime.datetime


class LessonPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[LessonOut]


class LessonParameters(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(settings.PAGE_SIZE, ge=1)
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    kind: str = Field("", description=", ".join(Lesson.Kind.values))
    partnership_type: str = ""
    sdg: int | None = Field(None, ge=1, le=17)
    country: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2)] = ""
    theme: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""
    partnership_id: Id | None = None


class LessonIn(Schema):
    kind: str = Field(Lesson.Kind.LESSON, description=", ".join(Lesson.Kind.values))
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
    text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=services.MAX_TEXT)]
    visibility: str = Field(Lesson.Visibility.UN_ONLY, description="un_only or public")
    link: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = Field(
        "", description="Where a guide or tool is published (http or https)"
    )
    partnership_id: Id | None = None
    evaluation_id: Id | None = None
    sdgs: list[int] | None = Field(None, description="Default: the partnership's SDGs")
    countries: list[str] | None = Field(
        None, description="ISO 3166 alpha-2; default: the partnership's"
    )
    themes: list[str] | None = None


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _out(request: HttpRequest, lesson: Lesson, readable: set[int] | None = None) -> LessonOut:
    if readable is None:
        readable = selectors.readable_partnership_ids(
            request.user, {lesson.partnership_id} if lesson.partnership_id else set()
        )
    return LessonOut(
        id=lesson.pk,
        kind=lesson.kind,
        title=lesson.title,
        text=lesson.text,
        visibility=lesson.visibility,
        source=lesson.source,
        partnership_id=lesson.partnership_id if lesson.partnership_id in readable else None,
        evaluation_id=lesson.evaluation_id if lesson.partnership_id in readable else None,
        partnership_types=[t.pk for t in lesson.partnership_types.all()],
        sdgs=[g.pk for g in lesson.sdgs.all()],
        countries=[c.pk for c in lesson.countries.all()],
        themes=[t.pk for t in lesson.themes.all()],
        link=lesson.link,
        attachment_url=request.build_absolute_uri(
            reverse("knowledge:lesson_file", args=[lesson.pk])
        )
        if lesson.attachment
        else None,
        created_at=lesson.created_at,
    )


@router.get(
    "/lessons",
    auth=optional_auth,
    response=LessonPage,
    summary="Lessons learned, best practices, guides and tools, searched and filtered",
)
def lesson_list(request: HttpRequest, params: Query[LessonParameters]) -> LessonPage:
    if params.kind and params.kind not in Lesson.Kind.values:
        raise ValidationError({"kind": f"Unknown kind {params.kind!r}."})
    lessons = selectors.lessons_search(
        _user(request),
        text=params.q,
        kind=params.kind,
        partnership_type=params.partnership_type,
        sdg=params.sdg,
        country=params.country.upper(),
        theme=params.theme,
        partnership_id=params.partnership_id,
    )
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * page_size
    shown = list(lessons[start : start + page_size])
    readable = selectors.readable_partnership_ids(
        request.user, {lesson.partnership_id for lesson in shown if lesson.partnership_id}
    )
    return LessonPage(
        count=lessons.count(),
        page=params.page,
        page_size=page_size,
        results=[_out(request, lesson, readable) for lesson in shown],
    )


@router.get(
    "/lessons/{lesson_id}",
    auth=optional_auth,
    response=LessonOut,
    summary="One lesson, practice, guide or tool",
)
def lesson_detail(request: HttpRequest, lesson_id: int) -> LessonOut:
    lesson = (
        selectors.lessons_search(_user(request)).filter(pk=lesson_id).first()
        if lesson_id <= MAX_ID
        else None
    )
    if lesson is None:
        raise Http404(f"No lesson has the id {lesson_id}.")
    return _out(request, lesson)


def _terms(model: Any, keys: list[Any] | None, field: str) -> list[Any] | None:
    if keys is None:
        return None
    found = list(model.objects.filter(pk__in=keys))
    missing = set(keys) - {t.pk for t in found}
    if missing:
        raise ValidationError({field: f"Unknown: {', '.join(sorted(map(str, missing)))}."})
    return found


@router.post(
    "/lessons",
    response={201: LessonOut},
    summary="Record a lesson, practice, guide or tool, of a partnership or an evaluation, or "
    "on its own (UN staff)",
)
def lesson_record(request: HttpRequest, payload: LessonIn) -> Status[LessonOut]:
    user = _user(request)
    partnership = evaluation = None
    if payload.evaluation_id is not None:
        evaluation = (
            Evaluation.objects.select_related("partnership")
            .filter(pk=payload.evaluation_id)
            .first()
        )
        if evaluation is None or not user.has_perm(
            "partnerships.view_partnership", evaluation.partnership
        ):
            raise Http404(f"No evaluation has the id {payload.evaluation_id}.")
    if payload.partnership_id is not None:
        partnership = Partnership.objects.filter(pk=payload.partnership_id).first()
        if partnership is None or not user.has_perm("partnerships.view_partnership", partnership):
            raise Http404(f"No partnership has the id {payload.partnership_id}.")
    data = {
        "kind": payload.kind,
        "title": payload.title,
        "text": payload.text,
        "visibility": payload.visibility,
        "link": payload.link,
        "sdgs": _terms(SDGGoal, payload.sdgs, "sdgs"),
        "countries": _terms(
            Country,
            [c.upper() for c in payload.countries] if payload.countries is not None else None,
            "countries",
        ),
        "themes": _terms(Theme, payload.themes, "themes"),
    }
    lesson = services.lesson_record(
        actor=user, partnership=partnership, evaluation=evaluation, data=data
    )
    return Status(201, _out(request, selectors.lessons_search(user).get(pk=lesson.pk)))
