"""Directory pages for organizations and people: lists, detail, create, edit, archive.

The directory is shared by everyone signed in; only platform administrators and stewards change
it ("directory.edit" in accord/core/policy.py). Objects are loaded through
`get_visible_or_404`; writes go through services.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from accord.core.access import can, get_visible_or_404, require
from accord.core.audit import history_for
from accord.core.forms import add_service_errors
from accord.core.paging import paginate
from accord.core.pickers import picker_response

from . import access, queries, services
from .forms import (
    OrganizationFilterForm,
    OrganizationForm,
    PersonFilterForm,
    PersonForm,
)
from .models import Organization, Person

EDIT = "directory.edit"
ARCHIVE_PERSON = "directory.person.archive"


def _list_response(request, template: str, context: dict):
    # Live search swaps in the results only; a history restore needs the whole page.
    if request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _filters(form) -> dict:
    # Keep the filters that are valid; an unknown choice in the URL is simply ignored.
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value}


LISTS = {
    Organization: ("directory:organization-list", "Organizations"),
    Person: ("directory:person-list", "People"),
}


def _form_page(request, form, *, title: str, submit: str, obj=None):
    list_url, list_label = LISTS[form._meta.model]
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "object": obj,
        "list_url": list_url,
        "list_label": list_label,
    }
    return render(request, "directory/form.html", context)


# --- Organizations ------------------------------------------------------------------------------
# What the organization and people lists show of each row (and the people list of each one's
# organization): the rest of a record stays in the database.
ORGANIZATION_COLUMNS = ("name", "archived_at", "kind", "subtype", "city", "region", "country")
PERSON_COLUMNS = (
    "name",
    "archived_at",
    "title",
    "level",
    "email",
    "organization__name",
    "organization__archived_at",
)


@login_required
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    filters = _filters(form)
    # The columns the list shows: not the long texts of each profile (mission, values, ...).
    organizations = queries.organizations_for(request.user, **filters).only(*ORGANIZATION_COLUMNS)
    context = {
        "form": form,
        "page_obj": paginate(request, organizations),
        "filtered": bool(filters),
        "can_edit": can(request.user, EDIT),
    }
    return _list_response(request, "directory/organization_list.html", context)


@login_required
def organization_detail(request, pk):
    queryset = Organization.objects.select_related("culture_profile")
    organization = get_visible_or_404(request.user, queryset, pk=pk)
    # The culture profile (A4) is shown only to those who may see it; the rest is for everyone.
    culture_visible = can(request.user, access.VIEW, organization)
    context = {
        "organization": organization,
        "people": queries.people_of(organization),
        "memberships": queries.memberships_visible_to(request.user, organization),
        "can_edit": can(request.user, EDIT),
        "history": history_for(organization),
        "checklist": queries.practice_checklist(organization),
        "practice_history": queries.practice_history(organization),
        "values_editable": can(request.user, "directory.values.change", organization),
        "culture_visible": culture_visible,
        "culture": getattr(organization, "culture_profile", None) if culture_visible else None,
        "culture_editable": culture_visible and can(request.user, access.CHANGE, organization),
    }
    return render(request, "directory/organization_detail.html", context)


@login_required
def organization_create(request):
    require(request.user, EDIT)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                **form.cleaned_data, created_by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{organization}” added to the directory.")
            return redirect(organization)
    return _form_page(request, form, title="New organization", submit="Add organization")


@login_required
def organization_edit(request, pk):
    organization = get_visible_or_404(request.user, Organization.objects, EDIT, pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=organization, **form.cleaned_data)
        except ValidationError as error:
            organization.refresh_from_db()  # the page shows the saved record, not the refused input
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{organization}” saved.")
            return redirect(organization)
    return _form_page(
        request, form, title=f"Edit {organization}", submit="Save changes", obj=organization
    )


@login_required
@require_POST
def organization_archive(request, pk):
    organization = get_visible_or_404(request.user, Organization.objects, EDIT, pk=pk)
    services.organization_archive(organization=organization)
    messages.success(request, f"“{organization}” archived. It stays here with its history.")
    return redirect(organization)


# --- People -------------------------------------------------------------------------------------
@login_required
def person_list(request):
    form = PersonFilterForm(request.GET)
    filters = _filters(form)
    organization = filters.pop("organization", None)
    if organization is not None:
        filters["organization_id"] = organization.pk
    context = {
        "form": form,
        "organization": organization,
        "page_obj": paginate(
            request, queries.people_for(request.user, **filters).only(*PERSON_COLUMNS)
        ),
        "filtered": bool(filters),
        "can_edit": can(request.user, EDIT),
    }
    return _list_response(request, "directory/person_list.html", context)


@login_required
def person_detail(request, pk):
    queryset = Person.objects.select_related("organization", "user")
    person = get_visible_or_404(request.user, queryset, pk=pk)
    context = {
        "person": person,
        "roles": queries.roles_visible_to(request.user, person),
        "can_edit": can(request.user, EDIT),
        "can_archive": can(request.user, ARCHIVE_PERSON, person),
        "history": history_for(person),
    }
    return render(request, "directory/person_detail.html", context)


@login_required
def person_create(request):
    require(request.user, EDIT)
    form = PersonForm(
        request.POST or None,
        initial={"organization": request.GET.get("organization")},
        editor=request.user,
    )
    if picked := picker_response(request, form):
        return picked
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person} added to the directory.")
            return redirect(person)
    return _form_page(request, form, title="New person", submit="Add person")


@login_required
def person_edit(request, pk):
    person = get_visible_or_404(request.user, Person.objects, EDIT, pk=pk)
    form = PersonForm(request.POST or None, instance=person, editor=request.user)
    if picked := picker_response(request, form):
        return picked
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            person.refresh_from_db()  # the page shows the saved record, not the refused input
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person} saved.")
            return redirect(person)
    return _form_page(request, form, title=f"Edit {person}", submit="Save changes", obj=person)


@login_required
@require_POST
def person_archive(request, pk):
    person = get_visible_or_404(request.user, Person.objects, ARCHIVE_PERSON, pk=pk)
    services.person_archive(person=person)
    messages.success(request, f"{person} archived. The record stays here with its history.")
    return redirect(person)
