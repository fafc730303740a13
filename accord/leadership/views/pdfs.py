"""Serving the MOU PDFs that the task worker renders (services/pdfs.py): the stored file, or,
while it is being rendered, a page whose status fragment htmx asks for again every 2 seconds.

No view here renders a PDF: the versions are loaded through the access path by the caller.
"""

from django.http import Http404
from django.shortcuts import render

from .. import rendering


def stored_or_wait(request, version, field_file, filename: str, *, pending: bool, label: str):
    """`field_file` as a download when stored; else the progress page (the fragment, to htmx)
    while `pending`, and 404 when there is nothing to wait for."""
    ready = bool(field_file)
    if not ready and not pending:
        raise Http404("Not found.")
    context = {"ready": ready, "url": request.path, "label": label}
    if request.htmx:
        response = render(request, "leadership/mous/_pdf_status.html", context)
    elif ready:
        return rendering.pdf_attachment(field_file, filename)
    else:
        mou = version.mou
        context |= {"partnership": mou.partnership, "mou": mou, "version": version}
        response = render(request, "leadership/mous/pdf_wait.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "HX-Request"
    return response
