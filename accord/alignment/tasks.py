"""Background tasks of the alignment pillar, run by `accord worker` (inline in tests)."""

from django.tasks import task

from accord.alignment.services import discovery


@task()
def refresh_organization_vector(organization_id: int) -> bool:
    """Re-embed one organization's mission and values text after it changed (A1 discovery)."""
    return discovery.organization_vector_refresh(organization_id=organization_id)
