from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    """Pillar 1, alignment of core values: assessments, discovery, the charter (A1-A3)."""

    name = "accord.alignment"
    label = "alignment"
    verbose_name = "Alignment of core values"
