"""What deliverables and fulfilment (M2) add to the rest of Accord, called from wiring.ready()."""


def ready() -> None:
    from accord.core.waiting import register_waiting
    from accord.partnerships.demo import register_demo
    from accord.partnerships.sections import Section, register_section
    from accord.partnerships.timeline import register_timeline_source

    from . import queries_deliverables as queries
    from .demo_evidence import seed_evidence

    # Evidence and deliverables for Bridges, after its measures set (the demo's last hook).
    register_demo(seed_evidence)
    register_section(Section("deliverables", "Deliverables", "measurement:deliverables", 96))
    # An open deliverable past its due date waits for its organization's people who add records.
    register_waiting("measurement.deliverable.overdue", queries.deliverables_waiting)
    # ... and shows on the partnership's timeline.
    register_timeline_source("measurement.deliverable_overdue", queries.OVERDUE_DELIVERABLES)
