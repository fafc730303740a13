"""Print the demo logins that `accord seed --demo` creates, and what each one can see.

The demo password and the list of demo logins are defined here, once: the seed imports them.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accord.core.access import ROLE_PERMISSIONS, Perm, Role
from accord.partnerships.models import Partnership, PartnershipRole

# The one password of every demo login. A demo database only: never reuse it anywhere real.
DEMO_PASSWORD = "accord-demo-2026"

# Username -> the role it demonstrates, in the order the README and this command list them.
DEMO_LOGINS: dict[str, str] = {
    "admin": "Platform administrator",
    "steward": Role.STEWARD.label,
    "director": Role.PROJECT_DIRECTOR.label,
    "leader": Role.LEADER.label,
    "contributor": Role.CONTRIBUTOR.label,
    "stakeholder": Role.STAKEHOLDER.label,
    "viewer": Role.VIEWER.label,
    "outsider": "No role (outsider)",
}


def _can_do(role: str) -> str:
    perms = ROLE_PERMISSIONS[role]
    if perms == frozenset(Perm.values):
        return "manages everything in it"
    if Perm.CHANGE in perms:
        return "adds records, edits its details"
    if Perm.CONTRIBUTE in perms:
        return "adds records"
    return "reads only"


def login_rows() -> list[tuple[str, str, str, str]]:
    """(username, password, role, what they can see) for each demo login in the database."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LOGINS)}
    rows = []
    for username, role_label in DEMO_LOGINS.items():
        user = users.get(username)
        if user is None:
            continue
        if user.is_superuser:
            count = Partnership.objects.count()
            sees = f"every partnership ({count}) and everything in Accord"
        else:
            roles = (
                PartnershipRole.objects.active()
                .filter(person__user=user, partnership__archived_at__isnull=True)
                .select_related("partnership")
                .order_by("partnership__title", "role")
            )
            parts = [f"{r.partnership.title} ({_can_do(r.role)})" for r in roles]
            sees = "; ".join(parts) if parts else "the directory only; no partnership"
        rows.append((username, DEMO_PASSWORD, role_label, sees))
    return rows


class Command(BaseCommand):
    help = "Print the demo logins (username, password, role, what they can see)."

    def handle(self, *args, **options):
        rows = login_rows()
        if not rows:
            self.stdout.write("No demo logins yet: run `accord seed --demo` first.")
            return
        header = ("Username", "Password", "Role", "What they can see")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        line = "  ".join("-" * w for w in widths) + "  " + "-" * len(header[3])
        self.stdout.write("Demo logins (sign in at the address below):")
        cells = [h.ljust(w) for h, w in zip(header[:3], widths, strict=True)]
        self.stdout.write("  ".join([*cells, header[3]]))
        self.stdout.write(line)
        for row in rows:
            cells = [cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)]
            self.stdout.write("  ".join([*cells, row[3]]))
