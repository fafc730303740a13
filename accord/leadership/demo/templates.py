"""Demo data for MOU templates (L5): the default template, which migration 0002 installs.

Nothing is added here; the demo checks that the default template is there, so that the MOU demo
can draft from it.
"""

from ..queries.templates import default_template


def seed(context) -> None:
    """Confirm the default template exists (called by `accord seed --demo`; idempotent)."""
    if default_template() is None:
        raise RuntimeError("The default MOU template is missing: run `accord migrate`.")
