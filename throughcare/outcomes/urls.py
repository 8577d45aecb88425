from django.urls import path

from throughcare.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("<uuid:referral_id>/outcomes/record/", views.outcome_record, name="record"),
    path("<uuid:referral_id>/outcomes/summary/", views.summary_write, name="summary"),
]
