"""`accord seed --scale N` writes the input ledger's rows (R6) through the bulk path, with their
history, anonymous input without a name."""

import pytest

from accord.partnerships.scale import build_scale
from accord.relationships import queries_ledger as queries
from accord.relationships.models import Input

pytestmark = pytest.mark.django_db


def test_scale_writes_input_through_the_bulk_path_with_history():
    counts = build_scale(8, seed=3)
    assert counts["inputs"] == 8 * 4 == Input.objects.count()
    assert Input.history.filter(history_type="+").count() == Input.objects.count()
    assert not Input.history.exclude(history_user=None).exists()
    anonymous = Input.objects.filter(anonymous=True)
    assert anonymous.exists() and not anonymous.exclude(name="").exists()
    assert not Input.objects.filter(published_at__isnull=False, responded_at__isnull=True).exists()
    for partnership_id in Input.objects.values_list("partnership", flat=True).distinct():
        assert queries.responsiveness_of(partnership_id).partnership.count == 4
