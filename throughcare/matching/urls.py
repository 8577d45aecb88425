from django.urls import path

from throughcare.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.find_support, name="find-support"),
]
