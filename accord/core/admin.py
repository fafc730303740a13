"""The task workers' heartbeats in the Django admin, to look at (docs/operations.md)."""

from django.contrib import admin

from .models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "hostname", "pid", "queues", "started_at", "beat_at", "task_id")
    ordering = ["-beat_at"]

    # Workers write these rows; a person only looks, or removes one of a worker long gone.
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
