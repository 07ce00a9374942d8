from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from partnerhub.entities.tests.factories import UNEntityFactory
from partnerhub.organisations.tests.factories import OrganisationFactory
from partnerhub.partnerships.models import Contribution, Partnership, PartnershipPartner
from partnerhub.screening.models import Screening


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Partnership {n}: logistics for emergency response")
    summary = "Trucks and warehouse space for emergency food response in East Africa."
    lead_entity = factory.SubFactory(UNEntityFactory)
    status = Partnership.Status.DRAFT


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipPartner

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnershipPartner.Role.PRIVATE


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    partnership = factory.LazyAttribute(lambda o: o.partner.partnership)
    partner = factory.SubFactory(PartnerFactory)
    kind = Contribution.Kind.CASH
    amount = 1000
    currency = "USD"


def screening_of(organisation, entity, *, status="completed", decision="approve", valid_days=365):
    """A screening as an officer leaves it, without running the matcher."""
    from partnerhub.screening.services import baseline_profile, subjects_key

    return Screening.objects.create(
        organisation=organisation,
        requesting_entity=entity,
        profile=baseline_profile(),
        baseline=baseline_profile(),
        subjects_key=subjects_key(organisation),
        status=status,
        rating=Screening.Rating.LOW,
        decision=decision if status == "completed" else "",
        valid_until=timezone.localdate() + datetime.timedelta(days=valid_days)
        if status == "completed"
        else None,
    )


def satisfy_every_guard(partnership):
    """Records that let every lifecycle guard pass, except the screening (see screening_of):
    a completed cost–benefit review, an outcome KPI with baseline and target, a signed
    agreement, an accepted final report, an evaluation and a lesson."""
    import datetime

    from django.core.files.base import ContentFile

    from partnerhub.appraisals.models import CostBenefitAssessment
    from partnerhub.knowledge.models import Lesson
    from partnerhub.results.models import KPI, Evaluation, KPITarget, ProgressReport

    CostBenefitAssessment.objects.create(
        partnership=partnership, status="completed", recommendation="proceed"
    )
    kpi = KPI.objects.create(
        partnership=partnership,
        name="Tonnes of food delivered",
        result_level=KPI.ResultLevel.OUTCOME,
        baseline_value=0,
        baseline_year=2026,
        defined_at_status="review",
    )
    KPITarget.objects.create(
        kpi=kpi,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        value=100,
    )
    partnership.signed_agreement.save("signed.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    partnership.signed_on = datetime.date(2026, 6, 1)
    partnership.save()
    ProgressReport.objects.create(
        partnership=partnership,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        due_on=datetime.date(2027, 1, 31),
        is_final=True,
        status=ProgressReport.Status.ACCEPTED,
    )
    Evaluation.objects.create(
        partnership=partnership,
        kind=Evaluation.Kind.FINAL,
        independence=Evaluation.Independence.INTERNAL,
        completed_on=datetime.date(2027, 1, 15),
        rating=Evaluation.Rating.SATISFACTORY,
        findings="Delivered on time.",
    )
    Lesson.objects.create(
        partnership=partnership,
        title="Agree delivery windows early",
        text="Trucks were idle for a week waiting for customs.",
        source=Lesson.Source.CLOSURE,
    )
