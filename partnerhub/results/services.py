"""Writes of results: KPIs and targets (fixed at design), the reporting schedule, progress
reports and their review, evaluations, and reminders. Every service checks the actor's
permission (rules.py), runs in one transaction with the partnership locked, records an
AuditEvent on the partnership (its timeline) and notifies the people concerned after commit."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.accounts.predicates import organisation_ids_for
from partnerhub.core.services import audit_record
from partnerhub.notifications.services import notify
from partnerhub.partnerships.models import Partnership, PartnershipPartner
from partnerhub.results import schedule, selectors
from partnerhub.results.models import KPI, Evaluation, KPIActual, KPITarget, ProgressReport
from partnerhub.results.rules import responsible_organisation_ids
from partnerhub.vocabularies.models import SDGTarget

# KPIs are part of the design the partnership was reviewed and signed on; once it is active
# they are what it is measured against, and changing them would move the goalposts.
DESIGN_STATES = frozenset(
    {
        Partnership.Status.DRAFT,
        Partnership.Status.PROPOSED,
        Partnership.Status.DUE_DILIGENCE,
        Partnership.Status.REVIEW,
        Partnership.Status.AGREEMENT,
    }
)
SUBMITTABLE_STATES = frozenset(
    {Partnership.Status.ACTIVE, Partnership.Status.SUSPENDED, Partnership.Status.CLOSING}
)
EVALUATION_STATES = frozenset(
    {
        Partnership.Status.ACTIVE,
        Partnership.Status.SUSPENDED,
        Partnership.Status.CLOSING,
        Partnership.Status.CLOSED,
    }
)
# Reminders start this many days before a report is due, and are not repeated more often.
REMIND_DAYS_AHEAD = 7
REMIND_EVERY_DAYS = 7
# Baselines older than this are not baselines of this partnership.
EARLIEST_BASELINE_YEAR = 1990
MAX_TEXT = 20_000
SDG_INDICATOR = re.compile(r"^(\d{1,2})\.(\d{1,2}|[a-z])\.(\d{1,2})$")
KPI_FIELDS = (
    "name",
    "description",
    "result_level",
    "measure",
    "unit",
    "ascending",
    "sdg_indicator",
    "baseline_value",
    "baseline_year",
    "baseline_comment",
    "reporting_frequency",
    "responsible_partner",
)


def _require(actor: Any, perm: str, obj: Any, message: str) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _others(users: list[Any], actor: Any) -> list[Any]:
    return [u for u in users if u.pk != getattr(actor, "pk", None)]


def _lock(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _status_label(partnership: Partnership) -> str:
    return str(partnership.get_status_display()).lower()


# --- KPIs and targets -------------------------------------------------------------------------


def _require_design(partnership: Partnership, actor: Any) -> None:
    _require(
        actor,
        "results.manage_kpis",
        partnership,
        _("Only focal points and M&E officers of the lead entity can define KPIs."),
    )
    if partnership.status not in DESIGN_STATES:
        raise ValidationError(
            _(
                "KPIs are fixed once a partnership is active, and this one is %(status)s. "
                "Explain any change in the narrative of the next progress report."
            )
            % {"status": _status_label(partnership)}
        )


def _choice(value: Any, choices: Any, field: str, message: str) -> None:
    if value not in choices.values:
        raise ValidationError({field: message})


def _clean_kpi(data: dict[str, Any], partnership: Partnership, current: KPI | None) -> None:
    if "name" in data or current is None:
        name = (data.get("name") or "").strip()
        if not name:
            raise ValidationError({"name": _("Give the KPI a name.")})
        data["name"] = name[:300]
    if "result_level" in data or current is None:
        _choice(
            data.get("result_level"),
            KPI.ResultLevel,
            "result_level",
            _("Choose output, outcome or impact."),
        )
    if "measure" in data:
        _choice(data["measure"], KPI.Measure, "measure", _("Unknown measure."))
    if "reporting_frequency" in data:
        _choice(
            data["reporting_frequency"],
            KPI.Frequency,
            "reporting_frequency",
            _("Unknown reporting frequency."),
        )
    indicator = (data.get("sdg_indicator") or "").strip()
    if "sdg_indicator" in data:
        data["sdg_indicator"] = indicator
    if indicator:
        match = SDG_INDICATOR.match(indicator)
        if match is None:
            raise ValidationError(
                {
                    "sdg_indicator": _(
                        "Write an SDG indicator as goal.target.indicator, e.g. 3.1.1 or 14.a.1."
                    )
                }
            )
        target_code = f"{match[1]}.{match[2]}"
        if not SDGTarget.objects.filter(code=target_code).exists():
            raise ValidationError(
                {"sdg_indicator": _("There is no SDG target %(code)s.") % {"code": target_code}}
            )
    year = data.get("baseline_year")
    if year is not None and not EARLIEST_BASELINE_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(
            {
                "baseline_year": _("A baseline year lies between %(first)d and this year.")
                % {"first": EARLIEST_BASELINE_YEAR}
            }
        )
    baseline = data.get("baseline_value", current.baseline_value if current else None)
    baseline_year = data.get("baseline_year", current.baseline_year if current else None)
    if baseline is not None and baseline_year is None:
        raise ValidationError({"baseline_year": _("Say in which year the baseline was measured.")})
    partner = data.get("responsible_partner")
    if partner is not None and (
        not isinstance(partner, PartnershipPartner) or partner.partnership_id != partnership.pk
    ):
        raise ValidationError(
            {"responsible_partner": _("The responsible partner must be a partner here.")}
        )
    for text in ("description", "baseline_comment", "unit"):
        if text in data:
            data[text] = (data[text] or "").strip()
            if len(data[text]) > MAX_TEXT:
                raise ValidationError({text: _("This text is too long.")})


def _clean_target(data: dict[str, Any], kpi: KPI, partnership: Partnership) -> dict[str, Any]:
    start, end = data.get("period_start"), data.get("period_end")
    if start is None or end is None:
        raise ValidationError(_("A target needs the start and end of its period."))
    if end < start:
        raise ValidationError({"period_end": _("The target's period ends before it starts.")})
    if partnership.starts_on and start < partnership.starts_on:
        raise ValidationError(
            {
                "period_start": _("The target's period starts before the partnership (%(day)s).")
                % {"day": partnership.starts_on.isoformat()}
            }
        )
    if partnership.ends_on and end > partnership.ends_on:
        raise ValidationError(
            {
                "period_end": _("The target's period ends after the partnership (%(day)s).")
                % {"day": partnership.ends_on.isoformat()}
            }
        )
    value = data.get("value")
    comment = (data.get("comment") or "").strip()
    if value is None and not comment:
        raise ValidationError(
            {"value": _("Give the target a value, or describe it for a qualitative KPI.")}
        )
    if kpi.measure == KPI.Measure.QUALITATIVE and value is not None:
        raise ValidationError({"value": _("A qualitative KPI's target is described, not valued.")})
    return {"period_start": start, "period_end": end, "value": value, "comment": comment}


def _save_target(
    kpi: KPI, partnership: Partnership, data: dict[str, Any], target: KPITarget | None
) -> KPITarget:
    clean = _clean_target(data, kpi, partnership)
    clash = KPITarget.objects.filter(
        kpi=kpi, period_start=clean["period_start"], period_end=clean["period_end"]
    )
    if target is not None:
        clash = clash.exclude(pk=target.pk)
        if clash.exists():
            raise ValidationError(_("This KPI already has a target for that period."))
        for name, value in clean.items():
            setattr(target, name, value)
        target.save()
        return target
    found = clash.first()
    if found is not None:
        return _save_target(kpi, partnership, data, found)
    return KPITarget.objects.create(kpi=kpi, **clean)


def _target_details(target: KPITarget) -> dict[str, Any]:
    return {
        "name": f"{target.kpi.name} ({target.period_start} – {target.period_end})",
        "kpi": target.kpi_id,
        "period_start": target.period_start.isoformat(),
        "period_end": target.period_end.isoformat(),
        "value": None if target.value is None else str(target.value),
        "comment": target.comment,
    }


def _notify_responsible(kpi: KPI, actor: Any, partnership: Partnership) -> None:
    if kpi.responsible_partner_id is None:
        return
    notify(
        users=_others(selectors.reps_of([kpi.responsible_partner.organisation_id]), actor),  # type: ignore[union-attr]
        verb="results.kpi_assigned",
        title=_("You report on the KPI “%(kpi)s” of %(title)s")
        % {"kpi": kpi.name, "title": partnership.title},
        url=partnership.get_absolute_url(),
    )


def kpi_create(
    *,
    partnership: Partnership,
    actor: Any,
    data: dict[str, Any],
    targets: list[dict[str, Any]] | None = None,
) -> KPI:
    """Define a KPI (fields of KPI_FIELDS in `data`) and, optionally, its targets by period
    (`targets`: dicts of period_start, period_end, value, comment)."""
    _require_design(partnership, actor)
    data = {k: v for k, v in data.items() if k in KPI_FIELDS}
    _clean_kpi(data, partnership, None)
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        _require_design(partnership, actor)
        kpi = KPI(partnership=partnership, defined_at_status=partnership.status, **data)
        kpi.full_clean(exclude=["partnership", "responsible_partner"])
        kpi.save()
        saved = [_save_target(kpi, partnership, t, None) for t in targets or []]
        audit_record(
            actor=actor,
            verb="results.kpi_created",
            target=partnership,
            details={
                "name": kpi.name,
                "kpi": kpi.pk,
                "result_level": kpi.result_level,
                "targets": [_target_details(t) for t in saved],
            },
        )
        _notify_responsible(kpi, actor, partnership)
    return kpi


def kpi_update(
    *, kpi: KPI, actor: Any, data: dict[str, Any], targets: list[dict[str, Any]] | None = None
) -> KPI:
    """Change a KPI's fields given in `data`; `targets` are set like target_set does (a dict
    with an `id` changes that target, one without adds or replaces the period's target)."""
    partnership = kpi.partnership
    _require_design(partnership, actor)
    data = {k: v for k, v in data.items() if k in KPI_FIELDS}
    _clean_kpi(data, partnership, kpi)
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        _require_design(partnership, actor)
        kpi = KPI.objects.get(pk=kpi.pk)
        before_partner = kpi.responsible_partner_id
        changed = [name for name, value in data.items() if getattr(kpi, name) != value]
        for name in changed:
            setattr(kpi, name, data[name])
        kpi.full_clean(exclude=["partnership", "responsible_partner"])
        kpi.save()
        saved = []
        for row in targets or []:
            existing = None
            if row.get("id"):
                existing = KPITarget.objects.filter(kpi=kpi, pk=row["id"]).first()
                if existing is None:
                    raise ValidationError(_("That target is not one of this KPI's."))
            saved.append(_save_target(kpi, partnership, row, existing))
        audit_record(
            actor=actor,
            verb="results.kpi_updated",
            target=partnership,
            details={
                "name": kpi.name,
                "kpi": kpi.pk,
                "fields": changed,
                "targets": [_target_details(t) for t in saved],
            },
        )
        if kpi.responsible_partner_id != before_partner:
            _notify_responsible(kpi, actor, partnership)
    return kpi


def kpi_delete(*, kpi: KPI, actor: Any) -> None:
    partnership = kpi.partnership
    _require_design(partnership, actor)
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        _require_design(partnership, actor)
        audit_record(
            actor=actor,
            verb="results.kpi_deleted",
            target=partnership,
            details={"name": kpi.name, "kpi": kpi.pk},
        )
        kpi.delete()


def target_set(
    *, kpi: KPI, actor: Any, data: dict[str, Any], target: KPITarget | None = None
) -> KPITarget:
    """Set the KPI's target for a period (period_start, period_end, value, comment): change
    `target` when given, else replace the target of the same period or add one."""
    partnership = kpi.partnership
    _require_design(partnership, actor)
    if target is not None and target.kpi_id != kpi.pk:
        raise ValidationError(_("That target is not one of this KPI's."))
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        _require_design(partnership, actor)
        saved = _save_target(kpi, partnership, data, target)
        audit_record(
            actor=actor,
            verb="results.target_set",
            target=partnership,
            details=_target_details(saved),
        )
    return saved


def target_delete(*, target: KPITarget, actor: Any) -> None:
    partnership = target.kpi.partnership
    _require_design(partnership, actor)
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        _require_design(partnership, actor)
        audit_record(
            actor=actor,
            verb="results.target_deleted",
            target=partnership,
            details=_target_details(target),
        )
        target.delete()


# --- The reporting schedule -------------------------------------------------------------------


def reports_schedule(*, partnership: Partnership, today: datetime.date | None = None) -> int:
    """Create the reports the partnership owes; returns how many were added. Called by
    partnership_transition inside its transaction (hence a nested, non-durable atomic block):

    - entering (or staying) "active": one report per period of the KPIs' shortest reporting
      frequency (quarterly without KPIs), periods aligned on the start date (else the
      signature date; with an end date but neither, today), each due
      schedule.REPORT_GRACE_DAYS after its period. Periods that ended before today are
      skipped; the one running today and the later ones are kept: up to the end date, or,
      without an end date, the periods started by today plus the next one (a rolling
      schedule that reports_remind extends daily; see schedule.py). An open-ended
      partnership with neither a start nor a signature date gets nothing: its periods
      would have nothing to be aligned on (see selectors.no_reports_reason);
    - entering "closing": the final report, covering start to end, due in
      REPORT_GRACE_DAYS, and periodic reports for periods not yet begun are dropped.

    Idempotent: periods are aligned on the start date, and existing reports are kept."""
    today = today or timezone.localdate()
    with transaction.atomic():
        created: list[ProgressReport] = []
        dropped = 0
        if partnership.status == Partnership.Status.ACTIVE:
            created = _schedule_periodic(partnership, today)
        elif partnership.status == Partnership.Status.CLOSING:
            created, dropped = _schedule_final(partnership, today)
        if created or dropped:
            audit_record(
                actor=None,
                verb="results.reports_scheduled",
                target=partnership,
                details={
                    "name": ", ".join(f"{r.period_start} – {r.period_end}" for r in created),
                    "reports": [
                        {
                            "period_start": r.period_start.isoformat(),
                            "period_end": r.period_end.isoformat(),
                            "due_on": r.due_on.isoformat(),
                            "final": r.is_final,
                        }
                        for r in created
                    ],
                    "dropped": dropped,
                },
            )
    return len(created)


def _schedule_periodic(partnership: Partnership, today: datetime.date) -> list[ProgressReport]:
    frequency = schedule.shortest_frequency(
        list(partnership.kpis.values_list("reporting_frequency", flat=True))
    )
    anchor = partnership.starts_on or partnership.signed_on
    if partnership.ends_on is not None:
        starts = anchor or today
        ends = partnership.ends_on
    elif anchor is not None:
        starts = anchor
        ends = schedule.rolling_end(starts_on=anchor, frequency=frequency, today=today)
    else:
        return []
    if ends < starts:
        return []
    existing = set(
        ProgressReport.objects.filter(partnership=partnership, is_final=False).values_list(
            "period_start", "period_end"
        )
    )
    new = [
        ProgressReport(
            partnership=partnership,
            period_start=start,
            period_end=end,
            due_on=schedule.due_on(end),
        )
        for start, end in schedule.reporting_periods(
            starts_on=starts, ends_on=ends, frequency=frequency, not_before=today
        )
        if (start, end) not in existing
    ]
    for report in new:
        report.save()
    return new


def _schedule_final(
    partnership: Partnership, today: datetime.date
) -> tuple[list[ProgressReport], int]:
    if ProgressReport.objects.filter(partnership=partnership, is_final=True).exists():
        return [], 0
    dropped, _by_model = ProgressReport.objects.filter(
        partnership=partnership,
        is_final=False,
        status=ProgressReport.Status.DUE,
        period_start__gt=today,
    ).delete()
    start = partnership.starts_on or partnership.signed_on or partnership.created_at.date()
    end = max(partnership.ends_on or today, start)
    final = ProgressReport.objects.create(
        partnership=partnership,
        period_start=start,
        period_end=end,
        due_on=today + datetime.timedelta(days=schedule.REPORT_GRACE_DAYS),
        is_final=True,
    )
    return [final], dropped


# --- Progress reports -------------------------------------------------------------------------


def _decimal_or_none(value: Any, kpi: KPI) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("The actual value of “%(kpi)s” is not a number.") % {"kpi": kpi.name}
        ) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
        raise ValidationError(
            _("The actual value of “%(kpi)s” is out of range.") % {"kpi": kpi.name}
        )
    return number


def report_url(report: ProgressReport) -> str:
    return reverse("results:report", args=[report.pk])


def _period(report: ProgressReport) -> str:
    return f"{report.period_start.isoformat()} – {report.period_end.isoformat()}"


def report_submit(
    *,
    report: ProgressReport,
    actor: Any,
    narrative: str,
    actuals: dict[int, dict[str, Any]],
    accept: bool = False,
) -> ProgressReport:
    """Write a due (or returned) report: the `narrative` and, per KPI id, {"value", "comment"}.

    A representative of a partner responsible for KPIs reports on those KPIs only, for their
    organisation; the report then waits for the lead entity's review. The lead entity's
    focal points and M&E officers report on any KPI and may accept their own report at once
    (`accept`): they are the reviewers."""
    partnership = report.partnership
    _require(
        actor,
        "results.submit_report",
        partnership,
        _(
            "Only the lead entity's focal points and M&E officers, or a partner responsible "
            "for a KPI, can submit this report."
        ),
    )
    is_reviewer = actor.has_perm("results.review_report", partnership)
    if accept and not is_reviewer:
        raise PermissionDenied(_("Only the lead entity's reviewers can accept a report."))
    narrative = (narrative or "").strip()
    if not narrative:
        raise ValidationError({"narrative": _("Write the narrative: what happened this period.")})
    if len(narrative) > MAX_TEXT:
        raise ValidationError({"narrative": _("Keep the narrative under 20,000 characters.")})
    kpis = {
        k.pk: k
        for k in KPI.objects.filter(partnership=partnership).select_related("responsible_partner")
    }
    mine: set[int] = set(kpis)
    organisation_id = None
    if not is_reviewer:
        organisations = organisation_ids_for(actor) & responsible_organisation_ids(partnership)
        organisation_id = min(organisations)
        mine = {
            pk
            for pk, k in kpis.items()
            if k.responsible_partner is not None
            and k.responsible_partner.organisation_id in organisations
        }
    rows = []
    for kpi_id, entry in actuals.items():
        kpi = kpis.get(int(kpi_id))
        if kpi is None:
            raise ValidationError(
                _("KPI %(id)s is not one of this partnership's.") % {"id": kpi_id}
            )
        value = _decimal_or_none(entry.get("value"), kpi)
        comment = (entry.get("comment") or "").strip()[:MAX_TEXT]
        if value is None and not comment:
            continue
        if kpi.pk not in mine:
            raise PermissionDenied(
                _("Your organisation is not responsible for the KPI “%(kpi)s”.") % {"kpi": kpi.name}
            )
        if value is not None and kpi.measure == KPI.Measure.QUALITATIVE:
            raise ValidationError(
                _("“%(kpi)s” is qualitative: describe its progress instead of a value.")
                % {"kpi": kpi.name}
            )
        rows.append((kpi, value, comment))
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if partnership.status not in SUBMITTABLE_STATES:
            raise ValidationError(
                _("Reports are submitted while a partnership runs; this one is %(status)s.")
                % {"status": _status_label(partnership)}
            )
        if report.status not in selectors.OPEN_REPORT_STATES:
            raise ValidationError(
                _("This report is %(status)s; it can no longer be changed.")
                % {"status": report.get_status_display().lower()}
            )
        if report.period_start > timezone.localdate():
            raise ValidationError(
                _("This report covers a period that has not started yet (starts on %(day)s).")
                % {"day": report.period_start.isoformat()}
            )
        for kpi, value, comment in rows:
            KPIActual.objects.update_or_create(
                report=report, kpi=kpi, defaults={"value": value, "comment": comment}
            )
        now = timezone.now()
        report.narrative = narrative
        report.submitted_by = actor
        report.submitted_for_id = organisation_id
        report.submitted_at = now
        report.status = ProgressReport.Status.SUBMITTED
        if accept:
            report.status = ProgressReport.Status.ACCEPTED
            report.reviewed_by = actor
            report.reviewed_at = now
            report.review_comment = ""
        report.save()
        details = {
            "name": _period(report),
            "report": report.pk,
            "final": report.is_final,
            "organisation": organisation_id,
            "actuals": {str(k.pk): None if v is None else str(v) for k, v, _c in rows},
        }
        audit_record(
            actor=actor, verb="results.report_submitted", target=partnership, details=details
        )
        if accept:
            audit_record(
                actor=actor,
                verb="results.report_accepted",
                target=partnership,
                details={"name": _period(report), "report": report.pk, "comment": ""},
            )
            notify(
                users=_others(selectors.reporters_of(partnership), actor),
                verb="results.report_accepted",
                title=_("Progress report %(period)s of %(title)s was filed")
                % {"period": _period(report), "title": partnership.title},
                url=report_url(report),
            )
        else:
            notify(
                users=_others(selectors.results_staff_of(partnership), actor),
                verb="results.report_submitted",
                title=_("Progress report %(period)s of %(title)s awaits your review")
                % {"period": _period(report), "title": partnership.title},
                url=report_url(report),
            )
    return report


def report_review(
    *, report: ProgressReport, actor: Any, accept: bool, comment: str = ""
) -> ProgressReport:
    """Accept a submitted report, or return it for changes (with a comment saying which)."""
    partnership = report.partnership
    _require(
        actor,
        "results.review_report",
        partnership,
        _("Only focal points and M&E officers of the lead entity review progress reports."),
    )
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what needs changing before returning it.")})
    if len(comment) > MAX_TEXT:
        raise ValidationError({"comment": _("This comment is too long.")})
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ProgressReport.Status.SUBMITTED:
            raise ValidationError(
                _("Only a submitted report can be reviewed; this one is %(status)s.")
                % {"status": report.get_status_display().lower()}
            )
        report.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED
        report.reviewed_by = actor
        report.reviewed_at = timezone.now()
        report.review_comment = comment
        report.save()
        verb = "results.report_accepted" if accept else "results.report_returned"
        audit_record(
            actor=actor,
            verb=verb,
            target=partnership,
            details={"name": _period(report), "report": report.pk, "comment": comment},
        )
        authors = [report.submitted_by] if report.submitted_by else []
        if report.submitted_for_id:
            authors += selectors.reps_of([report.submitted_for_id])
        notify(
            users=_others(authors, actor),
            verb=verb,
            title=(
                _("Your progress report %(period)s of %(title)s was accepted")
                if accept
                else _("Your progress report %(period)s of %(title)s needs changes")
            )
            % {"period": _period(report), "title": partnership.title},
            body=comment,
            url=report_url(report),
        )
    return report


def reports_extend(*, today: datetime.date | None = None) -> int:
    """Extend the rolling schedule of active open-ended partnerships (no end date) so that the
    periods started since the last run, and the next one, have their report; returns how many
    reports were added. Idempotent (reports_schedule)."""
    today = today or timezone.localdate()
    added = 0
    open_ended = (
        Partnership.objects.filter(status=Partnership.Status.ACTIVE, ends_on__isnull=True)
        .exclude(starts_on__isnull=True, signed_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in open_ended:
        with transaction.atomic():
            partnership = Partnership.objects.select_for_update().get(pk=pk)
            if partnership.status == Partnership.Status.ACTIVE and partnership.ends_on is None:
                added += reports_schedule(partnership=partnership, today=today)
    return added


def reports_remind(*, today: datetime.date | None = None) -> int:
    """Remind the people who write reports due within REMIND_DAYS_AHEAD days or overdue, at
    most once every REMIND_EVERY_DAYS days per report. Run daily (`manage.py remind_reports`);
    first extends the rolling schedule of open-ended partnerships (reports_extend)."""
    today = today or timezone.localdate()
    reports_extend(today=today)
    now = timezone.now()
    with transaction.atomic(durable=True):
        reports = list(
            selectors.reports_to_remind(
                today=today,
                reminded_before=now - datetime.timedelta(days=REMIND_EVERY_DAYS),
                warn_days=REMIND_DAYS_AHEAD,
            ).select_for_update(of=("self",))
        )
        for report in reports:
            partnership = report.partnership
            overdue = report.due_on < today
            report.last_reminded_at = now
            report.save(update_fields=["last_reminded_at", "updated_at"])
            audit_record(
                actor=None,
                verb="results.report_reminded",
                target=partnership,
                details={
                    "name": _period(report),
                    "report": report.pk,
                    "due_on": report.due_on.isoformat(),
                    "overdue": overdue,
                },
            )
            values = {
                "period": _period(report),
                "title": partnership.title,
                "day": report.due_on.isoformat(),
            }
            notify(
                users=selectors.reporters_of(partnership),
                verb="results.report_overdue" if overdue else "results.report_due",
                title=(
                    _("Overdue since %(day)s: progress report %(period)s of %(title)s")
                    if overdue
                    else _("Due on %(day)s: progress report %(period)s of %(title)s")
                )
                % values,
                url=report_url(report),
            )
    return len(reports)


# --- Evaluations ------------------------------------------------------------------------------


def evaluation_record(*, partnership: Partnership, actor: Any, data: dict[str, Any]) -> Evaluation:
    """Record a mid-term or final evaluation: kind, independence, evaluator, completed_on,
    rating (1–6), findings, recommendations, management_response."""
    _require(
        actor,
        "results.record_evaluation",
        partnership,
        _("Only focal points and M&E officers of the lead entity record evaluations."),
    )
    _choice(data.get("kind"), Evaluation.Kind, "kind", _("Choose mid-term or final."))
    _choice(
        data.get("independence"),
        Evaluation.Independence,
        "independence",
        _("Choose internal or independent."),
    )
    _choice(data.get("rating"), Evaluation.Rating, "rating", _("Choose a rating from 1 to 6."))
    completed = data.get("completed_on")
    if not isinstance(completed, datetime.date):
        raise ValidationError({"completed_on": _("Give the date the evaluation was completed.")})
    if completed > timezone.localdate():
        raise ValidationError({"completed_on": _("An evaluation is recorded once completed.")})
    fields = {
        name: (data.get(name) or "").strip()
        for name in ("evaluator", "findings", "recommendations", "management_response")
    }
    if not fields["findings"]:
        raise ValidationError({"findings": _("Summarise the findings.")})
    if any(len(text) > MAX_TEXT for text in fields.values()):
        raise ValidationError(_("A text is too long (20,000 characters at most)."))
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        if partnership.status not in EVALUATION_STATES:
            raise ValidationError(
                _("Evaluations are recorded once a partnership is active; this one is %(status)s.")
                % {"status": _status_label(partnership)}
            )
        evaluation = Evaluation.objects.create(
            partnership=partnership,
            kind=data["kind"],
            independence=data["independence"],
            completed_on=completed,
            rating=data["rating"],
            created_by=actor,
            **fields,
        )
        audit_record(
            actor=actor,
            verb="results.evaluation_recorded",
            target=partnership,
            details={
                "name": str(evaluation.get_kind_display()),
                "evaluation": evaluation.pk,
                "kind": evaluation.kind,
                "independence": evaluation.independence,
                "rating": evaluation.rating,
            },
        )
        organisations = partnership.partners.values_list("organisation_id", flat=True)
        notify(
            users=_others(
                selectors.results_staff_of(partnership) + selectors.reps_of(organisations), actor
            ),
            verb="results.evaluation_recorded",
            title=_("%(kind)s evaluation of %(title)s recorded")
            % {"kind": evaluation.get_kind_display(), "title": partnership.title},
            url=partnership.get_absolute_url(),
        )
    return evaluation


def no_evaluation_reason_set(*, partnership: Partnership, actor: Any, reason: str) -> Partnership:
    """Record why a closing partnership has no evaluation (closure needs one or the other)."""
    _require(
        actor,
        "results.record_evaluation",
        partnership,
        _("Only focal points and M&E officers of the lead entity can record this."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why there is no evaluation.")})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": _("This text is too long.")})
    with transaction.atomic(durable=True):
        partnership = _lock(partnership)
        if partnership.status != Partnership.Status.CLOSING:
            raise ValidationError(
                _("The reason for no evaluation is recorded while closing; this one is %(status)s.")
                % {"status": _status_label(partnership)}
            )
        partnership.no_evaluation_reason = reason
        partnership.save(update_fields=["no_evaluation_reason", "updated_at"])
        audit_record(
            actor=actor,
            verb="results.no_evaluation_reason_set",
            target=partnership,
            details={"name": reason[:200], "reason": reason},
        )
        notify(
            users=_others(selectors.results_staff_of(partnership), actor),
            verb="results.no_evaluation_reason_set",
            title=_("Reason for no evaluation of %(title)s recorded")
            % {"title": partnership.title},
            body=reason,
            url=partnership.get_absolute_url(),
        )
    return partnership
