from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp_webauthn.admin import WebAuthnCredentialAdmin
from django_otp_webauthn.models import WebAuthnCredential

from peerreview.accounts.models import Organisation, User
from peerreview.accounts.rights import password_set_as
from peerreview.accounts.services import user_sessions_end


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "is_review_manager", "is_active"]
    list_filter = ["is_review_manager", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "organisation"]}),
        ("Access", {"fields": ["is_active", "is_review_manager", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "organisation", "password1", "password2"]}),
    ]

    actions = ["end_sessions"]

    def user_change_password(self, request, id, form_url=""):
        with password_set_as("set by an administrator"):
            return super().user_change_password(request, id, form_url)

    @admin.action(description="Sign the selected users out everywhere")
    def end_sessions(self, request, queryset):
        users = list(queryset)
        for user in users:
            user_sessions_end(user=user, ended_by=request.user)
        self.message_user(
            request,
            f"{len(users)} user{'s' if len(users) != 1 else ''} signed out of every browser.",
            messages.SUCCESS,
        )


# An administrator removes a lost passkey here, as a lost app under "TOTP devices" (the library
# offers the admin class but leaves registering it to the project).
admin.site.register(WebAuthnCredential, WebAuthnCredentialAdmin)
