"""Helpers the engagement tests share (R4, R5)."""

import json
from datetime import timedelta

from django.utils import timezone

from accord.relationships import services_engagements as services
from accord.relationships.models import ActionItem, Engagement, EngagementAttendee

API = "/api/v1/partnerships/{}/engagements"


def call(client, method, address, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, address, data, content_type="application/json", **headers)


def field_errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def counts():
    return (
        Engagement.objects.count(),
        EngagementAttendee.objects.count(),
        ActionItem.objects.count(),
    )


def engagement(partnership, days_ago=10, **values):
    return services.engagement_create(
        partnership=partnership,
        title=values.pop("title", "Quarterly meeting"),
        starts_at=timezone.now() - timedelta(days=days_ago),
        **values,
    )
