"""Public verification in the API (L5): POST /api/v1/verify with a document's SHA-256.

No authentication: the document's SHA-256 is the key, never an id. Only executed MOUs answer; a
hash that matches nothing answers `{"verified": false}` and nothing more. Uses are limited per
client address like the page (accord/leadership/views/verify.py); past the limit, 429.
"""

from ninja import Router, Status

from accord.core.schemas import ErrorOut

from ..queries.mous import verify_sha256
from ..schemas.mous import VerifyIn, VerifyOut
from ..views.verify import rate_limited

router = Router(tags=["Verification"])


@router.post(
    "/verify",
    auth=None,
    response={200: VerifyOut, 422: ErrorOut, 429: ErrorOut},
    summary="Whether a document with this SHA-256 is an intact executed Accord MOU (public)",
)
def verify(request, payload: VerifyIn):
    verdict = rate_limited(request)
    if not verdict.allowed:
        return Status(
            429,
            {
                "detail": f"Too many checks from your address. Try again in "
                f"{-(-verdict.retry_after // 60)} minutes.",
                "errors": [],
            },
        )
    result = verify_sha256(payload.sha256)
    if result is None:
        return {"verified": False, "sha256": payload.sha256}
    version = result.version
    return {
        "verified": True,
        "sha256": payload.sha256,
        "kind": result.kind,
        "description": result.label,
        "mou_title": version.mou.title,
        "partnership_title": version.mou.partnership.title,
        "version_number": version.number,
        "executed_at": version.executed_at,
        "effective_on": version.effective_on,
        "expires_on": version.expires_on,
        "signatures": [
            {
                "person": s.person.name,
                "title": s.person.title,
                "organization": s.organization.name,
                "signed_at": s.signed_at,
            }
            for s in result.signatories
        ],
    }
