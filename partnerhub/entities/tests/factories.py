from __future__ import annotations

import factory

from partnerhub.entities.models import UNEntity


class UNEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UNEntity
        django_get_or_create = ("acronym",)
        skip_postgeneration_save = True

    acronym = factory.Sequence(lambda n: f"UNE{n}")
    slug = factory.LazyAttribute(lambda o: o.acronym.lower())
    name = factory.LazyAttribute(lambda o: f"United Nations Test Entity {o.acronym}")
    category = "Funds and Programmes"
    principal_organ = "General Assembly"

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        """`UNEntityFactory(sdgs=[2, 17])`: SDG numbers (the goals' primary keys)."""
        if create and extracted:
            self.sdgs.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        """`UNEntityFactory(countries=["KE", "SD"])`: ISO2 codes."""
        if create and extracted:
            self.countries.set(extracted)
