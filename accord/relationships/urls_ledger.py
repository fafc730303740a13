"""URL patterns of the input ledger (R6): inside a partnership, and its two public pages."""

from django.urls import path

from . import views_ledger as views

BASE = "partnerships/<int:pk>/ledger/"
ONE = BASE + "<int:item_pk>/"
PUBLIC = "public/partnerships/<int:pk>/"

urlpatterns = [
    path(BASE, views.ledger, name="ledger"),
    path(BASE + "add/", views.input_add, name="input-add"),
    path(BASE + "settings/", views.ledger_settings, name="ledger-settings"),
    path(BASE + "consultations/add/", views.consultation_add, name="consultation-add"),
    path(ONE, views.input_detail, name="input-detail"),
    path(ONE + "assign/", views.input_assign, name="input-assign"),
    path(ONE + "acknowledge/", views.input_acknowledge, name="input-acknowledge"),
    path(ONE + "respond/", views.input_respond, name="input-respond"),
    path(ONE + "close/", views.input_close, name="input-close"),
    path(ONE + "reopen/", views.input_reopen, name="input-reopen"),
    path(ONE + "publish/", views.input_publish, name="input-publish"),
    path(ONE + "archive/", views.input_archive, name="input-archive"),
    path(ONE + "actions/add/", views.input_action_add, name="input-action-add"),
    path(
        ONE + "actions/<int:action_pk>/remove/",
        views.input_action_remove,
        name="input-action-remove",
    ),
    path(PUBLIC + "input/", views.public_input, name="public-input"),
    path(PUBLIC + "you-said-we-did/", views.you_said_we_did, name="you-said-we-did"),
]
