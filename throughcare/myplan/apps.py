from django.apps import AppConfig


class MyPlanConfig(AppConfig):
    name = "throughcare.myplan"
    label = "myplan"
    verbose_name = "The person's own plan"
