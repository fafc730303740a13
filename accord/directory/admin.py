from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organization, Person


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "subtype", "country", "archived_at"]
    list_filter = ["kind", "subtype"]
    search_fields = ["name", "mission", "city", "country"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "email", "organization", "level", "archived_at"]
    list_filter = ["level"]
    search_fields = ["name", "email", "title", "organization__name"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization", "user"]
