"""The home page is assembled from panels that the apps register, so core imports none of them.

Each app adds its panels from its AppConfig.ready (`register_home_panel`); a panel is a template
and a function that gives its context for the signed-in person, or None when it has nothing to
show.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    """One part of the home page."""

    key: str
    template: str
    context: Callable  # (request) -> dict | None
    order: int = 100


HOME_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    HOME_PANELS[panel.key] = panel


def panels_for(request) -> list[dict]:
    """The panels with something to show, in order, each with its template and context."""
    shown = []
    for panel in sorted(HOME_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "context": context})
    return shown
