from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"

    def ready(self):
        from . import throttle  # noqa: F401  (connects the per-account failure count)
