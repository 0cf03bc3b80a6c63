from django.contrib import admin

from peerreview.outbox.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Read-only: what was sent, what waits, and what failed and why."""

    list_display = ["subject", "to", "created_at", "status", "attempts", "sent_at", "failed_at"]
    list_filter = ["sent_at", "failed_at"]
    search_fields = ["to", "subject"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
