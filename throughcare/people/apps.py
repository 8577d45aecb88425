from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "throughcare.people"
    label = "people"
    verbose_name = "People and the team around them"
