"""What engagements (R4, R5) add to the rest of Accord, called from the app's ready()."""


def ready() -> None:
    from accord.core.waiting import register_waiting
    from accord.partnerships.demo import register_demo
    from accord.partnerships.sections import Section, register_section
    from accord.partnerships.timeline import register_timeline_source

    from . import queries_engagements as queries
    from .demo_engagements import seed_engagements

    register_demo(seed_engagements)  # a year of engagements after the groups' demo (R4, R5)

    register_section(Section("engagements", "Engagements", "relationships:engagements", 90))
    # Open action items wait for their owner on the home page and at /api/v1/waiting.
    register_waiting("relationships.action.do", queries.action_items_waiting)
    # Engagements that took place show on the partnership's timeline.
    register_timeline_source("relationships.engagements", queries.ENGAGEMENTS_HELD)
