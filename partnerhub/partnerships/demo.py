"""Demo partnerships: the twelve examples of the Secretary-General's report A/66/320 (Boxes 1
to 12) and twelve illustrative ones, so that every lifecycle state is on show. Each is walked
through the real services, as its people would: proposed, screened, reviewed, signed,
reported on, evaluated and closed, so its timeline and audit trail are those of real use.

The data and what in it comes from the report are described in data/README.md; figures the
report does not give are marked illustrative there and say so where they are shown.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from partnerhub.accounts.models import Membership, Role, User
from partnerhub.accounts.services import membership_grant
from partnerhub.appraisals import services as appraisal_services
from partnerhub.appraisals.models import CostBenefitAssessment, StaffRate
from partnerhub.entities.models import UNEntity
from partnerhub.knowledge.services import lesson_record
from partnerhub.marketplace import services as marketplace_services
from partnerhub.marketplace.models import Interest, Need, Offer
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.services import organisation_register
from partnerhub.partnerships import services
from partnerhub.partnerships.models import Partnership, PartnershipPartner
from partnerhub.results import services as result_services
from partnerhub.results.models import KPI, ProgressReport
from partnerhub.screening import services as screening_services
from partnerhub.screening.models import Hit, Screening
from partnerhub.vocabularies.models import Country, PartnershipType, SDGGoal, SDGTarget

DATA = Path(__file__).parent / "data" / "demo_partnerships.json"
RESULT_LEVELS = {"output": "1", "outcome": "2", "impact": "3"}
MEASURES = {"unit": "1", "percentage": "2", "nominal": "3", "ordinal": "4", "qualitative": "5"}
# Not the UN's standard costs (they are not published in a form the hub can ship): round
# figures so that the demo reviews have something to multiply. The rates page says so.
ILLUSTRATIVE_RATES = {
    "D1": 1300,
    "P5": 1150,
    "P4": 1000,
    "P3": 850,
    "P2": 700,
    "NO-C": 550,
    "NO-B": 450,
    "G7": 450,
    "G6": 400,
    "G5": 350,
}
RATE_SOURCE = "Illustrative demo rate, not a UN standard cost: replace with your own."
# The report gives no location for most of the companies it describes; "ZZ" is the code
# CLDR and ISO practice reserve for an unknown or unspecified country.
UNKNOWN_COUNTRY = ("ZZ", "ZZZ", "999", "Country not stated")


def _load() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF saying what the file is: the demo has no real signed agreements."""

    def escape(text: str) -> str:
        ascii_text = text.encode("ascii", "replace").decode("ascii")
        return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 12 Tf 60 780 Td 16 TL " + " ".join(
        f"({escape(line)}) '" for line in [title, "", *lines]
    )
    body += " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(body)} >>\nstream\n{body}\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


class _People:
    """Who does each step: the lead entity's focal point (the demo has one per lead entity),
    its screening and legal officers where the demo has them, otherwise the administrator."""

    def __init__(self, users: dict[str, User]) -> None:
        self.users = users
        self.admin = users["admin"]

    def _holder(self, role: str, entity: UNEntity) -> User | None:
        membership = (
            Membership.objects.filter(role=role, un_entity=entity)
            .select_related("user")
            .order_by("id")
            .first()
        )
        return membership.user if membership else None

    def focal_point(self, entity: UNEntity) -> User:
        user = self._holder(Role.FOCAL_POINT, entity)
        if user is not None:
            return user
        from partnerhub.core.demo import _user

        local = "focal." + entity.slug.replace("_", "-")
        user = _user(local, f"{entity.acronym} focal point")
        membership_grant(actor=self.admin, user=user, role=Role.FOCAL_POINT, un_entity=entity)
        return user

    def screening_officer(self, entity: UNEntity) -> User:
        return self._holder(Role.SCREENING_OFFICER, entity) or self.admin

    def legal_officer(self, entity: UNEntity) -> User:
        return self._holder(Role.LEGAL_OFFICER, entity) or self.admin

    def representative(self, organisation: Organisation) -> User | None:
        membership = Membership.objects.filter(
            role=Role.COMPANY_REP, organisation=organisation
        ).first()
        return membership.user if membership else None


def _organisations(data: dict[str, Any], coordinator: User) -> None:
    if any(o["country"] is None for o in data["organisations"]):
        iso2, iso3, m49, name = UNKNOWN_COUNTRY
        Country.objects.get_or_create(iso2=iso2, defaults={"iso3": iso3, "m49": m49, "name": name})
    for item in data["organisations"]:
        if Organisation.objects.filter(legal_name=item["legal_name"]).exists():
            continue
        organisation_register(
            actor=coordinator,
            legal_name=item["legal_name"],
            country=item["country"] or UNKNOWN_COUNTRY[0],
            kind=item["kind"],
            sector=item.get("sector", ""),
            size=item.get("size", ""),
            description=item["description"],
            confirm_not_duplicate=True,
        )


def _rates(admin: User) -> None:
    if StaffRate.objects.filter(entity__isnull=True).exists():
        return
    for grade, rate in ILLUSTRATIVE_RATES.items():
        appraisal_services.staff_rate_set(
            actor=admin,
            grade=grade,
            daily_rate_usd=Decimal(rate),
            valid_from=datetime.date(2000, 1, 1),
            source=RATE_SOURCE,
        )


def _open(item: dict[str, Any], lead: UNEntity, people: _People) -> Partnership:
    """The draft, opened from where the data says it came from."""
    focal = people.focal_point(lead)
    data: dict[str, Any] = {
        "title": item["title"],
        "summary": item["summary"],
        "partnership_type": PartnershipType.objects.filter(slug=item["partnership_type"]).first(),
        "participating_entities": list(
            UNEntity.objects.filter(acronym__in=item["participating_entities"])
        ),
        "countries": list(Country.objects.filter(iso2__in=item["countries"])),
        "sdgs": list(SDGGoal.objects.filter(pk__in=item["sdgs"])),
        "sdg_targets": list(SDGTarget.objects.filter(pk__in=item["sdg_targets"])),
        "starts_on": _date(item["starts_on"]),
        "ends_on": _date(item["ends_on"]),
        "confidentiality": item["confidentiality"],
    }
    interest = (
        _interest(item.get("origin_interest"), people) if item["origin"] == "interest" else None
    )
    if interest is not None:
        if interest.status == Interest.Status.OPEN:
            marketplace_services.interest_answer(
                interest=interest,
                actor=focal,
                accept=True,
                response="Thank you: let us prepare a proposal together.",
            )
            interest.refresh_from_db()
        return services.partnership_propose(actor=focal, interest=interest, data=data)
    return services.partnership_propose(actor=focal, entity=lead, data=data)


def _interest(spec: dict[str, Any] | None, people: _People) -> Interest | None:
    """The marketplace interest the partnership grew from, made by the company's
    representative; None when the demo has no representative to make it (the proposal is then
    opened directly)."""
    if not spec:
        return None
    organisation = Organisation.objects.get(legal_name=spec["organisation"])
    rep = people.representative(organisation)
    need_spec = spec.get("need")
    if rep is None or need_spec is None:
        return None
    need = Need.objects.filter(
        entity__acronym=need_spec["entity"], title=need_spec["title"]
    ).first()
    if need is None or need.status not in ("open", "in_discussion"):
        return None
    existing = Interest.objects.filter(need=need, organisation=organisation).first()
    if existing is not None:
        return existing
    offer_spec = spec.get("proposed_offer")
    offer = (
        Offer.objects.filter(organisation=organisation, title=offer_spec["title"]).first()
        if offer_spec
        else None
    )
    return marketplace_services.interest_in_need(
        need=need,
        organisation=organisation,
        actor=rep,
        message=spec.get("message") or "We would like to help.",
        proposed_offer=offer,
    )


def _partners(partnership: Partnership, item: dict[str, Any], focal: User) -> None:
    present = set(partnership.partners.values_list("organisation__legal_name", flat=True))
    for partner in item["partners"]:
        if partner["organisation"] in present:
            continue
        services.partner_add(
            partnership=partnership,
            actor=focal,
            organisation=Organisation.objects.get(legal_name=partner["organisation"]),
            role=partner["role"],
        )
    if partnership.contributions.exists():
        return
    for contribution in item["contributions"]:
        contributor: dict[str, Any] = (
            {
                "partner": PartnershipPartner.objects.get(
                    partnership=partnership, organisation__legal_name=contribution["partner"]
                )
            }
            if "partner" in contribution
            else {"entity": UNEntity.objects.get(acronym=contribution["entity"])}
        )
        description = contribution.get("description", "")
        if contribution.get("illustrative"):
            description = f"{description} (Illustrative figure.)".strip()
        services.contribution_add(
            partnership=partnership,
            actor=focal,
            data={
                **contributor,
                "kind": contribution["kind"],
                "amount": Decimal(str(contribution["amount"])),
                "currency": contribution.get("currency", ""),
                "description": description,
            },
        )


def _screen(partnership: Partnership, outcome: str, people: _People) -> None:
    """Review each screening the move to due diligence requested: false positives dismissed,
    then approve (cleared) or reject (not cleared); "in_review" leaves it with the officer."""
    if outcome == "in_review":
        return
    officer = people.screening_officer(partnership.lead_entity)
    for partner in partnership.partners.filter(role=PartnershipPartner.Role.PRIVATE):
        screening = (
            Screening.objects.filter(organisation=partner.organisation)
            .order_by("-created_at", "-id")
            .first()
        )
        if screening is None or screening.status != Screening.Status.IN_REVIEW:
            continue
        for hit in screening.hits.filter(review=Hit.Review.PENDING):
            screening_services.hit_review(
                hit=hit,
                actor=officer,
                review=Hit.Review.DISMISSED,
                reason="Demo data: a different organisation (name, country and dates differ).",
            )
        decision = Screening.Decision.APPROVE if outcome == "cleared" else Screening.Decision.REJECT
        screening = screening_services.screening_decide(
            screening=screening,
            actor=officer,
            decision=decision,
            reason="Demo data: illustrative screening decision."
            if outcome == "cleared"
            else "Demo data: the company was delisted from the Global Compact.",
        )
        if screening.status == Screening.Status.AWAITING_COSIGN:
            second = people.admin if officer != people.admin else people.users["coordinator"]
            screening_services.screening_cosign(screening=screening, actor=second)


def _design(partnership: Partnership, item: dict[str, Any], focal: User) -> None:
    """KPIs with their targets and the cost–benefit review: the design the review needs."""
    if not partnership.kpis.exists():
        partners = {
            p.organisation.legal_name: p
            for p in partnership.partners.select_related("organisation")
        }
        for spec in item["kpis"]:
            name = spec["name"] + (" (illustrative)" if spec.get("illustrative") else "")
            result_services.kpi_create(
                partnership=partnership,
                actor=focal,
                data={
                    "name": name[:300],
                    "description": spec.get("description", ""),
                    "result_level": RESULT_LEVELS[spec["result_level"]],
                    "measure": MEASURES[spec.get("measure", "unit")],
                    "unit": spec.get("unit", ""),
                    "ascending": spec.get("ascending", True),
                    "sdg_indicator": spec.get("sdg_indicator", ""),
                    "baseline_value": None
                    if spec.get("baseline_value") is None
                    else Decimal(str(spec["baseline_value"])),
                    "baseline_year": spec.get("baseline_year"),
                    "baseline_comment": spec.get("baseline_comment", ""),
                    "reporting_frequency": spec.get("reporting_frequency", "quarterly"),
                    "responsible_partner": partners.get(spec.get("responsible", "lead")),
                },
                targets=[
                    {
                        "period_start": _date(t["period_start"]),
                        "period_end": _date(t["period_end"]),
                        "value": None if t.get("value") is None else Decimal(str(t["value"])),
                        "comment": t.get("comment", ""),
                    }
                    for t in spec.get("targets", [])
                ],
            )
    spec = item.get("cost_benefit")
    if not spec or CostBenefitAssessment.objects.filter(partnership=partnership).exists():
        return
    assessment = appraisal_services.assessment_start(partnership=partnership, actor=focal)
    values: dict[str, Any] = {"staff_days": spec.get("staff_days") or {}}
    for name in ("legal_admin_costs_usd", "cofinancing_usd"):
        if spec.get(name) is not None:
            values[name] = Decimal(str(spec[name]))
    if spec.get("people_reached") is not None:
        values["people_reached"] = spec["people_reached"]
    if spec.get("other_benefits"):
        values["other_benefits"] = spec["other_benefits"]
    assessment = appraisal_services.assessment_update(
        assessment=assessment, actor=focal, data=values
    )
    if spec.get("status") == "completed":
        rationale = spec.get("rationale", "")
        if spec.get("illustrative"):
            rationale = f"{rationale} (Demo: figures not from the source are illustrative.)"
        appraisal_services.assessment_complete(
            assessment=assessment,
            actor=focal,
            recommendation=spec["recommendation"],
            rationale=rationale.strip(),
            conditions=spec.get("conditions", ""),
        )


def _sign(partnership: Partnership, item: dict[str, Any], people: _People) -> None:
    spec = item.get("agreement") or {}
    signed_on = _date(spec.get("signed_on")) or timezone.localdate()
    pdf = _demo_pdf(
        "partnerhub demo: not a real agreement",
        [
            partnership.title[:90],
            f"Date of signature recorded in the demo: {signed_on.isoformat()}",
            "This file stands in for the signed agreement in the demonstration data.",
        ],
    )
    services.agreement_upload(
        partnership=partnership,
        actor=people.legal_officer(partnership.lead_entity),
        upload=SimpleUploadedFile("signed.pdf", pdf, content_type="application/pdf"),
        signed_on=min(signed_on, timezone.localdate()),
    )


def _report(partnership: Partnership, spec: dict[str, Any], people: _People, focal: User) -> None:
    start, end = _date(spec["period_start"]), _date(spec["period_end"])
    assert start is not None and end is not None
    is_final = spec.get("is_final", False)
    reports = ProgressReport.objects.filter(partnership=partnership, is_final=is_final)
    if is_final:
        # The schedule drew the final report when closing began, due a month later; the
        # demo's history has its own dates, which the report takes.
        report = reports.first()
        if report is not None and report.status == ProgressReport.Status.DUE:
            ProgressReport.objects.filter(pk=report.pk).update(
                period_start=start, period_end=end, due_on=_date(spec.get("due_on")) or end
            )
            report.refresh_from_db()
    else:
        report = reports.filter(period_start=start, period_end=end).first()
    if report is None:
        # A period the schedule did not draw (the data's periods are the source's own).
        report = ProgressReport.objects.create(
            partnership=partnership,
            period_start=start,
            period_end=end,
            due_on=_date(spec.get("due_on")) or end,
            is_final=spec.get("is_final", False),
        )
    if report.status != ProgressReport.Status.DUE:
        return
    kpis = {k.name.removesuffix(" (illustrative)"): k for k in partnership.kpis.all()}
    actuals = {
        kpis[a["kpi"]].pk: {
            "value": None if a.get("value") is None else Decimal(str(a["value"])),
            "comment": a.get("comment", ""),
        }
        for a in spec.get("actuals", [])
        if a["kpi"] in kpis
    }
    narrative = spec["narrative"]
    if spec.get("illustrative"):
        narrative = f"{narrative} (Illustrative demo report.)"
    by_company = spec.get("submitted_by") == "company"
    reporter = focal
    if by_company:
        reporter = next(
            (
                rep
                for p in partnership.partners.select_related("organisation")
                if (rep := people.representative(p.organisation)) is not None
                and actuals
                and all(
                    KPI.objects.filter(
                        pk=pk, responsible_partner__organisation=p.organisation
                    ).exists()
                    for pk in actuals
                )
            ),
            focal,
        )
    company_wrote_it = reporter != focal
    report = result_services.report_submit(
        report=report,
        actor=reporter,
        narrative=narrative,
        actuals=actuals,
        accept=not company_wrote_it and spec.get("status") == "accepted",
    )
    if company_wrote_it and spec.get("status") == "accepted":
        result_services.report_review(report=report, actor=focal, accept=True, comment="Thank you.")


def _close_records(partnership: Partnership, item: dict[str, Any], focal: User) -> None:
    evaluation = None
    spec = item.get("evaluation")
    if spec and not partnership.evaluations.exists():
        evaluation = result_services.evaluation_record(
            partnership=partnership,
            actor=focal,
            data={
                "kind": spec["kind"],
                "independence": "independent" if spec.get("independent") else "internal",
                "evaluator": spec.get("evaluator", ""),
                "completed_on": min(
                    _date(spec.get("completed_on")) or timezone.localdate(), timezone.localdate()
                ),
                "rating": int(spec["rating"]),
                "findings": spec["findings"],
                "recommendations": spec.get("recommendations", ""),
                "management_response": spec.get("management_response", ""),
            },
        )
    if (
        item.get("no_evaluation_reason")
        and partnership.status == Partnership.Status.CLOSING
        and not partnership.evaluations.exists()
    ):
        result_services.no_evaluation_reason_set(
            partnership=partnership, actor=focal, reason=item["no_evaluation_reason"]
        )
    if partnership.lessons.exists():
        return
    for lesson in item.get("lessons", []):
        lesson_record(
            actor=focal,
            partnership=partnership,
            evaluation=evaluation,
            data={
                "kind": lesson.get("kind", "lesson"),
                "title": lesson["title"],
                "text": lesson["text"],
                "visibility": lesson.get("visibility", "un_only"),
                "source": "evaluation" if evaluation is not None else "closure",
            },
        )


def _walk(item: dict[str, Any], people: _People) -> Partnership:
    lead = UNEntity.objects.get(acronym=item["lead_entity"])
    focal = people.focal_point(lead)
    partnership = _open(item, lead, people)
    _partners(partnership, item, focal)
    screening = (item.get("screening") or {}).get("outcome", "cleared")
    for to in item["history"][1:]:
        partnership.refresh_from_db()
        if to == "review":
            _screen(partnership, screening, people)
        if to == "agreement":
            _design(partnership, item, focal)
        if to == "active" and partnership.status == "agreement":
            _sign(partnership, item, people)
        if to == "closed":
            for spec in item.get("reports", []):
                if spec.get("is_final"):
                    _report(partnership, spec, people, focal)
            _close_records(partnership, item, focal)
        if to == "rejected" and partnership.status == "due_diligence":
            _screen(partnership, screening, people)
        actor = _mover(partnership, to, people, focal)
        note = item.get("state_note", "") if to == item["state"] else ""
        services.partnership_transition(partnership=partnership, to=to, actor=actor, note=note)
        if to in ("active", "closing"):
            partnership.refresh_from_db()
            for spec in item.get("reports", []):
                if not spec.get("is_final") or to == "closing":
                    _report(partnership, spec, people, focal)
    partnership.refresh_from_db()
    if partnership.status in ("review",) and item.get("kpis"):
        _design(partnership, item, focal)
    if partnership.status in ("closing", "terminated", "rejected", "withdrawn"):
        _close_records(partnership, item, focal)
    return partnership


def _mover(partnership: Partnership, to: str, people: _People, focal: User) -> User:
    """Someone whose role may make the move (the transition table), preferring the people
    who would make it in real life."""
    move = services.workflows.move_for(partnership.status, to)
    assert move is not None, (partnership.status, to)
    candidates = [
        (services.Actor.FOCAL_POINT, focal),
        (services.Actor.SCREENING_OFFICER, people.screening_officer(partnership.lead_entity)),
        (services.Actor.LEGAL_OFFICER, people.legal_officer(partnership.lead_entity)),
        (services.Actor.COORDINATOR, people.users["coordinator"]),
    ]
    for actor_role, user in candidates:
        if actor_role in move.actors and actor_role in services.actors_for(user, partnership):
            return user
    return people.admin


def load_partnerships_demo(users: dict[str, User]) -> dict[str, int]:
    # As with the marketplace demo: in-app notifications are kept, e-mail is not sent.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        data = _load()
        people = _People(users)
        _organisations(data, users["coordinator"])
        _rates(people.admin)
        for item in data["partnerships"]:
            if Partnership.objects.filter(title=item["title"]).exists():
                continue
            _walk(item, people)
    return {"partnerships": Partnership.objects.count()}
