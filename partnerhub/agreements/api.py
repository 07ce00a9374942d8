"""Agreements API: the agreements you may read, generating one for a partnership, negotiated
deviations, the approval flow (the signature with its signed copy as a multipart upload), the
template library with uploads, and the time-to-signature report. Everything needs a token;
the rules are those of the pages (rules.py). An agreement or partnership you may not read
answers 404; a move your role may not make answers 403; a refused write answers 400 with its
reason (for a refused template, every problem found)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import StringConstraints

from partnerhub.accounts.auth import token_auth
from partnerhub.agreements import selectors, services, workflows
from partnerhub.agreements.models import Agreement, AgreementTemplate, Deviation
from partnerhub.partnerships.api import visible_partnership

router = Router(tags=["agreements"], auth=token_auth)

MAX_ID = 2**63 - 1
MAX_PAGE = 100_000
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=services.MAX_NOTE)]
FILES = {"docx": "docx", "pdf": "pdf", "signed": "signed_copy"}


class ListParameters(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(settings.PAGE_SIZE, ge=1)
    status: str = Field("", description=", ".join(Agreement.Status.values))
    kind: str = Field("", description=", ".join(AgreementTemplate.Kind.values))


class ClauseOut(Schema):
    id: int = Field(description="The template clause's id (use it to choose optional clauses)")
    clause_id: int
    code: str
    version: int
    title: str
    mandatory: bool


class DeviationOut(Schema):
    id: int
    clause_id: int
    clause_code: str
    text: str
    standard_text: str
    reason: str
    redline_html: str = Field(description="The standard text with <del> and <ins> marks")


class AgreementBrief(Schema):
    id: int
    partnership_id: int
    partnership: str
    lead_entity: str
    kind: str
    template_version: int
    language: str
    status: str
    created_at: datetime.datetime
    generated_at: datetime.datetime | None
    sent_on: datetime.date | None
    signed_on: datetime.date | None


class AgreementOut(AgreementBrief):
    clauses: list[ClauseOut]
    deviations: list[DeviationOut]
    next_states: list[str] = Field(description="The moves you may make from here")
    files: dict[str, str] = Field(description="API paths of the DOCX, PDF and signed copy")


class AgreementPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[AgreementBrief]


class GenerateIn(Schema):
    kind: str = Field(
        description="The kind of agreement: " + ", ".join(AgreementTemplate.Kind.values)
    )
    language: str = Field("en", description="en, fr or ar")
    optional_clause_ids: list[Id] = Field(
        default_factory=list,
        max_length=100,
        description="Ids of optional clauses of the template in force (templates list)",
    )


class DeviationIn(Schema):
    clause_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)]
    text: Annotated[str, StringConstraints(max_length=services.MAX_CLAUSE_TEXT)]
    reason: Note = ""


class TransitionIn(Schema):
    to: str = Field(description=", ".join(Agreement.Status.values))
    note: Note = ""
    sent_on: datetime.date | None = Field(
        None,
        description="With to=sent_for_signature: the day it went out, if not today (not in "
        "the future, not before the agreement was drafted)",
    )


class TemplateOut(Schema):
    id: int
    kind: str
    version: int
    in_force: bool
    title: str
    has_docx: bool
    notes: str
    created_at: datetime.datetime
    clauses: list[ClauseOut]


class RefusalOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class KindFigures(Schema):
    group: str
    label: str
    signed: int
    median_days: float | None
    p90_days: float | None
    median_days_sent_to_signature: float | None
    p90_days_sent_to_signature: float | None


class ReportRow(Schema):
    agreement_id: int
    partnership_id: int
    kind: str
    lead_entity: str
    drafted_on: datetime.date
    sent_on: datetime.date | None
    signed_on: datetime.date
    days_draft_to_signature: int
    days_sent_to_signature: int | None


class ReportOut(Schema):
    overall: KindFigures
    by_template: list[KindFigures]
    by_entity: list[KindFigures]
    rows: list[ReportRow]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _agreement(user: Any, agreement_id: int) -> Agreement:
    agreement = None
    if 1 <= agreement_id <= MAX_ID:
        try:
            agreement = selectors.agreement_detail(agreement_id)
        except Agreement.DoesNotExist:
            agreement = None
    if agreement is None or not user.has_perm("agreements.view_agreement", agreement):
        raise Http404(f"No agreement has the id {agreement_id}.")
    return agreement


def _brief(agreement: Agreement) -> AgreementBrief:
    return AgreementBrief(
        id=agreement.pk,
        partnership_id=agreement.partnership_id,
        partnership=agreement.partnership.title,
        lead_entity=agreement.partnership.lead_entity.acronym,
        kind=agreement.template.kind,
        template_version=agreement.template.version,
        language=agreement.language,
        status=agreement.status,
        created_at=agreement.created_at,
        generated_at=agreement.generated_at,
        sent_on=agreement.sent_on,
        signed_on=agreement.signed_on,
    )


def _clause_out(template_clause: Any) -> ClauseOut:
    clause = template_clause.clause
    return ClauseOut(
        id=template_clause.pk,
        clause_id=clause.pk,
        code=clause.code,
        version=clause.version,
        title=clause.titles.get("en") or clause.code,
        mandatory=template_clause.mandatory,
    )


def _deviation_out(
    deviation: Deviation, agreement: Agreement, redlines: dict[str, tuple[str, str]]
) -> DeviationOut:
    standard = services.standard_text(deviation.clause, agreement.language)
    _heading, redline = redlines.get(deviation.clause.code, ("", ""))
    return DeviationOut(
        id=deviation.pk,
        clause_id=deviation.clause_id,
        clause_code=deviation.clause.code,
        text=deviation.text,
        standard_text=standard,
        reason=deviation.reason,
        redline_html=redline,
    )


def _out(user: Any, agreement_id: int) -> AgreementOut:
    agreement = selectors.agreement_detail(agreement_id)
    base = f"/api/agreements/{agreement.pk}/files/"
    redlines = services.deviation_redlines(agreement)
    return AgreementOut(
        **_brief(agreement).dict(),
        clauses=[_clause_out(tc) for tc in selectors.clauses_of(agreement)],
        deviations=[
            _deviation_out(d, agreement, redlines) for d in selectors.deviations_of(agreement)
        ],
        next_states=workflows.next_states(
            agreement.status, services.actors_for(user, agreement.partnership)
        ),
        files={which: base + which for which, name in FILES.items() if getattr(agreement, name)},
    )


def _template_out(template: AgreementTemplate) -> TemplateOut:
    return TemplateOut(
        id=template.pk,
        kind=template.kind,
        version=template.version,
        in_force=template.in_force,
        title=template.titles.get("en") or template.get_kind_display(),
        has_docx=bool(template.docx),
        notes=template.notes,
        created_at=template.created_at,
        clauses=[_clause_out(tc) for tc in template.template_clauses.all()],
    )


def _figures(group: str, figures: selectors.SignatureFigures) -> KindFigures:
    return KindFigures(
        group=group,
        label=figures.label,
        signed=figures.count,
        median_days=figures.median_days,
        p90_days=figures.p90_days,
        median_days_sent_to_signature=figures.median_sent_days,
        p90_days_sent_to_signature=figures.p90_sent_days,
    )


# --- The library and the report (before /{agreement_id}, whose paths they would match) -------


@router.get("/templates", response=list[TemplateOut], summary="The template library, every version")
def template_list(request: HttpRequest) -> list[TemplateOut]:
    if not _user(request).has_perm("agreements.view_templates"):
        raise PermissionDenied("The template library is open to UN staff.")
    return [_template_out(t) for t in selectors.template_library()]


@router.post(
    "/templates",
    response={201: TemplateOut, 400: RefusalOut},
    summary="Upload a new version of a template (legal officers and administrators)",
    description="Multipart: kind, docx_file, notes. The placeholders are checked first; any "
    "problem answers 400 with every problem under errors.docx_file, and the version in force "
    "stays in force.",
)
def template_upload(
    request: HttpRequest,
    kind: Form[str],
    docx_file: File[UploadedFile],
    notes: Form[str] = "",
) -> Status[TemplateOut] | Status[RefusalOut]:
    try:
        template = services.template_upload(
            kind=kind, docx_file=docx_file, actor=_user(request), notes=notes
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        # Answered here rather than by the API's ValidationError handler, which keeps one
        # message per field: a refused template needs every problem listed.
        return Status(
            400,
            RefusalOut(
                detail=" ".join(exc.messages),
                errors={
                    field: [message for error in errors for message in error.messages]
                    for field, errors in exc.error_dict.items()
                },
            ),
        )
    return Status(201, _template_out(selectors.template_library().get(pk=template.pk)))


@router.post(
    "/templates/{template_id}/reinstate",
    response=TemplateOut,
    summary="Put a retired version of a template back in force (legal officers, administrators)",
)
def template_reinstate(request: HttpRequest, template_id: int) -> TemplateOut:
    template = (
        AgreementTemplate.objects.filter(pk=template_id).first() if template_id <= MAX_ID else None
    )
    if template is None:
        raise Http404(f"No template has the id {template_id}.")
    services.template_reinstate(template=template, actor=_user(request))
    return _template_out(selectors.template_library().get(pk=template.pk))


@router.get(
    "/report",
    response=ReportOut,
    summary="Days from first draft to signature, by kind of agreement and by lead entity",
    description="Medians and nearest-rank 90th percentiles in calendar days, over signed "
    "agreements; and from sending for signature to signature.",
)
def signature_report(request: HttpRequest) -> ReportOut:
    if not _user(request).has_perm("agreements.view_report"):
        raise PermissionDenied("The report is open to UN staff.")
    report = selectors.time_to_signature_report()
    return ReportOut(
        overall=_figures("all", report.overall),
        by_template=[_figures("kind", f) for f in report.by_template],
        by_entity=[_figures("lead_entity", f) for f in report.by_entity],
        rows=[
            ReportRow(
                agreement_id=row["agreement"].pk,
                partnership_id=row["agreement"].partnership_id,
                kind=row["kind"],
                lead_entity=row["entity"],
                drafted_on=row["drafted_on"],
                sent_on=row["sent_on"],
                signed_on=row["signed_on"],
                days_draft_to_signature=row["draft_to_signature_days"],
                days_sent_to_signature=row["sent_to_signature_days"],
            )
            for row in report.rows
        ],
    )


@router.post(
    "/partnerships/{partnership_id}",
    response={201: AgreementOut},
    summary="Generate the partnership's agreement, or regenerate its draft",
    description="Focal points and legal officers of the lead entity, while the partnership is "
    "in review or at the agreement stage. Uses the template in force of the kind.",
)
def agreement_generate(
    request: HttpRequest, partnership_id: int, payload: GenerateIn
) -> Status[AgreementOut]:
    user = _user(request)
    partnership = visible_partnership(user, partnership_id)
    if payload.kind not in AgreementTemplate.Kind.values:
        raise ValidationError(
            {"kind": f"Unknown kind {payload.kind!r}: {', '.join(AgreementTemplate.Kind.values)}."}
        )
    template = selectors.template_in_force(payload.kind)
    if template is None:
        raise ValidationError({"kind": "No template of this kind is in force."})
    agreement = services.agreement_generate(
        partnership=partnership,
        template=template,
        language=payload.language,
        optional_clause_ids=payload.optional_clause_ids,
        actor=user,
    )
    return Status(201, _out(user, agreement.pk))


# --- Agreements -------------------------------------------------------------------------------


@router.get("", response=AgreementPage, summary="The agreements you may read, newest first")
def agreement_list(request: HttpRequest, params: Query[ListParameters]) -> AgreementPage:
    agreements = selectors.agreements_visible_to(_user(request))
    if params.status:
        if params.status not in Agreement.Status.values:
            raise ValidationError({"status": f"Unknown status {params.status!r}."})
        agreements = agreements.filter(status=params.status)
    if params.kind:
        if params.kind not in AgreementTemplate.Kind.values:
            raise ValidationError({"kind": f"Unknown kind {params.kind!r}."})
        agreements = agreements.filter(template__kind=params.kind)
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * page_size
    return AgreementPage(
        count=agreements.count(),
        page=params.page,
        page_size=page_size,
        results=[_brief(a) for a in agreements[start : start + page_size]],
    )


@router.get("/{agreement_id}", response=AgreementOut, summary="An agreement with its clauses")
def agreement_detail(request: HttpRequest, agreement_id: int) -> AgreementOut:
    user = _user(request)
    return _out(user, _agreement(user, agreement_id).pk)


@router.get(
    "/{agreement_id}/files/{which}",
    response={200: None},
    summary="Download the generated DOCX or PDF (docx, pdf) or the signed copy (signed)",
)
def agreement_file(request: HttpRequest, agreement_id: int, which: str) -> FileResponse:
    agreement = _agreement(_user(request), agreement_id)
    if which not in FILES or not getattr(agreement, FILES[which]):
        raise Http404(f"Agreement {agreement_id} has no file {which!r}.")
    stored = getattr(agreement, FILES[which])
    extension = (stored.name or "").rsplit(".", 1)[-1]
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"agreement-{agreement.partnership_id}-{agreement.pk}-{which}.{extension}",
    )


@router.post(
    "/{agreement_id}/deviations",
    response={201: DeviationOut},
    summary="Record (or replace) the negotiated text of a clause (legal officers)",
)
def deviation_record(
    request: HttpRequest, agreement_id: int, payload: DeviationIn
) -> Status[DeviationOut]:
    user = _user(request)
    agreement = _agreement(user, agreement_id)
    clause = next(
        (
            tc.clause
            for tc in selectors.clauses_of(agreement)
            if tc.clause.code == payload.clause_code
        ),
        None,
    )
    if clause is None:
        raise ValidationError({"clause_code": "That clause is not part of this agreement."})
    deviation = services.deviation_record(
        agreement=agreement, clause=clause, text=payload.text, reason=payload.reason, actor=user
    )
    return Status(201, _deviation_out(deviation, agreement, services.deviation_redlines(agreement)))


@router.delete(
    "/{agreement_id}/deviations/{deviation_id}",
    response={204: None},
    summary="Go back to the standard text of a clause",
)
def deviation_remove(request: HttpRequest, agreement_id: int, deviation_id: int) -> Status[None]:
    user = _user(request)
    agreement = _agreement(user, agreement_id)
    deviation = (
        Deviation.objects.select_related("clause")
        .filter(agreement=agreement, pk=deviation_id)
        .first()
        if deviation_id <= MAX_ID
        else None
    )
    if deviation is None:
        raise Http404(f"Agreement {agreement_id} has no deviation with the id {deviation_id}.")
    deviation.agreement = agreement
    services.deviation_remove(deviation=deviation, actor=user)
    return Status(204, None)


@router.post(
    "/{agreement_id}/transition",
    response=AgreementOut,
    summary="Move the agreement along its approval flow",
    description="drafted → legal_review → approved → sent_for_signature; returns to drafted "
    "need a note; cancelled from any state before signature. The signature itself is "
    "recorded with POST /{agreement_id}/sign and the signed copy.",
)
def agreement_transition(
    request: HttpRequest, agreement_id: int, payload: TransitionIn
) -> AgreementOut:
    user = _user(request)
    agreement = _agreement(user, agreement_id)
    if payload.to == Agreement.Status.SIGNED:
        raise ValidationError(
            {
                "to": f"Record the signature with POST /api/agreements/{agreement_id}/sign "
                "(multipart: signed_copy, signed_on)."
            }
        )
    services.agreement_transition(
        agreement=agreement, to=payload.to, actor=user, note=payload.note, sent_on=payload.sent_on
    )
    return _out(user, agreement.pk)


@router.post(
    "/{agreement_id}/sign",
    response=AgreementOut,
    summary="Record the signature: the signed copy (PDF or DOCX, ≤ 20 MB) and its date",
)
def agreement_sign(
    request: HttpRequest,
    agreement_id: int,
    signed_copy: File[UploadedFile],
    signed_on: Form[datetime.date],
    note: Form[str] = "",
) -> AgreementOut:
    user = _user(request)
    agreement = _agreement(user, agreement_id)
    services.agreement_transition(
        agreement=agreement,
        to=Agreement.Status.SIGNED,
        actor=user,
        note=note,
        signed_copy=signed_copy,
        signed_on=signed_on,
    )
    return _out(user, agreement.pk)
