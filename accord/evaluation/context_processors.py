"""Template context for every page: whether the navigation shows the portfolio."""

from django.utils.functional import SimpleLazyObject


def portfolio(request) -> dict:
    """`portfolio_in_nav`: for a platform administrator (no query) and for whoever sees at least
    two partnerships (one query that stops at the second, only when the navigation is drawn)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def several() -> bool:
        from .portfolio import sees_several

        return sees_several(user)

    return {"portfolio_in_nav": SimpleLazyObject(several)}
