"""The relationships rule for the partnership lifecycle (issue 13, item 8): a partnership
becomes active only when it names at least one stakeholder group its work affects (R1).

Registered in RelationshipsConfig.ready with `set_stage_requirement`, with a link to the
Stakeholders section, where a group is named.
"""

from .models import AffectedGroup


def affected_group_missing(partnership) -> str | None:
    """None when the partnership names an affected group; else what is missing."""
    if AffectedGroup.objects.active().filter(partnership=partnership).exists():
        return None
    return (
        "A partnership can become active only when it names at least one stakeholder group its "
        "work affects, and this partnership names none yet. Name one under Stakeholders."
    )
