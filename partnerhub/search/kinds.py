"""The kinds of objects the hub searches out of the box (registered in SearchConfig.ready).
Other apps register theirs in their own AppConfig.ready, see registry.py."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from partnerhub.search.registry import SearchDocument, register


def _names(terms: Iterable[Any], *attributes: str) -> str:
    """Every name of every term in every language it has (the `names` JSON of vocabularies),
    so that a search in Chinese finds what was tagged with 苏丹."""
    words: list[str] = []
    for term in terms:
        for attribute in attributes:
            value = getattr(term, attribute, "")
            if isinstance(value, dict):
                words.extend(str(v) for v in value.values() if isinstance(v, str))
            elif value:
                words.append(str(value))
        names = getattr(term, "names", None)
        if isinstance(names, dict):
            words.extend(str(v) for v in names.values() if isinstance(v, str))
    return " · ".join(words)


def _goals(goals: Iterable[Any]) -> str:
    return " · ".join(
        f"SDG {goal.number} {_names([goal], 'short_title', 'name')}" for goal in goals
    )


def _partnership_document(partnership: Any) -> SearchDocument:
    partners = [p.organisation for p in partnership.partners.all()]
    keywords = [
        _names([partnership.lead_entity], "acronym", "name"),
        _names(partnership.participating_entities.all(), "acronym", "name"),
        _names(partners, "legal_name", "other_names"),
        _names(partnership.countries.all(), "name"),
        _goals(partnership.sdgs.all()),
        _names([partnership.partnership_type] if partnership.partnership_type else [], "name"),
    ]
    return SearchDocument(partnership.title, partnership.summary, "\n".join(keywords))


def _listing_keywords(listing: Any) -> list[str]:
    return [
        _names(listing.countries.all(), "name"),
        _names(listing.regions.all(), "name"),
        _goals(listing.sdgs.all()),
        _names(listing.resource_types.all(), "name"),
    ]


def _need_document(need: Any) -> SearchDocument:
    keywords = [_names([need.entity], "acronym", "name"), *_listing_keywords(need)]
    return SearchDocument(need.title, need.description, "\n".join(keywords))


def _offer_document(offer: Any) -> SearchDocument:
    keywords = [
        _names([offer.organisation], "legal_name", "other_names"),
        offer.conditions,
        _names(offer.themes.all(), "name"),
        *_listing_keywords(offer),
    ]
    return SearchDocument(offer.title, offer.description, "\n".join(keywords))


def _lesson_document(lesson: Any) -> SearchDocument:
    keywords = [
        _names(lesson.countries.all(), "name"),
        _goals(lesson.sdgs.all()),
        _names(lesson.themes.all(), "name"),
        _names(lesson.partnership_types.all(), "name"),
    ]
    return SearchDocument(lesson.title, lesson.text, "\n".join(keywords))


def _entity_document(entity: Any) -> SearchDocument:
    keywords = [
        entity.acronym,
        " · ".join(str(alias) for alias in entity.aliases or []),
        entity.description,
        entity.foundational_mandate,
        entity.how_to_partner,
        entity.category,
        entity.headquarters,
    ]
    return SearchDocument(
        f"{entity.name} ({entity.acronym})",
        entity.mandate or entity.description,
        "\n".join(keywords),
    )


def _partnership_url(partnership: Any) -> str:
    """The public portfolio page (search results are public); the staff page where the
    portal is not installed."""
    try:
        return reverse("portal:partnership", args=[partnership.pk])
    except NoReverseMatch:
        return str(partnership.get_absolute_url())


def register_builtin_kinds() -> None:
    from partnerhub.entities.models import UNEntity
    from partnerhub.knowledge.models import Lesson
    from partnerhub.knowledge.selectors import lessons_visible_to
    from partnerhub.marketplace.models import Need, Offer
    from partnerhub.marketplace.selectors import needs_visible_to, offers_visible_to
    from partnerhub.organisations.models import Organisation
    from partnerhub.partnerships.models import Partnership, PartnershipPartner
    from partnerhub.partnerships.selectors import public_partnerships

    listing_m2m = ("countries", "regions", "sdgs", "resource_types")
    register(
        "partnership",
        model=Partnership,
        label=_("Partnerships"),
        document=_partnership_document,
        public=public_partnerships,
        url=_partnership_url,
        queryset=lambda: Partnership.objects.select_related(
            "lead_entity", "partnership_type"
        ).prefetch_related("participating_entities", "countries", "sdgs", "partners__organisation"),
        m2m=("participating_entities", "countries", "sdgs"),
        related={
            PartnershipPartner: lambda partner: [partner.partnership_id],
            Organisation: lambda organisation: Partnership.objects.filter(
                partners__organisation=organisation
            ).values_list("pk", flat=True),
            UNEntity: lambda entity: Partnership.objects.filter(lead_entity=entity).values_list(
                "pk", flat=True
            ),
        },
    )
    register(
        "need",
        model=Need,
        label=_("Needs"),
        document=_need_document,
        public=lambda: needs_visible_to(AnonymousUser()),
        queryset=lambda: Need.objects.select_related("entity").prefetch_related(*listing_m2m),
        m2m=listing_m2m,
        related={
            UNEntity: lambda entity: Need.objects.filter(entity=entity).values_list("pk", flat=True)
        },
    )
    register(
        "offer",
        model=Offer,
        label=_("Offers"),
        document=_offer_document,
        # Offers are seen by the company and UN staff only: never on the public search page.
        public=lambda: offers_visible_to(AnonymousUser()),
        queryset=lambda: Offer.objects.select_related("organisation").prefetch_related(
            *listing_m2m, "themes"
        ),
        m2m=(*listing_m2m, "themes"),
        related={
            Organisation: lambda organisation: Offer.objects.filter(
                organisation=organisation
            ).values_list("pk", flat=True)
        },
    )
    register(
        "lesson",
        model=Lesson,
        label=_("Lessons learned"),
        document=_lesson_document,
        public=lambda: lessons_visible_to(AnonymousUser()),
        queryset=lambda: Lesson.objects.prefetch_related(
            "countries", "sdgs", "themes", "partnership_types"
        ),
        m2m=("countries", "sdgs", "themes", "partnership_types"),
        url=lambda lesson: reverse("knowledge:lesson_detail", args=[lesson.pk]),
    )
    register(
        "entity",
        model=UNEntity,
        label=_("UN entities"),
        document=_entity_document,
        public=UNEntity.objects.all,
    )
