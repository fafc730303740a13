"""Stored text embeddings of organizations, for candidate discovery (A1)."""

from django.db import models

from accord.directory.models import Organization


class OrganizationVector(models.Model):
    """The embedding of an organization's mission and values text, and the text hash it is of.

    Refreshed when the text changes (the hash no longer matches); not audited, because it is
    derived data that Accord recomputes at will.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="discovery_vector"
    )
    model_name = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    # float32 values, L2-normalised, so that a dot product is the cosine similarity.
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"Discovery vector of {self.organization}"


class DirectoryChange(models.Model):
    """One row: a token that changes in every transaction that writes organizations or their
    vectors, so that each process's discovery index knows with one indexed read whether it is
    still up to date (accord/alignment/discovery_index.py).

    Database triggers set it (migration 0005), so bulk writes, `QuerySet.update`, seeding and
    raw SQL count as much as a service's `save()`. The token is the writing transaction's id on
    PostgreSQL (never reused, not even after a rollback) and a random 64-bit number on SQLite;
    it becomes visible to other connections when, and only when, the write commits. A missing
    row (an emptied table) reads as None.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.BigIntegerField()

    def __str__(self) -> str:
        return f"Directory change {self.token}"
