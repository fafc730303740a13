"""Signal receivers of the alignment pillar, connected in AlignmentConfig.ready.

They live here, not in the directory app, so that the directory never imports the pillars.
"""

from django.db import transaction

from accord.alignment import embedding
from accord.alignment.services.discovery import TEXT_FIELDS, organization_text


def organization_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """After an organization is saved, refresh its discovery vector if its text changed (A1).

    The check and the enqueue wait for the commit: the task must see the saved text, and a
    rolled-back save must not queue anything.
    """
    if raw:  # loaddata: fixtures are not edits
        return
    if update_fields is not None and not set(update_fields) & set(TEXT_FIELDS):
        return  # e.g. archiving: the text did not change
    organization_id = instance.pk
    digest = embedding.text_hash(organization_text(instance))
    transaction.on_commit(lambda: enqueue_refresh_if_changed(organization_id, digest), robust=True)


def enqueue_refresh_if_changed(organization_id: int, digest: str) -> bool:
    """Queue a re-embedding unless the stored vector is already of this exact text."""
    from accord.alignment.models import OrganizationVector
    from accord.alignment.tasks import refresh_organization_vector

    current = OrganizationVector.objects.filter(
        organization_id=organization_id,
        model_name=embedding.MODEL_NAME,
        text_hash=digest,
    ).exists()
    if current:
        return False
    refresh_organization_vector.enqueue(organization_id)
    return True
