from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Outputs that read every pillar: the partnership archive, exports, progress reports and
    e-mail digests (M4)."""

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
        # Progress reports (M4): everyone with a role reads the reports meant for them.
        register_section(Section("reports", "Reports", "reports:reports", 99))
        from accord.partnerships.demo import register_demo

        from .demo import seed_reports

        # A published public report, after every pillar's demo and the scorecards it shows.
        register_demo(seed_reports)
        from . import wiring_digests
        from .digests import register_digest_section
        from .digests_progress import published_reports

        wiring_digests.ready()
        register_digest_section(
            "reports", published_reports
        )  # the demo digest last, so that it can name the report
