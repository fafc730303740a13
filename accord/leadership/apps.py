from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    """Pillar 2, leadership: the MOU and its signatures, project directors, commitments (L1-L6)."""

    name = "accord.leadership"
    label = "leadership"
    verbose_name = "Leadership"

    def ready(self) -> None:
        # Each area adds its partnership sections, lifecycle rules and signal receivers here.
        pass
