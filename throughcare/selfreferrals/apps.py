from django.apps import AppConfig


class SelfReferralsConfig(AppConfig):
    name = "throughcare.selfreferrals"
    label = "selfreferrals"
    verbose_name = "Requests to be contacted (self-referrals)"
