"""Existing records have no postcode, so their area of residence is not known. One honest source
exists: where a person's supervising probation delivery unit covers a single local authority, they
live in it. Only those are filled in, marked as coming from the PDU; everyone else stays 'not
recorded', and insight places their referrals by the services they were referred to."""

from django.db import migrations
from django.db.models import Count


def backfill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Order = apps.get_model("continuity", "Order")
    LocalAuthority = apps.get_model("geography", "LocalAuthority")
    single = {
        row["pdu_id"]: row["code"]
        for row in LocalAuthority.objects.filter(
            pdu_id__in=LocalAuthority.objects.values("pdu_id")
            .exclude(pdu_id=None)
            .annotate(n=Count("code"))
            .filter(n=1)
            .values("pdu_id")
        ).values("pdu_id", "code")
    }
    if not single:
        return
    # The latest order with a PDU speaks for where the person is supervised now.
    latest_pdu = {}
    for person_id, pdu_id in (
        Order.objects.exclude(pdu_id=None)
        .order_by("person_id", "starts_on")
        .values_list("person_id", "pdu_id")
    ):
        latest_pdu[person_id] = pdu_id
    for person in Person.objects.filter(
        pk__in=latest_pdu, residence_local_authority=None, residence_country=""
    ):
        code = single.get(latest_pdu[person.pk])
        if code:
            person.residence_local_authority_id = code
            person.residence_country = "ENG"
            person.residence_source = "probation_delivery_unit"
            person.save(update_fields=["residence_local_authority", "residence_country", "residence_source"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_person_area_of_residence"),
        ("continuity", "0001_initial"),
        ("geography", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
