"""What the health scorecard adds to the rest of Accord, called from the app's ready(). The
pillars never import this app: it reads them and listens to their records' signals."""


def ready() -> None:
    from accord.partnerships.demo import register_demo
    from accord.partnerships.sections import Section, register_section

    from . import triggers
    from .criteria import import_criteria
    from .demo import seed_demo

    import_criteria()
    register_section(Section("scorecard", "Scorecard", "evaluation:scorecard", 5))
    triggers.connect()
    # Last: the scorecards read what every pillar's demo wrote.
    register_demo(seed_demo)
