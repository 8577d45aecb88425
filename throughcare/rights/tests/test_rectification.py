import json
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.people import services as people_services
from throughcare.people.details import PersonDetails
from throughcare.rights.models import Rectification

pytestmark = pytest.mark.django_db


def test_a_dpo_corrects_a_detail_with_a_reason_and_the_log_keeps_old_and_new(client, dpo, supported):
    old_name = supported.family_name
    client.force_login(dpo)
    url = reverse("rights:correct", args=[supported.pk])
    response = client.post(
        url, {"field_name": "family_name", "value": "Okafor", "reason": "Asked on 3 March 2026"}
    )
    assert response.status_code == 302
    supported.refresh_from_db()
    assert supported.family_name == "Okafor"
    logged = Rectification.objects.get(person=supported)
    assert (logged.field_name, logged.old_value, logged.new_value) == ("family_name", old_name, "Okafor")
    assert logged.reason == "Asked on 3 March 2026"
    assert logged.corrected_by == dpo
    assert logged.organisation_id == dpo.current_organisation_id
    # The audit trail names the field, never the values.
    event = AuditEvent.objects.filter(verb="person.updated", target_id=str(supported.pk)).get()
    assert event.payload == {"fields": ["family_name"]}
    assert old_name not in json.dumps(event.payload)

    page = client.get(reverse("rights:person", args=[supported.pk])).content.decode()
    assert "Asked on 3 March 2026" in page
    archive = zipfile.ZipFile(BytesIO(client.post(reverse("rights:export", args=[supported.pk])).content))
    rows = json.loads(archive.read("record.json"))["sections"]["rights.rectification"]["rows"]
    assert rows[0]["old_value"] == old_name


def test_a_dpo_must_say_why_and_gets_the_services_own_message_on_the_value(client, dpo, supported):
    client.force_login(dpo)
    url = reverse("rights:correct", args=[supported.pk])
    response = client.post(url, {"field_name": "family_name", "value": "Okafor", "reason": " "})
    assert response.status_code == 422
    assert "Enter why you are correcting this record" in response.content.decode()
    response = client.post(url, {"field_name": "nhs_number", "value": "123", "reason": "Asked"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_value-error"' in page
    assert not Rectification.objects.exists()


def test_the_service_refuses_a_dpo_correction_without_a_reason(dpo, supported):
    from django.core.exceptions import ValidationError

    changed = PersonDetails.of(supported)
    changed.preferred_name = "Sam"
    with pytest.raises(ValidationError) as raised:
        people_services.person_update(actor=dpo, person=supported, details=changed)
    assert raised.value.message_dict == {"reason": ["Enter why you are correcting this record"]}


def test_practitioners_ordinary_edits_still_work_and_are_logged_without_a_reason(referrer, supported):
    changed = PersonDetails.of(supported)
    changed.phone = "07700 900123"
    people_services.person_update(actor=referrer, person=supported, details=changed)
    logged = Rectification.objects.get(person=supported)
    assert (logged.field_name, logged.old_value, logged.reason) == ("phone", "", "")
    assert logged.corrected_by == referrer
