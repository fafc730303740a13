"""Helpers the input ledger tests share (R6)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accord.relationships import services_ledger as services
from accord.relationships.models import Consultation, Input, InputAction, LedgerSettings

API = "/api/v1/partnerships/{}/inputs"


def counts():
    return (
        Input.objects.count(),
        Consultation.objects.count(),
        InputAction.objects.count(),
        LedgerSettings.objects.count(),
    )


def recorded(partnership, days_ago=3, **values):
    values.setdefault("subject", "Bus to campus")
    values.setdefault("text", "There is no bus on Saturdays.")
    return services.input_record(
        partnership=partnership, received_at=timezone.now() - timedelta(days=days_ago), **values
    )


def form_on(partnership, **values):
    return services.settings_set(
        partnership=partnership,
        ack_days=values.get("ack_days", 5),
        response_days=values.get("response_days", 30),
        public_form=True,
        form_question=values.get("form_question", "What should we know?"),
    )


def form_url(partnership):
    return reverse("relationships:public-input", args=[partnership.pk])


def page_url(partnership):
    return reverse("relationships:you-said-we-did", args=[partnership.pk])
