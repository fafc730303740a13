"""What the input ledger (R6) adds to the rest of Accord, called from the app's ready()."""


def ready() -> None:
    from accord.core.reminders import register_reminders
    from accord.core.waiting import register_waiting
    from accord.partnerships.demo import register_demo
    from accord.partnerships.scale import register_scale
    from accord.partnerships.sections import Section, register_section
    from accord.partnerships.timeline import register_timeline_source

    from . import queries_ledger as queries
    from .demo_ledger import seed_ledger
    from .reminders_ledger import send_input_reminders
    from .scale_ledger import seed_scale_ledger

    register_demo(seed_ledger)  # a year of input after the engagements' demo (R6)
    register_scale(seed_scale_ledger)  # `accord seed --scale N`: input through the bulk path

    register_section(Section("ledger", "Input ledger", "relationships:ledger", 95))
    # Input to acknowledge or answer waits for its assignee (or the stewards) on the home page.
    register_waiting("relationships.input", queries.inputs_waiting)
    # Input past its deadline is reminded of by `accord remind`.
    register_reminders("relationships.input_overdue", send_input_reminders)
    # Published responses show on the partnership's timeline.
    register_timeline_source("relationships.responses", queries.RESPONSES_PUBLISHED)
