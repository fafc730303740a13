"""The sections of a partnership's pages, shown as its navigation.

The partnership app owns the overview; each pillar app adds its own sections (its pages inside
a partnership) from its AppConfig.ready, so that this app never imports the pillars.
"""

from dataclasses import dataclass

from accord.core.access import Perm
from accord.core.paths import object_url


@dataclass(frozen=True)
class Section:
    """One page of a partnership, as a tab in its navigation."""

    key: str
    label: str
    url_name: str  # reversed with the partnership's pk as its only argument
    order: int
    permission: str = Perm.VIEW


SECTIONS: dict[str, Section] = {
    "overview": Section("overview", "Overview", "partnerships:detail", 0),
}


def register_section(section: Section) -> None:
    """Add or replace a section (called from a pillar app's AppConfig.ready)."""
    SECTIONS[section.key] = section


@dataclass(frozen=True)
class SectionLink:
    """A section as the navigation shows it."""

    key: str
    label: str
    url: str


def sections_for(partnership, permissions: set[str]) -> tuple[SectionLink, ...]:
    """The sections a person with `permissions` sees for `partnership`, in order (plain data:
    the navigation is rendered once for each set of links, `{% pure %}`)."""
    return tuple(
        SectionLink(section.key, section.label, object_url(section.url_name, partnership.pk))
        for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.label))
        if section.permission in permissions
    )
