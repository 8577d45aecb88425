from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "throughcare.schedule"
    verbose_name = "Schedule"
