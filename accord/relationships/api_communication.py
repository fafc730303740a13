"""The communication map API (R6), at /api/v1/partnerships/{partnership_id}/communication.

Read-only; outsiders get 404.
"""

from ninja import Router

from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404

from . import queries_communication as queries
from .schemas_communication import CommunicationMapOut

router = Router(tags=["Communication map"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/partnerships/{partnership_id}/communication",
    response={200: CommunicationMapOut, **ERRORS},
    summary="Contacts per member organization, level and channel, and the gaps (R6)",
    description="A gap is a member organization with no contact at a level where the "
    "partnership works: a level with contacts from at least `level_organizations` members.",
)
def get_communication(request, partnership_id: int):
    partnership = partnership_or_404(request, partnership_id)
    view = queries.communication_of(partnership)
    return {
        "partnership_id": partnership.pk,
        "level_organizations": view.rule.level_organizations,
        "levels_worked": list(view.map.levels_worked),
        "organizations": [
            {
                "organization_id": row.organization,
                "name": row.name,
                "communication_preferences": view.preferences.get(row.organization, ""),
                "levels": list(row.levels),
                "contacts": [
                    {
                        "person_id": c.key[1] if c.key[0] == "person" else None,
                        "name": c.name,
                        "level": c.level,
                        "channels": sorted(c.channels),
                        "email": c.email,
                        "roles": list(c.roles),
                        "last_met": c.last_met,
                    }
                    for c in row.contacts
                ],
                "gaps": [
                    {
                        "level": g.level,
                        "message": g.message,
                        "next_action": g.next_action,
                        "organizations_at_level": list(g.evidence),
                    }
                    for g in row.gaps
                ],
            }
            for row in view.map.rows
        ],
    }
