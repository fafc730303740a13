"""Models of the reports app, one module per concept, gathered here for Django."""

from .models_digests import Digest, DigestDelivery, DigestIssue, DigestUnsubscription

__all__ = ["Digest", "DigestDelivery", "DigestIssue", "DigestUnsubscription"]
