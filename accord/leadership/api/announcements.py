"""The leadership API: announcements."""

from ninja import Router

router = Router()
