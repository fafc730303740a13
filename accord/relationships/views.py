"""The Stakeholders section of a partnership (R1, R3): the groups its work affects, the member
organizations that represent each, a flag for a group that none represents, and the groups left
out of planning (planning.py).

The partnership is loaded through `partnership_or_404` (outsiders 404, members without the
action 403); writes go through services.py. Plain form posts; no JavaScript needed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.access import can
from accord.core.forms import submitted
from accord.core.pickers import picker_response
from accord.partnerships.access import partnership_or_404

from . import queries, queries_planning, services
from .forms import AffectedGroupForm


def _page(request, partnership, form=None):
    may_manage = not partnership.is_archived and can(request.user, queries.MANAGE, partnership)
    if may_manage and form is None:
        form = AffectedGroupForm(groups=queries.groups_to_name(partnership))
        # The group picker's search (a steward's `?pick=group&q=`), from the form the page shows.
        if picked := picker_response(request, form):
            return picked
    if form is not None:
        # Shown again after a refused post too: its picker searches the section's page.
        form.fields["group"].widget.search_url = reverse(
            "relationships:stakeholders", args=[partnership.pk]
        )
    rows = queries.stakeholders_of(partnership)
    context = {
        "partnership": partnership,
        "rows": rows,
        "unrepresented": [row for row in rows if row.unrepresented],
        "planning": queries_planning.planning_of(partnership),
        "may_manage": may_manage,
        "form": form if may_manage else None,
    }
    return render(request, "relationships/stakeholders.html", context)


@login_required
def stakeholders(request, pk):
    """The affected groups and who represents them (R1)."""
    return _page(request, partnership_or_404(request, pk))


@login_required
@require_POST
def affected_add(request, pk):
    """Name a directory group as affected by the partnership's work."""
    partnership = partnership_or_404(request, pk, queries.MANAGE)
    form = AffectedGroupForm(request.POST, groups=queries.groups_to_name(partnership))

    def save(group, note):
        return services.affected_group_add(partnership=partnership, group=group, note=note)

    if affected := submitted(request, form, save):
        messages.success(request, f"{affected.group} is named as affected by this partnership.")
        return redirect("relationships:stakeholders", pk=partnership.pk)
    return _page(request, partnership, form)


@login_required
@require_POST
def affected_remove(request, pk, item_pk):
    """Stop naming a group as affected (the record is archived, its history stays)."""
    affected = queries.affected_or_404(request.user, pk, item_pk, queries.MANAGE)
    try:
        services.affected_group_remove(affected=affected)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{affected.group} is no longer named as affected.")
    return redirect("relationships:stakeholders", pk=pk)
