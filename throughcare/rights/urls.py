from django.urls import path

from throughcare.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.search, name="search"),
    path("break-glass/", views.break_glass, name="break-glass"),
    path("break-glass/<uuid:access_id>/reviewed/", views.break_glass_reviewed, name="break-glass-reviewed"),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/export/", views.export, name="export"),
    path("people/<uuid:person_id>/correct/", views.correct, name="correct"),
    path("people/<uuid:person_id>/access/", views.access_log, name="access-log"),
]
