from django.urls import path

from throughcare.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/<uuid:service_id>/", views.referral_start, name="start"),
    path("<uuid:referral_id>/", views.referral_detail, name="detail"),
    path("<uuid:referral_id>/move/", views.referral_transition, name="transition"),
    path("<uuid:referral_id>/edit/", views.referral_edit, name="edit"),
    path("<uuid:referral_id>/consent/", views.consent_record, name="consent"),
]
