from django.conf import settings

from throughcare.core.navigation import navigation_for


def service(request):
    context = {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["navigation"] = navigation_for(request)
    return context
