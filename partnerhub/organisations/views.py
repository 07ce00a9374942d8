from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from partnerhub.organisations import selectors, services
from partnerhub.organisations.filters import OrganisationFilter
from partnerhub.organisations.forms import ConfirmNotDuplicateForm, OrganisationForm

# The id of the element the directory's htmx requests replace.
RESULTS_TARGET = "organisation-results"
# Shortest legal name worth looking up while the user types.
SIMILAR_MIN_LENGTH = 3


def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilter(request.GET, queryset=selectors.organisations())
    page = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page_obj": page, "problems": filterset.problems()}
    # htmx asks for the results only; a link opened without JavaScript, or in a new tab,
    # gets the whole page.
    results_only = bool(request.htmx) and request.htmx.target == RESULTS_TARGET  # type: ignore[attr-defined]
    template = "organisations/_results.html" if results_only else "organisations/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations(), pk=pk)
    user = request.user
    show_representatives = user.has_perm("organisations.view_representatives")
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "can_edit": user.has_perm("organisations.edit_organisation", organisation),
            "can_view_audit": user.has_perm("core.view_audit", organisation),
            "show_representatives": show_representatives,
            "representatives": (
                selectors.organisation_representatives(organisation) if show_representatives else []
            ),
        },
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    # While the user types the legal name, htmx fills the "possible duplicates" panel.
    form.fields["legal_name"].widget.attrs.update(
        {
            "hx-get": reverse("organisations:similar"),
            "hx-trigger": "input changed delay:500ms",
            "hx-target": "#similar-organisations",
            "hx-sync": "this:replace",
            "aria-controls": "similar-organisations",
        }
    )
    duplicates: list[selectors.SimilarOrganisation] = []
    if request.method == "POST" and form.is_valid():
        confirmed = ConfirmNotDuplicateForm(request.POST).is_valid()
        try:
            organisation = services.organisation_register(
                actor=request.user, confirm_not_duplicate=confirmed, **form.service_kwargs()
            )
        except services.DuplicateOrganisationWarning as warning:
            duplicates = warning.matches
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("%(name)s is now in the directory.") % {"name": organisation.legal_name}
            )
            return redirect(organisation)
    return render(
        request,
        "organisations/create.html",
        {
            "form": form,
            "duplicates": duplicates,
            "confirm_form": ConfirmNotDuplicateForm() if duplicates else None,
        },
    )


@login_required
def organisation_similar(request: HttpRequest) -> HttpResponse:
    """The "possible duplicates" panel of the registration form, while the user types."""
    legal_name = request.GET.get("legal_name", "")[: services.NAME_MAX_LENGTH]
    duplicates = (
        selectors.similar_organisations(legal_name)
        if len(legal_name.strip()) >= SIMILAR_MIN_LENGTH
        else []
    )
    return render(request, "organisations/_similar.html", {"duplicates": duplicates})


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(selectors.organisations(), pk=pk)
    user: Any = request.user
    if not user.has_perm("organisations.edit_organisation", organisation):
        raise PermissionDenied(
            _(
                "Only the organisation's representatives, the system coordinator and "
                "administrators can edit this profile."
            )
        )
    form = OrganisationForm(
        request.POST or None,
        initial=OrganisationForm.initial_for(organisation),
        with_global_compact=user.has_perm("organisations.set_global_compact_status", organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, actor=user, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect(organisation)
    return render(request, "organisations/edit.html", {"form": form, "organisation": organisation})
