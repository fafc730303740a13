"""Pickers: a select of organizations or people that stays small however large the directory is.

A form field keeps its whole queryset (what may be chosen, and what validation accepts); its
`SearchSelect` widget renders every choice while there are at most `ACCORD_PICKER_LIMIT`, and
beyond that only the chosen ones and the first of the rest, with a search box above the select.
Typing in the box asks the same page for the matching choices (`?pick=<field>&q=<text>`), which
the view answers with `picker_response` from the very form it shows, so a picker offers exactly
what the form would accept. accord.js fills the select with the answer.
"""

from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import Http404, JsonResponse

MAX_QUERY = 100
# What a person picker searches: the name, the e-mail address and the organization's name.
PERSON_SEARCH = ("name", "email", "organization__name")


def picker_limit() -> int:
    return max(1, settings.ACCORD_PICKER_LIMIT)


class SearchSelect(forms.Select):
    """A model choice select that lists at most `ACCORD_PICKER_LIMIT` choices, plus a search box."""

    template_name = "forms/widgets/search_select.html"

    def __init__(self, *, search_fields=("name",), noun="an organization", attrs=None):
        super().__init__(attrs)
        self.search_fields = tuple(search_fields)
        self.noun = noun
        # Where the search asks (`?pick=`); None: the page the form is on.
        self.search_url = None

    def get_context(self, name, value, attrs):
        iterator = self.choices
        field = getattr(iterator, "field", None)
        picker = None
        if field is not None:
            total = field.queryset.count()
            limit = picker_limit()
            if total > limit:
                chosen = _pks(self.format_value(value))
                shown = list(field.queryset.filter(pk__in=chosen)) + list(
                    field.queryset.exclude(pk__in=chosen)[:limit]
                )
                blank = [("", field.empty_label)] if self._has_blank(field) else []
                self.choices = blank + [iterator.choice(obj) for obj in shown]
                picker = {
                    "total": total,
                    "shown": len(shown),
                    "noun": self.noun,
                    "label": field.label or name,
                    "url": self.search_url,
                }
        context = super().get_context(name, value, attrs)
        context["widget"]["picker"] = picker
        return context

    def _has_blank(self, field) -> bool:
        return not self.allow_multiple_selected and field.empty_label is not None


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    allow_multiple_selected = True


def _pks(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def picker_response(request, form) -> JsonResponse | None:
    """The choices of `form`'s picker that match `?q=`, when the request asks for them."""
    name = request.GET.get("pick")
    if name is None or request.method != "GET":
        return None
    field = form.fields.get(name)
    if field is None or not isinstance(field.widget, SearchSelect):
        raise Http404("No such choice list.")
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    queryset = field.queryset
    if text:
        terms = [Q(**{f"{path}__icontains": text}) for path in field.widget.search_fields]
        queryset = queryset.filter(reduce(or_, terms))
    limit = picker_limit()
    found = list(queryset[: limit + 1])
    options = [
        {"value": str(field.prepare_value(obj)), "label": field.label_from_instance(obj)}
        for obj in found[:limit]
    ]
    return JsonResponse({"options": options, "more": len(found) > limit})
