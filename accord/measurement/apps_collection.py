"""What data collection (M3) adds to the rest of Accord, called from the app's ready()."""


def ready() -> None:
    from accord.core.reminders import register_reminders
    from accord.core.waiting import register_waiting
    from accord.partnerships.sections import Section, register_section
    from accord.partnerships.timeline import register_timeline_source

    from . import queries_collection as queries
    from .reminders_collection import send_data_reminders

    register_section(Section("data", "Data", "measurement:periods", 96))
    # Data due waits for the submitting organization's people; submitted values for reviewers.
    register_waiting("measurement.data.due", queries.data_due)
    register_waiting("measurement.values.review", queries.values_to_review)
    # Missing data is reminded of before and after its due date by `accord remind`.
    register_reminders("measurement.data_due", send_data_reminders)
    # Approved data shows on the partnership's timeline.
    register_timeline_source("measurement.data_approved", queries.APPROVED_DATA)
