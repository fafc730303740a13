from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "accord.partnerships"
    label = "partnerships"

    def ready(self) -> None:
        from accord.core.home import HomePanel, register_home_panel

        from .queries import home_partnerships

        register_home_panel(
            HomePanel(
                key="partnerships",
                template="partnerships/_home_partnerships.html",
                context=lambda request: {"partnerships": home_partnerships(request.user)},
                order=50,
            )
        )
