"""Coordination API, for UN staff only: the engagement registry and the coordination alerts.
Everything needs a token; a company representative's token is refused (403), since which
entity talks to which company is internal to the UN system. An alert you may not see answers
404, as if it did not exist."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from partnerhub.accounts.auth import token_auth
from partnerhub.coordination import selectors, services
from partnerhub.coordination.models import CoordinationAlert, EngagementKind
from partnerhub.entities.models import UNEntity

router = Router(tags=["coordination"], auth=token_auth)

STAFF_ONLY = "Coordination between UN entities is open to UN staff only."
AlertId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class EngagementOut(Schema):
    entity: str
    organisation_id: int
    organisation: str
    country: str
    kind: str
    label: str
    url: str
    since: datetime.datetime
    status: str
    shared: bool = Field(description="Two or more entities engage this organisation")
    restricted: bool = Field(description="A draft partnership you may not read: no title")


class EngagementPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[EngagementOut]


class EngagementParameters(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(settings.PAGE_SIZE, ge=1)
    entity: str = Field("", description="Acronym of a UN entity")
    kind: str = Field("", description=", ".join(EngagementKind.values))
    q: str = Field("", max_length=200, description="Search in organisation names")
    country: str = Field("", max_length=2, description="Organisation's country, ISO alpha-2")
    shared_only: bool = Field(False, description="Only organisations two or more entities engage")


class AlertSideOut(Schema):
    entity: str
    kind: str
    label: str
    url: str
    acknowledged_at: datetime.datetime | None


class CoordinationAlertOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    matched_organisation_id: int | None
    reason: str
    first: AlertSideOut
    second: AlertSideOut
    coordinator_acknowledged_at: datetime.datetime | None
    is_open: bool
    created_at: datetime.datetime
    url: str


class CoordinationAlertPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CoordinationAlertOut]


class CoordinationAlertParameters(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(settings.PAGE_SIZE, ge=1)
    open_only: bool = Field(False, description="Only alerts not yet acknowledged")


def _staff(request: HttpRequest, perm: str) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not user.has_perm(perm):
        raise PermissionDenied(STAFF_ONLY)
    return user


def _engagement(row: selectors.Engagement) -> EngagementOut:
    return EngagementOut(
        entity=row.entity.acronym,
        organisation_id=row.organisation.pk,
        organisation=row.organisation.legal_name,
        country=row.organisation.country_id,
        kind=row.kind,
        label=row.label,
        url=row.url,
        since=row.since,
        status=row.status,
        shared=row.shared,
        restricted=row.restricted,
    )


def _alert(alert: CoordinationAlert) -> CoordinationAlertOut:
    return CoordinationAlertOut(
        id=alert.pk,
        organisation_id=alert.organisation_id,
        organisation=alert.organisation.legal_name,
        matched_organisation_id=alert.matched_organisation_id,
        reason=alert.reason,
        first=AlertSideOut(
            entity=alert.first_entity.acronym,
            kind=alert.first_kind,
            label=alert.first_label,
            url=alert.first_url,
            acknowledged_at=alert.first_acknowledged_at,
        ),
        second=AlertSideOut(
            entity=alert.second_entity.acronym,
            kind=alert.second_kind,
            label=alert.second_label,
            url=alert.second_url,
            acknowledged_at=alert.second_acknowledged_at,
        ),
        coordinator_acknowledged_at=alert.coordinator_acknowledged_at,
        is_open=alert.is_open,
        created_at=alert.created_at,
        url=alert.get_absolute_url(),
    )


@router.get(
    "/engagements",
    response=EngagementPage,
    summary="The engagement registry: open engagements of UN entities with organisations",
    description="Read live from expressions of interest, offers in discussion, screenings in "
    "review and partnerships not yet ended. UN staff only.",
)
def engagement_list(request: HttpRequest, params: Query[EngagementParameters]) -> EngagementPage:
    user = _staff(request, "coordination.view_registry")
    if params.kind and params.kind not in EngagementKind.values:
        raise ValidationError({"kind": f"Unknown kind {params.kind!r}."})
    entity = None
    if params.entity:
        entity = UNEntity.objects.filter(acronym__iexact=params.entity.strip()).first()
        if entity is None:
            raise ValidationError({"entity": f"No UN entity has the acronym {params.entity!r}."})
    rows = selectors.engagements(
        viewer=user,
        entity=entity,
        kind=params.kind,
        q=params.q,
        country=params.country,
        shared_only=params.shared_only,
    )
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * page_size
    return EngagementPage(
        count=len(rows),
        page=params.page,
        page_size=page_size,
        results=[_engagement(row) for row in rows[start : start + page_size]],
    )


@router.get(
    "/alerts",
    response=CoordinationAlertPage,
    summary="Coordination alerts concerning your entities (all of them for the coordinator)",
)
def alert_list(
    request: HttpRequest, params: Query[CoordinationAlertParameters]
) -> CoordinationAlertPage:
    user = _staff(request, "coordination.view_alerts")
    alerts = selectors.alerts_visible_to(user)
    if params.open_only:
        alerts = selectors.open_alerts(alerts)
    page_size = min(params.page_size, settings.API_PAGE_SIZE_MAX)
    start = (params.page - 1) * page_size
    return CoordinationAlertPage(
        count=alerts.count(),
        page=params.page,
        page_size=page_size,
        results=[_alert(alert) for alert in alerts[start : start + page_size]],
    )


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response=CoordinationAlertOut,
    summary="Acknowledge an alert for your entity (the coordinator closes it for everyone)",
)
def alert_acknowledge(request: HttpRequest, alert_id: AlertId) -> CoordinationAlertOut:
    user = _staff(request, "coordination.view_alerts")
    alert = selectors.alerts_visible_to(user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404(f"No coordination alert has the id {alert_id}.")
    services.alert_acknowledge(alert=alert, actor=user)
    return _alert(selectors.alerts_visible_to(user).get(pk=alert_id))
