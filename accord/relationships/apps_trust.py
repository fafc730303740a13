"""What the trust and value network (R6) adds to the rest of Accord, called from the app's
ready()."""


def ready() -> None:
    from accord.core.waiting import register_waiting
    from accord.partnerships.demo import register_demo
    from accord.partnerships.sections import Section, register_section

    from . import queries_trust as queries
    from .demo_trust import seed_trust

    register_demo(seed_trust)  # two survey waves after the engagements' demo
    register_section(Section("trust", "Trust network", "relationships:trust", 97))
    # A survey to fill in waits for each respondent until their organization has answered or the
    # wave closes.
    register_waiting("relationships.trust.respond", queries.surveys_waiting)
