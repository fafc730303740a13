from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    """Pillar 3, relationship building: stakeholder groups and representation (R1-R3)."""

    name = "accord.relationships"
    label = "relationships"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from accord.partnerships.demo import register_demo
        from accord.partnerships.sections import Section, register_section

        from .demo import seed_demo, seed_groups

        register_demo(seed_groups, first=True)  # before any pillar's demo moves a stage
        register_demo(seed_demo)
        # "active" requires at least one affected stakeholder group named (item 8).
        from accord.partnerships.lifecycle import set_stage_requirement
        from accord.partnerships.models import Stage

        from .lifecycle import affected_group_missing

        set_stage_requirement(
            Stage.ACTIVE,
            "affected_group",
            affected_group_missing,
            link=("Name an affected group", "relationships:stakeholders"),
        )
        # Stakeholders (R1): the groups the work affects and who represents them.
        register_section(Section("stakeholders", "Stakeholders", "relationships:stakeholders", 80))
        # Planning and design bodies with their representation analysis (R2).
        register_section(Section("bodies", "Planning bodies", "relationships:bodies", 85))
        from . import apps_engagements

        apps_engagements.ready()
        from accord.partnerships.scale import register_scale

        from . import scale

        # `accord seed --scale N` adds the pillar's rows through the bulk path (item 10).
        register_scale(scale.build, scale.MODELS)
        from . import apps_communication

        apps_communication.ready()
        from . import apps_trust

        apps_trust.ready()
        from . import apps_ledger

        apps_ledger.ready()
