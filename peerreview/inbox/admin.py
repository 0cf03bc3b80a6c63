from django.contrib import admin

from peerreview.inbox.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: what each person was told, and whether it was read and e-mailed."""

    list_display = ["subject", "user", "created_at", "read_at", "emailed_at", "withdrawn_at"]
    list_filter = ["created_at", "read_at", "emailed_at"]
    search_fields = ["user__email", "subject", "topic"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
