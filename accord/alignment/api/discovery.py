"""The alignment API: candidate discovery (A1).

Same rules as the page: the partnership is loaded through `get_visible_or_404` (outsiders 404),
filters are checked by the schema (422 naming the field) before anything is ranked.
"""

from ninja import Query, Router
from ninja.pagination import paginate

from accord.alignment.queries import discovery as queries
from accord.alignment.schemas.discovery import CandidateFilters, CandidateOut
from accord.core.access import Perm
from accord.core.schemas import ErrorOut
from accord.partnerships.access import partnership_or_404

router = Router()

READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "/partnerships/{partnership_id}/candidates",
    response={200: list[CandidateOut], **READ_ERRORS},
    tags=["Candidate discovery"],
    summary="Rank directory organizations as candidate partners",
    description=(
        "Organizations that are not archived and not current members, best match first: how "
        "closely their mission, vision, values and JEDI practices text matches the "
        "partnership's purpose and shared vision (an offline embedding model), each with the "
        "sentences of its own text that matched best. Empty when the partnership has no "
        "purpose or vision text."
    ),
)
@paginate
def list_candidates(request, partnership_id: int, filters: Query[CandidateFilters]):
    partnership = partnership_or_404(request, partnership_id, Perm.VIEW)
    return queries.rank_candidates(
        request.user,
        partnership,
        kind=filters.kind or "",
        subtype=filters.subtype or "",
        location=filters.location,
    )
