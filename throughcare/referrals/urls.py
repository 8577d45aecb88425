from django.urls import path

from throughcare.referrals import views, views_check, views_notes
from throughcare.referrals.fhir.views import referral_fhir_download

app_name = "referrals"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/<uuid:service_id>/", views.referral_start, name="start"),
    path("<uuid:referral_id>/", views.referral_detail, name="detail"),
    path("<uuid:referral_id>/move/", views.referral_transition, name="transition"),
    path("<uuid:referral_id>/waiting-list/", views.waitlist_update, name="waitlist"),
    path("<uuid:referral_id>/edit/", views.referral_edit, name="edit"),
    path("<uuid:referral_id>/consent/", views.consent_record, name="consent"),
    path("<uuid:referral_id>/check-answers/", views_check.referral_check_answers, name="check-answers"),
    path("<uuid:referral_id>/notes/", views_notes.case_note_add, name="note-add"),
    path("<uuid:referral_id>/notes/<uuid:note_id>/edit/", views_notes.case_note_edit, name="note-edit"),
    path("<uuid:referral_id>/fhir/", referral_fhir_download, name="fhir"),
]
