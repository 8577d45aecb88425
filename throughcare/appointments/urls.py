from django.urls import path

from throughcare.appointments import views

app_name = "appointments"

urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("book/<uuid:referral_id>/", views.book, name="book"),
    path("<uuid:appointment_id>/attendance/", views.attendance, name="attendance"),
    path("<uuid:appointment_id>/reschedule/", views.reschedule, name="reschedule"),
    path("<uuid:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("<uuid:appointment_id>/concern/", views.concern, name="concern"),
]
