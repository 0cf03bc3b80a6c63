from django.contrib import admin

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """An administrator sees who holds which token and may revoke one (set "revoked at"); the
    token itself is never kept, so never shown."""

    list_display = ["name", "user", "writes", "expires_on", "last_used_at", "revoked_at"]
    list_filter = ["writes", "revoked_at"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]
    exclude = ["token_hash"]
    readonly_fields = ["user", "name", "hint", "writes", "created_at", "expires_on", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are made by their person, and shown only to them
