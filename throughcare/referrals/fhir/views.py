"""The referral page's "Download as FHIR (NHS BaRS)" link: the API's message, as a file to save."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from throughcare.referrals.fhir.exchange import FHIR_JSON, referral_message_for


@require_GET
def referral_fhir_download(request, referral_id):
    # The same scoped, audited read as the API: either side of the referral, 404 for anyone else.
    response = HttpResponse(referral_message_for(request.user, referral_id), content_type=FHIR_JSON)
    response["Content-Disposition"] = f'attachment; filename="referral-{referral_id}.fhir.json"'
    return response
