"""What the collaboration survey adds to the rest of Accord, called from the app's ready()."""


def ready() -> None:
    from accord.core.reminders import register_reminders
    from accord.core.waiting import register_waiting
    from accord.partnerships.demo import register_demo
    from accord.partnerships.sections import Section, register_section

    from . import queries
    from .demo import seed_surveys
    from .reminders import send_survey_reminders

    register_demo(seed_surveys)  # two waves in Bridges, after the pillars' demo data
    register_section(Section("surveys", "Survey", "surveys:waves", 98))
    # A wave that asked a person waits for them until they answer or it closes.
    register_waiting("surveys.wave.answer", queries.surveys_waiting)
    # In a wave's last days, those it asked who have not answered are reminded once.
    register_reminders("surveys.unanswered", send_survey_reminders)
