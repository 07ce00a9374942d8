"""Open-data pages: the index of datasets, each dataset as CSV or JSON, and the IATI activity
file. Anyone may read them; bad filter values answer 400 with the reason, unknown datasets 404.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnerhub.opendata import adapters, iati, selectors, tabular
from partnerhub.opendata.registry import Dataset, dataset_for, datasets

IATI_FILTERS = ("entity", "country")
FILE_PREFIX = "partnerhub"


def _problem(error: ValidationError) -> tuple[str, dict[str, list[str]]]:
    by_field = {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    text = " ".join(f"{field}: {' '.join(messages)}" for field, messages in by_field.items())
    return _("Bad filter value. %(problems)s") % {"problems": text}, by_field


def _bad_request_text(error: ValidationError) -> HttpResponse:
    message, _fields = _problem(error)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _bad_request_json(error: ValidationError) -> HttpResponse:
    message, fields = _problem(error)
    return HttpResponse(
        json.dumps({"detail": message, "errors": fields}, ensure_ascii=False),
        status=400,
        content_type="application/json",
    )


def _open(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{FILE_PREFIX}-{filename}"'
    # Open data: any site may fetch it from a browser.
    response["Access-Control-Allow-Origin"] = "*"


def _dataset_or_404(slug: str) -> Dataset:
    dataset = dataset_for(slug)
    if dataset is None:
        raise Http404(_("There is no open dataset called “%(slug)s”.") % {"slug": slug})
    return dataset


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets(),
            "iati_version": iati.IATI_VERSION,
            "entity_example": "wfp",
        },
    )


@require_safe
def download_csv(request: HttpRequest, dataset: str) -> HttpResponse | StreamingHttpResponse:
    found = _dataset_or_404(dataset)
    try:
        filters = found.clean(request.GET)
    except ValidationError as error:
        return _bad_request_text(error)
    rows = found.rows(filters)
    response = StreamingHttpResponse(
        tabular.csv_lines(found.header, found.stream(rows)),
        content_type="text/csv; charset=utf-8",
    )
    _open(response, f"{found.slug}.csv")
    return response


@require_safe
def download_json(request: HttpRequest, dataset: str) -> HttpResponse | StreamingHttpResponse:
    found = _dataset_or_404(dataset)
    try:
        filters = found.clean(request.GET)
    except ValidationError as error:
        return _bad_request_json(error)
    rows = found.rows(filters)
    response = StreamingHttpResponse(
        tabular.json_chunks(rows.count(), found.stream(rows)),
        content_type="application/json",
    )
    _open(response, f"{found.slug}.json")
    return response


@require_safe
def iati_activities(request: HttpRequest) -> HttpResponse:
    try:
        filters = selectors.clean_partnership_filters(request.GET, allowed=IATI_FILTERS)
    except ValidationError as error:
        return _bad_request_text(error)
    # An IATI file is one publisher's: the entity filter picks the reporting (lead) entity.
    if "entity" in filters:
        filters["lead_entity"] = filters.pop("entity")
    activities = adapters.activities_of(selectors.iati_partnership_rows(filters))
    if not activities:
        # The schema requires at least one activity: an empty file would not be valid IATI.
        return HttpResponse(
            _("No public partnership matches these filters, so there is no IATI file to give."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    document = iati.activities_xml(activities, generated=timezone.now().replace(microsecond=0))
    response = HttpResponse(document, content_type="application/xml")
    _open(response, "iati-activities.xml")
    return response
