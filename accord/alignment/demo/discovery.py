"""Demo data for the alignment pillar: discovery (A1).

Discovery needs no records of its own; it needs every organization's vector, computed here so
that the demo's candidates page answers at once (and no worker has to catch up first).
"""

from accord.alignment.services.discovery import TEXT_FIELDS, organization_vectors_refresh
from accord.directory.models import Organization


def seed(context) -> None:
    """Embed the organizations whose vector is missing or stale (none on a second run)."""
    organizations = Organization.objects.only(*TEXT_FIELDS).order_by("pk")
    embedded = organization_vectors_refresh(organizations=organizations)
    if embedded:
        context.log.append(f"discovery vectors for {embedded} organizations")
