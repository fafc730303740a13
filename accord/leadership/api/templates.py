"""The leadership API: templates."""

from ninja import Router

router = Router()
