"""Models of the reports app, one module per concept, gathered here for Django (the archive
and the exports have none)."""

from .models_digests import Digest, DigestDelivery, DigestIssue, DigestUnsubscription
from .models_progress import ProgressReport

__all__ = ["Digest", "DigestDelivery", "DigestIssue", "DigestUnsubscription", "ProgressReport"]
