"""URL patterns for signing MOUs (L5): send, void, sign, decline, verify and the executed PDF."""

from django.urls import path

from ..views import signing as views
from .mous import VERSION

urlpatterns: list = [
    path(VERSION + "executed/", views.mou_executed_document, name="mou-executed-document"),
    path(VERSION + "verify/", views.mou_verify, name="mou-verify"),
    path(VERSION + "send/", views.mou_send, name="mou-send"),
    path(VERSION + "void/", views.mou_void, name="mou-void"),
    path(VERSION + "sign/", views.mou_sign, name="mou-sign"),
    path(VERSION + "decline/", views.mou_decline, name="mou-decline"),
]
