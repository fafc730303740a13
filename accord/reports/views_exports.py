"""CSV and XLSX exports of the lists (issue 15, item 6): the directory's, and a partnership's.

`/exports/<table>.<csv|xlsx>` exports a directory list (organizations, people) for anyone signed
in; `/partnerships/<pk>/exports/<table>.<csv|xlsx>` a partnership's list for anyone who sees the
partnership (404 otherwise). The GET parameters are the list page's filters. What is in the file
is decided by accord/reports/export_tables.py, through the policy.
"""

from django.contrib.auth.decorators import login_required

from accord.core.access import Perm, require
from accord.partnerships.access import partnership_or_404

from . import exports

DIRECTORY_VIEW = "directory.view"


@login_required
def directory_export(request, table, fmt):
    found = exports.table_or_404(table, "directory")
    require(request.user, DIRECTORY_VIEW)
    return exports.response(found, request.user, None, request.GET, fmt)


@login_required
def partnership_export(request, pk, table, fmt):
    partnership = partnership_or_404(request, pk, Perm.VIEW)
    found = exports.table_or_404(table, "partnership")
    return exports.response(found, request.user, partnership, request.GET, fmt)
