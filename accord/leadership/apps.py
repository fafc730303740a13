from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    """Pillar 2, leadership: the MOU and its signatures, project directors, commitments (L1-L6)."""

    name = "accord.leadership"
    label = "leadership"
    verbose_name = "Leadership"

    def ready(self) -> None:
        from accord.partnerships.demo import register_demo

        from .demo import seed_demo

        register_demo(seed_demo)
        # Each area adds its partnership sections, lifecycle rules and signal receivers here.
        from django.db.models.signals import post_save

        from accord.partnerships.lifecycle import set_stage_requirement
        from accord.partnerships.models import Stage
        from accord.partnerships.sections import Section, register_section
        from accord.partnerships.timeline import register_timeline_source

        from . import signals, timeline
        from .lifecycle import executed_mou_missing

        # MOUs (L5): the section, and "formalized" needs an executed MOU.
        register_section(Section("mou", "MOU", "leadership:mou-list", 40))
        set_stage_requirement(
            Stage.FORMALIZED,
            "executed_mou",
            executed_mou_missing,
            link=("Go to the MOU", "leadership:mou-list"),
        )

        # Project directors (L6): the section, and the alert when a director leaves.
        register_section(Section("directors", "Project directors", "leadership:directors", 50))
        # Leaders' learning and commitments (L1-L3), announcements (L4).
        register_section(
            Section("commitments", "Leaders' commitments", "leadership:commitments", 60)
        )
        register_section(Section("announcements", "Announcements", "leadership:announcements", 70))
        # What waits for a person on the home page and at /api/v1/waiting (L4-L6).
        from accord.core.waiting import register_waiting

        from .queries import waiting

        register_waiting("leadership.mou.sign", waiting.signatures_to_give)
        register_waiting("leadership.handover.answer", waiting.nominations_to_answer)
        register_waiting("leadership.announcement.send", waiting.announcements_in_draft)
        register_waiting("leadership.director.name", waiting.director_gaps)
        # Executed MOUs and sent announcements show on the partnership's timeline (L4, L5).
        register_timeline_source("leadership-mous", timeline.EXECUTED_MOUS)
        register_timeline_source("leadership-announcements", timeline.SENT_ANNOUNCEMENTS)
        # After `accord restore`: every executed MOU's documents match what was signed.
        from accord.core.backups import register_restore_check

        from .queries.mous import executed_mous_not_intact

        register_restore_check("Executed MOUs' documents", executed_mous_not_intact)
        post_save.connect(
            signals.person_saved,
            sender="directory.Person",
            dispatch_uid="leadership.person_saved",
        )
