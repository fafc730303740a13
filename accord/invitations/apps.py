from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    """Invitations: an administrator invites a person of the directory to open their account."""

    name = "accord.invitations"
    label = "invitations"
    verbose_name = "Invitations"

    def ready(self) -> None:
        from accord.core.waiting import register_waiting

        from .queries import requests_waiting

        # A steward's request waits on the administrators' home page until one sends or cancels.
        register_waiting("invitations.request", requests_waiting)

        from accord.core.access import can
        from accord.core.home import HomePanel, register_home_panel

        def links(request):
            send = can(request.user, "invitations.invitation.send")
            ask = not send and can(request.user, "invitations.invitation.ask")
            return {"send": send, "ask": ask} if send or ask else None

        register_home_panel(
            HomePanel("invitations", "invitations/_home_invitations.html", links, order=90)
        )
