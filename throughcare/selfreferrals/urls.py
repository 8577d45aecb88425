from django.urls import path

from throughcare.selfreferrals import views

app_name = "selfreferrals"

urlpatterns = [
    # The public's, under /support/ beside the service page.
    path("support/services/<uuid:service_id>/ask/", views.ask, name="ask"),
    path("support/services/<uuid:service_id>/asked/", views.asked, name="asked"),
    # The service's, under /referrals/ beside its other work.
    path("referrals/self-referrals/", views.request_list, name="list"),
    path("referrals/self-referrals/<uuid:self_referral_id>/", views.detail, name="detail"),
    path("referrals/self-referrals/<uuid:self_referral_id>/contacted/", views.contacted, name="contacted"),
    path("referrals/self-referrals/<uuid:self_referral_id>/close/", views.close, name="close"),
    path("referrals/self-referrals/<uuid:self_referral_id>/take-on/", views.take_on, name="take-on"),
]
