from django.urls import path

from throughcare.accounts import admin_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("password-reset/", views.ResetRequestView.as_view(), name="reset-request"),
    path("password-reset/sent/", views.ResetSentView.as_view(), name="reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="reset-confirm"),
    path("password-reset/complete/", views.ResetCompleteView.as_view(), name="reset-complete"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<uuid:organisation_id>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/new/", admin_views.organisation_create, name="organisation-create"),
    path(
        "organisations/<uuid:organisation_id>/rename/",
        admin_views.organisation_rename,
        name="organisation-rename",
    ),
    path(
        "organisations/<uuid:organisation_id>/areas/",
        admin_views.organisation_areas,
        name="organisation-areas",
    ),
    path(
        "organisations/<uuid:organisation_id>/deactivate/",
        admin_views.organisation_deactivate,
        name="organisation-deactivate",
    ),
    path("organisations/<uuid:organisation_id>/invite/", admin_views.invite, name="invite"),
    path("memberships/<uuid:membership_id>/role/", admin_views.membership_role, name="membership-role"),
    path("memberships/<uuid:membership_id>/end/", admin_views.membership_end, name="membership-end"),
    path("users/<uuid:user_id>/deactivate/", admin_views.user_deactivate, name="user-deactivate"),
    path("api-tokens/", views.token_list, name="token-list"),
    path("api-tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
