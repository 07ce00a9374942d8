from django.contrib import admin

from partnerhub.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "verb", "created_at", "read_at"]
    list_filter = ["verb"]
    search_fields = ["title", "user__email"]
