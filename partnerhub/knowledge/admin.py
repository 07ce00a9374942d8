from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerhub.knowledge.models import Lesson


@admin.register(Lesson)
class LessonAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "visibility", "source", "partnership", "created_at"]
    list_filter = ["kind", "visibility", "source"]
    search_fields = ["title", "text"]
