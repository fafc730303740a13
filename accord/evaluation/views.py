"""The Scorecard section of a partnership and the page that explains how it is computed.

Both read what is stored: the latest snapshot (written by the recompute task) and the criteria
registry. Every role in the partnership reads the scorecard; outsiders get 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accord.partnerships.access import partnership_or_404

from . import queries
from .criteria import AGGREGATION_RULE, PILLARS, STATUS_LABELS


@login_required
def scorecard(request, pk):
    partnership = partnership_or_404(request, pk)
    context = {
        "partnership": partnership,
        "card": queries.scorecard_of(partnership),
        "rule": AGGREGATION_RULE,
    }
    return render(request, "evaluation/scorecard.html", context)


@login_required
def criteria(request):
    by_pillar = [
        (title, [c for c in queries.criteria_list() if c.pillar == key])
        for key, title in PILLARS.items()
    ]
    context = {"by_pillar": by_pillar, "rule": AGGREGATION_RULE, "labels": STATUS_LABELS}
    return render(request, "evaluation/criteria.html", context)
