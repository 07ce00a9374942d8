"""Reads on organisations: the directory, similar names, representatives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from partnerhub.accounts.models import Role, User
from partnerhub.organisations import names
from partnerhub.organisations.models import Organisation, OrganisationNameKey

# Longest search text used; a longer query is cut rather than refused, since nothing longer
# than a legal name (300 characters) can match anyway.
MAX_QUERY_LENGTH = 300
# Most organisations scored for one duplicate check: those sharing the most name keys first.
# Scoring is cheap, fetching rows is not; 500 keeps a check to a few milliseconds.
MAX_CANDIDATES = 500
# Most similar organisations reported: beyond a handful, the user stops reading.
MAX_SIMILAR = 10


@dataclass(frozen=True)
class SimilarOrganisation:
    """An existing organisation whose name looks like the one being registered."""

    organisation: Organisation
    matched_name: str
    score: int
    reason_code: str

    @property
    def reason(self) -> str:
        if self.reason_code == names.REASON_SAME_NAME:
            return gettext("same name")
        if self.reason_code == names.REASON_SAME_AFTER_LEGAL_FORM:
            return gettext("same name after removing legal form")
        if self.reason_code == names.REASON_SAME_APART_FROM_SPACING:
            return gettext("same name apart from spacing")
        return gettext("very similar spelling (%(score)d%%)") % {"score": self.score}

    def as_dict(self) -> dict[str, Any]:
        """The match as JSON-ready data, for the API and the audit trail."""
        return {
            "id": self.organisation.pk,
            "legal_name": self.organisation.legal_name,
            "country": self.organisation.country_id,
            "matched_name": self.matched_name,
            "score": self.score,
            "reason": self.reason,
            "url": self.organisation.get_absolute_url(),
        }


def organisations() -> QuerySet[Organisation]:
    """Every organisation, with what a directory row shows."""
    return Organisation.objects.select_related("country")


def organisation_filter(
    queryset: QuerySet[Organisation],
    *,
    q: str = "",
    country: str | None = None,
    kind: str | None = None,
    sector: str | None = None,
    gc_status: str | None = None,
) -> QuerySet[Organisation]:
    """Narrow `queryset` by a free-text search on legal and other names, ignoring case,
    accents and punctuation, and by exact country (ISO alpha-2), kind, ISIC section and
    Global Compact status. Empty values do not filter."""
    search = names.search_key(q[:MAX_QUERY_LENGTH]) if q else ""
    if search:
        queryset = queryset.filter(search_text__contains=search)
    if country:
        queryset = queryset.filter(country_id=country)
    if kind:
        queryset = queryset.filter(kind=kind)
    if sector:
        queryset = queryset.filter(sector=sector)
    if gc_status:
        queryset = queryset.filter(global_compact_status=gc_status)
    return queryset


def organisation_list(
    *,
    q: str = "",
    country: str | None = None,
    kind: str | None = None,
    sector: str | None = None,
    gc_status: str | None = None,
) -> QuerySet[Organisation]:
    return organisation_filter(
        organisations(), q=q, country=country, kind=kind, sector=sector, gc_status=gc_status
    )


def organisation_representatives(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role=Role.COMPANY_REP
    ).order_by("full_name", "email")


def similar_organisations(
    name: str | Iterable[str],
    *,
    exclude_pk: int | None = None,
    threshold: int = names.DEFAULT_THRESHOLD,
) -> list[SimilarOrganisation]:
    """Existing organisations whose legal or other names look like `name` (one name, or
    several: a legal name and its other names), best match first.

    Candidates come from the database by shared name key (see OrganisationNameKey), so the
    cost depends on how common the name's words are, not on the size of the directory; only
    those candidates are scored in Python.
    """
    wanted = [name] if isinstance(name, str) else list(name)
    wanted = [n[:MAX_QUERY_LENGTH] for n in wanted if n and n.strip()]
    keys = set().union(*(names.blocking_keys(n) for n in wanted))
    if not keys:
        return []
    hits = OrganisationNameKey.objects.filter(key__in=keys)
    if exclude_pk is not None:
        hits = hits.exclude(organisation_id=exclude_pk)
    candidate_ids = list(
        hits.values("organisation_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "organisation_id")
        .values_list("organisation_id", flat=True)[:MAX_CANDIDATES]
    )
    candidates = {o.pk: o for o in organisations().filter(pk__in=candidate_ids)}
    candidate_names = [
        (pk, candidate_name)
        for pk, organisation in candidates.items()
        for candidate_name in organisation.all_names
    ]
    best: dict[int, names.Match[int]] = {}
    for new_name in wanted:
        for match in names.find_similar(new_name, candidate_names, threshold):
            if match.key not in best or match.score > best[match.key].score:
                best[match.key] = match
    ranked = sorted(
        best.items(), key=lambda item: (-item[1].score, candidates[item[0]].legal_name.casefold())
    )
    return [
        SimilarOrganisation(
            organisation=candidates[pk],
            matched_name=match.name,
            score=match.score,
            reason_code=match.reason_code,
        )
        for pk, match in ranked[:MAX_SIMILAR]
    ]
