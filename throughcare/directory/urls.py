from django.urls import path

from throughcare.directory.views import feeds, finding, locations, manage

app_name = "directory"

urlpatterns = [
    path("services/", finding.service_search, name="search"),
    path("services/<uuid:service_id>/", finding.service_detail, name="service-detail"),
    path("your-services/", manage.your_services, name="your-services"),
    path("your-services/new/", manage.service_create, name="service-create"),
    path("your-services/<uuid:service_id>/edit/", manage.service_edit, name="service-edit"),
    path("your-services/<uuid:service_id>/areas/", manage.service_areas, name="service-areas"),
    path("your-services/<uuid:service_id>/confirm/", manage.service_confirm, name="service-confirm"),
    path("your-services/<uuid:service_id>/locations/", locations.service_locations, name="service-locations"),
    path(
        "your-services/<uuid:service_id>/locations/<uuid:location_id>/remove/",
        locations.service_location_unlink,
        name="service-location-unlink",
    ),
    path("your-services/locations/new/", locations.location_create, name="location-create"),
    path("your-services/locations/<uuid:location_id>/edit/", locations.location_edit, name="location-edit"),
    # Council Open Referral feeds, kept in step by the scheduled sync (administrators only).
    path("feeds/", feeds.feed_list, name="feed-list"),
    path("feeds/new/", feeds.feed_register, name="feed-register"),
    path("feeds/<uuid:feed_id>/", feeds.feed_change, name="feed-change"),
]
