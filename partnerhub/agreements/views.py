"""Agreement desk pages: the list, an agreement with its clauses, redlines and approval flow,
generating one for a partnership, the template library with uploads, and the time-to-signature
report. The partnership's page shows the agreement section (templatetags/agreements_tags.py).
Views read through selectors and write through services."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerhub.accounts.predicates import is_un_staff
from partnerhub.agreements import selectors, services, timeline, workflows
from partnerhub.agreements.forms import (
    DeviationForm,
    GenerateForm,
    SignedCopyForm,
    TemplateUploadForm,
    TransitionForm,
)
from partnerhub.agreements.models import Agreement, AgreementTemplate, Deviation, TemplateClause
from partnerhub.core.forms import add_service_errors, error_text
from partnerhub.core.selectors import audit_events_for
from partnerhub.partnerships.views import partnership_or_404

ACTION_LABELS = {
    "legal_review": gettext_lazy("Submit for legal review"),
    "approved": gettext_lazy("Approve"),
    "drafted": gettext_lazy("Return to draft"),
    "sent_for_signature": gettext_lazy("Send for signature"),
    "signed": gettext_lazy("Record the signature"),
    "cancelled": gettext_lazy("Cancel the agreement"),
}
FILES = {"docx": "docx", "pdf": "pdf", "signed": "signed_copy"}


def _agreement_or_404(request: HttpRequest, pk: int) -> Agreement:
    try:
        agreement = selectors.agreement_detail(pk)
    except Agreement.DoesNotExist:
        raise Http404(_("No such agreement.")) from None
    if not request.user.has_perm("agreements.view_agreement", agreement):
        raise PermissionDenied(
            _(
                "Only UN staff who may read the partnership can see its agreement; the partner "
                "sees it once it is sent for signature."
            )
        )
    return agreement


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("agreements.view_list"):
        raise PermissionDenied(_("The agreement desk is open to UN staff."))
    agreements = selectors.agreements_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Agreement.Status.values:
        agreements = agreements.filter(status=status)
    else:
        status = ""
    kind = request.GET.get("kind", "")
    if kind in AgreementTemplate.Kind.values:
        agreements = agreements.filter(template__kind=kind)
    else:
        kind = ""
    page = Paginator(agreements, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/list.html",
        {
            "page_obj": page,
            "statuses": Agreement.Status.choices,
            "status": status,
            "kinds": AgreementTemplate.Kind.choices,
            "kind": kind,
        },
    )


def _trail(agreement: Agreement) -> list[Any]:
    events = list(
        audit_events_for(agreement.partnership).filter(
            verb__in=list(timeline.TIMELINE_LABELS), details__agreement=agreement.pk
        )[:100]
    )
    for event in events:
        event.label = timeline.TIMELINE_LABELS[event.verb]  # type: ignore[attr-defined]
    return events


def _render_detail(
    request: HttpRequest,
    agreement: Agreement,
    *,
    deviation_form: DeviationForm | None = None,
    signed_form: SignedCopyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    partnership = agreement.partnership
    clauses = selectors.clauses_of(agreement)
    deviations = {d.clause.code: d for d in selectors.deviations_of(agreement)}
    document = services.agreement_document(agreement)
    redlines = [
        {"deviation": deviations[code], "heading": heading, "html": html}
        for code, (heading, html) in services.redlines_of(document).items()
        if code in deviations
    ]
    staff = bool(is_un_staff(user))
    moves = workflows.next_states(agreement.status, services.actors_for(user, partnership))
    actions = [
        {
            "to": to,
            "label": ACTION_LABELS[to],
            "confirm": to == Agreement.Status.CANCELLED,
            "needs_note": bool(
                workflows.Guard.NOTE in workflows.TRANSITIONS[(agreement.status, to)].guards
            ),
            "problem": services.guard_problem(agreement, to),
        }
        for to in moves
        if to != Agreement.Status.SIGNED
    ]
    can_deviate = agreement.status in workflows.OPEN_STATES and user.has_perm(
        "agreements.record_deviation", agreement
    )
    can_regenerate = (
        agreement.status == Agreement.Status.DRAFTED
        and partnership.status in services.GENERATION_STATES
        and user.has_perm("agreements.generate", partnership)
    )
    context = {
        "agreement": agreement,
        "partnership": partnership,
        "clauses": clauses,
        "readings": services.clause_readings(document),
        "chosen": {c.pk for c in agreement.optional_clauses.all()},
        "deviated": {d.clause_id for d in deviations.values()},
        "redlines": redlines,
        "actions": actions,
        "signed_form": signed_form
        or (SignedCopyForm() if Agreement.Status.SIGNED in moves else None),
        "deviation_form": deviation_form
        or (DeviationForm(clauses=[c.clause for c in clauses]) if can_deviate else None),
        "can_deviate": can_deviate,
        "can_regenerate": can_regenerate,
        "in_english": services.clause_texts(agreement)[1] if staff else [],
        "trail": _trail(agreement) if staff else [],
        "is_un_staff": staff,
        "today": timezone.localdate(),
    }
    return render(request, "agreements/detail.html", context, status=status)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _agreement_or_404(request, pk))


@login_required
def agreement_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    """The generated DOCX or PDF, or the signed copy, to whoever may read the agreement; media
    files are never served publicly."""
    agreement = _agreement_or_404(request, pk)
    if which not in FILES:
        raise Http404(_("No such file."))
    stored = getattr(agreement, FILES[which])
    if not stored:
        raise Http404(_("This file has not been produced yet."))
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from storage.")) from None
    extension = (stored.name or "").rsplit(".", 1)[-1]
    suffix = "-signed" if which == "signed" else ""
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"agreement-{agreement.partnership_id}-{agreement.pk}"
        f"-{agreement.language}{suffix}.{extension}",
    )


def _generate_form(data: Any = None, agreement: Agreement | None = None) -> GenerateForm:
    templates = selectors.templates_in_force()
    optional = (
        TemplateClause.objects.filter(template__in=templates, mandatory=False)
        .select_related("template", "clause")
        .order_by("template__kind", "position")
    )
    initial: dict[str, Any] = {}
    if agreement is not None:
        # The kind's version in force, if the agreement's own version has been retired since.
        in_force = selectors.template_in_force(agreement.template.kind)
        initial = {
            "template": in_force.pk if in_force else agreement.template_id,
            "language": agreement.language,
            "optional_clauses": [c.pk for c in agreement.optional_clauses.all()],
        }
    return GenerateForm(data, initial=initial, templates=templates, optional=optional)


@login_required
def agreement_generate(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = partnership_or_404(request, pk)
    if not request.user.has_perm("agreements.generate", partnership):
        raise PermissionDenied(
            _("Only focal points and legal officers of the lead entity can generate its agreement.")
        )
    current = selectors.current_agreement(partnership)
    form = _generate_form(request.POST or None, current)
    status = 200
    stage_problem = services.generation_problem(partnership, current)
    if stage_problem:
        # Say so before anyone fills in the form, rather than after.
        return render(
            request,
            "agreements/generate.html",
            {"partnership": partnership, "current": current, "problem": stage_problem},
            status=400 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        if form.is_valid():
            try:
                agreement = services.agreement_generate(
                    partnership=partnership,
                    template=form.cleaned_data["template"],
                    language=form.cleaned_data["language"],
                    optional_clause_ids=form.optional_clause_ids(),
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Agreement generated: check it, then submit it for legal review.")
                )
                return redirect("agreements:detail", pk=agreement.pk)
        status = 400
    return render(
        request,
        "agreements/generate.html",
        {"form": form, "partnership": partnership, "current": current},
        status=status,
    )


@login_required
@require_POST
def agreement_transition(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        if "to" in form.errors:
            messages.error(request, _("Choose a valid next step."))
        elif "sent_on" in form.errors:
            messages.error(request, _("Enter the date it was sent as a valid date."))
        else:
            messages.error(request, _("Keep the note under 2,000 characters."))
        return redirect("agreements:detail", pk=agreement.pk)
    to = form.cleaned_data["to"]
    signed_form = None
    signed_copy = signed_on = None
    if to == Agreement.Status.SIGNED:
        signed_form = SignedCopyForm(request.POST, request.FILES)
        if not signed_form.is_valid():
            if not services.actors_for(request.user, agreement.partnership):
                raise PermissionDenied(
                    _("Only legal officers of the lead entity record the signature.")
                )
            return _render_detail(request, agreement, signed_form=signed_form, status=400)
        signed_copy = signed_form.cleaned_data["signed_copy"]
        signed_on = signed_form.cleaned_data["signed_on"]
    try:
        agreement = services.agreement_transition(
            agreement=agreement,
            to=to,
            actor=request.user,
            note=form.cleaned_data["note"],
            signed_copy=signed_copy,
            signed_on=signed_on,
            sent_on=form.cleaned_data["sent_on"],
        )
    except ValidationError as exc:
        if signed_form is not None:
            add_service_errors(signed_form, exc)
            return _render_detail(request, agreement, signed_form=signed_form, status=400)
        messages.error(request, error_text(exc))
        return redirect("agreements:detail", pk=agreement.pk)
    messages.success(
        request,
        _("Done: the agreement is now “%(status)s”.") % {"status": agreement.get_status_display()},
    )
    return redirect("agreements:detail", pk=agreement.pk)


@login_required
@require_POST
def deviation_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_or_404(request, pk)
    if not request.user.has_perm("agreements.record_deviation", agreement):
        raise PermissionDenied(
            _("Only legal officers of the lead entity can record negotiated deviations.")
        )
    form = DeviationForm(request.POST, clauses=[c.clause for c in selectors.clauses_of(agreement)])
    if form.is_valid():
        try:
            services.deviation_record(
                agreement=agreement,
                clause=form.chosen_clause(),
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Deviation recorded; the documents were regenerated."))
            return redirect("agreements:detail", pk=agreement.pk)
    return _render_detail(request, agreement, deviation_form=form, status=400)


@login_required
@require_POST
def deviation_remove(request: HttpRequest, pk: int, deviation_pk: int) -> HttpResponse:
    agreement = _agreement_or_404(request, pk)
    deviation = get_object_or_404(
        Deviation.objects.select_related("clause", "agreement__partnership"),
        pk=deviation_pk,
        agreement=agreement,
    )
    try:
        services.deviation_remove(deviation=deviation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Back to the standard text; the documents were regenerated."))
    return redirect("agreements:detail", pk=agreement.pk)


def _require_library(request: HttpRequest) -> None:
    if not request.user.has_perm("agreements.view_templates"):
        raise PermissionDenied(_("The template library is open to UN staff."))


def _render_library(
    request: HttpRequest, form: TemplateUploadForm | None = None, status: int = 200
) -> HttpResponse:
    can_upload = request.user.has_perm("agreements.upload_template")
    return render(
        request,
        "agreements/templates.html",
        {
            "templates": selectors.template_library(),
            "form": form or (TemplateUploadForm() if can_upload else None),
            "can_reinstate": can_upload,
            # Legal officers (and administrators) see which clauses need their review.
            "review_notes": selectors.clause_review_notes() if can_upload else {},
            "language": (request.LANGUAGE_CODE or "en").split("-")[0],
        },
        status=status,
    )


@login_required
def template_library(request: HttpRequest) -> HttpResponse:
    _require_library(request)
    return _render_library(request)


@login_required
@require_POST
def template_upload(request: HttpRequest) -> HttpResponse:
    _require_library(request)
    if not request.user.has_perm("agreements.upload_template"):
        raise PermissionDenied(
            _("Only legal officers and administrators can upload agreement templates.")
        )
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            template = services.template_upload(
                kind=form.cleaned_data["kind"],
                docx_file=form.cleaned_data["docx_file"],
                actor=request.user,
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(version)s of “%(kind)s” is now in force.")
                % {"version": template.version, "kind": template.get_kind_display()},
            )
            return redirect("agreements:templates")
    return _render_library(request, form, status=400)


@login_required
@require_POST
def template_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_library(request)
    template = get_object_or_404(AgreementTemplate, pk=pk)
    try:
        template = services.template_reinstate(template=template, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Version %(version)s of “%(kind)s” is now in force.")
            % {"version": template.version, "kind": template.get_kind_display()},
        )
    return redirect("agreements:templates")


@login_required
def signature_report(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("agreements.view_report"):
        raise PermissionDenied(_("The report is open to UN staff."))
    report = selectors.time_to_signature_report()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="time-to-signature.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "agreement",
                "partnership",
                "template",
                "lead_entity",
                "drafted_on",
                "sent_on",
                "signed_on",
                "days_draft_to_signature",
                "days_sent_to_signature",
            ]
        )
        for row in report.rows:
            agreement = row["agreement"]
            writer.writerow(
                [
                    agreement.pk,
                    agreement.partnership.title,
                    row["kind"],
                    row["entity"],
                    row["drafted_on"].isoformat(),
                    row["sent_on"].isoformat() if row["sent_on"] else "",
                    row["signed_on"].isoformat(),
                    row["draft_to_signature_days"],
                    "" if row["sent_to_signature_days"] is None else row["sent_to_signature_days"],
                ]
            )
        return response
    return render(request, "agreements/report.html", {"report": report})
