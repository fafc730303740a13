"""The analysis pages (M3): an indicator's progress, trend, forecast, gaps and the story behind
the curve, and the partnership's measurement overview. Everyone with a role in the partnership
reads them (outsiders get 404), through disclosure_views.py: small counts suppressed for all
but a steward. Reads only; the figures come from queries_analysis.py through
analysis.py, the charts from charts.py (SVG rendered on the server, a table beside each).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from accord.core.disclosure import threshold
from accord.partnerships.access import partnership_or_404

from . import analysis, charts, queries
from . import disclosure_views as disclosure
from . import queries_analysis as q
from .models import Indicator


@login_required
def overview(request, pk):
    """Every indicator of the agreed measures set: its latest figure, progress, trend and what
    is missing."""
    partnership = partnership_or_404(request, pk)
    agreed = queries.agreed_version(partnership)
    # Until a new member endorses it, the latest final version is still what periods collect
    # (read either way, so that the page costs the same queries).
    latest = queries.latest_final_version(partnership)
    version = agreed or latest
    rows = disclosure.overview_for(request.user, partnership, version) if version else []
    kinds = [
        (kind, label, [row for row in rows if row.indicator.kind == kind])
        for kind, label in Indicator.Kind.choices
    ]
    context = {
        "partnership": partnership,
        "version": version,
        "agreed": agreed is not None and agreed.pk == getattr(version, "pk", None),
        "kinds": kinds,
        "rows": rows,
        "suppressed": getattr(rows, "suppressed", 0),
        "unsuppressed": getattr(rows, "unsuppressed", False),
        "k": threshold(),
        "window": analysis.forecast_window(),
        "max_periods": q.MAX_PERIODS,
    }
    return render(request, "measurement/analysis/overview.html", context)


@login_required
def indicator(request, pk, lineage):
    """One indicator, followed across versions of the measures set."""
    partnership = partnership_or_404(request, pk)
    found = disclosure.analysis_for(request.user, partnership, lineage)
    if found is None:
        raise Http404("No such indicator in this partnership's measures.")
    charts.draw(found)
    context = {
        "partnership": partnership,
        "found": found,
        "indicator": found.indicator,
        "evidence": q.evidence_for(partnership, [lineage]),
        "max_periods": q.MAX_PERIODS,
        "max_evidence": q.MAX_EVIDENCE,
        "k": threshold(),
    }
    return render(request, "measurement/analysis/indicator.html", context)
