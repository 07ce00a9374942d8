"""The marketplace pages: needs, offers, an entity's inbox of routed offers, the routing
overview, saved searches. Views read through selectors and write through services."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerhub.accounts.models import Role
from partnerhub.accounts.predicates import (
    entity_ids_for,
    is_administrator,
    is_system_coordinator,
    is_un_staff,
    organisation_ids_for,
)
from partnerhub.core.forms import add_service_errors, error_text
from partnerhub.entities.models import UNEntity
from partnerhub.marketplace import selectors, services, workflows
from partnerhub.marketplace.filters import FILTERS, SAVED_QUERY_KEYS, NeedFilter, OfferFilter
from partnerhub.marketplace.forms import (
    InterestAnswerForm,
    InterestInNeedForm,
    InterestInOfferForm,
    NeedForm,
    NoteForm,
    OfferForm,
    RouteResponseForm,
    RoutingProfileForm,
    SavedSearchAlertsForm,
    SavedSearchForm,
    SDGSuggestionForm,
    TryRoutingForm,
    goal_ids,
)
from partnerhub.marketplace.models import (
    Interest,
    Need,
    Offer,
    OfferRoute,
    RoutingProfile,
    SavedSearch,
)
from partnerhub.marketplace.workflows import Actor
from partnerhub.organisations.models import Organisation
from partnerhub.vocabularies.models import SDGGoal, SDGTarget

# The transitions that end a listing ask for confirmation first.
CONFIRM_STATES = {"withdrawn", "closed", "filled"}
ACTION_LABELS = {
    "open": gettext_lazy("Publish"),
    "in_discussion": gettext_lazy("Mark in discussion"),
    "filled": gettext_lazy("Mark filled"),
    "closed": gettext_lazy("Close"),
    "withdrawn": gettext_lazy("Withdraw"),
    "submitted": gettext_lazy("Submit"),
}
INBOX_STATUSES = ["open", "all", *OfferRoute.Status.values]


# --- Helpers ----------------------------------------------------------------------------------


def _page(request: HttpRequest, queryset: Any) -> Page:
    return Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    # A history restore (back button after the cache expired) needs the whole page.
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def _is_manager(user: Any) -> bool:
    return bool(is_administrator(user) or is_system_coordinator(user))


def _actions(table: Any, state: str, actor: Actor) -> list[dict[str, Any]]:
    return [
        {"to": to, "label": ACTION_LABELS.get(to, to), "confirm": to in CONFIRM_STATES}
        for to in workflows.next_states(table, state, actor)
    ]


def _suggestions(stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tagger's suggestions with their goal objects, for display."""
    goals = SDGGoal.objects.in_bulk([s.get("goal") for s in stored if s.get("goal")])
    return [{**s, "goal_obj": goals[s["goal"]]} for s in stored if s.get("goal") in goals]


def _suggestions_by_goal(stored: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(s["goal"]): s for s in stored if s.get("goal")}


def _organisations_of(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisation_ids_for(user)).order_by("legal_name")


def _focal_entities_of(user: Any) -> QuerySet[UNEntity]:
    return UNEntity.objects.filter(pk__in=entity_ids_for(user, Role.FOCAL_POINT)).order_by(
        "acronym"
    )


def _entity_by_key(key: str) -> UNEntity:
    entities = UNEntity.objects.all()
    entity = (
        entities.filter(pk=int(key)).first()
        if key.isdigit()
        else entities.filter(acronym__iexact=key).first()
    )
    if entity is None:
        raise Http404(_("No such UN entity."))
    return entity


def _saved_search_hidden(request: HttpRequest) -> list[tuple[str, str]]:
    return [(key, request.GET[key]) for key in SAVED_QUERY_KEYS if request.GET.get(key, "").strip()]


def _listing_page(
    request: HttpRequest,
    *,
    kind: str,
    filterset: Any,
    template: str,
    partial_template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "filter": filterset,
        "page_obj": _page(request, filterset.qs),
        "kind": kind,
        "save_form": SavedSearchForm(initial={"kind": kind}),
        "save_query": _saved_search_hidden(request),
        **(extra or {}),
    }
    response = render(request, partial_template if _partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Landing ----------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisation_ids = organisation_ids_for(user)
    context: dict[str, Any] = {
        "counts": selectors.listing_counts_for(user),
        "can_post_need": user.has_perm("marketplace.post_need"),
        "can_post_offer": user.has_perm("marketplace.post_offer"),
        "can_see_offers": user.has_perm("marketplace.view_matches"),
        "can_see_routing": user.has_perm("marketplace.view_routing_overview"),
        "inboxes": selectors.inbox_entities_with_counts(user) if user.is_authenticated else [],
        "my_offers": [],
        "my_interests": [],
    }
    if organisation_ids:
        context["my_offers"] = selectors.offers_of_organisations(organisation_ids)[:10]
        context["my_interests"] = selectors.interests_of_organisations(organisation_ids)[:10]
    return render(request, "marketplace/index.html", context)


# --- SDG suggestions --------------------------------------------------------------------------


@login_required
@require_POST
def suggest_sdgs(request: HttpRequest) -> HttpResponse:
    """The SDG block of a need or offer form, re-rendered with the tagger's suggestions for the
    title and description checked (added to those already checked), each with its evidence."""
    user = request.user
    if not (user.has_perm("marketplace.post_need") or user.has_perm("marketplace.post_offer")):
        raise PermissionDenied(_("Only people who post needs or offers can ask for suggestions."))
    from partnerhub.marketplace.tagging import suggest_sdgs as tag

    posted = SDGSuggestionForm(request.POST)
    posted.is_valid()
    text = "\n".join(
        posted.cleaned_data.get(name) or "" for name in ("title", "description")
    ).strip()
    suggestions = tag(text) if text else []
    goals = set(goal_ids(request.POST.getlist("sdgs"))) | {s["goal"] for s in suggestions}
    suggested_targets = {t["code"] for s in suggestions for t in s.get("targets", [])}
    targets = set(request.POST.getlist("sdg_targets")) | suggested_targets
    form = SDGSuggestionForm(
        initial={
            "sdgs": sorted(goals),
            "sdg_targets": list(
                SDGTarget.objects.filter(pk__in=targets, goal_id__in=goals).values_list(
                    "pk", flat=True
                )
            ),
        }
    )
    return render(
        request,
        "marketplace/_sdg_block.html",
        {
            "form": form,
            "suggestions": _suggestions_by_goal(suggestions),
            "suggested": True,
            "text_missing": not text,
            "text_errors": [
                e for name in ("title", "description") for e in posted.errors.get(name, [])
            ],
        },
    )


# --- Needs ------------------------------------------------------------------------------------


def need_list(request: HttpRequest) -> HttpResponse:
    needs = selectors.needs_visible_to(request.user).prefetch_related(
        "sdgs", "countries", "resource_types"
    )
    return _listing_page(
        request,
        kind=SavedSearch.Kind.NEEDS,
        filterset=NeedFilter(request.GET, queryset=needs),
        template="marketplace/need_list.html",
        partial_template="marketplace/_need_results.html",
        extra={"can_post_need": request.user.has_perm("marketplace.post_need")},
    )


def _need_or_404(request: HttpRequest, pk: int) -> Need:
    try:
        need = selectors.need_with_related(pk)
    except Need.DoesNotExist:
        raise Http404(_("No such need.")) from None
    if not request.user.has_perm("marketplace.view_need", need):
        # A need the user may not see does not exist for them.
        raise Http404(_("No such need."))
    return need


def _interest_form(user: Any, data: Any = None) -> InterestInNeedForm:
    organisation_ids = organisation_ids_for(user)
    return InterestInNeedForm(
        data,
        organisations=_organisations_of(user),
        offers=Offer.objects.filter(
            organisation_id__in=organisation_ids, status__in=workflows.OPEN_OFFER_STATES
        ).order_by("title"),
    )


def _render_need(
    request: HttpRequest,
    need: Need,
    *,
    interest_form: InterestInNeedForm | None = None,
    status: int = 200,
) -> HttpResponse:
    from partnerhub.marketplace.engine import matching_offers

    user = request.user
    can_change = user.has_perm("marketplace.change_need", need)
    can_see_interests = user.has_perm("marketplace.see_need_interests", need)
    organisation_ids = organisation_ids_for(user)
    can_express = (
        user.has_perm("marketplace.express_interest") and need.status in workflows.OPEN_NEED_STATES
    )
    interests: Any = []
    if can_see_interests:
        interests = selectors.interests_for_need(need)
    elif organisation_ids:
        interests = selectors.interests_for_need(need).filter(organisation_id__in=organisation_ids)
    context = {
        "need": need,
        "suggestions": _suggestions(need.sdg_suggestions or []),
        "can_change": can_change and need.status not in {Need.Status.CLOSED, Need.Status.WITHDRAWN},
        "actions": _actions(workflows.NEED_TRANSITIONS, need.status, Actor.OWNER)
        if can_change
        else [],
        "can_see_interests": can_see_interests,
        "can_answer": bool(entity_ids_for(user, Role.FOCAL_POINT) & {need.entity_id}),
        "interests": interests,
        # A refused form is shown with its errors even when the need has just closed.
        "interest_form": interest_form or (_interest_form(user) if can_express else None),
        "matches": matching_offers(need) if can_see_interests else None,
        "can_see_audit": user.has_perm("core.view_audit", need),
    }
    return render(request, "marketplace/need_detail.html", context, status=status)


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_need(request, _need_or_404(request, pk))


@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("marketplace.post_need"):
        raise PermissionDenied(_("Only focal points of a UN entity can post its needs."))
    entities = (
        UNEntity.objects.order_by("acronym") if is_administrator(user) else _focal_entities_of(user)
    )
    form = NeedForm(
        request.POST if request.method == "POST" else None,
        entities=entities,
        initial={"entity": entities.first()} if request.method != "POST" else None,
    )
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            entity = data.pop("entity")
            publish = request.POST.get("action") == "publish"
            try:
                need = services.need_create(entity=entity, actor=user, data=data, publish=publish)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Need published.") if publish else _("Need saved as a draft.")
                )
                return redirect(need)
        return _render_form(request, "marketplace/need_form.html", form, status=400)
    return _render_form(request, "marketplace/need_form.html", form)


def _render_form(
    request: HttpRequest,
    template: str,
    form: Form,
    *,
    status: int = 200,
    listing: Need | Offer | None = None,
) -> HttpResponse:
    stored = listing.sdg_suggestions if listing is not None else []
    return render(
        request,
        template,
        {
            "form": form,
            "listing": listing,
            "suggestions": _suggestions_by_goal(stored or []),
        },
        status=status,
    )


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    if not request.user.has_perm("marketplace.change_need", need):
        raise PermissionDenied(_("Only focal points of the need's entity can edit it."))
    form = NeedForm.for_need(need, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.need_update(need=need, actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Need saved."))
                return redirect(need)
        return _render_form(request, "marketplace/need_form.html", form, status=400, listing=need)
    return _render_form(request, "marketplace/need_form.html", form, listing=need)


@login_required
@require_POST
def need_transition(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keep the note under 2,000 characters."))
        return redirect(need)
    to = form.cleaned_data["to"]
    try:
        services.need_transition(
            need=need, to=to, actor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The need is now %(status)s.") % {"status": Need.Status(to).label.lower()},
        )
    return redirect(need)


@login_required
@require_POST
def need_interest(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    if not request.user.has_perm("marketplace.express_interest"):
        raise PermissionDenied(_("Only company representatives can express interest in a need."))
    form = _interest_form(request.user, request.POST)
    if form.is_valid():
        try:
            services.interest_in_need(
                need=need,
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                message=form.cleaned_data["message"],
                proposed_offer=form.cleaned_data["proposed_offer"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your interest was sent to %(entity)s.") % {"entity": need.entity.acronym},
            )
            return HttpResponseRedirect(need.get_absolute_url() + "#interests")
    return _render_need(request, need, interest_form=form, status=400)


# --- Interests --------------------------------------------------------------------------------


def _interest_or_404(request: HttpRequest, pk: int) -> Interest:
    interest = get_object_or_404(
        Interest.objects.select_related("need", "offer", "entity", "organisation"), pk=pk
    )
    if not request.user.has_perm("marketplace.view_interest", interest):
        raise Http404(_("No such expression of interest."))
    return interest


@login_required
@require_POST
def interest_answer(request: HttpRequest, pk: int) -> HttpResponse:
    interest = _interest_or_404(request, pk)
    back = interest.listing.get_absolute_url() + "#interests"
    form = InterestAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to take the interest forward or to decline it."))
        return HttpResponseRedirect(back)
    accept = form.cleaned_data["accept"]
    try:
        services.interest_answer(
            interest=interest,
            actor=request.user,
            accept=accept,
            response=form.cleaned_data["response"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("The interest was taken forward.") if accept else _("The interest was declined."),
        )
    return HttpResponseRedirect(back)


@login_required
@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    interest = _interest_or_404(request, pk)
    try:
        services.interest_withdraw(interest=interest, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Your expression of interest was withdrawn."))
    return HttpResponseRedirect(interest.listing.get_absolute_url() + "#interests")


# --- Offers -----------------------------------------------------------------------------------


def _require_offer_access(request: HttpRequest) -> None:
    if not request.user.has_perm("marketplace.view_matches"):
        raise PermissionDenied(
            _("Offers are visible to UN staff and to the companies that made them.")
        )


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    _require_offer_access(request)
    offers = selectors.offers_visible_to(request.user).prefetch_related(
        "sdgs", "countries", "resource_types"
    )
    return _listing_page(
        request,
        kind=SavedSearch.Kind.OFFERS,
        filterset=OfferFilter(request.GET, queryset=offers),
        template="marketplace/offer_list.html",
        partial_template="marketplace/_offer_results.html",
        extra={
            "can_post_offer": request.user.has_perm("marketplace.post_offer"),
            "is_company": bool(organisation_ids_for(request.user)),
        },
    )


def _offer_or_404(request: HttpRequest, pk: int) -> Offer:
    try:
        offer = selectors.offer_with_related(pk)
    except Offer.DoesNotExist:
        raise Http404(_("No such offer.")) from None
    if not request.user.has_perm("marketplace.view_offer", offer):
        # Another company's offer, or a draft: it does not exist for this user.
        raise Http404(_("No such offer."))
    return offer


def _render_offer(
    request: HttpRequest,
    offer: Offer,
    *,
    respond_form: InterestInOfferForm | None = None,
    status: int = 200,
) -> HttpResponse:
    from partnerhub.marketplace.engine import matching_needs

    user = request.user
    can_change = user.has_perm("marketplace.change_offer", offer)
    routes = list(selectors.routes_of_offer(offer))
    forwarded_to = {r.forwarded_from_id: r.entity for r in routes if r.forwarded_from_id}
    focal_entities = _focal_entities_of(user)
    can_respond = (
        user.has_perm("marketplace.respond_to_offer")
        and offer.status in workflows.OPEN_OFFER_STATES
    )
    context = {
        "offer": offer,
        "pro_bono_value": (
            offer.pro_bono_hours * settings.PRO_BONO_HOURLY_RATE_USD
            if offer.pro_bono_hours is not None
            else None
        ),
        "hourly_rate": settings.PRO_BONO_HOURLY_RATE_USD,
        "suggestions": _suggestions(offer.sdg_suggestions or []),
        "routes": [(route, forwarded_to.get(route.pk)) for route in routes],
        "now": timezone.now(),
        "can_change": can_change
        and offer.status not in {Offer.Status.CLOSED, Offer.Status.WITHDRAWN},
        "actions": _actions(workflows.OFFER_TRANSITIONS, offer.status, Actor.OWNER)
        if can_change
        else [],
        "interests": selectors.interests_for_offer(offer),
        "can_answer": offer.organisation_id in organisation_ids_for(user),
        "respond_form": respond_form
        or (InterestInOfferForm(entities=focal_entities) if can_respond else None),
        "matches": matching_needs(offer, public_only=not is_un_staff(user))
        if user.has_perm("marketplace.view_matches")
        else None,
        "can_see_audit": user.has_perm("core.view_audit", offer),
    }
    return render(request, "marketplace/offer_detail.html", context, status=status)


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_offer(request, _offer_or_404(request, pk))


@login_required
def offer_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("marketplace.post_offer"):
        raise PermissionDenied(_("Only company representatives can post offers."))
    organisations = _organisations_of(user)
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"organisation": organisations.first()} if request.method != "POST" else None,
    )
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            organisation = data.pop("organisation")
            submit = request.POST.get("action") == "submit"
            try:
                offer = services.offer_create(
                    organisation=organisation, actor=user, data=data, submit=submit
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Offer submitted. Below is where it was sent and why.")
                    if submit
                    else _("Offer saved as a draft."),
                )
                return redirect(offer)
        return _render_form(request, "marketplace/offer_form.html", form, status=400)
    return _render_form(request, "marketplace/offer_form.html", form)


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    if not request.user.has_perm("marketplace.change_offer", offer):
        raise PermissionDenied(_("Only the company's representatives can edit its offer."))
    form = OfferForm.for_offer(offer, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                offer = services.offer_update(
                    offer=offer, actor=request.user, data=form.cleaned_data
                )
                if request.POST.get("action") == "submit" and offer.status == Offer.Status.DRAFT:
                    offer = services.offer_submit(offer=offer, actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Offer submitted. Below is where it was sent and why.")
                    if offer.status == Offer.Status.SUBMITTED
                    and request.POST.get("action") == "submit"
                    else _("Offer saved."),
                )
                return redirect(offer)
        return _render_form(request, "marketplace/offer_form.html", form, status=400, listing=offer)
    return _render_form(request, "marketplace/offer_form.html", form, listing=offer)


@login_required
@require_POST
def offer_transition(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keep the note under 2,000 characters."))
        return redirect(offer)
    to = form.cleaned_data["to"]
    try:
        services.offer_transition(
            offer=offer, to=to, actor=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Offer submitted. Below is where it was sent and why.")
            if to == Offer.Status.SUBMITTED
            else _("The offer is now %(status)s.") % {"status": Offer.Status(to).label.lower()},
        )
    return redirect(offer)


@login_required
@require_POST
def offer_respond(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_or_404(request, pk)
    if not request.user.has_perm("marketplace.respond_to_offer"):
        raise PermissionDenied(_("Only focal points can respond to an offer for their entity."))
    form = InterestInOfferForm(request.POST, entities=_focal_entities_of(request.user))
    if form.is_valid():
        try:
            services.interest_in_offer(
                offer=offer,
                entity=form.cleaned_data["entity"],
                actor=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The company was told of your entity's interest."))
            return HttpResponseRedirect(offer.get_absolute_url() + "#interests")
    return _render_offer(request, offer, respond_form=form, status=400)


# --- Inbox ------------------------------------------------------------------------------------


@login_required
def inbox_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    manager = _is_manager(user)
    if not manager and not entity_ids_for(user):
        raise PermissionDenied(_("Inboxes belong to UN entities; you are not a member of one."))
    picked = request.GET.get("entity", "").strip()
    if manager and picked:
        return redirect("marketplace:inbox", key=_entity_by_key(picked).acronym)
    entities = list(selectors.inbox_entities_with_counts(user))
    if not manager and len(entities) == 1:
        return redirect("marketplace:inbox", key=entities[0].acronym)
    return render(
        request,
        "marketplace/inbox_index.html",
        {
            "entities": entities,
            "all_entities": UNEntity.objects.order_by("acronym").only("acronym", "name")
            if manager
            else [],
        },
    )


@login_required
def inbox(request: HttpRequest, key: str) -> HttpResponse:
    entity = _entity_by_key(key)
    if not request.user.has_perm("marketplace.view_inbox", entity):
        raise PermissionDenied(
            _("Only members of %(entity)s can read its inbox.") % {"entity": entity.acronym}
        )
    status = request.GET.get("status", "open") or "open"
    status_error = ""
    if status not in INBOX_STATUSES:
        status_error = _("Unknown status “%(status)s”; showing open offers.") % {
            "status": status[:40]
        }
        status = "open"
    routes = selectors.inbox(entity, status="" if status == "all" else status)
    statuses = [
        ("open", _("Open (received, acknowledged, in discussion)")),
        ("all", _("All")),
        *OfferRoute.Status.choices,
    ]
    response = render(
        request,
        "marketplace/_inbox_results.html" if _partial(request) else "marketplace/inbox.html",
        {
            "entity": entity,
            "page_obj": _page(request, routes),
            "status": status,
            "statuses": statuses,
            "status_error": status_error,
            "now": timezone.now(),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def route_detail(request: HttpRequest, pk: int) -> HttpResponse:
    route = get_object_or_404(
        OfferRoute.objects.select_related(
            "entity", "offer__organisation", "forwarded_from__entity", "handled_by"
        ),
        pk=pk,
    )
    user = request.user
    if not user.has_perm("marketplace.view_route", route):
        raise PermissionDenied(_("Only members of the entity this offer was sent to can read it."))
    can_handle = user.has_perm("marketplace.handle_route", route)
    form = RouteResponseForm(request.POST if request.method == "POST" else None, route=route)
    status = 200
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied(
                _("Only focal points of %(entity)s can answer this offer.")
                % {"entity": route.entity.acronym}
            )
        if form.is_valid():
            to = form.cleaned_data["to"]
            try:
                services.route_respond(
                    route=route,
                    to=to,
                    actor=user,
                    note=form.cleaned_data["note"],
                    forward_to=form.cleaned_data["forward_to"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    {
                        "acknowledged": _("Offer acknowledged; the company was told."),
                        "in_discussion": _("Offer accepted into discussion; the company was told."),
                        "declined": _("Offer declined; the company was given your reason."),
                        "forwarded": _("Offer forwarded; the company and the entity were told."),
                    }[to],
                )
                return redirect(route)
        status = 400
    offer = selectors.offer_with_related(route.offer_id)
    open_offer = offer.status in workflows.OPEN_OFFER_STATES
    next_states = (
        workflows.next_states(workflows.ROUTE_TRANSITIONS, route.status, Actor.HANDLER)
        if can_handle and open_offer
        else []
    )
    return render(
        request,
        "marketplace/route_detail.html",
        {
            "route": route,
            "offer": offer,
            "form": form,
            "next_states": next_states,
            "open_offer": open_offer,
            "forwards": route.forwards.select_related("entity"),
            "overdue": route.status == OfferRoute.Status.RECEIVED
            and route.acknowledge_due_at < timezone.now(),
            "can_see_audit": user.has_perm("core.view_audit", route),
        },
        status=status,
    )


# --- Routing (system coordinator) -------------------------------------------------------------


def _require_routing(request: HttpRequest, perm: str = "marketplace.view_routing_overview") -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("The routing overview is for the system coordinator."))


@login_required
def routing_overview(request: HttpRequest) -> HttpResponse:
    _require_routing(request)
    picked = request.GET.get("entity", "").strip()
    if picked:
        return redirect("marketplace:routing_profile", acronym=_entity_by_key(picked).acronym)
    only_overdue = request.GET.get("overdue") == "1"
    rows = selectors.response_times()
    if only_overdue:
        rows = [row for row in rows if row.overdue]
    overdue = selectors.overdue_routes().order_by("acknowledge_due_at", "pk")
    unrouted = selectors.unrouted_offers()
    return render(
        request,
        "marketplace/routing_overview.html",
        {
            "unrouted": unrouted[:100],
            "unrouted_total": unrouted.count(),
            "routable_entities": UNEntity.objects.order_by("acronym").only("acronym", "name"),
            "rows": rows,
            "overdue": overdue[:200],
            "overdue_total": overdue.count(),
            "only_overdue": only_overdue,
            "entities": UNEntity.objects.order_by("acronym").only("acronym", "name"),
            "working_days": settings.OFFER_ACKNOWLEDGE_WORKING_DAYS,
        },
    )


@login_required
@require_POST
def offer_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator sends an offer that routing could not place to an entity by hand."""
    _require_routing(request, "marketplace.edit_routing_profile")
    offer = get_object_or_404(Offer, pk=pk)
    entity_id = request.POST.get("entity", "")
    entity = UNEntity.objects.filter(pk=entity_id).first() if entity_id.isdigit() else None
    if entity is None:
        messages.error(request, _("Choose the entity to send the offer to."))
        return redirect(reverse("marketplace:routing_overview") + "#unrouted")
    try:
        services.offer_assign(
            offer=offer, entity=entity, actor=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(title)s was sent to %(entity)s.")
            % {"title": offer.title, "entity": entity.acronym},
        )
    return redirect(reverse("marketplace:routing_overview") + "#unrouted")


@login_required
def routing_profile(request: HttpRequest, acronym: str) -> HttpResponse:
    from partnerhub.marketplace.engine import route_text

    _require_routing(request, "marketplace.edit_routing_profile")
    entity = get_object_or_404(UNEntity, acronym__iexact=acronym)
    profile = (
        RoutingProfile.objects.filter(entity=entity)
        .prefetch_related("sdgs", "themes", "countries")
        .first()
    )
    initial: dict[str, Any] = {"accepts_offers": True}
    if profile is not None:
        initial = {
            "keywords": profile.keywords,
            "accepts_offers": profile.accepts_offers,
            "sdgs": [g.pk for g in profile.sdgs.all()],
            "themes": [t.pk for t in profile.themes.all()],
            "countries": [c.pk for c in profile.countries.all()],
        }
    form = RoutingProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.routing_profile_update(
                    entity=entity, actor=request.user, data=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Routing profile of %(entity)s saved; new offers are routed with it.")
                    % {"entity": entity.acronym},
                )
                return redirect("marketplace:routing_profile", acronym=entity.acronym)
        status = 400
    try_form = TryRoutingForm(request.GET if "text" in request.GET else None)
    tried = None
    if try_form.is_bound and try_form.is_valid():
        tried = route_text(text=try_form.cleaned_data["text"], limit=3)
    context = {
        "entity": entity,
        "profile": profile,
        "form": form,
        "try_form": try_form,
        "tried": tried,
    }
    if _partial(request) and try_form.is_bound:
        return render(request, "marketplace/_try_routing.html", context)
    return render(request, "marketplace/routing_profile.html", context, status=status)


# --- Saved searches ---------------------------------------------------------------------------


def _search_url(search: SavedSearch) -> str:
    name = (
        "marketplace:need_list"
        if search.kind == SavedSearch.Kind.NEEDS
        else "marketplace:offer_list"
    )
    query = {k: v for k, v in (search.query or {}).items() if k in SAVED_QUERY_KEYS}
    return reverse(name) + ("?" + urlencode(query) if query else "")


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    searches = selectors.saved_searches_of(request.user)
    return render(
        request,
        "marketplace/saved_searches.html",
        {"searches": [(search, _search_url(search)) for search in searches]},
    )


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    kind = request.POST.get("kind", "")
    if kind not in SavedSearch.Kind.values:
        kind = SavedSearch.Kind.NEEDS
    query = {
        key: request.POST[key][:200]
        for key in SAVED_QUERY_KEYS
        if request.POST.get(key, "").strip()
    }
    back = reverse(
        "marketplace:need_list" if kind == SavedSearch.Kind.NEEDS else "marketplace:offer_list"
    ) + ("?" + urlencode(query) if query else "")
    if not form.is_valid():
        messages.error(request, _("Give the search a name of up to 120 characters."))
        return HttpResponseRedirect(back)
    filterset = FILTERS[kind](
        query, queryset=Need.objects.none() if kind == "needs" else Offer.objects.none()
    )
    if not filterset.is_valid():
        messages.error(
            request, _("This search has filters that were not understood; fix them first.")
        )
        return HttpResponseRedirect(back)
    try:
        services.saved_search_create(
            user=request.user,
            kind=kind,
            name=form.cleaned_data["name"],
            query=query,
            alerts=form.cleaned_data["alerts"],
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Search saved. You will be told of new matches.")
            if form.cleaned_data["alerts"]
            else _("Search saved."),
        )
    return HttpResponseRedirect(back)


def _own_search(request: HttpRequest, pk: int) -> SavedSearch:
    # Someone else's saved search does not exist for this user.
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@login_required
@require_POST
def saved_search_alerts(request: HttpRequest, pk: int) -> HttpResponse:
    search = _own_search(request, pk)
    form = SavedSearchAlertsForm(request.POST)
    form.is_valid()
    alerts = bool(form.cleaned_data.get("alerts"))
    services.saved_search_set_alerts(search=search, actor=request.user, alerts=alerts)
    messages.success(
        request,
        _("Alerts on for “%(name)s”.") % {"name": search.name}
        if alerts
        else _("Alerts off for “%(name)s”.") % {"name": search.name},
    )
    return redirect("marketplace:saved_searches")


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = _own_search(request, pk)
    name = search.name
    services.saved_search_delete(search=search, actor=request.user)
    messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": name})
    return redirect("marketplace:saved_searches")
