"""What the API of every agreed text shares (accord/core/agreements.py): where the agreement
stands, and the two versions a diff compares. Each kind's router keeps its own routes and
schemas and calls these."""

from django.core.exceptions import ValidationError

from .agreements import Agreement


def agreement_out(partnership, agreement: Agreement) -> dict:
    """Agreed or not, the latest final and the working version, and each member's endorsement."""
    working = agreement.working
    return {
        "partnership_id": partnership.pk,
        "agreed": agreement.agreed,
        "latest_final_number": agreement.latest_final.number if agreement.latest_final else None,
        "working_version_number": working.number if working else None,
        "working_version_status": working.status if working else None,
        "member_count": agreement.member_count,
        "endorsed_count": agreement.endorsed_count,
        "members": [
            {
                "organization": row.organization,
                "endorsed": row.endorsement is not None,
                "endorsement": row.endorsement,
            }
            for row in agreement.members
        ],
    }


def two_versions(versions, query, noun: str) -> tuple:
    """The versions numbered `query.a` and `query.b` among `versions`; 422 naming the missing."""
    found = {v.number: v for v in versions.filter(number__in=[query.a, query.b])}
    for field in ("a", "b"):
        if getattr(query, field) not in found:
            raise ValidationError({field: f"The {noun} has no version {getattr(query, field)}."})
    return found[query.a], found[query.b]
