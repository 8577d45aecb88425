"""The JSON API under /api/v1/: bearer-token authentication, JSON errors, and each app's router."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from throughcare.accounts.api import router as accounts_router
from throughcare.accounts.tokens import authenticated_token
from throughcare.api_links import FLOWS
from throughcare.appointments.api import router as appointments_router
from throughcare.continuity.api import router as continuity_router
from throughcare.core.api_errors import add_common_error_handlers, json_error
from throughcare.core.openapi_document import complete_document
from throughcare.core.rate_limits import Limit, RateLimitedError, hit
from throughcare.insight.api import router as insight_router
from throughcare.matching.api import router as matching_router
from throughcare.notices.api import router as notices_router
from throughcare.outcomes.api import router as outcomes_router
from throughcare.people.api import router as people_router
from throughcare.people.api_programmes import router as programmes_router
from throughcare.people.api_residence import router as residence_router
from throughcare.people.api_screening import router as opd_screening_router
from throughcare.referrals.api import router as referrals_router
from throughcare.referrals.consent_sharing import WITHDRAWN_MESSAGE, SharingWithdrawnError
from throughcare.referrals.fhir.api import router as referrals_fhir_router


class BearerToken(HttpBearer):
    """Authorization: Bearer tc_<prefix>_<secret>, issued by `manage.py issue_token`."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = authenticated_token(token)
        if api_token is None:
            return None
        # Counted per token once it is known to be genuine, so nobody can spend another's allowance.
        wait = hit("api-token", api_token.prefix, Limit.from_setting("API_TOKEN_RATE_LIMIT"))
        if wait is not None:
            raise RateLimitedError(wait)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class ThroughcareApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return complete_document(schema, signed_in=True, flows=FLOWS)


api = ThroughcareApi(
    title="Throughcare API",
    version="1",
    description=(
        "Throughcare's JSON API for probation, prison and provider systems. "
        "Authenticate with `Authorization: Bearer <token>`. Errors are JSON with a `detail` field; "
        "validation errors list each field's problem."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
)


def _error(request, detail, status: int, **extra):
    return json_error(api, request, detail, status, **extra)


add_common_error_handlers(api)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    response = _error(request, "Authentication required: send a valid, unexpired bearer token.", 401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(RateLimitedError)
def on_rate_limited(request, exc: RateLimitedError):
    s = "s" if exc.retry_after != 1 else ""
    response = _error(request, f"Too many requests: try again in {exc.retry_after} second{s}.", 429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(NinjaValidationError)
def on_invalid(request, exc):
    return _error(request, "The request did not validate.", 422, errors=exc.errors)


@api.exception_handler(ValidationError)
def on_domain_invalid(request, exc: ValidationError):
    # A GET has no body: its fields are query parameters.
    where = "query" if request.method == "GET" else "body"
    if hasattr(exc, "error_dict"):
        errors = [{"loc": [where, field], "msg": " ".join(msgs)} for field, msgs in exc.message_dict.items()]
    else:
        errors = [{"loc": [where], "msg": msg} for msg in exc.messages]
    return _error(request, "The request did not validate.", 422, errors=errors)


@api.exception_handler(SharingWithdrawnError)
def on_sharing_withdrawn(request, exc):
    return _error(request, f"{WITHDRAWN_MESSAGE}.", 403)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, "Your role does not allow this.", 403)


api.add_router("/", accounts_router)
api.add_router("/", matching_router)
api.add_router("/", people_router)
api.add_router("/", opd_screening_router)
api.add_router("/", programmes_router)
api.add_router("/", residence_router)
api.add_router("/", appointments_router)
api.add_router("/", referrals_router)
api.add_router("/", referrals_fhir_router)
api.add_router("/", continuity_router)
api.add_router("/", notices_router)
api.add_router("/", outcomes_router)
api.add_router("/", insight_router)
