"""Coordination pages, for UN staff only: the engagement registry (and its CSV export), the
coordination alerts and one alert with its acknowledgement. Views read through selectors and
write through services."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerhub.coordination import selectors, services
from partnerhub.coordination.forms import RegistryFilterForm

CSV_COLUMNS = (
    "entity",
    "organisation_id",
    "organisation",
    "country",
    "kind",
    "label",
    "status",
    "since",
    "shared",
    "url",
)
# A spreadsheet runs a cell starting with one of these as a formula; organisation names and
# titles are typed by companies, so such a cell is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("Coordination between UN entities is open to UN staff only."))


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_lines(rows: Iterable[selectors.Engagement]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for row in rows:
        yield writer.writerow(
            [
                _cell(row.entity.acronym),
                row.organisation.pk,
                _cell(row.organisation.legal_name),
                row.organisation.country_id,
                row.kind,
                _cell(row.label),
                row.status,
                row.since.isoformat(),
                "yes" if row.shared else "no",
                settings.SITE_ROOT + row.url if row.url else "",
            ]
        )


@login_required
def registry(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    _require(request, "coordination.view_registry")
    form = RegistryFilterForm(request.GET)
    rows = selectors.engagements(viewer=request.user, **form.filters())
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="engagement-registry.csv"'
        return response
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/registry.html",
        {
            "form": form,
            "page_obj": page,
            "total": len(rows),
            "shared_organisations": len(
                {selectors.same_organisation_key(r) for r in rows if r.shared}
            ),
        },
    )


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    _require(request, "coordination.view_alerts")
    alerts = selectors.alerts_visible_to(request.user)
    open_only = request.GET.get("open") == "1"
    if open_only:
        alerts = selectors.open_alerts(alerts)
    page = Paginator(alerts, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "coordination/alerts.html", {"page_obj": page, "open_only": open_only})


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "coordination.view_alerts")
    alert = get_object_or_404(selectors.alerts_visible_to(request.user), pk=pk)
    return render(
        request,
        "coordination/alert_detail.html",
        {
            "alert": alert,
            "can_acknowledge": alert.is_open
            and request.user.has_perm("coordination.acknowledge_alert", alert),
        },
    )


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "coordination.view_alerts")
    alert = get_object_or_404(selectors.alerts_visible_to(request.user), pk=pk)
    try:
        services.alert_acknowledge(alert=alert, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Alert acknowledged."))
    return redirect(alert)
