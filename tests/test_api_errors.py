"""The API's one error shape names the field as people know it."""

from accord.core.api_errors import _field_from_loc


def test_location_parts_are_dropped_from_the_front_only():
    assert _field_from_loc(("body", "payload", "name")) == "name"
    assert _field_from_loc(("body", "payload", "body")) == "body"
    assert _field_from_loc(("query", "filters", "page_size")) == "page_size"
    assert _field_from_loc(("body", "payload", "values", 3)) == "values.3"
    assert _field_from_loc(("body",)) == "__all__"


def test_the_body_as_a_whole_is_called_body():
    assert _field_from_loc(("body", "payload")) == "body"
