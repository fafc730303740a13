from django.apps import AppConfig


class MeasurementConfig(AppConfig):
    """Pillar 4, shared measurement: the measures set partners endorse and its indicators."""

    name = "accord.measurement"
    label = "measurement"
    verbose_name = "Shared measurement"

    def ready(self) -> None:
        from . import wiring

        wiring.ready()
