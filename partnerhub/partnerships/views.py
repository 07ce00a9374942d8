"""Partnership pages: the list, a partnership with its partners, contributions, screening
status and timeline, the proposal and edit forms. Views read through selectors and write
through services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import entity_ids_for, is_un_staff
from partnerhub.agreements import timeline as agreement_timeline
from partnerhub.agreements.selectors import current_agreement
from partnerhub.appraisals import timeline as appraisal_timeline
from partnerhub.core.forms import add_service_errors, error_text
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace.models import Interest, Need, OfferRoute
from partnerhub.partnerships import selectors, services, workflows
from partnerhub.partnerships.forms import (
    AgreementUploadForm,
    ContributionForm,
    DatesForm,
    DirectProposalForm,
    DocumentForm,
    PartnerForm,
    PartnershipForm,
    TransitionForm,
)
from partnerhub.partnerships.models import (
    Contribution,
    Partnership,
    PartnershipDocument,
    PartnershipPartner,
)
from partnerhub.results import timeline as result_timeline

ACTION_LABELS = {
    "proposed": gettext_lazy("Propose"),
    "due_diligence": gettext_lazy("Start due diligence"),
    "review": gettext_lazy("Pass due diligence"),
    "agreement": gettext_lazy("Move to agreement"),
    "active": gettext_lazy("Activate"),
    "suspended": gettext_lazy("Suspend"),
    "closing": gettext_lazy("Start closing"),
    "closed": gettext_lazy("Close"),
    "rejected": gettext_lazy("Reject"),
    "withdrawn": gettext_lazy("Withdraw"),
    "terminated": gettext_lazy("Terminate"),
}

TIMELINE_LABELS = {
    "partnership.proposed_draft": gettext_lazy("Draft opened"),
    "partnership.updated": gettext_lazy("Details edited"),
    "partnership.dates_changed": gettext_lazy("Dates changed"),
    "partnership.partner_added": gettext_lazy("Partner added"),
    "partnership.partner_removed": gettext_lazy("Partner removed"),
    "partnership.contribution_added": gettext_lazy("Contribution added"),
    "partnership.contribution_removed": gettext_lazy("Contribution removed"),
    "partnership.agreement_uploaded": gettext_lazy("Signed agreement uploaded"),
    "partnership.document_added": gettext_lazy("Document added"),
    "partnership.document_published": gettext_lazy("Document published"),
    "partnership.document_unpublished": gettext_lazy("Document withdrawn from the public page"),
    "partnership.document_removed": gettext_lazy("Document removed"),
    **agreement_timeline.TIMELINE_LABELS,
    **appraisal_timeline.TIMELINE_LABELS,
    **result_timeline.TIMELINE_LABELS,
}


UN_ONLY_VERBS = frozenset(
    {"partnership.screenings_requested"}
    | agreement_timeline.UN_ONLY_VERBS
    | appraisal_timeline.UN_ONLY_VERBS
)


def _timeline(user: Any, partnership: Partnership) -> list[Any]:
    trail = selectors.timeline(partnership)
    staff_view = is_un_staff(user)
    if not staff_view:
        # Partners see what concerns them: never the screening, the cost–benefit review, or
        # the drafting and legal review of the agreement, which are internal to the UN.
        trail = trail.exclude(verb__in=UN_ONLY_VERBS)
    events = list(trail.select_related("actor")[:100])
    labels = dict(Partnership.Status.choices)
    staff_actors: dict[int, bool] = {}
    for event in events:
        # Partners see who acted by name, and UN staff as such: never staff e-mail addresses.
        if event.actor is not None and event.actor.full_name:
            event.actor_label = event.actor.full_name
        if not staff_view and event.actor_id != user.pk and event.actor_id is not None:
            if event.actor_id not in staff_actors:
                staff_actors[event.actor_id] = is_un_staff(event.actor)
            if staff_actors[event.actor_id]:
                event.actor_label = _("UN staff")
        elif not event.actor_id:
            event.actor_label = _("partnerhub")
        if event.verb == "partnership.status_changed":
            before = labels.get(event.details.get("from"), "?")
            after = labels.get(event.details.get("to"), "?")
            label = f"{before} → {after}"
        else:
            label = str(TIMELINE_LABELS.get(event.verb, event.verb))
        event.label = label  # type: ignore[attr-defined]
    return events


def partnership_or_404(request: HttpRequest, pk: int) -> Partnership:
    """The partnership, if the user may read it (404 if none, 403 if not theirs); other apps'
    pages about a partnership use it too."""
    try:
        partnership = selectors.partnership_detail(pk)
    except Partnership.DoesNotExist:
        raise Http404(_("No such partnership.")) from None
    if not request.user.has_perm("partnerships.view_partnership", partnership):
        raise PermissionDenied(_("Only the people involved in this partnership can read it."))
    return partnership


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("partnerships.view_list"):
        raise PermissionDenied(_("Partnerships are open to UN staff and partner companies."))
    partnerships = selectors.partnerships_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Partnership.Status.values:
        partnerships = partnerships.filter(status=status)
    page = Paginator(partnerships, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/list.html",
        {
            "page_obj": page,
            "statuses": Partnership.Status.choices,
            "status": status,
            "can_propose": request.user.has_perm("partnerships.propose_direct"),
        },
    )


def _render_detail(
    request: HttpRequest,
    partnership: Partnership,
    *,
    partner_form: PartnerForm | None = None,
    contribution_form: ContributionForm | None = None,
    agreement_form: AgreementUploadForm | None = None,
    document_form: DocumentForm | None = None,
    dates_form: DatesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_change = (
        user.has_perm("partnerships.change_partnership", partnership)
        and partnership.status in workflows.EDITABLE_STATES
    )
    can_change_dates = services.can_change_dates(user, partnership)
    contributions = list(selectors.contributions_of(partnership))
    can_manage_documents = user.has_perm("partnerships.manage_documents", partnership)
    actions = [
        {
            "to": to,
            "label": ACTION_LABELS.get(to, to),
            "confirm": to in workflows.FINAL_STATES,
            "problem": services.guard_problem(partnership, to),
        }
        for to in workflows.next_states(partnership.status, services.actors_for(user, partnership))
    ]
    waiting_for = sorted(
        {
            str(services.ACTOR_LABELS[actor])
            for (frm, to), move in workflows.TRANSITIONS.items()
            if frm == partnership.status and to not in workflows.FINAL_STATES
            for actor in move.actors
            if actor != workflows.Actor.ADMINISTRATOR
        }
    )
    context = {
        "waiting_for": waiting_for,
        "partnership": partnership,
        "partners": selectors.partners_of(partnership),
        "contributions": contributions,
        "totals": selectors.contribution_totals(contributions),
        "screenings": selectors.screening_status(partnership)
        if user.has_perm("screening.view")
        else None,
        "timeline": _timeline(user, partnership),
        "actions": actions,
        "can_change": can_change,
        "partner_form": partner_form or (PartnerForm() if can_change else None),
        "contribution_form": contribution_form
        or (ContributionForm(partnership=partnership) if can_change else None),
        "dates_form": dates_form
        or (
            DatesForm(
                initial={"starts_on": partnership.starts_on, "ends_on": partnership.ends_on},
                auto_id="id_dates_%s",
            )
            if can_change_dates
            else None
        ),
        "can_see_audit": user.has_perm("core.view_audit", partnership),
        "documents": selectors.documents_of(partnership),
        "can_manage_documents": can_manage_documents,
        "document_form": document_form or (DocumentForm() if can_manage_documents else None),
        "is_public": selectors.public_partnerships().filter(pk=partnership.pk).exists(),
        "agreement_form": agreement_form
        or (
            AgreementUploadForm()
            if partnership.status == Partnership.Status.AGREEMENT
            and services.actors_for(user, partnership)
            & {workflows.Actor.LEGAL_OFFICER, workflows.Actor.ADMINISTRATOR}
            # An agreement under way at the agreement desk is the one that counts.
            and current_agreement(partnership) is None
            else None
        ),
    }
    return render(request, "partnerships/detail.html", context, status=status)


@login_required
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, partnership_or_404(request, pk))


@login_required
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    """Open a draft from a marketplace record: `interest`, `route` or `need` (a primary key)."""
    origin: dict[str, Any] = {}
    for key, model in (("interest", Interest), ("route", OfferRoute), ("need", Need)):
        value = request.POST.get(key, "")
        if value:
            if not value.isdigit():
                raise Http404(_("No such record."))
            origin[key] = get_object_or_404(model, pk=int(value))
    if len(origin) != 1:
        messages.error(request, _("Open a proposal from one interest, offer or need."))
        return redirect("partnerships:list")
    try:
        partnership = services.partnership_propose(actor=request.user, **origin)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        record = next(iter(origin.values()))
        back = record.listing if isinstance(record, Interest) else record
        return redirect(back.get_absolute_url())
    messages.success(
        request, _("Draft partnership opened. Check what was filled in, then propose it.")
    )
    return redirect(partnership)


@login_required
def partnership_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("partnerships.propose_direct"):
        raise PermissionDenied(_("Only focal points of UN entities can propose partnerships."))
    entities = UNEntity.objects.filter(
        pk__in=entity_ids_for(request.user, Role.FOCAL_POINT)
    ).order_by("acronym")
    form = DirectProposalForm(request.POST or None, entities=entities)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            entity = data.pop("lead_entity")
            try:
                partnership = services.partnership_propose(
                    actor=request.user, entity=entity, data=data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Draft partnership saved."))
                return redirect(partnership)
        status = 400
    return render(
        request, "partnerships/form.html", {"form": form, "partnership": None}, status=status
    )


@login_required
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    if not request.user.has_perm("partnerships.change_partnership", partnership):
        raise PermissionDenied(
            _("Only focal points of the lead entity can change this partnership.")
        )
    if partnership.status not in workflows.EDITABLE_STATES:
        messages.error(request, _("Only draft and proposed partnerships can be edited."))
        return redirect(partnership)
    form = PartnershipForm(request.POST or None, instance=partnership)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.partnership_update(
                    partnership=partnership, actor=request.user, data=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Partnership saved."))
                return redirect(partnership)
        status = 400
        # The ModelForm wrote the rejected values onto the instance; show the stored ones.
        partnership.refresh_from_db()
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "partnership": partnership},
        status=status,
    )


@login_required
@require_POST
def partnership_dates(request: HttpRequest, pk: int) -> HttpResponse:
    """Change only the start and end dates of a partnership past its proposal."""
    partnership = partnership_or_404(request, pk)
    if not request.user.has_perm("partnerships.change_partnership", partnership):
        raise PermissionDenied(
            _("Only focal points of the lead entity can change this partnership.")
        )
    form = DatesForm(request.POST, auto_id="id_dates_%s")
    if form.is_valid():
        try:
            changed = services.partnership_dates_change(
                partnership=partnership,
                actor=request.user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                messages.error(request, error_text(exc))
                return redirect(partnership)
            add_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("Dates changed."))
            else:
                messages.info(request, _("These already are the partnership’s dates."))
            return redirect(partnership)
    return _render_detail(request, partnership, dates_form=form, status=400)


@login_required
@require_POST
def partnership_transition(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid next step."))
        return redirect(partnership)
    try:
        outcome = services.partnership_transition(
            partnership=partnership,
            to=form.cleaned_data["to"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(partnership)
    messages.success(
        request,
        _("Done: the partnership’s status is now “%(status)s”.")
        % {"status": outcome.partnership.get_status_display()},
    )
    for result in outcome.screenings:
        if result.screening is None:
            messages.warning(
                request,
                _("%(org)s could not be screened: %(problem)s")
                % {"org": result.organisation, "problem": result.problem},
            )
        elif result.reused:
            messages.info(
                request,
                _("%(org)s: an existing screening is reused.") % {"org": result.organisation},
            )
        else:
            messages.info(
                request, _("%(org)s: screening requested.") % {"org": result.organisation}
            )
    return redirect(partnership)


@login_required
@require_POST
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    form = PartnerForm(request.POST)
    if form.is_valid():
        try:
            services.partner_add(
                partnership=partnership,
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partner added."))
            return redirect(partnership)
    elif not request.user.has_perm("partnerships.change_partnership", partnership):
        raise PermissionDenied(
            _("Only focal points of the lead entity can change this partnership.")
        )
    return _render_detail(request, partnership, partner_form=form, status=400)


@login_required
@require_POST
def partner_remove(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    partner = get_object_or_404(PartnershipPartner, pk=partner_pk, partnership=partnership)
    try:
        services.partner_remove(partner=partner, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Partner removed."))
    return redirect(partnership)


@login_required
@require_POST
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    form = ContributionForm(request.POST, partnership=partnership)
    if form.is_valid():
        try:
            services.contribution_add(
                partnership=partnership, actor=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contribution added."))
            return redirect(partnership)
    elif not request.user.has_perm("partnerships.change_partnership", partnership):
        raise PermissionDenied(
            _("Only focal points of the lead entity can change this partnership.")
        )
    return _render_detail(request, partnership, contribution_form=form, status=400)


@login_required
@require_POST
def contribution_remove(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    contribution = get_object_or_404(Contribution, pk=contribution_pk, partnership=partnership)
    try:
        services.contribution_remove(contribution=contribution, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Contribution removed."))
    return redirect(partnership)


@login_required
@require_POST
def agreement_upload(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    form = AgreementUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_upload(
                partnership=partnership,
                actor=request.user,
                upload=form.cleaned_data["file"],
                signed_on=form.cleaned_data["signed_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Signed agreement recorded."))
            return redirect(partnership)
    return _render_detail(request, partnership, agreement_form=form, status=400)


@login_required
def agreement_download(request: HttpRequest, pk: int) -> FileResponse:
    """The signed copy, to the people who may read the partnership (its parties included);
    media files are never served publicly."""
    partnership = partnership_or_404(request, pk)
    if not partnership.signed_agreement:
        raise Http404(_("No signed agreement has been recorded."))
    try:
        handle = partnership.signed_agreement.open("rb")
    except FileNotFoundError:
        raise Http404(_("The signed agreement file is missing from storage.")) from None
    extension = (partnership.signed_agreement.name or "").rsplit(".", 1)[-1]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"agreement-partnership-{partnership.pk}.{extension}",
    )


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    if not request.user.has_perm("partnerships.manage_documents", partnership):
        raise PermissionDenied(services.DOCUMENTS_REFUSED)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                partnership=partnership,
                actor=request.user,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                is_public=form.cleaned_data["is_public"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document added."))
            return redirect(f"{partnership.get_absolute_url()}#documents")
    return _render_detail(request, partnership, document_form=form, status=400)


def _document_or_404(partnership: Partnership, document_pk: int) -> PartnershipDocument:
    return get_object_or_404(PartnershipDocument, pk=document_pk, partnership=partnership)


@login_required
@require_POST
def document_publish(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    document = _document_or_404(partnership, document_pk)
    publish = request.POST.get("public") == "1"
    try:
        services.document_set_public(document=document, actor=request.user, is_public=publish)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The document is on the public page.")
            if publish
            else _("The document is no longer on the public page."),
        )
    return redirect(f"{partnership.get_absolute_url()}#documents")


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    document = _document_or_404(partnership, document_pk)
    services.document_remove(document=document, actor=request.user)
    messages.success(request, _("Document removed."))
    return redirect(f"{partnership.get_absolute_url()}#documents")


def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """A public document of a public partnership to anyone; any other document to the people
    who may read the partnership. Media files are never served directly."""
    document = get_object_or_404(
        PartnershipDocument.objects.select_related("partnership"), pk=document_pk, partnership_id=pk
    )
    public = (
        document.is_public
        and selectors.public_partnerships().filter(pk=document.partnership_id).exists()
    )
    if not public:
        if not request.user.is_authenticated:
            raise Http404(_("No such document."))
        partnership_or_404(request, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The document's file is missing from storage.")) from None
    extension = (document.file.name or "").rsplit(".", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=f"partnership-{pk}-document-{document.pk}.{extension}"
    )
    if not public:
        response["Cache-Control"] = "private"
    return response
