"""Staff give a person access to their own plan, and end it (under /people/)."""

from django.urls import path

from throughcare.myplan import views_staff

app_name = "myplan-staff"

urlpatterns = [
    path("<uuid:person_id>/plan-access/", views_staff.give_access, name="give"),
    path("plan-access/<uuid:access_id>/end/", views_staff.end_access, name="end"),
    path("plan-access/<uuid:access_id>/text-reminders/", views_staff.text_reminders, name="text-reminders"),
]
