from django.urls import path

from throughcare.core import views
from throughcare.home.views import home

app_name = "core"

urlpatterns = [
    path("", home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("audit/", views.audit_list, name="audit-list"),
]
