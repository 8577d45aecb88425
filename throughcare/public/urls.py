from django.urls import path

from throughcare.public import views

app_name = "public"

urlpatterns = [
    path("", views.find_support, name="find-support"),
    path("services/<uuid:service_id>/", views.service_page, name="service"),
]
