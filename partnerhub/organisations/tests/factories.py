from __future__ import annotations

from typing import Any

import factory

from partnerhub.organisations import names
from partnerhub.organisations.models import Organisation
from partnerhub.organisations.services import organisation_index_names


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation with its derived name fields and name keys, as registration leaves it,
    so that duplicate detection and search find it."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Test Company {n} Ltd")
    normalised_name = factory.LazyAttribute(lambda o: names.normalise_name(o.legal_name))
    country_id = "KE"

    @factory.post_generation
    def index_names(
        organisation: Organisation, create: bool, extracted: Any, **kwargs: Any
    ) -> None:
        if create:
            organisation_index_names(organisation=organisation)
