from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import entity_ids_for, is_administrator, is_system_coordinator
from partnerhub.core.forms import error_text
from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation
from partnerhub.screening import selectors, services
from partnerhub.screening.forms import (
    BatchForm,
    DecisionForm,
    EvidenceForm,
    HitReviewForm,
    ListImportForm,
    PersonForm,
    RequestScreeningForm,
)
from partnerhub.screening.models import (
    Alert,
    BatchScreening,
    Hit,
    ListChange,
    ListVersion,
    Screening,
)


def _staff(request: HttpRequest, perm: str = "screening.view", obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("Screening is open to UN staff with the right role only."))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _staff(request)
    status = request.GET.get("status", "")
    rating = request.GET.get("rating", "")
    if status not in Screening.Status.values:
        status = ""
    if rating not in Screening.Rating.values:
        rating = ""
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.screening_list(status=status, rating=rating, q=q), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "screening/index.html",
        {
            "page_obj": page,
            "alerts": selectors.open_alerts_for(request.user)[:20],
            "statuses": Screening.Status.choices,
            "ratings": Screening.Rating.choices,
            "status": status,
            "rating": rating,
            "q": q,
            "current_versions": selectors.current_versions(),
        },
    )


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = ListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _staff(request, "screening.import_lists")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record = services.list_import_enqueue(
                    source=form.cleaned_data["source"],
                    file_name=upload.name,
                    data=upload.read(),
                    actor=request.user,
                    generated_at_hint=form.cleaned_data["generated_at"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("“%(name)s” is queued for import.") % {"name": record.file_name}
                )
                return redirect("screening:lists")
    return render(
        request,
        "screening/lists.html",
        {
            "form": form,
            "can_import": request.user.has_perm("screening.import_lists"),
            "current_versions": selectors.current_versions(),
            "versions": selectors.list_versions()[:50],
            "imports": selectors.recent_imports(),
        },
    )


@login_required
def imports_status(request: HttpRequest) -> HttpResponse:
    """The import table alone, polled by htmx while an import is queued or running."""
    _staff(request)
    return render(request, "screening/_imports.html", {"imports": selectors.recent_imports()})


@login_required
def list_version(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    version = get_object_or_404(ListVersion, pk=pk)
    kind = request.GET.get("kind", "")
    if kind not in ListChange.Kind.values:
        kind = ""
    page = Paginator(selectors.version_changes(version, kind), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/list_version.html",
        {"version": version, "page_obj": page, "kind": kind, "kinds": ListChange.Kind.choices},
    )


def _requestable_entities(user: Any) -> Any:
    if is_administrator(user) or is_system_coordinator(user):
        return UNEntity.objects.all()
    return UNEntity.objects.filter(
        pk__in=entity_ids_for(user, Role.SCREENING_OFFICER, Role.FOCAL_POINT)
    )


@login_required
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    org = get_object_or_404(Organisation.objects.select_related("country"), pk=pk)
    baseline = services.baseline_profile()
    criteria = [(c["code"], c["title"]) for c in baseline.criteria["criteria"]]
    person_form = PersonForm(prefix="person")
    evidence_form = EvidenceForm(prefix="evidence", criteria=criteria)
    request_form = RequestScreeningForm(
        prefix="request", entities=_requestable_entities(request.user)
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "person":
                person_form = PersonForm(request.POST, prefix="person")
                if person_form.is_valid():
                    services.person_add(
                        organisation=org, actor=request.user, **person_form.cleaned_data
                    )
                    messages.success(
                        request, _("Person added; they are screened with the organisation.")
                    )
                    return redirect("screening:organisation", pk=org.pk)
            elif action == "evidence":
                evidence_form = EvidenceForm(request.POST, prefix="evidence", criteria=criteria)
                if evidence_form.is_valid():
                    services.evidence_record(
                        organisation=org, actor=request.user, **evidence_form.cleaned_data
                    )
                    messages.success(
                        request, _("Evidence recorded; open screenings were re-rated.")
                    )
                    return redirect("screening:organisation", pk=org.pk)
            elif action == "request":
                request_form = RequestScreeningForm(
                    request.POST, prefix="request", entities=_requestable_entities(request.user)
                )
                if request_form.is_valid():
                    screening, reused = services.screening_request(
                        organisation=org,
                        entity=request_form.cleaned_data["entity"],
                        actor=request.user,
                        force_new=request_form.cleaned_data["force_new"],
                    )
                    if reused:
                        messages.info(
                            request,
                            _("A screening of this organisation already exists and is reused."),
                        )
                    else:
                        messages.success(request, _("Screening requested."))
                    return redirect(screening)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return render(
        request,
        "screening/organisation.html",
        {
            "organisation": org,
            "people": org.people.all(),
            "evidence": org.evidence.select_related("recorded_by"),
            "screenings": org.screenings.select_related("requesting_entity"),
            "person_form": person_form,
            "evidence_form": evidence_form,
            "request_form": request_form,
            "can_request": request.user.has_perm("screening.request"),
            "can_record": request.user.has_perm("screening.record_evidence"),
            "reusable": services.reusable_screening(org),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        screening = selectors.screening_detail(pk)
    except Screening.DoesNotExist:
        raise Http404(_("No such screening.")) from None
    own_entities = UNEntity.objects.filter(pk__in=entity_ids_for(request.user)).exclude(
        pk=screening.requesting_entity_id
    )
    other_ratings = [
        (entity, services.assess_screening(screening, services.entity_profile(entity)))
        for entity in own_entities[:3]
    ]
    can_review = request.user.has_perm("screening.review", screening)
    return render(
        request,
        "screening/detail.html",
        {
            "screening": screening,
            "can_review": can_review,
            "review_form": HitReviewForm(),
            "decision_form": DecisionForm(),
            "other_ratings": other_ratings,
            "pending": sum(1 for h in screening.hits.all() if h.review == Hit.Review.PENDING),
        },
    )


@login_required
@require_POST
def hit_review(request: HttpRequest, pk: int) -> HttpResponse:
    hit = get_object_or_404(Hit.objects.select_related("screening"), pk=pk)
    form = HitReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose confirm or dismiss, and give a reason."))
    else:
        try:
            services.hit_review(hit=hit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            if form.cleaned_data["review"] == Hit.Review.DISMISSED:
                messages.success(request, _("Possible match dismissed."))
            else:
                messages.success(request, _("Possible match confirmed."))
    return redirect(hit.screening)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_object_or_404(Screening, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and explain it."))
    else:
        try:
            services.screening_decide(screening=screening, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Decision recorded."))
    return redirect(screening)


@login_required
@require_POST
def cosign(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_object_or_404(Screening, pk=pk)
    try:
        services.screening_cosign(screening=screening, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Co-signed: the screening is completed."))
    return redirect(screening)


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(Alert.objects.select_related("screening"), pk=pk)
    services.alert_acknowledge(alert=alert, actor=request.user)
    messages.success(request, _("Alert acknowledged."))
    return redirect(alert.screening)


@login_required
def batch(request: HttpRequest) -> HttpResponse:
    _staff(request, "screening.batch")
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8-sig")
            record = services.batch_create(file_name=upload.name, text=text, actor=request.user)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text; save it as CSV (UTF-8)."))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Batch screening started."))
            return redirect("screening:batch_detail", pk=record.pk)
    return render(
        request,
        "screening/batch.html",
        {"form": form, "batches": selectors.batches_of(request.user)[:20]},
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request, "screening.batch")
    record = get_object_or_404(
        BatchScreening.objects.defer("input_csv"), pk=pk, requested_by=request.user
    )
    template = "screening/_batch_progress.html" if request.htmx else "screening/batch_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"batch": record})


@login_required
def batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request, "screening.batch")
    record = get_object_or_404(
        BatchScreening, pk=pk, requested_by=request.user, status=BatchScreening.Status.DONE
    )
    response = HttpResponse(record.output_csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="screening-results-{record.pk}.csv"'
    return response


def _amendable_entities(user: Any) -> Any:
    if is_administrator(user) or is_system_coordinator(user):
        return UNEntity.objects.all()
    return UNEntity.objects.filter(pk__in=entity_ids_for(user, Role.SCREENING_OFFICER))


def _amendments_from_post(post: Any, baseline_criteria: list[dict[str, Any]]) -> dict[str, Any]:
    """Only what differs from the baseline becomes an amendment."""
    amendments: dict[str, Any] = {}
    for criterion in baseline_criteria:
        code = criterion["code"]
        change: dict[str, Any] = {}
        enabled = post.get(f"{code}-enabled") == "on"
        if enabled != criterion.get("enabled", True):
            change["enabled"] = enabled
        exclusionary = post.get(f"{code}-exclusionary") == "on"
        if exclusionary != criterion["exclusionary"]:
            change["exclusionary"] = exclusionary
        weight = post.get(f"{code}-weight", "").strip()
        if weight and weight != str(criterion["weight"]):
            change["weight"] = weight
        if change:
            amendments[code] = change
    return amendments


@login_required
def criteria(request: HttpRequest) -> HttpResponse:
    _staff(request)
    baseline = services.baseline_profile()
    baseline_criteria = baseline.criteria["criteria"]
    entities = _amendable_entities(request.user)
    entity = None
    if request.GET.get("entity") or request.POST.get("entity"):
        entity = entities.filter(
            acronym=request.GET.get("entity") or request.POST.get("entity")
        ).first()
        if entity is None:
            messages.error(request, _("You cannot amend the criteria of that entity."))
    if request.method == "POST" and entity is not None:
        try:
            services.criteria_amend(
                entity=entity,
                amendments=_amendments_from_post(request.POST, baseline_criteria),
                note=request.POST.get("note", ""),
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("New criteria version published for %(e)s.") % {"e": entity}
            )
            return redirect(f"{request.path}?entity={entity.acronym}")
    effective = None
    if entity is not None:
        current = services.entity_profile(entity)
        effective, _thresholds = services.criteria_for(current, baseline)
    return render(
        request,
        "screening/criteria.html",
        {
            "baseline": baseline,
            "criteria": baseline_criteria,
            "profiles": selectors.criteria_profiles().exclude(un_entity__isnull=True),
            "amendable": entities[:200],
            "entity": entity,
            "effective": effective,
        },
    )
