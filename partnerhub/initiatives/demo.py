"""Demo initiatives, events and commitments.

The three initiatives are real and described in the words of the Secretary-General's report
A/66/320 (2011), cited on each page (`provenance`). The Private Sector Track of the Fourth UN
Conference on the Least Developed Countries is a real event (the same report, paragraphs 15
and 79). Everything else is illustrative and marked so on its page: the commitments of the
demo's fictional companies, their progress reports, and two events with their sessions.

Everything is written through the services, as its people would: the coordinator writes
initiatives and events, company representatives make and report on their commitments.
Loading is idempotent: what exists (by slug or title) is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from partnerhub.accounts.models import User
from partnerhub.entities.models import UNEntity
from partnerhub.initiatives import services
from partnerhub.initiatives.models import Commitment, Event, Initiative, InitiativeMember
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import Country, SDGGoal, SDGTarget

REPORT = "Secretary-General's report A/66/320, Towards global partnerships (2011)"

INITIATIVES: list[dict[str, Any]] = [
    {
        "slug": "every-woman-every-child",
        "name": "Every Woman Every Child",
        "acronym": "EWEC",
        "provenance": f"{REPORT}, Box 10",
        "conveners": ["EOSG"],
        "sdgs": [3, 5, 17],
        "description": (
            "Every Woman Every Child is a global effort bringing together the United Nations "
            "and multilateral organizations, Governments, philanthropic institutions, other "
            "donors, the business community, civil society, health-care professionals and "
            "academic and research institutions from around the world to support the Global "
            "Strategy for Women's and Children's Health, launched by the Secretary-General "
            "during the High-level Plenary Meeting of the General Assembly on the Millennium "
            "Development Goals in 2010. The Global Strategy identifies key areas where action "
            "is urgently needed to enhance financing, strengthen policy and improve service "
            "delivery, providing a new opportunity to improve the health of women and children "
            "around the world. Since it was launched last year, it has generated unprecedented "
            "commitments to action from Governments, the business community, foundations, "
            "civil society and others to reverse and end the unjust deaths and ill health "
            "women and children face."
        ),
        "members": [],
    },
    {
        "slug": "global-compact-lead",
        "name": "Global Compact LEAD",
        "acronym": "LEAD",
        "provenance": f"{REPORT}, paragraphs 22, 26, 43 and 69",
        "conveners": ["UNGC"],
        "sdgs": [17],
        "description": (
            "Global Compact LEAD is a group of 56 companies which support Global Compact "
            "participants in their efforts to achieve higher levels of corporate "
            "sustainability performance. The Global Compact LEAD Working Group is also "
            "developing a framework for identifying and optimizing partnerships and to help "
            "them to become transformational partnerships which leverage the core "
            "competencies of all relevant stakeholders to catalyse a wide-scale, lasting "
            "impact on systemic challenges.\n\n"
            "Transformational partnerships are defined as innovative models which include "
            "the appropriate set of stakeholders from all relevant sectors and utilize the "
            "core competencies of each partner to catalyse wide-scale changes in behaviour, "
            "achieving greater scale and impact because the benefits accrue broadly, not just "
            "to participants in the partnership. The Group also provides guidance on critical "
            "success factors for advancing transformational partnerships. The Working Group "
            "was launched at the Private Sector Forum in September 2011."
        ),
        "members": [
            {
                "organisation": "Rift Valley Haulage Ltd",
                "role": "Illustrative member (fictional company in the demo data)",
                "days_ago": 540,
            }
        ],
    },
    {
        "slug": "un-gift",
        "name": "United Nations Global Initiative to Fight Human Trafficking",
        "acronym": "UN.GIFT",
        "provenance": f"{REPORT}, paragraph 55 and Box 12",
        "conveners": ["ILO", "IOM", "OHCHR", "UNICEF", "UNODC"],
        "sdgs": [5, 8, 16],
        "description": (
            "In recognition of the multifaceted nature of trafficking in persons and the need "
            "for coordinated action, UN.GIFT was established as a global inter-agency "
            "initiative in 2007 by ILO, the International Organization for Migration (IOM), "
            "the Office of the United Nations High Commissioner for Human Rights (OHCHR), the "
            "Organization for Security and Cooperation in Europe, UNICEF and UNODC. These six "
            "entities form the UN.GIFT Steering Committee, which manages the initiative and "
            "coordinates the anti-trafficking efforts of its members and their respective "
            "networks. Over the past four years, UN.GIFT has successfully implemented a number "
            "of activities, including the organization of high-level events and various "
            "expert group initiatives, the piloting of a Small Grants Facility for civil "
            "society organizations, the development and implementation of joint programmes "
            "in six regions around the world, the publication of anti-trafficking tools, and "
            "awareness-raising campaigns with selected private sector companies.\n\n"
            "The report cites UN.GIFT as a successful example of an inter-agency initiative "
            "reflecting the spirit of the One UN approach."
        ),
        # The report gives the year only; the members' dates are the start of that year.
        "members": [
            {"entity": acronym, "role": "Steering Committee (founded UN.GIFT in 2007)"}
            for acronym in ("ILO", "IOM", "OHCHR", "UNICEF", "UNODC")
        ],
        "members_since": datetime.date(2007, 1, 1),
    },
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _initiatives(coordinator: User) -> dict[str, Initiative]:
    today = timezone.localdate()
    result = {}
    for item in INITIATIVES:
        initiative = Initiative.objects.filter(slug=item["slug"]).first()
        if initiative is None:
            initiative = services.initiative_create(
                actor=coordinator,
                data={
                    "slug": item["slug"],
                    "name": item["name"],
                    "acronym": item["acronym"],
                    "description": item["description"],
                    "provenance": item["provenance"],
                    "convening_entities": list(
                        UNEntity.objects.filter(acronym__in=item["conveners"])
                    ),
                    "sdgs": list(SDGGoal.objects.filter(pk__in=item["sdgs"])),
                },
            )
            for member in item["members"]:
                since = item.get("members_since") or today - datetime.timedelta(
                    days=member.get("days_ago", 365)
                )
                services.initiative_member_add(
                    initiative=initiative,
                    actor=coordinator,
                    organisation=Organisation.objects.filter(
                        legal_name=member.get("organisation", "")
                    ).first(),
                    un_entity=UNEntity.objects.filter(acronym=member.get("entity", "")).first(),
                    since=since,
                    role=member["role"],
                )
            initiative = services.initiative_set_status(
                initiative=initiative, actor=coordinator, status="published"
            )
        result[item["slug"]] = initiative
    return result


def _event(coordinator: User, data: dict[str, Any], sessions: list[dict[str, Any]]) -> Event:
    event = Event.objects.filter(title=data["title"]).first()
    if event is None:
        event = services.event_create(actor=coordinator, data=data, sessions=sessions)
        event = services.event_set_status(event=event, actor=coordinator, status="published")
    return event


def _organisations(*names: str) -> list[Organisation]:
    return list(Organisation.objects.filter(legal_name__in=names))


def _events(coordinator: User, initiatives: dict[str, Initiative]) -> dict[str, Event]:
    today = timezone.localdate()
    past_day = today - datetime.timedelta(days=120)
    upcoming_day = today + datetime.timedelta(days=60)
    ldc = _event(
        coordinator,
        {
            "title": "Private Sector Track, Fourth United Nations Conference on the Least "
            "Developed Countries",
            "kind": Event.Kind.CONFERENCE,
            "starts_on": datetime.date(2011, 5, 9),
            "ends_on": datetime.date(2011, 5, 13),
            "country": Country.objects.filter(pk="TR").first(),
            "venue": "Istanbul",
            "description": (
                "The Fourth United Nations Conference on the Least Developed Countries, held "
                "in May 2011, saw a major innovation with the introduction of the Private "
                "Sector Track, a platform for including senior business representatives in "
                "discussions on promoting sustainable development. It represents a major "
                "institutional milestone, one which has opened the door to more effective "
                "integration of the private sector into key United Nations summits."
            ),
            "provenance": f"{REPORT}, paragraphs 15 and 79",
            "organising_entities": list(UNEntity.objects.filter(acronym="UN-OHRLLS")),
        },
        [],
    )
    roundtable = _event(
        coordinator,
        {
            "title": "Every Woman Every Child: East Africa business roundtable",
            "kind": Event.Kind.FORUM,
            "starts_on": past_day,
            "ends_on": past_day + datetime.timedelta(days=1),
            "country": Country.objects.filter(pk="KE").first(),
            "venue": "Nairobi",
            "is_online": True,
            "description": (
                "A two-day roundtable where companies operating in East Africa announced "
                "commitments to the Global Strategy for Women's and Children's Health: "
                "logistics for maternal health supplies, workplace health and nutrition."
            ),
            "is_illustrative": True,
            "initiative": initiatives["every-woman-every-child"],
            "organising_entities": list(UNEntity.objects.filter(acronym="EOSG")),
            "participants": _organisations(
                "Rift Valley Haulage Ltd", "Nile Hibiscus Traders Co.", "Kestrel Telecom plc"
            ),
        },
        [
            {
                "title": "Opening: why the last mile matters for mothers and newborns",
                "starts_at": _at(past_day, 9),
                "ends_at": _at(past_day, 10),
                "speakers": "Host from the Executive Office of the Secretary-General "
                "(illustrative)",
            },
            {
                "title": "Cold chains for maternal health supplies",
                "starts_at": _at(past_day, 10, 30),
                "ends_at": _at(past_day, 12),
                "speakers": "Wanjiru Kamau, Rift Valley Haulage Ltd (fictional)",
            },
            {
                "title": "Announcing commitments",
                "starts_at": _at(past_day + datetime.timedelta(days=1), 14),
                "ends_at": _at(past_day + datetime.timedelta(days=1), 16),
                "speakers": "Company representatives",
            },
        ],
    )
    lead_meeting = _event(
        coordinator,
        {
            "title": "Global Compact LEAD working group: transformational partnerships "
            "advisory meeting",
            "kind": Event.Kind.ADVISORY_GROUP,
            "starts_on": upcoming_day,
            "ends_on": upcoming_day,
            "is_online": True,
            "description": (
                "An online meeting of companies advising on enabling conditions and success "
                "factors for transformational partnerships."
            ),
            "is_illustrative": True,
            "initiative": initiatives["global-compact-lead"],
            "organising_entities": list(UNEntity.objects.filter(acronym="UNGC")),
            "participants": _organisations(
                "Rift Valley Haulage Ltd", "Andes Solar Cooperativa S.A."
            ),
        },
        [
            {
                "title": "Enabling conditions: what the demo companies learned",
                "starts_at": _at(upcoming_day, 13),
                "ends_at": _at(upcoming_day, 14, 30),
                "speakers": "Rift Valley Haulage Ltd and Andes Solar Cooperativa S.A. (fictional)",
            }
        ],
    )
    return {"ldc": ldc, "roundtable": roundtable, "lead_meeting": lead_meeting}


def _commitment(
    rep: User,
    *,
    data: dict[str, Any],
    deliverables: list[dict[str, Any]],
    reports: list[tuple[int, list[tuple[str, str]]]],
) -> Commitment:
    """`reports`: (days ago, a (status, comment) per deliverable still open, in order)."""
    commitment = Commitment.objects.filter(title=data["title"]).first()
    if commitment is not None:
        return commitment
    data = {**data, "is_illustrative": True}
    commitment = services.commitment_create(actor=rep, data=data, deliverables=deliverables)
    commitment = services.commitment_set_status(
        commitment=commitment, actor=rep, status="published"
    )
    today = timezone.localdate()
    for days_ago, marks in reports:
        open_ids = [d.pk for d in commitment.deliverables.all() if d.is_open]
        services.progress_report_submit(
            commitment=commitment,
            actor=rep,
            marks=dict(zip(open_ids, marks, strict=True)),
            reported_on=today - datetime.timedelta(days=days_ago),
            summary="Illustrative progress report.",
        )
    return commitment


def _targets(*codes: str) -> list[SDGTarget]:
    return list(SDGTarget.objects.filter(pk__in=codes))


def _commitments(
    users: dict[str, User], initiatives: dict[str, Initiative], events: dict[str, Event]
) -> None:
    today = timezone.localdate()
    haulage = Organisation.objects.get(legal_name="Rift Valley Haulage Ltd")
    hibiscus = Organisation.objects.get(legal_name="Nile Hibiscus Traders Co.")
    kenya = list(Country.objects.filter(pk="KE"))
    sudan = list(Country.objects.filter(pk="SD"))

    announced_on = events["roundtable"].starts_on + datetime.timedelta(days=1)
    _commitment(
        users["rep.haulage"],
        data={
            "title": "Cold-chain transport for maternal health supplies in western Kenya",
            "description": (
                "Rift Valley Haulage commits refrigerated trucks, drivers and warehouse space "
                "to carry vaccines and maternal health supplies from Nairobi to county health "
                "facilities in western Kenya, at cost."
            ),
            "organisation": haulage,
            "initiative": initiatives["every-woman-every-child"],
            "event": events["roundtable"],
            "made_on": announced_on,
            "financial_amount": Decimal("250000"),
            "financial_currency": "USD",
            "in_kind": "Four refrigerated trucks and 200 m² of cold storage in Kisumu.",
            "staff_expertise": "A logistics coordinator seconded half-time.",
            "sdg_targets": _targets("3.1", "3.2", "3.8"),
            "countries": kenya,
        },
        deliverables=[
            {
                "description": "Cold-storage space in Kisumu handed over to the county",
                "due_on": announced_on + datetime.timedelta(days=60),
            },
            {
                "description": "Monthly deliveries to 40 county health facilities",
                "due_on": announced_on + datetime.timedelta(days=365),
            },
            {
                "description": "Temperature-monitoring data shared with the county every quarter",
                "due_on": announced_on + datetime.timedelta(days=400),
            },
        ],
        reports=[
            (
                20,
                [
                    ("completed", "Handed over on schedule."),
                    ("on_track", "28 of 40 facilities served so far."),
                    ("delayed", "Data loggers are held at customs."),
                ],
            )
        ],
    )

    made_on = today - datetime.timedelta(days=800)
    _commitment(
        users["rep.hibiscus"],
        data={
            "title": "Forced-labour checks across our smallholder hibiscus suppliers",
            "description": (
                "Nile Hibiscus Traders commits to audit its supplier farms in Kordofan "
                "against forced and child labour using UN.GIFT's anti-trafficking tools, and "
                "to train its buyers to recognise the signs."
            ),
            "organisation": hibiscus,
            "initiative": initiatives["un-gift"],
            "made_on": made_on,
            "financial_amount": Decimal("15000"),
            "financial_currency": "USD",
            "staff_expertise": "Two buyers trained as trainers.",
            "sdg_targets": _targets("8.7", "16.2"),
            "countries": sudan,
        },
        deliverables=[
            {
                "description": "Audit of 120 supplier farms",
                "due_on": made_on + datetime.timedelta(days=365),
            },
            {
                "description": "All 12 buyers trained",
                "due_on": made_on + datetime.timedelta(days=540),
            },
        ],
        reports=[
            (
                430,
                [
                    ("on_track", "70 farms audited."),
                    ("delayed", "Training postponed by the rainy season."),
                ],
            )
        ],
    )

    made_on = today - datetime.timedelta(days=500)
    _commitment(
        users["rep.haulage"],
        data={
            "title": "A case study of our partnership model for the LEAD working group",
            "description": (
                "Rift Valley Haulage commits to document how its shared-warehouse "
                "partnership was set up, as a case study for the Global Compact LEAD "
                "Working Group's framework on transformational partnerships."
            ),
            "organisation": haulage,
            "initiative": initiatives["global-compact-lead"],
            "made_on": made_on,
            "staff_expertise": "The head of partnerships, ten days.",
            "sdg_targets": _targets("17.17"),
            "countries": kenya,
        },
        deliverables=[
            {
                "description": "Case study drafted and reviewed by the partners",
                "due_on": made_on + datetime.timedelta(days=180),
            },
            {
                "description": "Case study published with the working group",
                "due_on": made_on + datetime.timedelta(days=300),
            },
        ],
        reports=[
            (300, [("completed", "Draft reviewed."), ("on_track", "")]),
            (120, [("completed", "Published.")]),
        ],
    )


def load_initiatives_demo(users: dict[str, User]) -> dict[str, int]:
    coordinator = users["coordinator"]
    initiatives = _initiatives(coordinator)
    events = _events(coordinator, initiatives)
    _commitments(users, initiatives, events)
    return {
        "initiatives": Initiative.objects.count(),
        "initiative_members": InitiativeMember.objects.count(),
        "events": Event.objects.count(),
        "commitments": Commitment.objects.count(),
    }
