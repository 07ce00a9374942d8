"""Writes of the agreement desk. Every service checks the actor's permission, runs in one
transaction, records an AuditEvent and notifies people only after commit. Agreement events
are recorded on the partnership, so they show on its timeline (timeline.py labels them);
template uploads are recorded on the template.

Generated documents are laid out by rendering.py from an AgreementDocument (document.py)
built here from the partnership's records, in the agreement's language."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import jinja2
from babel.numbers import format_decimal
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerhub.accounts.models import Membership, Role
from partnerhub.accounts.predicates import entity_ids_for, is_administrator
from partnerhub.agreements import rendering, selectors, workflows
from partnerhub.agreements.document import (
    AgreementDocument,
    ClauseText,
    ContributionLine,
    KpiLine,
    Party,
)
from partnerhub.agreements.models import (
    AGREEMENT_LANGUAGES,
    Agreement,
    AgreementTemplate,
    Clause,
    Deviation,
    TemplateClause,
)
from partnerhub.agreements.workflows import Actor, Guard
from partnerhub.core.services import audit_record
from partnerhub.notifications.services import notify
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner
from partnerhub.results.models import KPI

# Drafting may start during the review (the partners' contributions are fixed by then), so
# the lawyers' time overlaps the cost–benefit review; sending for signature waits for the
# partnership to reach the agreement stage (workflows.Guard.PARTNERSHIP_AT_AGREEMENT).
GENERATION_STATES = frozenset({Partnership.Status.REVIEW, Partnership.Status.AGREEMENT})
LANGUAGES = dict(AGREEMENT_LANGUAGES)
MAX_NOTE = 2000
MAX_CLAUSE_TEXT = 20_000
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SIGNED_COPY_FORMATS = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}
DOCX_MAGIC = b"PK\x03\x04"

ACTOR_LABELS = {
    Actor.FOCAL_POINT: gettext_lazy("focal points of the lead entity"),
    Actor.LEGAL_OFFICER: gettext_lazy("legal officers of the lead entity"),
    Actor.ADMINISTRATOR: gettext_lazy("administrators"),
}
# One verb per move, so the partnership's timeline can label each step on its own.
TRANSITION_VERBS = {
    "legal_review": "agreement.submitted_for_review",
    "approved": "agreement.approved",
    "drafted": "agreement.returned_to_draft",
    "sent_for_signature": "agreement.sent_for_signature",
    "signed": "agreement.signed",
    "cancelled": "agreement.cancelled",
}

# The document's own wording for the parties' roles, kinds of contribution and result levels.
# Agreements are legal documents: like the clause texts in the library, these are fixed here
# per language rather than left to the interface's translation catalogue (rendering.py holds
# the headings).
DOCUMENT_TERMS: dict[str, dict[str, str]] = {
    "en": {
        "lead_entity": "Lead UN entity",
        "participating_entity": "Participating UN entity",
        "private": "Private partner",
        "other": "Other partner",
        "cash": "Cash contribution",
        "in_kind": "In-kind contribution",
        "pro_bono_hours": "Pro bono services",
        "hours": "hours",
        "output": "Output",
        "outcome": "Outcome",
        "impact": "Impact",
        "none": "None",
    },
    "fr": {
        "lead_entity": "Entité des Nations Unies chef de file",
        "participating_entity": "Entité des Nations Unies participante",
        "private": "Partenaire privé",
        "other": "Autre partenaire",
        "cash": "Contribution financière",
        "in_kind": "Contribution en nature",
        "pro_bono_hours": "Services pro bono",
        "hours": "heures",
        "output": "Produit",
        "outcome": "Effet",
        "impact": "Impact",
        "none": "Aucun",
    },
    "ar": {
        "lead_entity": "كيان الأمم المتحدة الرائد",
        "participating_entity": "كيان مشارك من الأمم المتحدة",
        "private": "شريك من القطاع الخاص",
        "other": "شريك آخر",
        "cash": "مساهمة نقدية",
        "in_kind": "مساهمة عينية",
        "pro_bono_hours": "خدمات مجانية",
        "hours": "ساعات",
        "output": "مخرج",
        "outcome": "نتيجة",
        "impact": "أثر",
        "none": "لا يوجد",
    },
}
KPI_LEVELS = {
    KPI.ResultLevel.OUTPUT: "output",
    KPI.ResultLevel.OUTCOME: "outcome",
    KPI.ResultLevel.IMPACT: "impact",
}


# --- Who may act ------------------------------------------------------------------------------


def actors_for(user: Any, partnership: Partnership) -> set[Actor]:
    """The roles of the approval flow `user` holds on this partnership's agreement."""
    held = set()
    if partnership.lead_entity_id in entity_ids_for(user, Role.FOCAL_POINT):
        held.add(Actor.FOCAL_POINT)
    if partnership.lead_entity_id in entity_ids_for(user, Role.LEGAL_OFFICER):
        held.add(Actor.LEGAL_OFFICER)
    if is_administrator(user):
        held.add(Actor.ADMINISTRATOR)
    return held


def _either(names: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    if len(names) <= 1:
        return "".join(names)
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


def localised(values: dict[str, str], language: str | None = None) -> str:
    """A clause's or template's title (or text) in `language`, by default the language of
    the page being shown, or in English if the library lacks it."""
    language = (language or translation.get_language() or "en").split("-")[0]
    return values.get(language) or values.get("en") or ""


def _require(actor: Any, perm: str, obj: Any, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _lead_staff(partnership: Partnership, *roles: str) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(
            role__in=roles, un_entity_id=partnership.lead_entity_id
        ).select_related("user")
    ]


def _partner_reps(partnership: Partnership) -> list[Any]:
    organisations = list(partnership.partners.values_list("organisation_id", flat=True))
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.COMPANY_REP, organisation_id__in=organisations
        ).select_related("user")
    ]


def _others(users: list[Any], actor: Any) -> list[Any]:
    return [u for u in users if u.pk != actor.pk]


# --- The document -----------------------------------------------------------------------------


# Numbers and dates as the document's language writes them, by CLDR (Babel), as rendering.py
# writes the dates of the agreement: Arabic agreements keep Western digits.
NUMBER_LOCALES = {"en": "en_GB"}


def _locale() -> str:
    language = translation.get_language() or "en"
    return NUMBER_LOCALES.get(language, language)


def _amount(value: Decimal) -> str:
    return format_decimal(value, format="#,##0.00", locale=_locale())


def _number(value: Decimal) -> str:
    return format_decimal(value, format="#,##0.####", locale=_locale())


def _date(value: datetime.date) -> str:
    return rendering.long_date(value, translation.get_language() or "en")


def _contribution_lines(partnership: Partnership, terms: dict[str, str]) -> list[ContributionLine]:
    contributions = Contribution.objects.filter(partnership=partnership).select_related(
        "partner__organisation", "entity"
    )
    return [
        ContributionLine(
            contributor=c.contributor,
            kind=terms[c.kind],
            amount=_amount(c.amount),
            unit=c.currency or terms["hours"],
        )
        for c in contributions.order_by("kind", "id")
    ]


def _kpi_lines(partnership: Partnership, terms: dict[str, str]) -> list[KpiLine]:
    lines = []
    for kpi in KPI.objects.filter(partnership=partnership).prefetch_related("targets"):
        unit = f" {kpi.unit}" if kpi.unit else ""
        if kpi.baseline_value is not None:
            baseline = _number(kpi.baseline_value) + unit
            if kpi.baseline_year:
                baseline += f" ({kpi.baseline_year})"
        else:
            baseline = kpi.baseline_comment or terms["none"]
        targets = "; ".join(
            f"{_date(t.period_end)}: "
            + (_number(t.value) + unit if t.value is not None else t.comment)
            for t in kpi.targets.all()
        )
        lines.append(
            KpiLine(
                name=kpi.name,
                level=terms[KPI_LEVELS[KPI.ResultLevel(kpi.result_level)]],
                baseline=baseline,
                targets=targets or terms["none"],
            )
        )
    return lines


def _parties(partnership: Partnership, terms: dict[str, str]) -> list[Party]:
    lead = partnership.lead_entity
    parties = [Party(name=lead.name, role=terms["lead_entity"], acronym=lead.acronym)]
    parties += [
        Party(name=e.name, role=terms["participating_entity"], acronym=e.acronym)
        for e in partnership.participating_entities.order_by("acronym")
        if e.pk != lead.pk
    ]
    partners = PartnershipPartner.objects.filter(partnership=partnership).select_related(
        "organisation__country"
    )
    parties += [
        Party(
            name=p.organisation.legal_name,
            role=terms[p.role],
            country=p.organisation.country.label if p.organisation.country_id else "",
        )
        for p in partners.order_by("role", "organisation__legal_name", "id")
    ]
    return parties


def standard_text(clause: Clause, language: str) -> str:
    """The library's wording of the clause in `language`, or in English if it lacks one."""
    return localised(clause.texts, language)


def clause_texts(agreement: Agreement) -> tuple[list[ClauseText], list[str]]:
    """The agreement's clauses in its language, negotiated text where it deviates, and the
    codes of clauses the library lacks in that language (given in English instead)."""
    language = agreement.language
    deviations = {d.clause_id: d for d in agreement.deviations.all()}
    texts, in_english = [], []
    for template_clause in selectors.clauses_of(agreement):
        clause = template_clause.clause
        if not clause.texts.get(language):
            in_english.append(clause.code)
        standard = standard_text(clause, language)
        deviation = deviations.get(clause.pk)
        texts.append(
            ClauseText(
                code=clause.code,
                heading=localised(clause.titles, language),
                text=deviation.text if deviation else standard,
                standard_text=standard,
                deviation_reason=deviation.reason if deviation else "",
            )
        )
    return texts, in_english


def agreement_document(agreement: Agreement) -> AgreementDocument:
    """What the agreement says, from the partnership's records as they are now."""
    partnership = agreement.partnership
    language = agreement.language
    terms = DOCUMENT_TERMS[language]
    template = agreement.template
    with translation.override(language):
        clauses, _in_english = clause_texts(agreement)
        return AgreementDocument(
            language=language,
            reference=f"PH-{partnership.pk}-A{agreement.pk}",
            template_title=localised(template.titles, language) or str(template.get_kind_display()),
            template_version=template.version,
            title=partnership.title,
            summary=partnership.summary,
            parties=_parties(partnership, terms),
            starts_on=partnership.starts_on,
            ends_on=partnership.ends_on,
            countries=[c.label for c in partnership.countries.all()],
            sdgs=[str(g) for g in partnership.sdgs.order_by("number")],
            contributions=_contribution_lines(partnership, terms),
            kpis=_kpi_lines(partnership, terms),
            clauses=clauses,
            generated_on=timezone.localdate(),
        )


def deviation_redlines(agreement: Agreement) -> dict[str, tuple[str, str]]:
    """For each clause that deviates, by code: its heading in the agreement's language and the
    redline (HTML with <del> and <ins>) of the wording as it reads, placeholders filled."""
    return redlines_of(agreement_document(agreement))


def redlines_of(document: AgreementDocument) -> dict[str, tuple[str, str]]:
    return {
        clause.code: (
            clause.heading,
            rendering.redline_html(
                rendering.fill(clause.standard_text, document),
                rendering.fill(clause.text, document),
            ),
        )
        for clause in document.clauses
        if clause.deviates
    }


def clause_readings(document: AgreementDocument) -> dict[str, str]:
    """Each clause's text as the agreement reads it, by code: negotiated where it deviates,
    placeholders filled."""
    return {clause.code: rendering.fill(clause.text, document) for clause in document.clauses}


def _render(agreement: Agreement) -> list[str]:
    """Lay out the DOCX and the PDF and store them on the agreement (not saved yet).
    Returns the clauses given in English for want of a translation."""
    document = agreement_document(agreement)
    template_docx = None
    if agreement.template.docx:
        with agreement.template.docx.open("rb") as handle:
            template_docx = handle.read()
    try:
        docx = rendering.render_docx(document, template_docx)
        pdf = rendering.render_pdf(document)
    except (rendering.PlaceholderError, rendering.TemplateFillError, jinja2.TemplateError) as exc:
        # Uploaded templates are checked for their placeholders, but a template can still
        # fail when filled (a loop over a name that is not a list, say): say so, in words.
        raise ValidationError(
            _(
                "The %(kind)s template (version %(version)s) could not be filled: %(error)s "
                "Ask a legal officer to upload a corrected version."
            )
            % {
                "kind": agreement.template.get_kind_display(),
                "version": agreement.template.version,
                "error": str(exc),
            }
        ) from exc
    stem = f"agreement-{agreement.partnership_id}-{agreement.pk}-{agreement.language}"
    agreement.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    agreement.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    agreement.generated_at = timezone.now()
    return clause_texts(agreement)[1]


# --- Generating -------------------------------------------------------------------------------


def _optional_clauses(template: AgreementTemplate, ids: list[int]) -> list[TemplateClause]:
    optional = {
        tc.pk: tc for tc in TemplateClause.objects.filter(template=template, mandatory=False)
    }
    unknown = sorted({str(i) for i in ids if i not in optional})
    if unknown:
        raise ValidationError(
            {
                "optional_clause_ids": _(
                    "These are not optional clauses of this template: %(ids)s."
                )
                % {"ids": ", ".join(unknown)}
            }
        )
    return [optional[i] for i in dict.fromkeys(ids)]


def generation_problem(partnership: Partnership, current: Agreement | None) -> str:
    """Why the partnership's agreement cannot be generated now (its stage, or an agreement
    past drafting); empty when it can. The service checks the same under its lock."""
    if partnership.status not in GENERATION_STATES:
        return _(
            "An agreement is generated once the partnership is in review or at the "
            "agreement stage; this one is %(status)s."
        ) % {"status": partnership.get_status_display().lower()}
    if current is not None and current.status != Agreement.Status.DRAFTED:
        return _(
            "The agreement is %(status)s: it can be regenerated only as a draft. "
            "Return it to drafted first, or cancel it."
        ) % {"status": current.get_status_display().lower()}
    return ""


def agreement_generate(
    *,
    partnership: Partnership,
    template: AgreementTemplate,
    language: str,
    optional_clause_ids: list[int],
    actor: Any,
) -> Agreement:
    """Generate the partnership's agreement from a template in force, or regenerate it while
    it is still a draft (another template, language or choice of clauses; deviations from
    clauses no longer in it are dropped). A partnership has one agreement at a time: once in
    legal review or beyond, changing it needs a return to drafted, or a cancellation."""
    _require(
        actor,
        "agreements.generate",
        partnership,
        _("Only focal points and legal officers of the lead entity can generate its agreement."),
    )
    if language not in LANGUAGES:
        raise ValidationError(
            {"language": _("Choose one of: %(codes)s.") % {"codes": ", ".join(LANGUAGES)}}
        )
    if not template.in_force:
        raise ValidationError(
            {"template": _("This version of the template is no longer in force.")}
        )
    optional = _optional_clauses(template, optional_clause_ids)
    with transaction.atomic(durable=True):
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        agreement = selectors.current_agreement(partnership)
        problem = generation_problem(partnership, agreement)
        if problem:
            raise ValidationError(problem)
        if agreement is not None:
            agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if language != agreement.language:
                worded = sorted(agreement.deviations.values_list("clause__code", flat=True))
                if worded:
                    # Negotiated text is worded in the agreement's language: carried into
                    # another it would leave those clauses in the old language and show a
                    # meaningless redline.
                    raise ValidationError(
                        {
                            "language": _(
                                "The negotiated deviations (%(clauses)s) are worded in "
                                "%(language)s. Put those clauses back to the standard text "
                                "before generating the agreement in another language, then "
                                "record them again in the new one."
                            )
                            % {
                                "clauses": ", ".join(worded),
                                "language": LANGUAGES[agreement.language],
                            }
                        }
                    )
            agreement.template = template
            agreement.language = language
            verb = "agreement.regenerated"
        else:
            agreement = Agreement.objects.create(
                partnership=partnership, template=template, language=language, created_by=actor
            )
            verb = "agreement.generated"
        agreement.optional_clauses.set(optional)
        kept = {tc.clause_id for tc in selectors.clauses_of(agreement)}
        stale = agreement.deviations.exclude(clause_id__in=kept).select_related("clause")
        dropped = [d.clause.code for d in stale]
        stale.delete()
        in_english = _render(agreement)
        agreement.save()
        audit_record(
            actor=actor,
            verb=verb,
            target=partnership,
            details={
                "agreement": agreement.pk,
                "template": template.kind,
                "template_version": template.version,
                "language": language,
                "optional_clauses": [tc.clause.code for tc in optional],
                "deviations_dropped": dropped,
                "clauses_in_english": in_english,
            },
        )
        notify(
            users=_others(_lead_staff(partnership, Role.LEGAL_OFFICER, Role.FOCAL_POINT), actor),
            verb=verb,
            title=_("The agreement of %(title)s was generated") % {"title": partnership.title},
            url=agreement_url(agreement),
        )
    return agreement


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


# --- Deviations -------------------------------------------------------------------------------


def _require_open(agreement: Agreement) -> None:
    if agreement.status not in workflows.OPEN_STATES:
        raise ValidationError(
            _(
                "The agreement is %(status)s: its text changes only while drafted or in legal "
                "review."
            )
            % {"status": agreement.get_status_display().lower()}
        )


def deviation_record(
    *, agreement: Agreement, clause: Clause, text: str, reason: str, actor: Any
) -> Deviation:
    """Record (or replace) the negotiated wording of one of the agreement's clauses, and
    regenerate its documents."""
    _require(
        actor,
        "agreements.record_deviation",
        agreement,
        _("Only legal officers of the lead entity can record negotiated deviations."),
    )
    text = (text or "").strip()
    reason = (reason or "").strip()
    if not text:
        raise ValidationError({"text": _("Enter the negotiated text.")})
    if len(text) > MAX_CLAUSE_TEXT or len(reason) > MAX_NOTE:
        raise ValidationError(
            _("Keep the text under 20,000 characters and the reason under 2,000.")
        )
    with transaction.atomic(durable=True):
        agreement = (
            Agreement.objects.select_for_update()
            .select_related("partnership__lead_entity", "template")
            .get(pk=agreement.pk)
        )
        _require_open(agreement)
        clauses = {tc.clause_id: tc.clause for tc in selectors.clauses_of(agreement)}
        if clause.pk not in clauses:
            raise ValidationError({"clause": _("That clause is not part of this agreement.")})
        malformed = rendering.malformed_placeholders(text)
        if malformed:
            raise ValidationError(
                {
                    "text": _(
                        "Placeholders are written {{ name }}, with nothing else between the "
                        "braces; check: %(pieces)s"
                    )
                    % {"pieces": " · ".join(malformed)}
                }
            )
        unknown = rendering.placeholders_in(text) - rendering.CLAUSE_PLACEHOLDERS
        if unknown:
            raise ValidationError(
                {
                    "text": _("Unknown placeholders: %(unknown)s. A clause may use only %(known)s.")
                    % {
                        "unknown": ", ".join(f"{{{{ {n} }}}}" for n in sorted(unknown)),
                        "known": ", ".join(
                            f"{{{{ {n} }}}}" for n in sorted(rendering.CLAUSE_PLACEHOLDERS)
                        ),
                    }
                }
            )
        standard = standard_text(clause, agreement.language)
        if text == standard.strip():
            raise ValidationError(
                {"text": _("The text is the standard wording: nothing deviates.")}
            )
        deviation, created = Deviation.objects.update_or_create(
            agreement=agreement,
            clause=clause,
            defaults={"text": text, "reason": reason, "created_by": actor},
        )
        _render(agreement)
        agreement.save()
        audit_record(
            actor=actor,
            verb="agreement.deviation_recorded",
            target=agreement.partnership,
            details={
                "agreement": agreement.pk,
                "clause": clause.code,
                "clause_version": clause.version,
                "replaced": not created,
                "reason": reason,
            },
        )
    return deviation


def deviation_remove(*, deviation: Deviation, actor: Any) -> None:
    """Go back to the standard wording of the clause, and regenerate the documents."""
    agreement = deviation.agreement
    _require(
        actor,
        "agreements.record_deviation",
        agreement,
        _("Only legal officers of the lead entity can remove negotiated deviations."),
    )
    with transaction.atomic(durable=True):
        agreement = (
            Agreement.objects.select_for_update()
            .select_related("partnership__lead_entity", "template")
            .get(pk=agreement.pk)
        )
        _require_open(agreement)
        code = deviation.clause.code
        Deviation.objects.filter(pk=deviation.pk).delete()
        _render(agreement)
        agreement.save()
        audit_record(
            actor=actor,
            verb="agreement.deviation_removed",
            target=agreement.partnership,
            details={"agreement": agreement.pk, "clause": code},
        )


# --- The approval flow ------------------------------------------------------------------------


def _check_signed_copy(upload: Any) -> str:
    """The file's extension, once its size and its first bytes say it is what it claims."""
    if upload is None:
        raise ValidationError({"signed_copy": _("Upload the signed copy.")})
    name = (getattr(upload, "name", "") or "").lower()
    extension = next((ext for ext in SIGNED_COPY_FORMATS if name.endswith(ext)), None)
    if extension is None:
        raise ValidationError({"signed_copy": _("Upload the signed copy as a PDF or DOCX file.")})
    if upload.size == 0:
        raise ValidationError({"signed_copy": _("The file is empty.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"signed_copy": _("The file is larger than 20 MB.")})
    upload.seek(0)
    head = upload.read(len(SIGNED_COPY_FORMATS[extension]))
    upload.seek(0)
    if head != SIGNED_COPY_FORMATS[extension]:
        raise ValidationError(
            {
                "signed_copy": _("The file is not a valid %(kind)s.")
                % {"kind": extension[1:].upper()}
            }
        )
    return extension


def _check_guards(
    move: workflows.Move,
    agreement: Agreement,
    *,
    note: str,
    signed_copy: Any,
    signed_on: datetime.date | None,
) -> str:
    """Refuse the move, in words, when a guard does not hold; the signed copy's extension."""
    extension = ""
    for guard in move.guards:
        if guard == Guard.NOTE and not note.strip():
            raise ValidationError({"note": _("Say what needs changing.")})
        if (
            guard == Guard.PARTNERSHIP_AT_AGREEMENT
            and agreement.partnership.status != Partnership.Status.AGREEMENT
        ):
            raise ValidationError(
                _(
                    "The agreement is sent for signature once the partnership reaches the "
                    "agreement stage; it is %(status)s."
                )
                % {"status": agreement.partnership.get_status_display().lower()}
            )
        if guard == Guard.SIGNED_COPY:
            if signed_on is None:
                raise ValidationError({"signed_on": _("Enter the date of signature.")})
            if signed_on > timezone.localdate():
                raise ValidationError({"signed_on": _("The date of signature is in the future.")})
            if agreement.sent_on and signed_on < agreement.sent_on:
                raise ValidationError(
                    {"signed_on": _("The date of signature is before it was sent for signature.")}
                )
            extension = _check_signed_copy(signed_copy)
    return extension


def _sent_on(agreement: Agreement, sent_on: datetime.date | None) -> datetime.date:
    """The day the agreement went out for signature: recorded late, it may be earlier than
    today, but not before the agreement was drafted (the report counts the days between)."""
    today = timezone.localdate()
    if sent_on is None:
        return today
    if sent_on > today:
        raise ValidationError({"sent_on": _("The date it was sent is in the future.")})
    drafted_on = timezone.localtime(agreement.created_at).date()
    if sent_on < drafted_on:
        raise ValidationError(
            {
                "sent_on": _("The date it was sent is before the agreement was drafted (%(date)s).")
                % {"date": drafted_on.isoformat()}
            }
        )
    return sent_on


def guard_problem(agreement: Agreement, to: str) -> str:
    """What the move to `to` lacks before anyone presses the button (the partnership's
    stage); empty when nothing does. Notes and files are asked for by the form itself."""
    move = workflows.move_for(agreement.status, to)
    if move is None or Guard.PARTNERSHIP_AT_AGREEMENT not in move.guards:
        return ""
    try:
        _check_guards(
            workflows.Move(move.actors, (Guard.PARTNERSHIP_AT_AGREEMENT,)),
            agreement,
            note="",
            signed_copy=None,
            signed_on=None,
        )
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def agreement_transition(
    *,
    agreement: Agreement,
    to: str,
    actor: Any,
    note: str = "",
    signed_copy: Any = None,
    signed_on: datetime.date | None = None,
    sent_on: datetime.date | None = None,
) -> Agreement:
    """Move the agreement along its approval flow (workflows.TRANSITIONS). Sending it for
    signature records the day (today unless `sent_on` says it went out earlier) and shares
    it with the partner's representatives; signing records the signed copy and the date of
    signature."""
    _require(
        actor,
        "agreements.view_agreement",
        agreement,
        _("You cannot see this agreement."),
    )
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    if to not in Agreement.Status.values:
        raise ValidationError(
            _("Unknown status. Use one of: %(states)s.")
            % {"states": ", ".join(Agreement.Status.values)}
        )
    with transaction.atomic(durable=True):
        agreement = (
            Agreement.objects.select_for_update()
            .select_related("partnership__lead_entity", "template")
            .get(pk=agreement.pk)
        )
        move = workflows.move_for(agreement.status, to)
        if move is None:
            raise ValidationError(
                _("An agreement cannot move from “%(from)s” to “%(to)s”.")
                % {"from": agreement.get_status_display(), "to": Agreement.Status(to).label}
            )
        partnership = agreement.partnership
        if not move.actors & actors_for(actor, partnership):
            raise PermissionDenied(
                _("Only %(who)s can make this agreement %(to)s.")
                % {
                    "who": _either([str(ACTOR_LABELS[a]) for a in Actor if a in move.actors]),
                    "to": Agreement.Status(to).label.lower(),
                }
            )
        extension = _check_guards(
            move, agreement, note=note, signed_copy=signed_copy, signed_on=signed_on
        )
        previous = agreement.status
        agreement.status = to
        details: dict[str, Any] = {"agreement": agreement.pk, "from": previous, "to": to}
        if note:
            details["note"] = note
        if to == Agreement.Status.SENT_FOR_SIGNATURE:
            agreement.sent_on = _sent_on(agreement, sent_on)
            details["sent_on"] = agreement.sent_on.isoformat()
        if to == Agreement.Status.SIGNED:
            agreement.signed_copy.save(
                f"agreement-{partnership.pk}-{agreement.pk}-signed{extension}",
                signed_copy,
                save=False,
            )
            agreement.signed_on = signed_on
            details["signed_on"] = signed_on.isoformat()  # type: ignore[union-attr]
            details["file"] = agreement.signed_copy.name
        agreement.save()
        verb = TRANSITION_VERBS[to]
        audit_record(actor=actor, verb=verb, target=partnership, details=details)
        concerned = _lead_staff(partnership, Role.FOCAL_POINT, Role.LEGAL_OFFICER)
        if to in workflows.SHARED_STATES:
            concerned += _partner_reps(partnership)
        notify(
            users=_others(concerned, actor),
            verb=verb,
            title=_("Agreement of %(title)s: %(from)s → %(to)s")
            % {
                "title": partnership.title,
                "from": Agreement.Status(previous).label,
                "to": agreement.get_status_display(),
            },
            body=note,
            url=agreement_url(agreement),
        )
    return agreement


# --- The template library ---------------------------------------------------------------------


def template_upload(*, kind: str, docx_file: Any, actor: Any, notes: str = "") -> AgreementTemplate:
    """Put a new version of a kind's template in force from a DOCX. Its placeholders are
    checked first: any problem refuses the upload with the whole list, nothing is saved and
    the version in force stays so. The new version keeps the previous version's clauses."""
    _require(
        actor,
        "agreements.upload_template",
        None,
        _("Only legal officers and administrators can upload agreement templates."),
    )
    if kind not in AgreementTemplate.Kind.values:
        raise ValidationError(
            {
                "kind": _("Unknown kind of agreement. Use one of: %(kinds)s.")
                % {"kinds": ", ".join(AgreementTemplate.Kind.values)}
            }
        )
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTE:
        raise ValidationError({"notes": _("Keep the notes under 2,000 characters.")})
    data = _docx_bytes(docx_file)
    problems = _problem_texts(rendering.template_problems(data))
    if problems:
        raise ValidationError(
            {
                "docx_file": [
                    _("The template was refused and the version in force stays in force:"),
                    *problems,
                ]
            }
        )
    with transaction.atomic(durable=True):
        previous = (
            AgreementTemplate.objects.select_for_update().filter(kind=kind, in_force=True).first()
        )
        latest = AgreementTemplate.objects.filter(kind=kind).aggregate(v=Max("version"))["v"]
        if previous is not None:
            previous.in_force = False
            previous.save(update_fields=["in_force"])
        template = AgreementTemplate(
            kind=kind,
            version=(latest or 0) + 1,
            titles=dict(previous.titles)
            if previous
            else {"en": str(AgreementTemplate.Kind(kind).label)},
            notes=notes,
            created_by=actor,
        )
        template.docx.save(f"{kind}-v{template.version}.docx", ContentFile(data), save=False)
        template.save()
        if previous is not None:
            TemplateClause.objects.bulk_create(
                TemplateClause(
                    template=template,
                    clause_id=tc.clause_id,
                    position=tc.position,
                    mandatory=tc.mandatory,
                )
                for tc in previous.template_clauses.all()
            )
        audit_record(
            actor=actor,
            verb="agreement.template_uploaded",
            target=template,
            details={
                "kind": kind,
                "version": template.version,
                "replaced_version": previous.version if previous else None,
                "name": getattr(docx_file, "name", ""),
                "notes": notes,
            },
        )
    return template


def template_reinstate(*, template: AgreementTemplate, actor: Any) -> AgreementTemplate:
    """Put a retired version of a kind back in force, and retire the version in force: the
    way back from an upload that was accepted but reads wrongly, and the only way back to
    the built-in layout once a DOCX has replaced it."""
    _require(
        actor,
        "agreements.upload_template",
        None,
        _("Only legal officers and administrators can change the template in force."),
    )
    if template.docx:
        # Checked again: it may have been accepted under looser checks than today's.
        with template.docx.open("rb") as handle:
            problems = _problem_texts(rendering.template_problems(handle.read()))
        if problems:
            raise ValidationError([_("This version cannot be put back in force:"), *problems])
    with transaction.atomic(durable=True):
        current = (
            AgreementTemplate.objects.select_for_update()
            .filter(kind=template.kind, in_force=True)
            .first()
        )
        template = AgreementTemplate.objects.select_for_update().get(pk=template.pk)
        if template.in_force:
            raise ValidationError(
                _("Version %(version)s is already the one in force.")
                % {"version": template.version}
            )
        if current is not None:
            current.in_force = False
            current.save(update_fields=["in_force"])
        template.in_force = True
        template.save(update_fields=["in_force"])
        audit_record(
            actor=actor,
            verb="agreement.template_reinstated",
            target=template,
            details={
                "kind": template.kind,
                "version": template.version,
                "replaced_version": current.version if current else None,
            },
        )
    return template


def _problem_texts(problems: list[rendering.TemplateProblem]) -> list[str]:
    """The problems of an uploaded template in the reader's language; the placeholders a
    template may use are listed once, after the unknown ones."""
    sentences = {
        "not_a_zip": _("The file is not a Word (DOCX) document: it could not be opened as one."),
        "no_document": _("The file is not a Word document: it has no word/document.xml part."),
        "syntax": _("The template has a placeholder syntax error: %(detail)s."),
        "unreadable": _("The Word document could not be read (%(detail)s)."),
        "unknown": _("Unknown placeholder {{ %(name)s }}."),
        "missing": _("Missing placeholder {{ %(name)s }}: every template must contain it."),
        "fill": _("The template could not be filled with a sample agreement: %(detail)s."),
    }
    texts = [
        sentences[problem.code] % {"name": problem.name, "detail": problem.detail.rstrip(".")}
        for problem in problems
    ]
    if any(problem.code == "unknown" for problem in problems):
        texts.append(
            _("Templates may use only these placeholders: %(known)s.")
            % {"known": ", ".join(sorted(rendering.CONTEXT_VARIABLES))}
        )
    return texts


def _docx_bytes(upload: Any) -> bytes:
    if upload is None:
        raise ValidationError({"docx_file": _("Choose a DOCX file.")})
    if not (getattr(upload, "name", "") or "").lower().endswith(".docx"):
        raise ValidationError({"docx_file": _("Upload the template as a .docx file.")})
    if upload.size == 0:
        raise ValidationError({"docx_file": _("The file is empty.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"docx_file": _("The file is larger than 20 MB.")})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(DOCX_MAGIC):
        raise ValidationError({"docx_file": _("The file is not a valid DOCX.")})
    return bytes(data)
