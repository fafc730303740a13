"""The pages every kind of document shares (rubrics, MOU templates; accord/core/documents.py):
the list, the forms to create, edit and copy one, the buttons that archive one or make it the
default, and the forms that add, change and remove its parts.

Each kind's views load the document through the access path, then call one of these with their
own forms and services (bound with `functools.partial`). The kind's templates (`list.html`,
`detail.html`, `form.html` if it needs one) fill in the blocks of templates/core/documents/.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from . import documents
from .forms import submitted
from .models import Document
from .paging import paginate


@dataclass(frozen=True)
class DocumentPages:
    """How one kind of document is named in its pages, messages and URL names."""

    model: type[Document]
    # URL names: "<urls>-list", "<urls>-detail", "<urls>-create", ...; "<part_urls>-add", ...
    urls: str
    part_urls: str
    templates: str  # the folder of the kind's list.html, detail.html and form.html
    title: str  # the list's heading: "Alignment rubrics"
    noun: str  # "rubric"
    new_title: str  # "New rubric"
    part: str  # "criterion"
    archived: str  # said once one is archived: what becomes of the records that use it

    def url(self, page: str) -> str:
        return f"{self.urls}-{page}"

    @property
    def parts_name(self) -> str:
        return self.model.parts_name

    @property
    def parts_title(self) -> str:
        return self.model.parts_name.capitalize()


def _detail(pages: DocumentPages, document: Document):
    return redirect(pages.url("detail"), document.pk)


def _refused(request, pages: DocumentPages, document, error: ValidationError, prefix: str = ""):
    for message in error.messages:
        messages.error(request, f"{prefix} {message}".strip())
    return _detail(pages, document)


def list_page(request, pages: DocumentPages):
    include_archived = request.GET.get("archived") == "1"
    found = documents.documents_for(request.user, pages.model, include_archived=include_archived)
    context = {
        "pages": pages,
        "page_obj": paginate(request, found),
        "include_archived": include_archived,
        "can_edit": documents.may_edit(request.user, pages.model),
    }
    return render(request, f"{pages.templates}/list.html", context)


def form_page(request, pages: DocumentPages, form, *, title, submit, document=None, intro=""):
    context = {
        "pages": pages,
        "form": form,
        "title": title,
        "submit": submit,
        "document": document,
        "intro": intro,
    }
    # A kind has its own form.html only when it shows more beside the form.
    return render(request, [f"{pages.templates}/form.html", "core/documents/form.html"], context)


# --- The document -------------------------------------------------------------------------------
def create_page(request, pages: DocumentPages, form_class, create):
    """A new document; the caller has checked that the user may create one."""
    form = form_class(request.POST or None)
    if document := submitted(request, form, create):
        noun, parts = pages.noun.capitalize(), pages.parts_name
        messages.success(request, f"{noun} “{document}” created. Now add its {parts}.")
        return _detail(pages, document)
    return form_page(request, pages, form, title=pages.new_title, submit=f"Create {pages.noun}")


def edit_page(request, pages: DocumentPages, document: Document, form_class, update):
    """Rename a document or change its description."""
    initial = {"name": document.name, "description": document.description}
    form = form_class(request.POST or None, initial=initial, versioned=document)
    if submitted(request, form, update):
        messages.success(request, f"{pages.noun.capitalize()} “{document}” saved.")
        return _detail(pages, document)
    title, submit = f"Edit {document}", f"Save {pages.noun}"
    return form_page(request, pages, form, title=title, submit=submit, document=document)


def copy_page(request, pages: DocumentPages, document: Document, form_class, copy, *, intro: str):
    """A copy of a document under a new name: how a fixed one changes."""
    initial = {"name": f"Copy of {document.name}"[:200], "description": document.description}
    form = form_class(request.POST or None, initial=initial)
    if made := submitted(request, form, copy):
        messages.success(request, f"“{made}” created as a copy of “{document}”.")
        return _detail(pages, made)
    return form_page(
        request,
        pages,
        form,
        title=f"Copy {document}",
        submit=f"Copy {pages.noun}",
        document=document,
        intro=intro,
    )


def archive_action(request, pages: DocumentPages, document: Document, archive):
    """Archive a document (a POST): it leaves the list; records that use it keep it."""
    try:
        archive()
    except ValidationError as error:
        return _refused(request, pages, document, error, f"The {pages.noun} was not archived.")
    messages.success(request, f"{pages.noun.capitalize()} “{document}” archived. {pages.archived}")
    return redirect(pages.url("list"))


def make_default_action(request, pages: DocumentPages, document: Document, make_default):
    """Make a document its kind's default (a POST)."""
    try:
        make_default()
    except ValidationError as error:
        return _refused(request, pages, document, error, "The default did not change.")
    messages.success(request, f"“{document}” is now the default {pages.noun}.")
    return _detail(pages, document)


# --- Its parts ----------------------------------------------------------------------------------
def _fixed(request, pages: DocumentPages, document: Document, refuse_changes):
    """Parts of a fixed document cannot change: say why and go back to it (else None)."""
    try:
        refuse_changes(document)
    except ValidationError as error:
        return _refused(request, pages, document, error)
    return None


def part_add_page(request, pages: DocumentPages, document: Document, form, add, refuse_changes):
    """Add a part at the end of a document whose parts may still change."""
    if refused := _fixed(request, pages, document, refuse_changes):
        return refused
    if part := submitted(request, form, add):
        messages.success(request, f"{pages.part.capitalize()} “{part}” added.")
        return _detail(pages, document)
    title, submit = f"Add a {pages.part}", f"Add {pages.part}"
    return form_page(request, pages, form, title=title, submit=submit, document=document)


def part_edit_page(
    request, pages: DocumentPages, document: Document, part, form, update, refuse_changes
):
    """Change a part of a document whose parts may still change."""
    if refused := _fixed(request, pages, document, refuse_changes):
        return refused
    if submitted(request, form, update):
        messages.success(request, f"{pages.part.capitalize()} “{part}” saved.")
        return _detail(pages, document)
    title, submit = f"Edit {pages.part} {part}", f"Save {pages.part}"
    return form_page(request, pages, form, title=title, submit=submit, document=document)


def part_remove_action(request, pages: DocumentPages, document: Document, part, delete):
    """Remove a part (a POST); its history keeps the record of it."""
    try:
        delete()
    except ValidationError as error:
        return _refused(request, pages, document, error, f"The {pages.part} was not removed.")
    messages.success(request, f"{pages.part.capitalize()} “{part}” removed.")
    return _detail(pages, document)
