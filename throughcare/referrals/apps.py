from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "throughcare.referrals"
    label = "referrals"
    verbose_name = "Closed-loop referrals"
