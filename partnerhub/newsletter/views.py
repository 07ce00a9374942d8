"""Newsletter pages. Public: the archive (with the subscribe form), each sent issue, the
confirmation and unsubscribe links. The system coordinator's: drafts, editing, previews, test
and real sending with its progress, subscribers. Views read through selectors and write
through services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from partnerhub.core.forms import add_service_errors, error_text
from partnerhub.newsletter import emails, selectors, services
from partnerhub.newsletter.forms import (
    AssembleForm,
    IssueTextForm,
    IssueTranslationForm,
    ItemForm,
    SubscribeForm,
    SubscriberFilterForm,
    TestSendForm,
)
from partnerhub.newsletter.models import TRANSLATION_LANGUAGES, Issue, Subscriber
from partnerhub.newsletter.quarters import Quarter
from partnerhub.newsletter.tokens import (
    TokenExpired,
    TokenInvalid,
    read_confirmation_token,
    read_unsubscribe_token,
)

# Subscribe requests per client address in SUBSCRIBE_WINDOW seconds: enough for a person
# correcting a typo, too few to mail-bomb someone through the form.
SUBSCRIBE_LIMIT = 10
SUBSCRIBE_WINDOW = 600


# Public pages ------------------------------------------------------------------------------


def archive(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.sent_issues(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    language = translation.get_language()
    issues = [
        (issue, issue.subject_in(language), issue.introduction_in(language)) for issue in page
    ]
    return render(
        request,
        "newsletter/archive.html",
        {"page_obj": page, "issues": issues, "form": SubscribeForm()},
    )


def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        issue = selectors.public_issue(slug)
    except Issue.DoesNotExist:
        raise Http404(_("No such issue of the newsletter.")) from None
    language = translation.get_language()
    return render(
        request,
        "newsletter/issue.html",
        {
            "issue": issue,
            "subject": issue.subject_in(language),
            "introduction": issue.introduction_in(language),
            "sections": emails.display_sections(issue),
        },
    )


def _throttled(request: HttpRequest) -> bool:
    key = f"newsletter:subscribe:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, SUBSCRIBE_WINDOW)
    try:
        return cache.incr(key) > SUBSCRIBE_LIMIT
    except ValueError:  # expired between add and incr
        return False


def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _throttled(request):
            form.add_error(None, _("Too many requests from your connection: try again later."))
            status = 429
        elif form.is_valid():
            try:
                services.subscription_request(
                    email=form.cleaned_data["email"],
                    language=form.cleaned_data["language"],
                    # Stored as the consent's source: kept in one language, not the visitor's.
                    source=f"Web form at {request.path} (double opt-in)",
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("newsletter:subscribe_sent")
        if status == 200:
            status = 400
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/subscribe_sent.html")


def _link_problem(request: HttpRequest, *, expired: bool) -> HttpResponse:
    return render(
        request,
        "newsletter/link_problem.html",
        {"expired": expired, "form": SubscribeForm()},
        status=400,
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open every link must not be able
    to confirm a subscription nobody asked for."""
    try:
        confirmation = read_confirmation_token(token)
    except TokenExpired:
        return _link_problem(request, expired=True)
    except TokenInvalid:
        return _link_problem(request, expired=False)
    if request.method == "POST":
        try:
            subscriber = services.subscription_confirm(token=token)
        except TokenExpired:
            return _link_problem(request, expired=True)
        except TokenInvalid:
            return _link_problem(request, expired=False)
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    known = selectors.already_confirmed(
        confirmation.subscriber_id, confirmation.email, confirmation.language
    )
    if known is not None:  # the link was followed before: say so, ask nothing
        return render(request, "newsletter/confirmed.html", {"subscriber": known, "already": True})
    return render(request, "newsletter/confirm.html", {"email": confirmation.email})


@csrf_exempt  # RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" without a session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click, no login. The mail client's unsubscribe button (RFC 8058) POSTs and is done;
    the link in the e-mail opens a page whose one button POSTs. A GET never unsubscribes:
    mail scanners and link previews open every link in a message."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    if token == emails.PREVIEW_TOKEN:
        return render(request, "newsletter/unsubscribed.html", {"preview": True})
    if request.method == "HEAD":
        return HttpResponse()
    if request.method == "GET":
        try:
            read_unsubscribe_token(token)
        except TokenInvalid:
            return _link_problem(request, expired=False)
        return render(request, "newsletter/unsubscribe.html")
    try:
        subscriber = services.unsubscribe(token=token)
    except TokenInvalid:
        return _link_problem(request, expired=False)
    form = SubscribeForm(
        initial={"email": subscriber.email, "language": subscriber.language} if subscriber else None
    )
    return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber, "form": form})


# The coordinator's pages ------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not request.user.has_perm("newsletter.manage"):
        raise PermissionDenied(_("The newsletter is run by the system coordinator."))


def _issue(request: HttpRequest, pk: int) -> Issue:
    _require_manager(request)
    return get_object_or_404(Issue, pk=pk)


@login_required
def manage_index(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    page = Paginator(selectors.issues_for_manage(), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "newsletter/manage/index.html",
        {
            "page_obj": page,
            "form": AssembleForm(
                initial={"quarter": str(Quarter.containing(timezone.localdate()))}
            ),
            "counts": selectors.subscriber_counts(),
        },
    )


@login_required
@require_POST
def manage_assemble(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = AssembleForm(request.POST)
    if form.is_valid():
        quarter = form.cleaned_data["quarter"]
        existing = Issue.objects.filter(quarter=str(quarter)).first()
        if existing is not None and existing.is_editable and not form.cleaned_data["replace"]:
            return render(
                request,
                "newsletter/manage/confirm_assemble.html",
                {"issue": existing, "quarter": quarter},
            )
        try:
            issue = services.issue_assemble(
                quarter=quarter, actor=request.user, replace=form.cleaned_data["replace"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("newsletter:manage")
        messages.success(request, _("The %(quarter)s issue is assembled.") % {"quarter": quarter})
        return redirect(issue.get_manage_url())
    messages.error(request, " ".join(str(e) for e in form.errors.get("quarter", [])))
    return redirect("newsletter:manage")


def _translation_forms(issue: Issue, invalid: IssueTranslationForm | None) -> list[Any]:
    """One form per language other than English, filled with the issue's translation; the
    one just refused (if any) with its errors."""
    result = []
    for code, _name in TRANSLATION_LANGUAGES:
        if invalid is not None and invalid.language == code:
            result.append(invalid)
            continue
        entry = (issue.translations or {}).get(code)
        result.append(
            IssueTranslationForm(language=code, initial=entry if isinstance(entry, dict) else {})
        )
    return result


def _issue_page(
    request: HttpRequest, issue: Issue, *, status: int = 200, **forms: Any
) -> HttpResponse:
    context: dict[str, Any] = {
        "translation_forms": _translation_forms(issue, forms.get("translation_form")),
        "issue": issue,
        "sections": emails.display_sections(issue),
        "raw_sections": issue.sections,
        "text_form": forms.get("text_form")
        or IssueTextForm(initial={"subject": issue.subject, "introduction": issue.introduction}),
        "item_form": forms.get("item_form") or ItemForm(),
        "test_form": forms.get("test_form")
        or TestSendForm(initial={"email": getattr(request.user, "email", "")}),
        "recipients": selectors.confirmed_subscribers().count(),
        "progress": selectors.delivery_progress(issue),
        "failures": selectors.failed_deliveries(issue)[:200],
        "preview_languages": settings.LANGUAGES,
    }
    return render(request, "newsletter/manage/issue.html", context, status=status)


@login_required
def manage_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _issue_page(request, _issue(request, pk))


@login_required
@require_POST
def manage_issue_text(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    form = IssueTextForm(request.POST)
    if form.is_valid():
        try:
            services.issue_update_text(
                issue=issue,
                actor=request.user,
                subject=form.cleaned_data["subject"],
                introduction=form.cleaned_data["introduction"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Subject and introduction saved."))
            return redirect(issue.get_manage_url())
    return _issue_page(request, issue, status=400, text_form=form)


@login_required
@require_POST
def manage_issue_translation(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    issue = _issue(request, pk)
    if language not in dict(TRANSLATION_LANGUAGES):
        raise Http404(_("No such language."))
    form = IssueTranslationForm(request.POST, language=language)
    if form.is_valid():
        try:
            services.issue_update_translation(
                issue=issue,
                actor=request.user,
                language=language,
                subject=form.cleaned_data["subject"],
                introduction=form.cleaned_data["introduction"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The %(language)s subject and introduction are saved.")
                % {"language": form.language_name},
            )
            return redirect(issue.get_manage_url() + f"#translation-{language}")
    return _issue_page(request, issue, status=400, translation_form=form)


@login_required
@require_POST
def manage_item(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    item_id = request.POST.get("item", "")
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            services.issue_item_remove(issue=issue, actor=request.user, item_id=item_id)
            messages.success(request, _("Item removed."))
        elif action in ("up", "down"):
            offset = -1 if action == "up" else 1
            services.issue_item_move(
                issue=issue, actor=request.user, item_id=item_id, offset=offset
            )
        else:
            return HttpResponse(_("Unknown action."), status=400)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(issue.get_manage_url() + "#content")


@login_required
@require_POST
def manage_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            services.issue_item_add(issue=issue, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Item added."))
            return redirect(issue.get_manage_url() + "#content")
    return _issue_page(request, issue, status=400, item_form=form)


@login_required
def manage_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue as a subscriber receives it: ?format=html (default) or text, ?language=."""
    issue = _issue(request, pk)
    language = request.GET.get("language", "en")
    if language not in services.LANGUAGE_CODES:
        language = "en"
    rendered = emails.render_issue(issue, language=language).for_recipient(
        emails.unsubscribe_url(None)
    )
    if request.GET.get("format") == "text":
        return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendered.html)


@login_required
@require_POST
def manage_test_send(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    form = TestSendForm(request.POST)
    if form.is_valid():
        try:
            services.issue_send_test(issue=issue, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("A test was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(issue.get_manage_url())
    return _issue_page(request, issue, status=400, test_form=form)


@login_required
def manage_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation with the number of recipients; POST sends."""
    issue = _issue(request, pk)
    recipients = selectors.confirmed_subscribers().count()
    if request.method == "POST":
        expected = request.POST.get("recipients", "")
        try:
            services.issue_send(
                issue=issue,
                actor=request.user,
                expected_recipients=int(expected) if expected.isdigit() else -1,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            if issue.is_editable:
                return redirect("newsletter:manage_send", pk=issue.pk)
        else:
            messages.success(request, _("Sending has started."))
        return redirect(issue.get_manage_url())
    if not issue.is_editable:
        return redirect(issue.get_manage_url())
    return render(
        request, "newsletter/manage/confirm_send.html", {"issue": issue, "recipients": recipients}
    )


@login_required
@require_POST
def manage_retry(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    try:
        retried = services.issue_retry_failed(issue=issue, actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(n)s failed deliveries are sent again.") % {"n": retried})
    return redirect(issue.get_manage_url())


@login_required
def manage_progress(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    return render(
        request,
        "newsletter/manage/_progress.html",
        {
            "issue": issue,
            "progress": selectors.delivery_progress(issue),
            "failures": selectors.failed_deliveries(issue)[:200],
        },
    )


@login_required
def manage_subscribers(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = SubscriberFilterForm(request.GET or None)
    subscribers = selectors.subscribers_search(**form.filters())
    page = Paginator(subscribers, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "newsletter/manage/subscribers.html",
        {"form": form, "page_obj": page, "counts": selectors.subscriber_counts()},
    )


@login_required
def manage_subscriber_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    subscriber = get_object_or_404(Subscriber, pk=pk)
    if request.method == "POST":
        services.subscriber_delete(subscriber=subscriber, actor=request.user)
        messages.success(request, _("The subscriber and their address are deleted."))
        return redirect("newsletter:manage_subscribers")
    return render(
        request, "newsletter/manage/confirm_delete_subscriber.html", {"subscriber": subscriber}
    )
