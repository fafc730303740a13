from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class AlignmentConfig(AppConfig):
    """Pillar 1, alignment of core values: assessments, discovery, the charter (A1-A3)."""

    name = "accord.alignment"
    label = "alignment"
    verbose_name = "Alignment of core values"

    def ready(self) -> None:
        from accord.partnerships.demo import register_demo

        from .demo import seed_demo

        register_demo(seed_demo)
        from accord.partnerships.sections import Section, register_section

        from . import signals

        for section in (
            Section("charter", "Charter", "alignment:charter", 10),
            Section("candidates", "Find partners", "alignment:candidates", 20),
            Section("assessments", "Assessments", "alignment:assessment-list", 30),
        ):
            register_section(section)

        # What waits for a person on the home page and at /api/v1/waiting (A1, A3).
        from accord.core.waiting import register_waiting

        from .queries import waiting

        register_waiting("alignment.assessment.score", waiting.scores_to_enter)
        register_waiting("alignment.charter.endorse", waiting.charter_versions_to_endorse)
        register_waiting("alignment.charter.comment", waiting.charter_versions_to_comment)

        # Discovery (A1): the triggers that set the directory's change token (triggers.py).
        from . import triggers

        post_migrate.connect(triggers.ensure, sender=self, dispatch_uid="alignment.triggers")
        # Discovery (A1) keeps each organization's vector in step with its text.
        post_save.connect(
            signals.organization_saved,
            sender="directory.Organization",
            dispatch_uid="alignment.organization_saved",
        )
