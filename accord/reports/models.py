"""Models of the reports app (the archive has none)."""

from .models_progress import *  # noqa: F403  (progress reports, M4)
