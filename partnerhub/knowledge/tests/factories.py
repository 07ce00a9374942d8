from __future__ import annotations

import factory

from partnerhub.knowledge.models import Lesson


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Book trucks before the rains ({n})")
    text = "Transport prices double once the rainy season starts; contract early."
    kind = Lesson.Kind.LESSON
    visibility = Lesson.Visibility.PUBLIC
    source = Lesson.Source.DIRECT

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdgs.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)
