from django.urls import path

from throughcare.continuity.court import views as court_views
from throughcare.continuity.custody import views as custody_views
from throughcare.continuity.orders import views as order_views
from throughcare.continuity.release import views as release_views

app_name = "continuity"

urlpatterns = [
    path("journey/<uuid:person_id>/", custody_views.journey, name="journey"),
    path("journey/<uuid:person_id>/reception/", custody_views.reception, name="reception"),
    path("journey/<uuid:person_id>/release/", custody_views.release, name="release"),
    path("journey/<uuid:person_id>/transfer/", custody_views.transfer, name="transfer"),
    path("journey/<uuid:person_id>/recall/", custody_views.recall, name="recall"),
    path("journey/<uuid:person_id>/re-release/", custody_views.re_release, name="re-release"),
    path("journey/<uuid:person_id>/orders/new/", order_views.order_create, name="order-create"),
    path(
        "journey/orders/<uuid:order_id>/requirements/new/",
        order_views.requirement_add,
        name="requirement-add",
    ),
    path(
        "journey/requirements/<uuid:requirement_id>/status/",
        order_views.requirement_status,
        name="requirement-status",
    ),
    path("journey/re-releases/<uuid:event_id>/", custody_views.paused_referrals, name="paused-referrals"),
    path("journey/<uuid:person_id>/probation/", custody_views.probation_change, name="probation-change"),
    path(
        "journey/orders/<uuid:order_id>/conditions/new/",
        order_views.licence_condition_add,
        name="condition-add",
    ),
    path("mhtr-register/", order_views.register, name="register"),
    path(
        "court/treatment-availability/",
        court_views.treatment_availability,
        name="court-treatment-availability",
    ),
    path("releases/", release_views.caseload, name="release-caseload"),
    path("releases/gaps/", release_views.caseload, {"gaps_only": True}, name="release-gaps"),
    path("journey/<uuid:person_id>/release-plan/", release_views.plan, name="release-plan"),
    path("journey/<uuid:person_id>/release-plan/start/", release_views.plan_start, name="release-plan-start"),
    path("journey/<uuid:person_id>/release-plan/print/", release_views.plan_print, name="release-plan-print"),
    path(
        "journey/<uuid:person_id>/release-plan/printable/",
        release_views.plan_printable,
        name="release-plan-printable",
    ),
    path("journey/release-plan/items/<uuid:item_id>/", release_views.plan_item, name="release-plan-item"),
]
