"""Throughcare's URLs. Every page needs sign-in unless its view is marked login_not_required."""

from django.urls import include, path

from throughcare.api import api
from throughcare.core.urls_public import public_api_urls
from throughcare.core.views import api_index
from throughcare.directory.oruk.urls import urls as openreferral_urls

urlpatterns = [
    path("", include("throughcare.core.urls")),
    path("account/", include("throughcare.accounts.urls")),
    path("directory/", include("throughcare.directory.urls")),
    path("find-support/", include("throughcare.matching.urls")),
    path("people/", include("throughcare.people.urls")),
    path("people/", include("throughcare.myplan.urls_staff")),
    path("referrals/", include("throughcare.referrals.urls")),
    path("referrals/", include("throughcare.outcomes.urls")),
    path("appointments/", include("throughcare.appointments.urls")),
    path("", include("throughcare.continuity.urls")),
    path("", include("throughcare.notices.urls")),
    path("insight/", include("throughcare.insight.urls")),
    path("rights/", include("throughcare.rights.urls")),
    # Find support: the public's own pages, no sign-in (each view is marked login_not_required).
    path("support/", include("throughcare.public.urls")),
    # A person's own plan: their own sign-in by emailed link and one-time code, no staff session.
    path("my-plan/", include("throughcare.myplan.urls")),
    # Asking a service to get in touch (public, under /support/) and the service's requests.
    path("", include("throughcare.selfreferrals.urls")),
    # What a person says about a service (from their plan), and its disclosure-controlled summary.
    path("", include("throughcare.feedback.urls")),
    path("api/v1/", api_index, name="api-index"),
    # The API authenticates each request with a bearer token instead of the session.
    path("api/v1/", public_api_urls(api.urls)),
    # The Open Referral UK API is public: published directory entries only, no sign-in.
    path("openreferral/", public_api_urls(openreferral_urls())),
]

handler400 = "throughcare.core.views.bad_request"
handler403 = "throughcare.core.views.forbidden"
handler404 = "throughcare.core.views.not_found"
handler500 = "throughcare.core.views.server_error"
