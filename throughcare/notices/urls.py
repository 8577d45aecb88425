from django.urls import path

from throughcare.notices import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/<uuid:notice_id>/clear/", views.clear, name="clear"),
]
