"""Admin: users (Django's UserAdmin), API tokens (read-only, with a revoke action) and sign-in
throttles (read-only; deleting one lets the name sign in with its password anywhere again)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import services
from .models import ApiToken, SignInThrottle, User

admin.site.register(User, UserAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "hint"]
    list_select_related = ["user"]
    fields = ["user", "name", "hint", "token_hash", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    # Only the owner creates a token (on the profile page, where it is shown once); a revoked
    # token is kept so its history stays readable.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected tokens", permissions=["view"])
    def revoke(self, request, queryset):
        for token in queryset:
            services.token_revoke(token=token)
        self.message_user(request, f"Revoked {len(queryset)} token(s).")


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin):
    list_display = ["username", "failures", "last_failure_at", "link_sent_at"]
    search_fields = ["username"]
    fields = list_display
    readonly_fields = fields

    # Counted by the sign-in page only; an administrator may clear one (delete), e.g. for an
    # account without an e-mail address, which cannot receive a sign-in link.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
