from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    """Pillar 3, relationship building: stakeholder groups and representation (R1-R3)."""

    name = "accord.relationships"
    label = "relationships"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from accord.partnerships.demo import register_demo
        from accord.partnerships.sections import Section, register_section

        from .demo import seed_demo

        register_demo(seed_demo)
        # Stakeholders (R1): the groups the work affects and who represents them.
        register_section(Section("stakeholders", "Stakeholders", "relationships:stakeholders", 80))
        # Planning and design bodies with their representation analysis (R2).
        register_section(Section("bodies", "Planning bodies", "relationships:bodies", 85))
        from . import apps_engagements

        apps_engagements.ready()
        from . import apps_ledger

        apps_ledger.ready()
