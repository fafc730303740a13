from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Outputs that read every pillar: the partnership archive, e-mail digests (and reports)."""

    name = "accord.reports"
    label = "reports"
    verbose_name = "Reports and exports"

    def ready(self) -> None:
        from accord.core.access import Perm
        from accord.partnerships.sections import Section, register_section

        # Shown to those who may archive the partnership: its stewards (and administrators).
        register_section(
            Section("export", "Export", "reports:export", 200, permission=Perm.ARCHIVE)
        )
        from . import wiring_digests

        wiring_digests.ready()
