import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from throughcare.core.models import AuditEvent
from throughcare.people import selectors as people_selectors
from throughcare.rights.graph import models_about_a_person

pytestmark = pytest.mark.django_db

EXPECTED_WITH_ROWS = {
    "people.person",
    "people.careteammember",
    "referrals.referral",
    "referrals.referraltransition",
    "referrals.consent",
    "notices.notice",
    "appointments.appointment",
}


def _unzip(content: bytes) -> tuple[str, dict]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["record.html", "record.json"]
        return archive.read("record.html").decode(), json.loads(archive.read("record.json"))


def test_the_dpo_downloads_everything_held_and_the_download_is_audited(client, dpo, referrer, supported):
    people_selectors.person_for(referrer, supported.pk)  # a read, for the access log
    client.force_login(dpo)
    response = client.post(reverse("rights:export", args=[supported.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"subject-access-{supported.pk}" in response["Content-Disposition"]
    html, data = _unzip(response.content)

    assert set(data["sections"]) == {model._meta.label_lower for model in models_about_a_person()}
    for label in EXPECTED_WITH_ROWS:
        assert data["sections"][label]["rows"], f"{label} missing from the export"
    assert data["sections"]["people.person"]["rows"][0]["family_name"] == supported.family_name
    referral = data["sections"]["referrals.referral"]["rows"][0]
    assert referral["person"] == {"id": str(supported.pk), "name": supported.full_name}
    assert any(e["verb"] == "person.viewed" and e["who"] == str(referrer) for e in data["access_log"])
    # What each event did reads as the audit registry's sentence for its verb.
    assert {e["what"] for e in data["access_log"] if e["verb"] == "person.viewed"} == {
        "Viewed a person's record"
    }

    assert supported.full_name in html
    assert "Consents (1)" in html
    assert "Who viewed or changed this record" in html

    event = AuditEvent.objects.filter(verb="person.subject_access_exported").get()
    assert event.target_id == str(supported.pk)
    assert event.actor_id == dpo.pk
    assert event.payload["rows"]["referrals.consent"] == 1
    # Counts and table names only: no personal details in the audit trail.
    assert supported.family_name not in json.dumps(event.payload)


def test_the_export_leaves_out_other_peoples_records(client, dpo, referrer, receiver, service, supported):
    from throughcare.appointments.tests.helpers import accepted

    someone_else = accepted(referrer, receiver, service).person
    client.force_login(dpo)
    _, data = _unzip(client.post(reverse("rights:export", args=[supported.pk])).content)
    referral_people = {row["person"]["id"] for row in data["sections"]["referrals.referral"]["rows"]}
    assert referral_people == {str(supported.pk)}
    assert someone_else.family_name not in json.dumps(data)


def test_the_command_writes_the_same_archive(tmp_path, supported):
    output = tmp_path / "request.zip"
    call_command("subject_access", str(supported.pk), str(output))
    _, data = _unzip(output.read_bytes())
    assert data["person_id"] == str(supported.pk)
    assert data["sections"]["referrals.referral"]["rows"]
    assert AuditEvent.objects.filter(verb="person.subject_access_exported", payload__via="command").exists()


def test_the_command_explains_a_bad_person_or_folder(tmp_path, supported):
    with pytest.raises(CommandError, match="is not a Throughcare person id"):
        call_command("subject_access", "not-an-id", str(tmp_path / "a.zip"))
    with pytest.raises(CommandError, match="No person has the id"):
        call_command("subject_access", "00000000-0000-4000-8000-000000000000", str(tmp_path / "a.zip"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("subject_access", str(supported.pk), str(tmp_path / "missing" / "a.zip"))
