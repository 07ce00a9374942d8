from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import memberships_of
from partnerhub.core.selectors import audit_events_for, home_figures
from partnerhub.marketplace.selectors import dashboard_panels

# Only these models have an audit page; anything else is a 404, not a probe into the schema.
AUDITED_MODELS = {
    "entities.unentity",
    "organisations.organisation",
    "screening.screening",
    "marketplace.need",
    "marketplace.offer",
    "marketplace.offerroute",
    "marketplace.routingprofile",
    "partnerships.partnership",
}


def home(request: HttpRequest) -> HttpResponse:
    from partnerhub.portal.selectors import whats_new

    return render(request, "core/home.html", {"figures": home_figures(), "new": whats_new()})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/dashboard.html",
        {
            "memberships": memberships_of(request.user),
            "organisation_create_url": reverse("organisations:create"),
            "marketplace": dashboard_panels(request.user),
        },
    )


def audit_trail(request: HttpRequest, app_label: str, model_name: str, pk: str) -> HttpResponse:
    label = f"{app_label}.{model_name}".lower()
    if label not in AUDITED_MODELS:
        raise Http404(_("No audit trail exists for this kind of object."))
    model = apps.get_model(label)
    try:
        target = model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such object.")) from None
    if not request.user.has_perm("core.view_audit", target):
        raise PermissionDenied(
            _("Only staff responsible for this record may read its audit trail.")
        )
    page = Paginator(audit_events_for(target), 50).get_page(request.GET.get("page"))
    history = []
    if hasattr(target, "history"):
        versions = list(target.history.select_related("history_user")[:51])
        for newer, older in zip(versions, [*versions[1:], None], strict=True):
            changed = [c.field for c in newer.diff_against(older).changes] if older else []
            history.append((newer, changed))
        history = history[:50]
    return render(
        request,
        "core/audit_trail.html",
        {"target": target, "page_obj": page, "history": history},
    )
