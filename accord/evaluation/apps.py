from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    """The health scorecard: each partnership's pillars scored from its own records."""

    name = "accord.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation"

    def ready(self) -> None:
        from . import wiring

        wiring.ready()
