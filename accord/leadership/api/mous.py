"""The leadership API: mous."""

from ninja import Router

router = Router()
