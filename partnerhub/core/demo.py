"""The demo data set that `make run` loads: UN entities, fictional organisations, one user
per role. Loading is idempotent: what exists is left as it is.

Every organisation here is fictional and says so in its description; the UN entities are the
real ones from the UN System Chart (see partnerhub/entities/data/SOURCES.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from partnerhub.accounts.models import Membership, Role, User
from partnerhub.accounts.services import membership_grant
from partnerhub.entities.models import UNEntity
from partnerhub.entities.services import DEFAULT_ENTITIES_CSV, entities_import_csv
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.services import organisation_register
from partnerhub.screening.lists import SHIPPED_UN_LIST, import_snapshot_bytes
from partnerhub.screening.models import ListEntry, ListVersion
from partnerhub.vocabularies.models import Country

DEMO_PASSWORD = "partnerhub-demo"  # noqa: S105 (documented in README; demo only)
DEMO_DOMAIN = "demo.partnerhub.org"
FICTIONAL = "Fictional organisation in the partnerhub demo data."

# (e-mail local part, full name, role, scope kind, scope key)
DEMO_USERS: list[tuple[str, str, str | None, str | None, str | None]] = [
    ("admin", "Amina Haddad", Role.ADMINISTRATOR, None, None),
    ("coordinator", "Lucas Moreau", Role.SYSTEM_COORDINATOR, None, None),
    ("focal.undp", "Grace Otieno", Role.FOCAL_POINT, "entity", "UNDP"),
    ("focal.wfp", "Kenji Sato", Role.FOCAL_POINT, "entity", "WFP"),
    ("screening.wfp", "Olga Ivanova", Role.SCREENING_OFFICER, "entity", "WFP"),
    ("legal.wfp", "Mateo García", Role.LEGAL_OFFICER, "entity", "WFP"),
    # UNDP's demo partnership at the agreement stage needs a legal officer to take it to
    # signature through the agreement desk.
    ("legal.undp", "Leila Mansour", Role.LEGAL_OFFICER, "entity", "UNDP"),
    ("me.wfp", "Fatou Diallo", Role.ME_OFFICER, "entity", "WFP"),
    ("rc.sudan", "Omar Abdelrahman", Role.COUNTRY_COORDINATOR, "country", "SD"),
    ("rep.haulage", "Wanjiru Kamau", None, "organisation", "Rift Valley Haulage Ltd"),
    ("rep.hibiscus", "Hassan Elmahdi", None, "organisation", "Nile Hibiscus Traders Co."),
    ("newcomer", "Sam Newman", None, None, None),
]


@dataclass
class DemoOrganisation:
    legal_name: str
    country: str
    kind: str
    sector: str
    size: str
    description: str
    representative: str | None = None
    other_names: list[str] = field(default_factory=list)
    website: str = ""
    global_compact: dict[str, Any] = field(default_factory=dict)


DEMO_ORGANISATIONS = [
    DemoOrganisation(
        legal_name="Rift Valley Haulage Ltd",
        country="KE",
        kind="company",
        sector="H",
        size="large",
        description=f"Road freight, cold chain and warehousing across East Africa. {FICTIONAL}",
        representative="rep.haulage",
        other_names=["RV Haulage"],
        global_compact={
            "global_compact_status": "active",
            "global_compact_joined_on": datetime.date(2019, 3, 1),
            "global_compact_status_since": datetime.date(2019, 3, 1),
        },
    ),
    DemoOrganisation(
        legal_name="Nile Hibiscus Traders Co.",
        country="SD",
        kind="company",
        sector="G",
        size="small",
        description=f"Buys, dries and exports hibiscus from smallholder farmers. {FICTIONAL}",
        representative="rep.hibiscus",
    ),
    DemoOrganisation(
        legal_name="Andes Solar Cooperativa S.A.",
        country="PE",
        kind="company",
        sector="D",
        size="medium",
        description=f"Off-grid solar installations for rural schools and clinics. {FICTIONAL}",
        global_compact={
            "global_compact_status": "non_communicating",
            "global_compact_joined_on": datetime.date(2016, 5, 10),
            "global_compact_status_since": datetime.date(2025, 6, 1),
        },
    ),
    DemoOrganisation(
        legal_name="Lumen Open Data Foundation",
        country="NL",
        kind="foundation",
        sector="J",
        size="small",
        description=f"Grants and pro bono data engineering for public-interest work. {FICTIONAL}",
    ),
    DemoOrganisation(
        legal_name="Kestrel Telecom plc",
        country="GB",
        kind="company",
        sector="J",
        size="multinational",
        description=f"Mobile networks in 14 countries; emergency connectivity kits. {FICTIONAL}",
        global_compact={
            "global_compact_status": "delisted",
            "global_compact_joined_on": datetime.date(2012, 1, 15),
            "global_compact_status_since": datetime.date(2024, 2, 1),
        },
    ),
]


def _user(local: str, full_name: str, *, superuser: bool = False) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        if superuser:
            user = User.objects.create_superuser(email, DEMO_PASSWORD, full_name=full_name)
        else:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load_demo() -> dict[str, int]:
    """Load the demo data set; returns what exists afterwards."""
    entities_result = entities_import_csv(path=DEFAULT_ENTITIES_CSV)
    if entities_result.errors:
        raise RuntimeError("; ".join(entities_result.errors))

    with transaction.atomic():
        users = {
            local: _user(local, name, superuser=(local == "admin"))
            for local, name, *_ in DEMO_USERS
        }
    admin = users["admin"]

    # UN roles first: whoever registers an organisation while holding no UN role becomes its
    # representative, and UN staff must never represent a company they may screen.
    for local, _name, role, scope_kind, scope_key in DEMO_USERS:
        if role is None:
            continue
        scope: dict[str, Any] = {}
        if scope_kind == "entity":
            scope["un_entity"] = UNEntity.objects.get(acronym=scope_key)
        elif scope_kind == "country":
            scope["country"] = Country.objects.get(iso2=scope_key)
        if Membership.objects.filter(user=users[local], role=role, **scope).exists():
            continue
        membership_grant(actor=admin, user=users[local], role=role, **scope)

    for demo in DEMO_ORGANISATIONS:
        if Organisation.objects.filter(legal_name=demo.legal_name).exists():
            continue
        actor = users[demo.representative] if demo.representative else users["coordinator"]
        organisation_register(
            actor=actor,
            legal_name=demo.legal_name,
            country=demo.country,
            kind=demo.kind,
            sector=demo.sector,
            size=demo.size,
            description=demo.description,
            other_names=demo.other_names,
            website=demo.website,
            confirm_not_duplicate=True,
            **demo.global_compact,
        )

    if not ListVersion.objects.filter(source="un").exists():
        outcome = import_snapshot_bytes(source="un", data=SHIPPED_UN_LIST.read_bytes())
        if outcome.version is None:
            raise RuntimeError(outcome.message)

    from partnerhub.marketplace.demo import load_marketplace_demo

    marketplace = load_marketplace_demo(users)

    from partnerhub.partnerships.demo import load_partnerships_demo

    partnerships = load_partnerships_demo(users)

    from partnerhub.agreements.demo import load_agreements_demo

    agreements = load_agreements_demo(users)

    from partnerhub.knowledge.demo import load_knowledge_demo

    knowledge = load_knowledge_demo(users)

    from partnerhub.initiatives.demo import load_initiatives_demo

    initiatives = load_initiatives_demo(users)

    from partnerhub.newsletter.demo import load_newsletter_demo

    newsletter = load_newsletter_demo(users)

    return {
        "entities": UNEntity.objects.count(),
        "sanctions_list_entries": ListEntry.objects.filter(removed_in__isnull=True).count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count(),
        "memberships": Membership.objects.count(),
        **marketplace,
        **partnerships,
        **agreements,
        **knowledge,
        **initiatives,
        **newsletter,
    }
