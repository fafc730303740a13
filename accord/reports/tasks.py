"""Background tasks of progress reports, run by `accord worker` (inline in tests)."""

from django.tasks import task


@task()
def build_report(report_id: int, actor_id: int | None = None) -> str:
    """Build and store a progress report's PDF, XLSX and CSV; "built" or "gone"."""
    from . import services_progress

    return services_progress.build_files(report_id, actor_id)
