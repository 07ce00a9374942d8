"""Knowledge base pages: the searchable list of lessons, practices, guides and tools (and its
CSV export), one item with its attachment, the forms to record, edit and remove one, and the
related-lessons panel of the partnership proposal form. Views read through selectors and write
through services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerhub.accounts.predicates import is_un_staff
from partnerhub.core import filecheck as attachments
from partnerhub.core.forms import add_service_errors
from partnerhub.knowledge import export, selectors, services
from partnerhub.knowledge.forms import LessonFilterForm, LessonForm, RelatedQueryForm
from partnerhub.knowledge.models import Lesson
from partnerhub.partnerships.models import Partnership
from partnerhub.results.models import Evaluation


def _filtered(request: HttpRequest) -> tuple[LessonFilterForm, Any]:
    form = LessonFilterForm(request.GET or None)
    return form, selectors.lessons_search(request.user, **form.filters())


def lesson_list(request: HttpRequest) -> HttpResponse:
    form, lessons = _filtered(request)
    page = Paginator(lessons, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/list.html",
        {
            "form": form,
            "page_obj": page,
            "can_record": request.user.has_perm("knowledge.add_lesson", None),
            "query": request.GET.urlencode(),
        },
    )


def _file_url(request: HttpRequest, lesson: Lesson) -> str:
    if not lesson.attachment:
        return ""
    return request.build_absolute_uri(reverse("knowledge:lesson_file", args=[lesson.pk]))


def lesson_export(request: HttpRequest) -> HttpResponse:
    _form, lessons = _filtered(request)
    lessons = list(lessons)
    readable = selectors.readable_partnership_ids(
        request.user, {lesson.partnership_id for lesson in lessons if lesson.partnership_id}
    )
    rows = (
        (
            lesson.pk,
            lesson.kind,
            lesson.title,
            lesson.text,
            lesson.visibility,
            lesson.source,
            lesson.partnership.title if lesson.partnership_id in readable else "",
            "; ".join(str(t) for t in lesson.partnership_types.all()),
            "; ".join(str(g.pk) for g in lesson.sdgs.all()),
            "; ".join(c.pk for c in lesson.countries.all()),
            "; ".join(str(t) for t in lesson.themes.all()),
            lesson.link,
            _file_url(request, lesson),
            lesson.created_at.isoformat(),
        )
        for lesson in lessons
    )
    response = HttpResponse(export.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lessons.csv"'
    return response


def _lesson_or_404(request: HttpRequest, pk: int) -> Lesson:
    lesson = get_object_or_404(
        Lesson.objects.select_related("partnership", "evaluation", "created_by").prefetch_related(
            "partnership_types", "sdgs", "countries", "themes"
        ),
        pk=pk,
    )
    if not request.user.has_perm("knowledge.view_lesson", lesson):
        # A UN-only lesson is not announced to those who may not read it.
        raise Http404(_("No such lesson."))
    return lesson


def _attachment_size(lesson: Lesson) -> int | None:
    """The file's size, or None when the file is missing from storage."""
    try:
        return lesson.attachment.size
    except (FileNotFoundError, OSError):
        return None


def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson_or_404(request, pk)
    partnership = lesson.partnership
    return render(
        request,
        "knowledge/detail.html",
        {
            "lesson": lesson,
            "attachment_name": services.download_name(lesson) if lesson.attachment else "",
            "attachment_size": _attachment_size(lesson) if lesson.attachment else None,
            "can_change": request.user.has_perm("knowledge.change_lesson", lesson),
            "show_partnership": partnership is not None
            and request.user.has_perm("partnerships.view_partnership", partnership),
            "public_partnership": partnership is not None
            and bool(selectors.readable_partnership_ids(AnonymousUser(), {partnership.pk})),
            "is_un_staff": is_un_staff(request.user),
        },
    )


def _origin(request: HttpRequest) -> tuple[Partnership | None, Evaluation | None]:
    source = request.POST if request.method == "POST" else request.GET
    partnership = evaluation = None
    for key in ("partnership", "evaluation"):
        value = source.get(key, "")
        if value and not value.isdigit():
            raise Http404(_("No such record."))
    if source.get("evaluation"):
        evaluation = get_object_or_404(
            Evaluation.objects.select_related("partnership"), pk=int(source["evaluation"])
        )
        partnership = evaluation.partnership
    elif source.get("partnership"):
        partnership = get_object_or_404(Partnership, pk=int(source["partnership"]))
    if partnership is not None and not request.user.has_perm(
        "partnerships.view_partnership", partnership
    ):
        raise PermissionDenied(_("Only the people involved in this partnership can read it."))
    return partnership, evaluation


@login_required
def lesson_create(request: HttpRequest) -> HttpResponse:
    partnership, evaluation = _origin(request)
    if not request.user.has_perm("knowledge.add_lesson", partnership):
        raise PermissionDenied(
            _(
                "Only the lead entity's focal points and M&E officers record this "
                "partnership's lessons."
            )
            if partnership
            else _("The knowledge base is written by UN staff.")
        )
    form = LessonForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                lesson = services.lesson_record(
                    actor=request.user,
                    partnership=partnership,
                    evaluation=evaluation,
                    data=form.service_data(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved in the knowledge base."))
                return redirect("knowledge:lesson_detail", pk=lesson.pk)
        status = 400
    return render(
        request,
        "knowledge/form.html",
        {"form": form, "lesson": None, "partnership": partnership, "evaluation": evaluation},
        status=status,
    )


def _changeable(request: HttpRequest, pk: int) -> Lesson:
    lesson = _lesson_or_404(request, pk)
    if not request.user.has_perm("knowledge.change_lesson", lesson):
        raise PermissionDenied(_("Only its author or an administrator can change this item."))
    return lesson


@login_required
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _changeable(request, pk)
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.lesson_update(lesson=lesson, actor=request.user, data=form.service_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("knowledge:lesson_detail", pk=lesson.pk)
        status = 400
        lesson.refresh_from_db()
    return render(
        request,
        "knowledge/form.html",
        {
            "form": form,
            "lesson": lesson,
            "partnership": lesson.partnership,
            "evaluation": None,
            "attachment_name": services.download_name(lesson) if lesson.attachment else "",
        },
        status=status,
    )


@login_required
def lesson_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _changeable(request, pk)
    if request.method == "POST":
        partnership = lesson.partnership
        services.lesson_delete(lesson=lesson, actor=request.user)
        messages.success(request, _("Removed from the knowledge base."))
        if partnership is not None:
            return redirect(partnership.get_absolute_url() + "#results")
        return redirect("knowledge:lesson_list")
    return render(request, "knowledge/confirm_delete.html", {"lesson": lesson})


def lesson_file(request: HttpRequest, pk: int) -> FileResponse:
    """The item's attachment, to whoever may read the item (public items to anyone, UN-only
    ones to UN staff), always as a download under a name made from its title: media files are
    never served publicly."""
    lesson = _lesson_or_404(request, pk)
    if not lesson.attachment:
        raise Http404(_("This item has no attachment."))
    try:
        handle = lesson.attachment.open("rb")
    except FileNotFoundError:
        raise Http404(_("The attachment is missing from storage.")) from None
    name = services.download_name(lesson)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=attachments.CONTENT_TYPES.get(attachments.extension_of(name)),
    )
    if lesson.visibility != Lesson.Visibility.PUBLIC:
        patch_cache_control(response, private=True)
    return response


@require_GET
def related_lessons(request: HttpRequest) -> HttpResponse:
    """The related-lessons panel for the partnership form's type, SDGs and countries (the
    form asks for it again with htmx whenever one of its fields changes)."""
    query = RelatedQueryForm(request.GET).query()
    return render(
        request,
        "knowledge/_related_list.html",
        {
            "related": selectors.related_lessons(user=request.user, **query),
            "asked": bool(query["partnership_type"] or query["sdgs"] or query["countries"]),
        },
    )
