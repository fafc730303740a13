"""Writes for candidate discovery (A1): the stored embedding of each organization's text.

An organization's vector is derived data: it is recomputed whenever the text it was made from
changes (its SHA-256 no longer matches), by a task after each save and, as a safety net, when a
discovery query meets a missing or stale vector.
"""

import re
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accord.alignment import embedding
from accord.alignment.models import OrganizationVector
from accord.directory.models import Organization

# The fields whose text describes what an organization stands for, in reading order.
TEXT_FIELDS = ("mission", "vision", "values_statement", "values", "jedi_practices")

# A sentence ends at . ! or ? followed by space and what looks like the start of the next one.
# (Curly quotes written as escapes: \u201d\u2019 close a quotation, \u201c\u2018 open one.)
_SENTENCE_END = re.compile(
    '(?:(?<=[.!?])|(?<=[.!?]["\u201d\u2019)]))\\s+(?=["\u201c\u2018(]?[A-Z0-9])'
)


def organization_parts(organization: Organization) -> list[str]:
    """The non-empty parts of an organization's mission and values text."""
    parts = []
    for field in TEXT_FIELDS:
        value = getattr(organization, field)
        if field == "values":
            value = ", ".join(str(item).strip() for item in value or () if str(item).strip())
        value = (value or "").strip()
        if value:
            parts.append(value)
    return parts


def organization_text(organization: Organization) -> str:
    """The exact text Accord embeds for an organization (and hashes, to notice a change)."""
    return "\n\n".join(organization_parts(organization))


def organization_sentences(organization: Organization) -> list[str]:
    """The organization's text split into sentences, each exactly as written, in order."""
    sentences: list[str] = []
    for part in organization_parts(organization):
        for line in part.splitlines():
            for sentence in _SENTENCE_END.split(line.strip()):
                sentence = sentence.strip()
                if sentence and sentence not in sentences:
                    sentences.append(sentence)
    return sentences


# Organizations per batch: bounds the SQL parameters and the memory of one embedding call.
BATCH = 1000


@transaction.atomic
def organization_vectors_refresh(*, organizations: Iterable[Organization]) -> int:
    """Embed, in batches, the organizations whose stored vector is missing or stale.

    Returns how many were embedded. Organizations whose text is unchanged keep their vector and
    only have it marked as checked, so that discovery does not look at them again.
    """
    embedded, batch = 0, []
    for organization in organizations:
        batch.append(organization)
        if len(batch) == BATCH:
            embedded += _refresh_batch(batch)
            batch = []
    return embedded + _refresh_batch(batch)


def _refresh_batch(organizations: list[Organization]) -> int:
    if not organizations:
        return 0
    stored = {
        organization_id: (model_name, text_hash)
        for organization_id, model_name, text_hash in OrganizationVector.objects.filter(
            organization__in=[o.pk for o in organizations]
        ).values_list("organization_id", "model_name", "text_hash")
    }
    texts, changed, unchanged = [], [], []
    for organization in organizations:
        text = organization_text(organization)
        digest = embedding.text_hash(text)
        if stored.get(organization.pk) == (embedding.MODEL_NAME, digest):
            unchanged.append(organization.pk)
        else:
            texts.append(text)
            changed.append((organization.pk, digest))
    now = timezone.now()
    if unchanged:
        OrganizationVector.objects.filter(organization__in=unchanged).update(updated_at=now)
    if changed:
        vectors = embedding.embed(texts)
        rows = [
            OrganizationVector(
                organization_id=organization_id,
                model_name=embedding.MODEL_NAME,
                text_hash=digest,
                vector=embedding.to_bytes(vector),
                updated_at=now,
            )
            for (organization_id, digest), vector in zip(changed, vectors, strict=True)
        ]
        # One upsert: concurrent refreshes of the same organization cannot collide.
        OrganizationVector.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["organization"],
            update_fields=["model_name", "text_hash", "vector", "updated_at"],
        )
    return len(changed)


def organization_vector_refresh(*, organization_id: int) -> bool:
    """Bring one organization's vector up to date; False when the organization is gone."""
    organization = Organization.objects.filter(pk=organization_id).only(*TEXT_FIELDS).first()
    if organization is None:
        return False
    organization_vectors_refresh(organizations=[organization])
    return True
