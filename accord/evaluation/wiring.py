"""What the health scorecard adds to the rest of Accord, called from the app's ready(). The
pillars never import this app: it reads them and listens to their records' signals."""


def ready() -> None:
    from accord.partnerships.demo import register_demo
    from accord.partnerships.scale import register_scale
    from accord.partnerships.sections import Section, register_section

    from . import triggers
    from .criteria import import_criteria
    from .demo import seed_demo, seed_scale

    import_criteria()
    register_section(Section("scorecard", "Scorecard", "evaluation:scorecard", 5))
    triggers.connect()
    # Last: the scorecards read what every pillar's demo wrote, and the collaboration survey's
    # waves (an app listed after this one: its hook is registered here first, which it then
    # finds done).
    from accord.surveys.demo import seed_surveys

    register_demo(seed_surveys)
    register_demo(seed_demo)
    register_scale(seed_scale)
