from __future__ import annotations

import factory

from partnerhub.entities.models import UNEntity


class UNEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UNEntity
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"UNE{n}")
    slug = factory.LazyAttribute(lambda o: o.acronym.lower())
    name = factory.LazyAttribute(lambda o: f"United Nations Test Entity {o.acronym}")
    category = "Funds and Programmes"
    principal_organ = "General Assembly"
