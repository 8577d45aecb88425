from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "throughcare.feedback"
    label = "feedback"
    verbose_name = "What people say about services"
