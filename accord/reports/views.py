"""Pages of the reports app: a partnership's archive, downloaded by a steward, and importing one
(platform administrators: an import adds directory rows)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accord.core.access import require
from accord.core.forms import AccordForm, add_service_errors
from accord.partnerships.access import partnership_or_404

from . import archive, services

EXPORT = "reports.archive.export"
IMPORT = "reports.archive.import"


class ImportForm(AccordForm):
    file = forms.FileField(
        label="Archive file",
        help_text="A .zip archive exported from an Accord partnership's Export page.",
    )


@login_required
def export(request, pk):
    """What the archive holds, and the button that downloads it."""
    partnership = partnership_or_404(request, pk, EXPORT)
    models = [m._meta.verbose_name_plural for m in archive.partnership_models()]
    context = {"partnership": partnership, "models": models, "left_out": archive.LEFT_OUT}
    return render(request, "reports/export.html", context)


@login_required
def export_download(request, pk):
    partnership = partnership_or_404(request, pk, EXPORT)
    response = HttpResponse(archive.export(partnership), content_type="application/zip")
    filename = services.archive_filename(partnership)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def import_archive(request):
    require(request.user, IMPORT)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                imported = services.archive_import(
                    upload=form.cleaned_data["file"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                rows = sum(imported.rows.values())
                messages.success(
                    request,
                    f"Imported “{imported.partnership.title}”: {rows} records, "
                    f"{sum(imported.matched.values())} directory records matched and "
                    f"{sum(imported.created.values())} added.",
                )
                return redirect(imported.partnership)
        status = 422
    return render(request, "reports/import.html", {"form": form}, status=status)
