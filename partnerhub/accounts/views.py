from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerhub.accounts import selectors, services
from partnerhub.accounts.forms import ApiTokenForm, MembershipGrantForm
from partnerhub.accounts.models import ApiToken, Membership


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = services.api_token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(request.user), "new_secret": new_secret},  # type: ignore[arg-type]
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.api_token_revoke(token=token, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def memberships(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.manage_memberships"):
        raise PermissionDenied(_("Only administrators can manage roles."))
    form = MembershipGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_grant(actor=request.user, **form.grant_kwargs())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Role given: %(m)s") % {"m": membership})
            return redirect("accounts:memberships")
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.users_with_memberships(search=search), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request, "accounts/memberships.html", {"form": form, "page_obj": page, "search": search}
    )


@login_required
@require_POST
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    services.membership_revoke(membership=membership, actor=request.user)
    messages.success(request, _("Role removed: %(m)s") % {"m": membership})
    return redirect("accounts:memberships")
