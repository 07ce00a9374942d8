from __future__ import annotations

import factory

from partnerhub.organisations.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Test Company {n} Ltd")
    normalised_name = factory.LazyAttribute(lambda o: o.legal_name.lower())
    country_id = "KE"
