"""What the measures set (M1, M2) adds to the rest of Accord, called from the app's ready()."""


def ready() -> None:
    from accord.core.waiting import register_waiting
    from accord.partnerships.demo import register_demo
    from accord.partnerships.lifecycle import set_stage_requirement
    from accord.partnerships.models import Stage
    from accord.partnerships.scale import register_scale
    from accord.partnerships.sections import Section, register_section
    from accord.partnerships.timeline import register_timeline_source

    from . import queries, scale
    from .demo import seed_before_stages, seed_demo

    # The pilot that goes on to "active" in the leadership demo agrees its measures first.
    register_demo(seed_before_stages, first=True)
    register_demo(seed_demo)
    register_section(Section("measures", "Measures", "measurement:measures", 95))
    # A final version waits for each member's leader or project director to endorse it.
    register_waiting("measurement.measures.endorse", queries.versions_to_endorse)
    # A version every member endorsed shows on the partnership's timeline.
    register_timeline_source("measurement.measures_agreed", queries.MEASURES_AGREED)
    # Partners agree what success means before the work starts (M1).
    set_stage_requirement(
        Stage.ACTIVE,
        "agreed_measures",
        queries.agreed_measures_missing,
        link=("Agree on the measures set", "measurement:measures"),
    )
    # Collecting data (M3): periods, the grid, its review, reminders.
    from . import apps_collection

    apps_collection.ready()
    # `accord seed --scale N`: an agreed measures set and about 2,000 values per partnership.
    register_scale(scale.build, scale.MODELS)

    from . import apps_deliverables, apps_evidence

    apps_evidence.ready()  # qualitative evidence (M3)
    apps_deliverables.ready()  # deliverables and fulfilment (M2)

    from .apps_resources import ready as resources_ready

    resources_ready()  # pledges and contributions (M5)
