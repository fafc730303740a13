"""The Communication map section of a partnership (R6): each member organization's contacts by
level and channel, from the partnership's roles, body seats and engagement attendees, and the
gaps: an organization with no contact at a level where the partnership works.

Read-only; the partnership is loaded through `partnership_or_404` (outsiders 404).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accord.partnerships.access import partnership_or_404

from . import queries_communication as queries
from .analysis_communication import CHANNELS


@login_required
def communication(request, pk):
    partnership = partnership_or_404(request, pk)
    view = queries.communication_of(partnership)
    levels = view.map.levels_worked
    rows = [
        {
            "row": row,
            "organization": view.organizations[row.organization],
            "preferences": view.preferences.get(row.organization, ""),
            "cells": [len(row.at(level)) for level in levels],
            "contacts": [
                {
                    "contact": contact,
                    "level": view.level_names.get(contact.level, contact.level),
                    "channels": [CHANNELS[c] for c in CHANNELS if c in contact.channels],
                }
                for contact in row.contacts
            ],
            "gaps": [
                {"gap": gap, "level": view.level_names.get(gap.level, gap.level)}
                for gap in row.gaps
            ],
        }
        for row in view.map.rows
    ]
    context = {
        "partnership": partnership,
        "map": view.map,
        "rows": rows,
        "levels_worked": [view.level_names.get(level, level) for level in levels],
        "rule": view.rule,
    }
    return render(request, "relationships/communication.html", context)
