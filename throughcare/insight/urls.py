from django.urls import path

from throughcare.insight import views
from throughcare.insight.catalogue import VIEWS

app_name = "insight"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("methods/", views.methods, name="methods"),
    path("charts/<str:token>/<slug:variant>.svg", views.chart, name="chart"),
    *(path(f"{slug}/", views.insight_view(slug), name=slug) for slug in VIEWS),
]
