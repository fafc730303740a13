"""Pages for an organization's values profile (A1) and culture profile (A4).

Who may see and change them is decided in accord/core/policy.py; writes go through services.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accord.core.access import can, get_visible_or_404, require
from accord.core.audit import history_for

from . import access, queries, services
from .forms_profiles import CultureProfileForm, ValuesProfileForm
from .models import CultureProfile, Organization


@login_required
def organization_values(request, pk):
    """Edit the values profile: texts, values and the JEDI practices checklist (A1)."""
    organization = get_visible_or_404(request.user, Organization.objects, pk=pk)
    require(request.user, "directory.values.change", organization)
    form = ValuesProfileForm(
        request.POST or None, instance=organization, practices=queries.practices_of(organization)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_values_update(organization=organization, **form.profile())
        except ValidationError as error:
            organization.refresh_from_db()  # the page shows the saved record, not the refused input
            form.show_service_errors(error)
        else:
            messages.success(request, f"The values profile of “{organization}” is saved.")
            return redirect(f"{organization.get_absolute_url()}#values-heading")
    return render(
        request, "directory/values_form.html", {"organization": organization, "form": form}
    )


def _profile(organization: Organization) -> CultureProfile | None:
    # Loaded with the organization (select_related): no query, None when not filled in yet.
    return getattr(organization, "culture_profile", None)


@login_required
def organization_culture(request, pk):
    """The culture profile (A4), for the organization's people, its partners and administrators."""
    organization = access.culture_organization_or_404(request.user, pk)
    profile = _profile(organization)
    context = {
        "organization": organization,
        "profile": profile,
        "can_edit": can(request.user, access.CHANGE, organization),
        "history": history_for(profile) if profile is not None else [],
    }
    return render(request, "directory/culture_detail.html", context)


@login_required
def organization_culture_edit(request, pk):
    organization = access.culture_organization_or_404(request.user, pk, edit=True)
    profile = _profile(organization) or CultureProfile(organization=organization)
    form = CultureProfileForm(request.POST or None, instance=profile, versioned=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.culture_profile_save(
                organization=organization, read_revision=form.read_revision, **form.cleaned_data
            )
        except ValidationError as error:
            form.show_service_errors(error)
        else:
            messages.success(request, f"The culture profile of “{organization}” is saved.")
            return redirect("directory:organization-culture", organization.pk)
    context = {"organization": organization, "form": form, "creating": profile.pk is None}
    return render(request, "directory/culture_form.html", context)
