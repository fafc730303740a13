from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """The collaboration survey: instruments as data, waves per partnership, factor scores."""

    name = "accord.surveys"
    label = "surveys"
    verbose_name = "Collaboration survey"

    def ready(self) -> None:
        from . import wiring

        wiring.ready()
