from django.contrib import admin

from partnerhub.newsletter.models import Delivery, Issue, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "language", "status", "consent_at", "consent_source")
    list_filter = ("status", "language")
    search_fields = ("email",)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("quarter", "subject", "status", "sent_at")
    list_filter = ("status",)
    readonly_fields = ("status", "sent_at", "sent_by")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("issue", "email", "language", "status", "attempts", "sent_at")
    list_filter = ("status", "issue")
    search_fields = ("email",)
