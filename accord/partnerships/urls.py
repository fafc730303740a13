from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("new/", views.partnership_create, name="create"),
    path("<int:pk>/", views.partnership_detail, name="detail"),
    path("<int:pk>/history/", views.partnership_history, name="history"),
    path("<int:pk>/edit/", views.partnership_edit, name="edit"),
    path("<int:pk>/archive/", views.partnership_archive, name="archive"),
    path("<int:pk>/transition/", views.partnership_transition, name="transition"),
    path("<int:pk>/members/add/", views.member_add, name="member-add"),
    path("<int:pk>/members/<int:membership_pk>/", views.member_edit, name="member-edit"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member-remove"),
    path("<int:pk>/roles/add/", views.role_add, name="role-add"),
    path("<int:pk>/roles/<int:role_pk>/remove/", views.role_remove, name="role-remove"),
]
