from django.urls import path

from throughcare.people import (
    views,
    views_programmes,
    views_residence,
    views_restriction,
    views_screening,
    views_team_notices,
)

app_name = "people"

urlpatterns = [
    path("", views.people_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("team-notices/", views_team_notices.team_notices, name="team-notices"),
    path(
        "team-notices/<uuid:notice_id>/answer/",
        views_team_notices.team_notice_answer_view,
        name="team-notice-answer",
    ),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.person_edit, name="edit"),
    path("<uuid:person_id>/restrict/", views_restriction.restrict, name="restrict"),
    path("<uuid:person_id>/break-glass/", views_restriction.break_glass, name="break-glass"),
    path("<uuid:person_id>/care-team/add/", views.care_team_add, name="care-team-add"),
    path("<uuid:person_id>/residence/", views_residence.residence_edit, name="residence"),
    path("<uuid:person_id>/opd-screening/", views_screening.opd_screening_add, name="opd-screening-add"),
    path("<uuid:person_id>/programmes/add/", views_programmes.programme_add, name="programme-add"),
    path(
        "<uuid:person_id>/programmes/<uuid:membership_id>/end/",
        views_programmes.programme_end_view,
        name="programme-end",
    ),
    path("<uuid:person_id>/care-team/<uuid:member_id>/end/", views.care_team_end, name="care-team-end"),
    path(
        "<uuid:person_id>/care-team/<uuid:member_id>/lead/",
        views.care_team_set_lead,
        name="care-team-set-lead",
    ),
]
