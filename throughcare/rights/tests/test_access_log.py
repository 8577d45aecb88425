import pytest
from django.urls import reverse

from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.permissions import Role
from throughcare.people import selectors as people_selectors
from throughcare.people.tests.helpers import person_in
from throughcare.referrals import selectors as referral_selectors
from throughcare.rights import selectors

pytestmark = pytest.mark.django_db


def test_the_lead_organisation_sees_who_read_the_person_and_their_referrals(
    client, referrer, receiver, supported
):
    people_selectors.person_for(referrer, supported.pk)
    referral = supported.referrals.get()
    referral_selectors.referral_for(receiver, referral.pk)
    client.force_login(referrer)
    response = client.get(reverse("rights:access-log", args=[supported.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Person viewed" in page
    assert "Referral viewed" in page
    assert str(receiver) in page
    assert receiver.current_organisation.name in page


def test_another_persons_reads_are_not_listed(referrer, supported):
    other = person_in(referrer.current_organisation)
    people_selectors.person_for(referrer, other.pk)
    listed = selectors.access_events(supported)
    assert not listed.filter(target_id=str(other.pk)).exists()


def test_pages_run_newest_first_and_meet_without_gaps(referrer, supported):
    for _ in range(7):
        people_selectors.person_for(referrer, supported.pk)
    everything = list(selectors.access_events(supported).values_list("id", flat=True))
    seen, before = [], None
    while True:
        page = selectors.access_page(referrer, supported, before=before, page_size=3)
        seen.extend(entry.id for entry in page.entries)
        if page.next_before is None:
            break
        before = page.next_before
    # Reading the pages is itself recorded, after the events it shows.
    assert seen == everything
    assert seen == sorted(seen, reverse=True)


def test_the_page_costs_the_same_however_many_views(
    client, django_assert_max_num_queries, referrer, supported
):
    client.force_login(referrer)
    url = reverse("rights:access-log", args=[supported.pk])
    # One query per kind of record about the person (the walk), the page of events, and the usual few.
    from throughcare.rights.graph import models_about_a_person

    budget = len(models_about_a_person()) + 9
    for count in (3, 60):
        for _ in range(count):
            people_selectors.person_for(referrer, supported.pk)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_team_members_who_do_not_lead_and_other_dpos_are_told_it_is_not_there(
    client, make_user, receiver, supported
):
    client.force_login(receiver)  # the receiving service works with them, but does not lead their team
    assert client.get(reverse("rights:access-log", args=[supported.pk])).status_code == 404
    client.force_login(make_user(Role.DPO))
    assert client.get(reverse("rights:access-log", args=[supported.pk])).status_code == 404


def test_the_dpo_finds_people_their_organisation_supports_and_nobody_else(client, dpo, referrer, supported):
    elsewhere = person_in(
        OrganisationFactory(), family_name=supported.family_name, confirm_not_duplicate=True
    )
    client.force_login(dpo)
    page = client.get(reverse("rights:search"), {"q": supported.family_name}).content.decode()
    assert reverse("rights:person", args=[supported.pk]) in page
    assert reverse("rights:person", args=[elsewhere.pk]) not in page
    person_page = client.get(reverse("rights:person", args=[supported.pk])).content.decode()
    assert "Download everything held" in person_page
    assert client.get(reverse("people:detail", args=[supported.pk])).status_code == 403


def test_the_person_page_links_to_who_viewed_only_for_the_lead_organisation(
    client, make_user, referrer, supported
):
    from throughcare.people import services as people_services

    link = reverse("rights:access-log", args=[supported.pk])
    client.force_login(referrer)
    assert link in client.get(reverse("people:detail", args=[supported.pk])).content.decode()
    member = make_user(Role.PRACTITIONER)
    people_services.care_team_add(
        actor=None, person=supported, organisation=member.current_organisation, role="other"
    )
    client.force_login(member)
    assert link not in client.get(reverse("people:detail", args=[supported.pk])).content.decode()


def test_the_dpo_is_offered_the_rights_pages_and_no_casework(client, dpo):
    client.force_login(dpo)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("rights:search") in home
    assert reverse("people:list") not in home
    assert reverse("referrals:worklist") not in home


def test_being_shown_in_a_list_or_search_counts_as_a_view(referrer, supported):
    other = person_in(referrer.current_organisation)
    people_selectors.people_page_for(referrer, query=supported.family_name)
    people_selectors.people_page_for(referrer, query=other.family_name)
    verbs = list(
        selectors.access_events(supported).filter(verb="person.listed").values_list("payload", flat=True)
    )
    assert len(verbs) == 1
    assert str(supported.pk) in verbs[0]["person_ids"]
