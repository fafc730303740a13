"""The demo's learning and commitments (L1-L3): leaders of several organizations on "Bridges",
some commitments kept and one not kept; loading it again changes nothing."""

import pytest

from accord.leadership.demo import commitments as commitments_demo
from accord.leadership.models import Commitment, LearningActivity
from accord.leadership.queries.commitments import summary_of
from accord.partnerships.demo import build_demo

pytestmark = pytest.mark.django_db


def rows() -> tuple[int, ...]:
    return (
        LearningActivity.objects.count(),
        Commitment.objects.count(),
        LearningActivity.history.count(),
        Commitment.history.count(),
    )


def test_demo_covers_several_organizations_and_loads_again_unchanged():
    context = build_demo()
    commitments_demo.seed(context)
    bridges = context.partnerships["bridges"]
    summary = summary_of(bridges)
    with_learning = [row for row in summary.organizations if row.learning_count]
    assert len(with_learning) >= 3
    assert summary.total.kept >= 1 and summary.total.not_kept >= 1
    assert {"Inclusive mentoring", "Anti-bias in hiring"} <= {t.topic for t in summary.total.topics}
    amounts = {a.unit: a.total for a in summary.total.amounts}
    assert amounts["US dollars"] == 15000
    # The outcome was recorded after the commitment, as people would: it is in the history.
    kept = Commitment.objects.filter(partnership=bridges, status="kept").first()
    assert kept.history.count() == 2

    before = rows()
    again = build_demo()
    commitments_demo.seed(again)
    assert not again.log and rows() == before
