from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "throughcare.appointments"
    verbose_name = "Appointments"
