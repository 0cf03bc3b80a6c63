from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from peerreview.accounts.models import Organisation, User


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
