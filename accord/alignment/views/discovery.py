"""Candidate discovery page (A1): directory organizations ranked by how well their mission and
values text matches the partnership's purpose and shared vision, each score explained.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from accord.alignment.queries import discovery as queries
from accord.core.access import Perm, can
from accord.core.forms import AccordForm, SearchInput
from accord.core.paging import paginate
from accord.directory.models import Organization
from accord.partnerships.access import partnership_or_404


class CandidateFilterForm(AccordForm):
    """The discovery page's filters (a GET form); applied before anything is ranked."""

    kind = forms.ChoiceField(
        label="Internal or external",
        required=False,
        choices=[("", "Both"), *Organization.Kind.choices],
    )
    subtype = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *Organization.Subtype.choices]
    )
    location = forms.CharField(
        label="Location",
        required=False,
        max_length=100,
        widget=SearchInput,
        help_text="Part of a city, state or region, or country.",
    )


@login_required
def candidate_list(request, pk):
    partnership = partnership_or_404(request, pk, Perm.VIEW)
    form = CandidateFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound and valid else {}
    # Invalid filters rank nothing (and so write no vectors): the form says what to correct.
    ranking = queries.rank_candidates(request.user, partnership, **filters) if valid else None
    context = {
        "partnership": partnership,
        "list_url": reverse("alignment:candidates", args=[partnership.pk]),
        "form": form,
        "valid": valid,
        "ranking": ranking,
        "page_obj": paginate(request, ranking) if ranking and ranking.has_query else None,
        "filtered": any(filters.values()),
        "can_start": can(request.user, Perm.MANAGE_MEMBERS, partnership),
        "can_edit": can(request.user, Perm.CHANGE, partnership),
    }
    template = "alignment/discovery/candidates.html"
    # Live filtering swaps in the results only; a history restore needs the whole page.
    if request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
