"""Writes for due diligence screening. Each top-level service checks permission, runs in one
transaction, writes its AuditEvent there, and queues follow-up work after commit."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerhub.coordination.services import engagement_started
from partnerhub.core.services import audit_record
from partnerhub.entities.models import UNEntity
from partnerhub.organisations.models import Organisation
from partnerhub.partnerships.models import PartnershipPartner
from partnerhub.partnerships.workflows import FINAL_STATES as PARTNERSHIP_FINAL_STATES
from partnerhub.screening import batch as batch_csv
from partnerhub.screening import criteria as criteria_rules
from partnerhub.screening.engine import SubjectQuery, build_matcher, current_matcher, screen_subject
from partnerhub.screening.lists import entry_from_data, import_snapshot_bytes
from partnerhub.screening.models import (
    Alert,
    BatchScreening,
    CriteriaProfile,
    Dismissal,
    Evidence,
    Hit,
    ListChange,
    ListEntry,
    ListImport,
    ListSource,
    ListVersion,
    OrganisationPerson,
    Screening,
)

VALIDITY = datetime.timedelta(days=365)
MAX_LIST_FILE_BYTES = 50 * 1024 * 1024
MAX_REASON = 2000


def _require(actor: Any, perm: str, obj: Any = None, message: str = "") -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


# --- Lists ------------------------------------------------------------------------------------


def list_import_enqueue(
    *, source: str, file_name: str, data: bytes, actor: Any, generated_at_hint: str = ""
) -> ListImport:
    """Store an uploaded list file and queue its import on the worker."""
    _require(actor, "screening.import_lists", message=_("Only screening staff import lists."))
    if source not in ListSource.values:
        raise ValidationError({"source": _("Unknown list source.")})
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > MAX_LIST_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 50 MB.")})
    stored = default_storage.save(f"list_imports/{source}-{Path(file_name).name}", io.BytesIO(data))
    with transaction.atomic(durable=True):
        record = ListImport.objects.create(
            source=source,
            file_name=Path(file_name).name[:255],
            file_path=stored,
            generated_at_hint=generated_at_hint[:40],
            requested_by=actor,
        )
        audit_record(actor=actor, verb="sanctions_list.import_queued", target=record)
    from partnerhub.screening.tasks import import_list_file

    transaction.on_commit(lambda: import_list_file.enqueue(record.pk))
    return record


def list_import_run(*, import_id: int) -> str:
    """Run a queued import (called by the worker). Whatever happens, the import ends in a
    final state with a message: nothing is left 'running' forever."""
    record = ListImport.objects.get(pk=import_id)
    ListImport.objects.filter(pk=import_id).update(status=ListImport.Status.RUNNING, progress=10)
    try:
        with default_storage.open(record.file_path, "rb") as fh:
            data = fh.read()
        outcome = import_snapshot_bytes(
            source=record.source,
            data=data,
            actor=record.requested_by,
            generated_at_hint=record.generated_at_hint,
        )
    except Exception as exc:
        ListImport.objects.filter(pk=import_id).update(
            status=ListImport.Status.FAILED,
            message=f"The import stopped on an internal error ({type(exc).__name__}); "
            "the version in force is unchanged. Administrators can see the details in the log.",
            progress=100,
            finished_at=timezone.now(),
        )
        raise
    ListImport.objects.filter(pk=import_id).update(
        status=outcome.status,
        message=outcome.message,
        progress=100,
        finished_at=timezone.now(),
        version=outcome.version,
    )
    default_storage.delete(record.file_path)
    return outcome.message


# --- Criteria ---------------------------------------------------------------------------------


def baseline_profile() -> CriteriaProfile:
    return CriteriaProfile.objects.get(un_entity__isnull=True, is_current=True)


def entity_profile(entity: UNEntity | None) -> CriteriaProfile:
    if entity is not None:
        profile = CriteriaProfile.objects.filter(un_entity=entity, is_current=True).first()
        if profile is not None:
            return profile
    return baseline_profile()


def criteria_for(profile: CriteriaProfile, baseline: CriteriaProfile) -> tuple[Any, dict[str, int]]:
    parsed = criteria_rules.parse_baseline(baseline.criteria)
    amendments = profile.criteria if profile.un_entity_id else {}
    return criteria_rules.apply_amendments(parsed, amendments), parsed.thresholds


def criteria_amend(
    *, entity: UNEntity, amendments: dict[str, Any], note: str, actor: Any
) -> CriteriaProfile:
    """Publish a new version of an entity's amendments to the baseline."""
    _require(actor, "screening.amend_entity_criteria", entity)
    baseline = baseline_profile()
    try:
        criteria_rules.apply_amendments(
            criteria_rules.parse_baseline(baseline.criteria), amendments
        )
    except criteria_rules.CriteriaError as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic(durable=True):
        current = (
            CriteriaProfile.objects.select_for_update()
            .filter(un_entity=entity, is_current=True)
            .first()
        )
        version = 1
        if current is not None:
            current.is_current = False
            current.save(update_fields=["is_current"])
            version = current.version + 1
        profile = CriteriaProfile.objects.create(
            un_entity=entity,
            version=version,
            criteria=amendments,
            note=note[:MAX_REASON],
            is_current=True,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="criteria.amended",
            target=entity,
            details={"version": version, "amendments": amendments},
        )
    return profile


# --- Screening --------------------------------------------------------------------------------


def _subjects(organisation: Organisation) -> list[SubjectQuery]:
    subjects = [
        SubjectQuery(
            label=organisation.legal_name,
            kind="organisation",
            names=(organisation.legal_name, *organisation.other_names),
            country=organisation.country_id,
            registration_number=organisation.registration_number,
        )
    ]
    for person in organisation.people.all():
        subjects.append(
            SubjectQuery(
                label=person.full_name,
                kind="person",
                names=(person.full_name,),
                country=person.nationality,
                birth_date=person.birth_date,
                person_id=person.pk,
            )
        )
    return subjects


def subjects_key(organisation: Organisation) -> str:
    """Identifies what was screened: a screening is reused only while the organisation's
    names, country, registration number and people are the same."""
    canonical = json.dumps(
        [
            [s.kind, list(s.names), s.country, s.registration_number, s.birth_date]
            for s in _subjects(organisation)
        ],
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _facts(screening: Screening) -> criteria_rules.Facts:
    organisation = screening.organisation
    hits = tuple(
        criteria_rules.HitFact(
            list_source=h.entry.source,
            review=h.review,
            subject=h.subject,
            matched_name=h.explanation.get("matched_name", h.entry.name),
            ref=h.entry.ref,
            score=h.score,
        )
        for h in screening.hits.select_related("entry")
    )
    evidence = tuple(
        criteria_rules.EvidenceFact(e.criterion, e.summary, e.source_url)
        for e in organisation.evidence.all()
    )
    since = organisation.global_compact_status_since
    return criteria_rules.Facts(
        organisation_name=organisation.legal_name,
        texts=(organisation.legal_name, *organisation.other_names, organisation.description),
        global_compact_status=organisation.global_compact_status,
        global_compact_since=since.isoformat() if since else "",
        hits=hits,
        evidence=evidence,
        screened_lists=tuple(screening.list_versions.values_list("source", flat=True)),
    )


def assess_screening(
    screening: Screening, profile: CriteriaProfile | None = None
) -> criteria_rules.Assessment:
    """The rating of a screening under a profile (its own by default) — used to show another
    entity how a shared screening rates under its own criteria."""
    criteria, thresholds = criteria_for(profile or screening.profile, screening.baseline)
    return criteria_rules.assess(criteria, thresholds, _facts(screening))


def _reassess(screening: Screening) -> None:
    assessment = assess_screening(screening)
    screening.rating = assessment.rating
    screening.excluded = assessment.excluded
    screening.summary = assessment.summary
    screening.findings = [f.as_dict() for f in assessment.findings]
    screening.save(update_fields=["rating", "excluded", "summary", "findings"])


def _store_hit(screening: Screening, subject: SubjectQuery, found: dict[str, Any]) -> Hit | None:
    entry = ListEntry.objects.filter(source=found["source"], ref=found["ref"]).first()
    if entry is None:
        return None
    version = ListVersion.objects.get(source=entry.source, is_current=True)
    hit = Hit(
        screening=screening,
        subject=subject.label[:300],
        person_id=subject.person_id,
        entry=entry,
        list_version=version,
        entry_fingerprint=entry.fingerprint,
        score=found["score"],
        strength=found["strength"],
        explanation={**found["explanation"], "list_version": str(version)},
    )
    dismissal = Dismissal.objects.filter(
        organisation=screening.organisation, subject=hit.subject, entry=entry
    ).first()
    if dismissal is not None and dismissal.entry_fingerprint == entry.fingerprint:
        hit.review = Hit.Review.DISMISSED
        hit.review_reason = dismissal.reason
        hit.reviewed_by_id = dismissal.dismissed_by_id
        hit.reviewed_at = dismissal.dismissed_at
        hit.carried_over = True
    hit.save()
    return hit


def reusable_screening(organisation: Organisation) -> Screening | None:
    """A completed screening still valid today, of the organisation as it is now (same names,
    country, registration number and people), which any entity reuses instead of repeating."""
    return (
        Screening.objects.filter(
            organisation=organisation,
            subjects_key=subjects_key(organisation),
            status=Screening.Status.COMPLETED,
            valid_until__gte=timezone.localdate(),
        )
        .order_by("-created_at")
        .first()
    )


def screening_request(
    *, organisation: Organisation, entity: UNEntity, actor: Any, force_new: bool = False
) -> tuple[Screening, bool]:
    """Screen an organisation and its people for `entity`. Returns (screening, reused): a
    valid completed screening is reused unless `force_new`; one in review is joined."""
    _require(actor, "screening.request", message=_("Only UN staff request screenings."))
    _require(
        actor,
        "screening.request_for_entity",
        entity,
        _("You can request screenings only for your own entity (%(e)s is not yours).")
        % {"e": entity},
    )
    if not force_new:
        existing = (
            reusable_screening(organisation)
            or Screening.objects.filter(
                organisation=organisation,
                status__in=[Screening.Status.IN_REVIEW, Screening.Status.AWAITING_COSIGN],
            ).first()
        )
        if existing is not None:
            return existing, True
    if not ListVersion.objects.filter(is_current=True).exists():
        raise ValidationError(
            _("No sanctions list has been imported yet; import the UN list first.")
        )
    matcher = current_matcher()
    subjects = _subjects(organisation)
    results = [(subject, screen_subject(matcher, subject)) for subject in subjects]
    with transaction.atomic(durable=True):
        screening = Screening.objects.create(
            organisation=organisation,
            requested_by=actor,
            requesting_entity=entity,
            profile=entity_profile(entity),
            baseline=baseline_profile(),
            subjects_key=subjects_key(organisation),
        )
        screening.list_versions.set(ListVersion.objects.filter(is_current=True))
        for subject, found in results:
            for item in found:
                _store_hit(screening, subject, item)
        _reassess(screening)
        audit_record(
            actor=actor,
            verb="screening.requested",
            target=screening,
            details={
                "organisation": organisation.pk,
                "entity": entity.acronym,
                "hits": screening.hits.count(),
                "rating": screening.rating,
            },
        )
        engagement_started(
            entity=entity,
            organisation=organisation,
            kind="screening",
            target=screening,
            actor=actor,
        )
    return screening, False


def hit_review(*, hit: Hit, actor: Any, review: str, reason: str) -> Hit:
    """Confirm or dismiss one hit. A dismissal is remembered for this subject and entry."""
    _require(
        actor,
        "screening.review",
        hit.screening,
        _("Only the requesting entity's screening officers review hits."),
    )
    reason = reason.strip()
    if review not in (Hit.Review.CONFIRMED, Hit.Review.DISMISSED):
        raise ValidationError({"review": _("Choose confirm or dismiss.")})
    if not reason:
        raise ValidationError(
            {"reason": _("Give a reason, e.g. a different date of birth or country.")}
        )
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Keep the reason under 2,000 characters.")})
    with transaction.atomic(durable=True):
        hit = Hit.objects.select_for_update().select_related("screening", "entry").get(pk=hit.pk)
        if hit.screening.status == Screening.Status.COMPLETED:
            raise ValidationError(_("This screening is completed; start a new one to change it."))
        hit.review = review
        hit.review_reason = reason
        hit.reviewed_by = actor
        hit.reviewed_at = timezone.now()
        hit.carried_over = False
        hit.save()
        organisation = hit.screening.organisation
        if review == Hit.Review.DISMISSED:
            Dismissal.objects.update_or_create(
                organisation=organisation,
                subject=hit.subject,
                entry=hit.entry,
                defaults={
                    "entry_fingerprint": hit.entry_fingerprint,
                    "reason": reason,
                    "dismissed_by": actor,
                },
            )
        else:
            Dismissal.objects.filter(
                organisation=organisation, subject=hit.subject, entry=hit.entry
            ).delete()
        _reassess(hit.screening)
        audit_record(
            actor=actor,
            verb=f"screening.hit_{review}",
            target=hit.screening,
            details={
                "hit": hit.pk,
                "entry": f"{hit.entry.source}:{hit.entry.ref}",
                "reason": reason,
            },
        )
    return hit


def evidence_record(
    *, organisation: Organisation, criterion: str, summary: str, source_url: str, actor: Any
) -> Evidence:
    _require(actor, "screening.record_evidence")
    summary = summary.strip()
    codes = {c["code"] for c in baseline_profile().criteria["criteria"]}
    if criterion not in codes:
        raise ValidationError({"criterion": _("Unknown criterion.")})
    if not summary or len(summary) > MAX_REASON:
        raise ValidationError({"summary": _("Describe the evidence in 1 to 2,000 characters.")})
    with transaction.atomic(durable=True):
        evidence = Evidence.objects.create(
            organisation=organisation,
            criterion=criterion,
            summary=summary,
            source_url=source_url,
            recorded_by=actor,
        )
        for screening in Screening.objects.filter(organisation=organisation).exclude(
            status=Screening.Status.COMPLETED
        ):
            _reassess(screening)
        audit_record(
            actor=actor,
            verb="screening.evidence_recorded",
            target=organisation,
            details={"criterion": criterion, "summary": summary[:200]},
        )
    return evidence


def screening_decide(
    *, screening: Screening, actor: Any, decision: str, reason: str, conditions: str = ""
) -> Screening:
    """Record the decision. High risk waits for a second officer (four eyes)."""
    _require(
        actor,
        "screening.review",
        screening,
        _("Only the requesting entity's screening officers decide."),
    )
    if decision not in Screening.Decision.values:
        raise ValidationError({"decision": _("Choose approve, approve with conditions or reject.")})
    if decision == Screening.Decision.APPROVE_WITH_CONDITIONS and not conditions.strip():
        raise ValidationError({"conditions": _("State the conditions.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Explain the decision.")})
    with transaction.atomic(durable=True):
        screening = Screening.objects.select_for_update().get(pk=screening.pk)
        if screening.status != Screening.Status.IN_REVIEW:
            raise ValidationError(_("A decision was already recorded for this screening."))
        pending = screening.hits.filter(review=Hit.Review.PENDING).count()
        if pending:
            raise ValidationError(
                _("Review every hit first: %(n)d still to confirm or dismiss.") % {"n": pending}
            )
        _reassess(screening)
        if screening.excluded and decision != Screening.Decision.REJECT:
            raise ValidationError(
                _("An exclusionary criterion is met: the only possible decision is to reject.")
            )
        screening.decision = decision
        screening.decision_reason = reason.strip()[:MAX_REASON]
        screening.conditions = conditions.strip()[:MAX_REASON]
        screening.decided_by = actor
        screening.decided_at = timezone.now()
        if screening.rating == Screening.Rating.HIGH:
            screening.status = Screening.Status.AWAITING_COSIGN
        else:
            _complete(screening)
        screening.save()
        audit_record(
            actor=actor,
            verb="screening.decided",
            target=screening,
            details={"decision": decision, "rating": screening.rating, "status": screening.status},
        )
    return screening


def _complete(screening: Screening) -> None:
    screening.status = Screening.Status.COMPLETED
    screening.valid_until = timezone.localdate() + VALIDITY


def screening_cosign(*, screening: Screening, actor: Any) -> Screening:
    _require(
        actor,
        "screening.review",
        screening,
        _("Only the requesting entity's screening officers co-sign."),
    )
    with transaction.atomic(durable=True):
        screening = Screening.objects.select_for_update().get(pk=screening.pk)
        if screening.status != Screening.Status.AWAITING_COSIGN:
            raise ValidationError(_("This screening is not waiting for a second officer."))
        if screening.decided_by_id == actor.pk:
            raise ValidationError(
                _("The second officer must be someone other than the one who decided.")
            )
        screening.cosigned_by = actor
        screening.cosigned_at = timezone.now()
        _complete(screening)
        screening.save()
        audit_record(
            actor=actor,
            verb="screening.cosigned",
            target=screening,
            details={"decision": screening.decision},
        )
    return screening


def person_add(
    *,
    organisation: Organisation,
    actor: Any,
    full_name: str,
    role: str,
    birth_date: str = "",
    nationality: str = "",
) -> OrganisationPerson:
    _require(actor, "screening.request")
    full_name = " ".join(full_name.split())
    if not full_name or len(full_name) > 200:
        raise ValidationError(
            {"full_name": _("Give the person's full name (up to 200 characters).")}
        )
    if role not in OrganisationPerson.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic(durable=True):
        person = OrganisationPerson.objects.create(
            organisation=organisation,
            full_name=full_name,
            role=role,
            birth_date=birth_date.strip()[:10],
            nationality=nationality.strip().upper()[:2],
        )
        audit_record(
            actor=actor,
            verb="organisation.person_added",
            target=organisation,
            details={"person": full_name, "role": role},
        )
    return person


# --- Monitoring -------------------------------------------------------------------------------


def monitoring_rescreen(*, version_id: int) -> int:
    """After a list update, re-screen engaged organisations against the added and amended
    entries only; alert on new hits and on hits whose entry changed.

    Engaged: an open or valid screening, or a private partner of a partnership not in a final
    state (its latest screening is re-screened even if expired, and reopened on a new hit). A
    partner never screened has nothing to re-screen: it is screened in full against the
    current lists when its partnership enters due diligence."""
    version = ListVersion.objects.get(pk=version_id)
    changed = (
        ListChange.objects.filter(version=version)
        .exclude(kind=ListChange.Kind.REMOVED)
        .select_related("entry")
    )
    changed_entries = {c.entry_id: c for c in changed}
    if not changed_entries:
        return 0
    matcher = build_matcher([entry_from_data(c.entry.data) for c in changed_entries.values()])
    today = timezone.localdate()
    partners = (
        PartnershipPartner.objects.filter(role=PartnershipPartner.Role.PRIVATE)
        .exclude(partnership__status__in=PARTNERSHIP_FINAL_STATES)
        .values("organisation_id")
    )
    engaged = Screening.objects.filter(
        Q(status__in=[Screening.Status.IN_REVIEW, Screening.Status.AWAITING_COSIGN])
        | Q(status=Screening.Status.COMPLETED, valid_until__gte=today)
        | Q(organisation_id__in=partners)
    ).select_related("organisation")
    latest: dict[int, Screening] = {}
    for screening in engaged.order_by("created_at"):
        latest[screening.organisation_id] = screening
    alerts = 0
    for screening in latest.values():
        for subject in _subjects(screening.organisation):
            for found in screen_subject(matcher, subject):
                alerts += _alert_for(screening, subject, found, version)
    return alerts


def _alert_for(
    screening: Screening, subject: SubjectQuery, found: dict[str, Any], version: ListVersion
) -> int:
    entry = ListEntry.objects.get(source=found["source"], ref=found["ref"])
    with transaction.atomic():
        previous = (
            screening.hits.filter(subject=subject.label[:300], entry=entry).order_by("-id").first()
        )
        if previous is not None and previous.entry_fingerprint == entry.fingerprint:
            return 0
        reason = "changed" if previous is not None else "new"
        hit = _store_hit(screening, subject, found)
        if hit is None or hit.carried_over:
            return 0
        alert = Alert.objects.create(
            screening=screening, hit=hit, list_version=version, reason=reason
        )
        transaction.on_commit(lambda: _notify_officers(alert))
        _reopen(screening, version)
        _reassess(screening)
        audit_record(
            actor=None,
            verb="screening.monitoring_alert",
            target=screening,
            details={
                "entry": f"{entry.source}:{entry.ref}",
                "reason": reason,
                "version": str(version),
            },
        )
    return 1


def _notify_officers(alert: Alert) -> None:
    """E-mail the requesting entity's screening officers about a monitoring alert."""
    from django.conf import settings
    from django.core.mail import send_mail

    from partnerhub.accounts.models import Membership, Role

    recipients = list(
        Membership.objects.filter(
            role=Role.SCREENING_OFFICER, un_entity_id=alert.screening.requesting_entity_id
        ).values_list("user__email", flat=True)
    )
    if not recipients:
        return
    what = _("a new possible match") if alert.reason == "new" else _("a change to a matched entry")
    send_mail(
        subject=_("[partnerhub] Sanctions list update: %(org)s")
        % {"org": alert.screening.organisation},
        message=_(
            "The %(version)s brought %(what)s for %(org)s: "
            "%(subject)s resembles %(listed)s (%(ref)s).\n"
            "Review it: %(url)s"
        )
        % {
            "version": alert.list_version,
            "what": what,
            "org": alert.screening.organisation,
            "subject": alert.hit.subject,
            "listed": alert.hit.entry.name,
            "ref": alert.hit.entry.ref,
            "url": settings.SITE_ROOT + alert.screening.get_absolute_url(),
        },
        from_email=None,
        recipient_list=recipients,
    )


def _reopen(screening: Screening, version: ListVersion) -> None:
    """A new or changed hit puts the screening back in review: the earlier decision no longer
    covers it, and the new list version is now among those screened."""
    screening.list_versions.add(version)
    if screening.status == Screening.Status.IN_REVIEW:
        return
    audit_record(
        actor=None,
        verb="screening.reopened",
        target=screening,
        details={
            "previous_decision": screening.decision,
            "previous_status": screening.status,
            "version": str(version),
        },
    )
    screening.status = Screening.Status.IN_REVIEW
    screening.decision = ""
    screening.decision_reason = ""
    screening.conditions = ""
    screening.decided_by = None
    screening.decided_at = None
    screening.cosigned_by = None
    screening.cosigned_at = None
    screening.valid_until = None
    screening.save()


def alert_acknowledge(*, alert: Alert, actor: Any) -> Alert:
    _require(actor, "screening.review", alert.screening)
    with transaction.atomic(durable=True):
        alert.acknowledged_by = actor
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(
            actor=actor,
            verb="screening.alert_acknowledged",
            target=alert.screening,
            details={"alert": alert.pk},
        )
    return alert


# --- Batch ------------------------------------------------------------------------------------


def batch_create(*, file_name: str, text: str, actor: Any) -> BatchScreening:
    _require(actor, "screening.batch")
    try:
        rows = batch_csv.parse_input(text)
    except batch_csv.BatchFormatError as exc:
        raise ValidationError(str(exc)) from None
    problems = [f"Line {row.line}: {row.problem}" for row in rows if row.problem]
    with transaction.atomic(durable=True):
        batch = BatchScreening.objects.create(
            requested_by=actor,
            file_name=Path(file_name).name[:255],
            input_csv=text,
            row_count=len(rows),
            problems=problems,
        )
        audit_record(
            actor=actor,
            verb="screening.batch_queued",
            target=batch,
            details={"rows": len(rows), "problems": len(problems)},
        )
    from partnerhub.screening.tasks import run_batch

    transaction.on_commit(lambda: run_batch.enqueue(batch.pk))
    return batch


def batch_run(*, batch_id: int) -> str:
    batch = BatchScreening.objects.get(pk=batch_id)
    BatchScreening.objects.filter(pk=batch_id).update(status=BatchScreening.Status.RUNNING)

    def progress(done: int) -> None:
        BatchScreening.objects.filter(pk=batch_id).update(done_count=done)

    try:
        rows = batch_csv.parse_input(batch.input_csv)
        output = io.StringIO()
        batch_csv.screen_rows(rows, current_matcher(), output, progress=progress)
    except Exception as exc:
        BatchScreening.objects.filter(pk=batch_id).update(
            status=BatchScreening.Status.FAILED,
            message=f"The batch stopped on an internal error ({type(exc).__name__}); "
            "please upload it again. Administrators can see the details in the log.",
            finished_at=timezone.now(),
        )
        raise
    BatchScreening.objects.filter(pk=batch_id).update(
        status=BatchScreening.Status.DONE,
        output_csv=output.getvalue(),
        done_count=len(rows),
        finished_at=timezone.now(),
    )
    return f"{len(rows)} rows screened"


def criteria_baseline_publish(
    *, document: dict[str, Any], note: str, actor: Any
) -> CriteriaProfile:
    """Publish a new version of the system-wide baseline (criteria, weights, limits). Entity
    amendments that the new limits no longer allow are reported, not silently dropped."""
    _require(
        actor,
        "screening.manage_baseline",
        message=_("Only the system coordinator changes the baseline."),
    )
    try:
        parsed = criteria_rules.parse_baseline(document)
    except criteria_rules.CriteriaError as exc:
        raise ValidationError(str(exc)) from None
    conflicts = []
    for profile in CriteriaProfile.objects.filter(
        un_entity__isnull=False, is_current=True
    ).select_related("un_entity"):
        try:
            criteria_rules.apply_amendments(parsed, profile.criteria)
        except criteria_rules.CriteriaError as exc:
            conflicts.append(f"{profile.un_entity}: {exc}")
    if conflicts:
        raise ValidationError(
            _(
                "These entity amendments would break the new limits; ask the entities to "
                "change them first: %(c)s"
            )
            % {"c": " | ".join(conflicts)}
        )
    with transaction.atomic(durable=True):
        current = CriteriaProfile.objects.select_for_update().get(
            un_entity__isnull=True, is_current=True
        )
        current.is_current = False
        current.save(update_fields=["is_current"])
        profile = CriteriaProfile.objects.create(
            un_entity=None,
            version=current.version + 1,
            criteria=document,
            note=note[:MAX_REASON],
            is_current=True,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="criteria.baseline_published",
            target=profile,
            details={"version": profile.version, "note": note[:200]},
        )
    return profile
