"""The person's own plan, with no staff sign-in: each view is marked login_not_required and checks
the person's own session (myplan.selectors.person_session) instead."""

from django.urls import path

from throughcare.myplan import views, views_sharing

app_name = "myplan"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("print/", views.print_plan, name="print"),
    path("start/<str:secret>/", views.start, name="start"),
    path("start/<str:secret>/code/", views.enter_code, name="code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("stop/", views.stop, name="stop"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("reminders/", views.reminders, name="reminders"),
    path("sharing/", views_sharing.sharing_list, name="sharing"),
    path("sharing/<uuid:referral_id>/", views_sharing.sharing_one, name="sharing-one"),
    path("reminders/stop/<str:token>/", views.reminders_stop, name="reminders-stop"),
]
