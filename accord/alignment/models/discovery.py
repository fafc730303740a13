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
