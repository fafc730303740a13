"""Directory pages for stakeholder groups (R1): list, detail with the organizations that
represent each group, create, edit, and recording or ending a representation.

Everyone signed in reads them; stewards and platform administrators change them
("directory.edit" in accord/core/policy.py). Writes go through services_groups.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.access import can, get_visible_or_404, require
from accord.core.audit import history_for
from accord.core.forms import add_service_errors, submitted
from accord.core.paging import paginate
from accord.core.pickers import picker_response

from . import queries_groups as queries
from . import services_groups as services
from .forms_groups import GroupForm, RepresentationForm
from .models import GroupRepresentation, StakeholderGroup

EDIT = "directory.edit"
FIELDS = ("name", "description", "how_affected", "reference_share")


def _form_page(request, form, *, title: str, submit: str, obj=None):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "object": obj,
        "list_url": "directory:group-list",
        "list_label": "Stakeholder groups",
    }
    return render(request, "directory/form.html", context)


@login_required
def group_list(request):
    context = {
        "page_obj": paginate(request, queries.groups_for(request.user)),
        "can_edit": can(request.user, EDIT),
    }
    return render(request, "directory/group_list.html", context)


@login_required
def group_detail(request, pk, form=None):
    group = get_visible_or_404(request.user, StakeholderGroup.objects, pk=pk)
    can_edit = can(request.user, EDIT)
    if can_edit and not group.is_archived:
        if form is None:
            form = RepresentationForm()
            # The organization picker's search (`?pick=organization&q=`), from the form shown.
            if picked := picker_response(request, form):
                return picked
        # Shown again after a refused post too: its picker searches this page.
        form.fields["organization"].widget.search_url = group.get_absolute_url()
    else:
        form = None
    context = {
        "group": group,
        "representations": queries.representations_of(group),
        "can_edit": can_edit,
        "form": form,
        "history": history_for(group),
    }
    return render(request, "directory/group_detail.html", context)


@login_required
def group_create(request):
    require(request.user, EDIT)
    form = GroupForm(request.POST or None)

    def save(**data):
        return services.group_create(**data, created_by=request.user)

    if group := submitted(request, form, save):
        messages.success(request, f"“{group}” added to the directory.")
        return redirect(group)
    return _form_page(request, form, title="New stakeholder group", submit="Add group")


@login_required
def group_edit(request, pk):
    group = get_visible_or_404(request.user, StakeholderGroup.objects, EDIT, pk=pk)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group=group, **{k: form.cleaned_data[k] for k in FIELDS})
        except ValidationError as error:
            group.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{group}” saved.")
            return redirect(group)
    return _form_page(request, form, title=f"Edit {group}", submit="Save changes", obj=group)


@login_required
@require_POST
def representation_add(request, pk):
    group = get_visible_or_404(request.user, StakeholderGroup.objects, EDIT, pk=pk)
    form = RepresentationForm(request.POST)

    def save(organization, how):
        return services.representation_add(group=group, organization=organization, how=how)

    if representation := submitted(request, form, save):
        messages.success(request, f"{representation.organization} now represents {group}.")
        return redirect(group)
    return group_detail(request, pk, form=form)


@login_required
@require_POST
def representation_archive(request, pk, item_pk):
    representations = GroupRepresentation.objects.active().filter(group_id=pk)
    representation = get_visible_or_404(
        request.user, representations.select_related("group", "organization"), EDIT, pk=item_pk
    )
    services.representation_archive(representation=representation)
    messages.success(
        request, f"{representation.organization} no longer represents {representation.group}."
    )
    return redirect(representation.group)
