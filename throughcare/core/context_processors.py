from django.conf import settings

from throughcare.core.navigation import navigation_for
from throughcare.core.permissions import Permission, has_permission


def service(request):
    context = {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["navigation"] = navigation_for(request)
        # The account area offers API tokens only to roles that may use the API.
        context["can_use_api"] = has_permission(request.user, Permission.USE_API)
    return context
