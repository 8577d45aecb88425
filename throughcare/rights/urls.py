from django.urls import path

from throughcare.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.search, name="search"),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/export/", views.export, name="export"),
    path("people/<uuid:person_id>/correct/", views.correct, name="correct"),
    path("people/<uuid:person_id>/access/", views.access_log, name="access-log"),
]
