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
