"""Pages of initiatives, commitments and events. Views read through selectors and write
through services; permissions are checked here too, to answer 403/404 early."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    organisation_ids_for,
)
from partnerhub.core.forms import add_service_errors, error_text
from partnerhub.entities.models import UNEntity
from partnerhub.initiatives import selectors, services
from partnerhub.initiatives.forms import (
    CommitmentFilterForm,
    CommitmentForm,
    DeliverableFormSet,
    EventFilterForm,
    EventForm,
    InitiativeFilterForm,
    InitiativeForm,
    MemberForm,
    ProgressReportForm,
    SessionFormSet,
)
from partnerhub.initiatives.models import Commitment, Event, Initiative, InitiativeMember
from partnerhub.organisations.models import Organisation


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _formset_rows(formset: Any) -> list[dict[str, Any]]:
    """The formset's rows as the services take them; untouched extra rows are skipped."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        if data.get("DELETE"):
            if data.get("id"):
                rows.append({"id": data["id"], "delete": True})
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


def _form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    save: Callable[[], Any],
    success: str,
    formset: Any = None,
    target: Any = None,
    reload: Any = None,
    refusals: tuple[type[Exception], ...] = (ValidationError,),
) -> HttpResponse:
    """A page that creates or changes through a service. On a valid POST ``save()`` calls the
    service and the visitor goes to ``target`` (else to what ``save`` returned); otherwise the
    ``context["form"]`` (and ``formset``) is shown again with 400, a service's refusal on it.
    ``reload``, the object being edited, is read again after a POST that saved nothing."""
    form = context["form"]
    status = 200
    if request.method == "POST":
        if form.is_valid() and (formset is None or formset.is_valid()):
            try:
                saved = save()
            except refusals as exc:
                if isinstance(exc, ValidationError):
                    add_service_errors(form, exc)
                else:
                    form.add_error(None, str(exc))
            else:
                messages.success(request, success)
                return redirect(saved if target is None else target)
        status = 400
        if reload is not None:
            reload.refresh_from_db()
    return render(request, template, context, status=status)


def _set_status(request: HttpRequest, setter: Any, **kwargs: Any) -> None:
    status = request.POST.get("status", "")
    try:
        setter(actor=request.user, status=status, **kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if status == "published":
            messages.success(request, _("Published: everyone can read it now."))
        else:
            messages.success(request, _("Withdrawn: it is a draft again."))


# --- Initiatives ------------------------------------------------------------------------------


def initiative_list(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    initiatives = selectors.initiatives_search(request.user, **form.filters())
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "form": form,
            "page_obj": _page(request, initiatives),
            "can_create": request.user.has_perm("initiatives.add_initiative"),
        },
    )


def _initiative_or_404(request: HttpRequest, slug: str) -> Initiative:
    initiative = selectors.initiative_for_page(slug)
    if initiative is None or not request.user.has_perm("initiatives.view_initiative", initiative):
        raise Http404(_("No such initiative."))
    return initiative


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _initiative_or_404(request, slug)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "commitments": selectors.commitments_of_initiative(initiative, request.user),
            "events": selectors.events_visible_to(request.user).filter(initiative=initiative),
            "can_change": request.user.has_perm("initiatives.change_initiative", initiative),
            "can_commit": request.user.has_perm("initiatives.add_commitment")
            and initiative.is_public,
        },
    )


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("initiatives.add_initiative"):
        raise PermissionDenied(
            _("Initiatives are written by the system coordinator and UN focal points.")
        )
    form = InitiativeForm(request.POST or None)
    return _form_page(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": None},
        save=lambda: services.initiative_create(actor=request.user, data=form.service_data()),
        success=_("Initiative saved as a draft."),
    )


def _changeable_initiative(request: HttpRequest, slug: str) -> Initiative:
    initiative = _initiative_or_404(request, slug)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied(
            _("Only the focal points of a convening entity and the system coordinator edit it.")
        )
    return initiative


@login_required
def initiative_edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _changeable_initiative(request, slug)
    form = InitiativeForm(request.POST or None, instance=initiative)
    return _form_page(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": initiative},
        save=lambda: services.initiative_update(
            initiative=initiative, actor=request.user, data=form.service_data()
        ),
        success=_("Initiative saved."),
        target=initiative,
        reload=initiative,
    )


@login_required
def initiative_members(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _changeable_initiative(request, slug)
    form = MemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if request.POST.get("remove"):
            member = get_object_or_404(
                InitiativeMember,
                pk=request.POST["remove"] if request.POST["remove"].isdigit() else 0,
                initiative=initiative,
            )
            services.initiative_member_remove(member=member, actor=request.user)
            messages.success(request, _("Member removed."))
            return redirect("initiatives:initiative_members", slug=slug)
        if form.is_valid():
            try:
                services.initiative_member_add(
                    initiative=initiative, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Member added."))
                return redirect("initiatives:initiative_members", slug=slug)
        status = 400
    return render(
        request,
        "initiatives/initiative_members.html",
        {"initiative": initiative, "form": form},
        status=status,
    )


@login_required
@require_POST
def initiative_status(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _changeable_initiative(request, slug)
    _set_status(request, services.initiative_set_status, initiative=initiative)
    return redirect(initiative)


# --- Commitments ------------------------------------------------------------------------------


def commitment_list(request: HttpRequest) -> HttpResponse:
    form = CommitmentFilterForm(
        request.GET or None, initiatives=selectors.initiatives_visible_to(request.user)
    )
    commitments = selectors.commitments_search(request.user, **form.filters())
    page = _page(request, commitments)
    selectors.mark_staleness(page.object_list)
    return render(
        request,
        "initiatives/commitment_list.html",
        {
            "form": form,
            "page_obj": page,
            "can_create": request.user.has_perm("initiatives.add_commitment"),
        },
    )


def _commitment_or_404(request: HttpRequest, pk: int) -> Commitment:
    commitment = selectors.commitment_for_page(pk)
    if commitment is None or not request.user.has_perm("initiatives.view_commitment", commitment):
        raise Http404(_("No such commitment."))
    return commitment


def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment_or_404(request, pk)
    selectors.mark_staleness([commitment])
    user = request.user
    return render(
        request,
        "initiatives/commitment_detail.html",
        {
            "commitment": commitment,
            "can_change": user.has_perm("initiatives.change_commitment", commitment),
            "show_initiative": commitment.initiative
            and user.has_perm("initiatives.view_initiative", commitment.initiative),
            "show_event": commitment.event
            and user.has_perm("initiatives.view_event", commitment.event),
        },
    )


def _commitment_choices(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    everything = is_administrator(user) or is_system_coordinator(user)
    focal = entity_ids_for(user, "focal_point")
    if everything or focal:
        organisations = Organisation.objects.all()
    else:
        organisations = Organisation.objects.filter(pk__in=organisation_ids_for(user))
    entities = UNEntity.objects.all() if everything else UNEntity.objects.filter(pk__in=focal)
    return {
        "organisations": organisations,
        "entities": entities,
        "initiatives": selectors.initiatives_visible_to(user),
        "events": selectors.events_visible_to(user),
    }


def _deliverable_formset(request: HttpRequest, commitment: Commitment | None) -> Any:
    initial = (
        [
            {"id": d.pk, "description": d.description, "due_on": d.due_on}
            for d in commitment.deliverables.all()
        ]
        if commitment
        else None
    )
    return DeliverableFormSet(request.POST or None, initial=initial, prefix="deliverables")


def _initial_parent(request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"made_on": timezone.localdate()}
    for name in ("initiative", "event"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    organisations = organisation_ids_for(request.user)
    if len(organisations) == 1:
        initial["organisation"] = next(iter(organisations))
    return initial


@login_required
def commitment_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("initiatives.add_commitment"):
        raise PermissionDenied(
            _("Commitments are recorded by company representatives and UN focal points.")
        )
    form = CommitmentForm(
        request.POST or None, initial=_initial_parent(request), **_commitment_choices(request)
    )
    formset = _deliverable_formset(request, None)
    return _form_page(
        request,
        "initiatives/commitment_form.html",
        {"form": form, "formset": formset, "commitment": None},
        save=lambda: services.commitment_create(
            actor=request.user, data=form.service_data(), deliverables=_formset_rows(formset)
        ),
        success=_("Commitment saved as a draft."),
        formset=formset,
        refusals=(ValidationError, PermissionDenied),
    )


def _changeable_commitment(request: HttpRequest, pk: int) -> Commitment:
    commitment = _commitment_or_404(request, pk)
    if not request.user.has_perm("initiatives.change_commitment", commitment):
        raise PermissionDenied(
            _("Only the maker's representatives and the responsible focal points change it.")
        )
    return commitment


@login_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _changeable_commitment(request, pk)
    form = CommitmentForm(request.POST or None, instance=commitment, **_commitment_choices(request))
    formset = _deliverable_formset(request, commitment)
    return _form_page(
        request,
        "initiatives/commitment_form.html",
        {"form": form, "formset": formset, "commitment": commitment},
        save=lambda: services.commitment_update(
            commitment=commitment,
            actor=request.user,
            data=form.service_data(),
            deliverables=_formset_rows(formset),
        ),
        success=_("Commitment saved."),
        formset=formset,
        target=commitment,
        reload=commitment,
    )


@login_required
def commitment_report(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _changeable_commitment(request, pk)
    open_deliverables = [d for d in commitment.deliverables.all() if d.is_open]
    form = ProgressReportForm(
        request.POST or None,
        deliverables=open_deliverables,
        initial={"reported_on": timezone.localdate()},
    )
    return _form_page(
        request,
        "initiatives/commitment_report.html",
        {"form": form, "commitment": commitment},
        save=lambda: services.progress_report_submit(
            commitment=commitment,
            actor=request.user,
            marks=form.marks(),
            reported_on=form.cleaned_data["reported_on"],
            summary=form.cleaned_data["summary"],
        ),
        success=_("Progress report recorded."),
        target=commitment,
    )


@login_required
@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = _changeable_commitment(request, pk)
    _set_status(request, services.commitment_set_status, commitment=commitment)
    return redirect(commitment)


# --- Events -----------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    form = EventFilterForm(request.GET or None)
    events = selectors.events_search(request.user, when=when, **form.filters())
    return render(
        request,
        "initiatives/event_list.html",
        {
            "form": form,
            "when": when,
            "page_obj": _page(request, events),
            "can_create": request.user.has_perm("initiatives.add_event"),
        },
    )


def _event_or_404(request: HttpRequest, pk: int) -> Event:
    event = selectors.event_for_page(pk)
    if event is None or not request.user.has_perm("initiatives.view_event", event):
        raise Http404(_("No such event."))
    return event


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    user = request.user
    return render(
        request,
        "initiatives/event_detail.html",
        {
            "event": event,
            "commitments": selectors.commitments_of_event(event, user),
            "can_change": user.has_perm("initiatives.change_event", event),
            "can_commit": user.has_perm("initiatives.add_commitment") and event.is_public,
            "show_initiative": event.initiative
            and user.has_perm("initiatives.view_initiative", event.initiative),
        },
    )


def _session_formset(request: HttpRequest, event: Event | None) -> Any:
    initial = (
        [
            {
                "id": s.pk,
                "title": s.title,
                "starts_at": timezone.localtime(s.starts_at),
                "ends_at": timezone.localtime(s.ends_at) if s.ends_at else None,
                "speakers": s.speakers,
            }
            for s in event.sessions.all()
        ]
        if event
        else None
    )
    return SessionFormSet(request.POST or None, initial=initial, prefix="sessions")


def _event_form(request: HttpRequest, event: Event | None) -> EventForm:
    return EventForm(
        request.POST or None,
        instance=event,
        initiatives=selectors.initiatives_visible_to(request.user),
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("initiatives.add_event"):
        raise PermissionDenied(
            _("Events are written by the system coordinator and UN focal points.")
        )
    form = _event_form(request, None)
    formset = _session_formset(request, None)
    return _form_page(
        request,
        "initiatives/event_form.html",
        {"form": form, "formset": formset, "event": None},
        save=lambda: services.event_create(
            actor=request.user, data=form.service_data(), sessions=_formset_rows(formset)
        ),
        success=_("Event saved as a draft."),
        formset=formset,
    )


def _changeable_event(request: HttpRequest, pk: int) -> Event:
    event = _event_or_404(request, pk)
    if not request.user.has_perm("initiatives.change_event", event):
        raise PermissionDenied(
            _("Only the focal points of an organising entity and the system coordinator edit it.")
        )
    return event


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _changeable_event(request, pk)
    form = _event_form(request, event)
    formset = _session_formset(request, event)
    return _form_page(
        request,
        "initiatives/event_form.html",
        {"form": form, "formset": formset, "event": event},
        save=lambda: services.event_update(
            event=event,
            actor=request.user,
            data=form.service_data(),
            sessions=_formset_rows(formset),
        ),
        success=_("Event saved."),
        formset=formset,
        target=event,
        reload=event,
    )


@login_required
@require_POST
def event_status(request: HttpRequest, pk: int) -> HttpResponse:
    event = _changeable_event(request, pk)
    _set_status(request, services.event_set_status, event=event)
    return redirect(event)
