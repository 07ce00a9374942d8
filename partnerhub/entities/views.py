from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from partnerhub.entities import selectors, services
from partnerhub.entities.forms import EntityProfileForm
from partnerhub.portal.selectors import entity_public_work


def directory(request: HttpRequest) -> HttpResponse:
    entity_filter = selectors.entity_filter(request.GET)
    page = Paginator(selectors.filtered_entities(entity_filter), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    htmx = getattr(request, "htmx", None)
    # htmx swaps only the results; a history restore (back button after the cache expired)
    # needs the whole page.
    partial = bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]
    response = render(
        request,
        "entities/_results.html" if partial else "entities/directory.html",
        {"filter": entity_filter, "page_obj": page},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = selectors.entity_by_slug(slug)
    user = request.user
    return render(
        request,
        "entities/detail.html",
        {
            "entity": entity,
            "focal_points": selectors.focal_points_of(entity),
            "can_see_focal_points": user.has_perm("entities.view_focal_points"),
            "can_edit": user.has_perm("entities.change_unentity", entity),
            "can_see_audit": user.has_perm("core.view_audit", entity),
            "relations": selectors.related_entities_of(entity),
            "public_work": entity_public_work(entity),
        },
    )


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    entity = selectors.entity_by_slug(slug)
    if not request.user.has_perm("entities.change_unentity", entity):
        raise PermissionDenied(services.PROFILE_EDIT_REFUSED)
    form = EntityProfileForm.for_entity(entity, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            update = services.entity_update_profile(
                entity=entity, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if update.changed_fields:
                messages.success(request, _("Partnership profile saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(update.entity)
    return render(request, "entities/edit.html", {"entity": entity, "form": form})
