from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Partnership, PartnershipRole, StageChange


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organization"]


class RoleInline(admin.TabularInline):
    model = PartnershipRole
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["title", "stage", "scope", "archived_at"]
    list_filter = ["stage", "scope"]
    search_fields = ["title", "purpose"]
    # The stage moves only through the lifecycle service, which records each change.
    readonly_fields = ["stage", "stage_changed_at"]
    inlines = [MembershipInline, RoleInline]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["partnership", "from_stage", "to_stage", "changed_at", "changed_by"]
    list_select_related = ["partnership", "changed_by"]
    list_filter = ["to_stage"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
