"""Every URL, for every role and for an anonymous visitor: the status each must get.

A URL added without a row here fails `test_every_url_is_in_the_matrix`. Pages a role may not use
answer 403; records outside the user's scope answer 404; the API answers 401 without a token.
"""

import re
import uuid
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from throughcare.accounts.models import ApiToken
from throughcare.accounts.services import token_issue
from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.appointments.tests.helpers import accepted, booked, started
from throughcare.continuity.tests.helpers import re_release_of, released_person, requirement_treated_by
from throughcare.continuity.tests.release_helpers import in_custody, planned
from throughcare.core.permissions import Role
from throughcare.directory import services as directory_services
from throughcare.directory.details import ServiceDetails
from throughcare.directory.models import DirectoryFeed
from throughcare.directory.tests.factories import LocationFactory, ServiceAtLocationFactory, vocabulary_terms
from throughcare.directory.vocabularies import NEEDS
from throughcare.insight import charts
from throughcare.myplan.reminders import stop_token
from throughcare.myplan.tests.helpers import give, link_secret, signed_in_client
from throughcare.notices.models import Notice
from throughcare.outcomes.tests.helpers import completed, in_treatment, write_summary
from throughcare.people import services as people_services
from throughcare.people.models import CareTeamMember, CareTeamNotice, Person
from throughcare.people.programmes import programme_start
from throughcare.people.restriction import break_glass_open, person_restrict
from throughcare.people.tests.helpers import person_in, valid_nhs_number
from throughcare.referrals.tests.fhir_helpers import minimal_message
from throughcare.referrals.tests.helpers import draft, give_consent, service_of, submitted

ANON = "anonymous"
ROLES = [ANON, *Role.values]
SIGNED_IN = Role.values


def everyone(status: int, anonymous: int | None = None) -> dict[str, int]:
    return {ANON: status if anonymous is None else anonymous, **dict.fromkeys(SIGNED_IN, status)}


def only(allowed: set[str], *, ok: int = 200, denied: int = 403, anonymous: int = 302) -> dict[str, int]:
    return {ANON: anonymous, **{role: ok if role in allowed else denied for role in SIGNED_IN}}


def api(ok: int, *, others: int | None = None, owner: str | None = None) -> dict[str, int]:
    return {ANON: 401, **{r: ok if owner in (None, r) else others for r in SIGNED_IN}}


def people(ok: int, *, anonymous: int = 302, outside: bool = False) -> dict[str, int]:
    """Roles with VIEW_PEOPLE get `ok` for the practitioner's person and 404 for anyone else's; others 403."""
    in_team = {Role.PRACTITIONER} if not outside else set()
    seeing = {Role.PRACTITIONER, Role.PROVIDER_CASEWORKER, Role.PROVIDER_MANAGER}
    return {
        ANON: anonymous,
        **{role: ok if role in in_team else 404 if role in seeing else 403 for role in SIGNED_IN},
    }


def referral(referrer: int, receiver: int, *, anonymous: int = 401) -> dict[str, int]:
    """A referral from the practitioner's organisation to the caseworker's: the provider manager works
    elsewhere (404); commissioners and administrators neither make nor receive referrals (403)."""
    return {
        ANON: anonymous,
        Role.PRACTITIONER: referrer,
        Role.PROVIDER_CASEWORKER: receiver,
        Role.PROVIDER_MANAGER: 404,
        Role.COMMISSIONER: 403,
        Role.ADMINISTRATOR: 403,
        Role.DPO: 403,
    }


def receivers_own(ok: int) -> dict[str, int]:
    """A request to the caseworker's organisation: the provider manager works elsewhere (404); roles
    that do not receive referrals get 403."""
    return {**only({CASEWORKER}, ok=ok), Role.PROVIDER_MANAGER: 404}


ADMIN = Role.ADMINISTRATOR
MANAGER = Role.PROVIDER_MANAGER
PRACTITIONER = Role.PRACTITIONER
CASEWORKER = Role.PROVIDER_CASEWORKER
DPO = Role.DPO
# name: (method, how to fill the URL's arguments, expected status by role)
MATRIX = {
    "core:home": ("get", None, everyone(200, anonymous=302)),
    "core:accessibility": ("get", None, everyone(200)),
    "core:privacy": ("get", None, everyone(200)),
    # Find support: the public's own pages, the same for everyone, signed in or not.
    "public:find-support": ("get", None, everyone(200)),
    "public:service": ("get", "a_service", everyone(200)),
    # A person's own plan: staff sessions open none of it (each needs the person's own session, which
    # `test_a_persons_session_reaches_only_their_own_plan` uses); the link works for whoever holds it.
    "myplan:plan": ("get", None, everyone(302)),
    "myplan:start": ("get", "plan_link", everyone(200)),
    "myplan:code": ("get", "plan_link", everyone(200)),
    "myplan:sign-out": ("post", None, everyone(302)),
    "myplan:stop": ("get", None, everyone(302)),
    "myplan:signed-out": ("get", None, everyone(200)),
    "myplan:reminders": ("get", None, everyone(302)),
    "myplan:sharing": ("get", None, everyone(302)),
    "myplan:print": ("get", None, everyone(302)),
    "myplan:sharing-one": ("get", "submitted_referral", everyone(302)),
    # Saying how a service treated you needs the person's own session; its summary is aggregate only.
    "feedback:give": ("get", "submitted_referral", everyone(302)),
    "feedback:summary": ("get", None, only({Role.COMMISSIONER, MANAGER})),
    # The export for Lived Experience Advisory Councils (ADR 45): commissioners for their own areas,
    # provider managers and DPOs for their own organisation's services.
    "feedback:council": ("get", None, only({Role.COMMISSIONER, MANAGER, DPO})),
    # People's own words: only the data protection officer of the organisation running the service.
    "feedback:moderation": ("get", None, only({DPO})),
    "feedback:moderate": ("get", "dpos_waiting_words", only({DPO})),
    "myplan:reminders-stop": ("get", "reminder_stop_link", everyone(200)),
    # Asking a service to get in touch: the public's form; the receiving organisation's requests.
    "selfreferrals:ask": ("get", "self_referral_service", everyone(200)),
    "selfreferrals:asked": ("get", "self_referral_service", everyone(200)),
    "selfreferrals:list": ("get", None, only({CASEWORKER, MANAGER})),
    "selfreferrals:detail": ("get", "caseworkers_self_referral", receivers_own(200)),
    "selfreferrals:contacted": ("post", "caseworkers_self_referral", receivers_own(302)),
    "selfreferrals:close": ("post", "caseworkers_self_referral", receivers_own(400)),
    "selfreferrals:take-on": ("get", "caseworkers_self_referral", receivers_own(200)),
    # Staff give a person in their team access to their plan: roles that plan releases.
    "myplan-staff:give": ("get", "practitioners_person", only({PRACTITIONER})),
    "myplan-staff:end": ("post", "practitioners_plan_access", only({PRACTITIONER}, ok=302)),
    # (An empty form: the practitioner is shown what is missing.)
    "myplan-staff:text-reminders": ("post", "practitioners_plan_access", only({PRACTITIONER}, ok=400)),
    "core:audit-list": ("get", None, only({ADMIN})),
    "accounts:sign-in": ("get", None, everyone(302, anonymous=200)),
    "accounts:sign-out": ("post", None, everyone(302)),
    "accounts:reset-request": ("get", None, everyone(200)),
    "accounts:reset-sent": ("get", None, everyone(200)),
    "accounts:reset-confirm": ("get", "reset_link", everyone(200)),
    "accounts:reset-complete": ("get", None, everyone(200)),
    "accounts:organisation-list": ("get", None, only({ADMIN})),
    "accounts:organisation-detail": ("get", "an_organisation", only({ADMIN})),
    "accounts:organisation-create": ("get", None, only({ADMIN})),
    "accounts:organisation-rename": ("get", "an_organisation", only({ADMIN})),
    "accounts:organisation-deactivate": ("get", "an_organisation", only({ADMIN})),
    "accounts:organisation-areas": ("get", "an_organisation", only({ADMIN})),
    "accounts:invite": ("get", "an_organisation", only({ADMIN})),
    "accounts:membership-role": ("get", "practitioners_membership", only({ADMIN})),
    "accounts:membership-end": ("get", "practitioners_membership", only({ADMIN})),
    "accounts:user-deactivate": ("get", "practitioners_account", only({ADMIN})),
    # A data protection officer uses no API, so holds no tokens.
    "accounts:token-list": ("get", None, {**everyone(200, anonymous=302), DPO: 403}),
    "accounts:token-revoke": ("post", "admins_token", {**only({ADMIN}, ok=302, denied=404), DPO: 403}),
    "directory:search": ("get", None, everyone(200, anonymous=302)),
    "directory:service-detail": ("get", "a_service", everyone(200, anonymous=302)),
    "directory:your-services": ("get", None, only({MANAGER})),
    "directory:service-create": ("get", None, only({MANAGER})),
    "directory:service-edit": ("get", "managers_service", only({MANAGER})),
    "directory:service-areas": ("get", "managers_service", only({MANAGER})),
    "directory:service-confirm": ("post", "another_organisations_service", only({MANAGER}, ok=404)),
    "directory:service-locations": ("get", "managers_service", only({MANAGER})),
    "directory:service-location-unlink": ("post", "another_organisations_link", only({MANAGER}, ok=404)),
    "directory:location-create": ("get", None, only({MANAGER})),
    "directory:location-edit": ("get", "managers_location", only({MANAGER})),
    "directory:feed-list": ("get", None, only({ADMIN})),
    "directory:feed-register": ("get", None, only({ADMIN})),
    "directory:feed-change": ("get", "a_feed", only({ADMIN})),
    # Find support for staff: starting sends to the first question; results without answers are
    # the check-answers page listing every answer still needed.
    "matching:find-support": ("get", None, only({PRACTITIONER, CASEWORKER}, ok=302)),
    "matching:question": ("get", "first_question", only({PRACTITIONER, CASEWORKER})),
    "matching:check-answers": ("get", None, only({PRACTITIONER, CASEWORKER})),
    "matching:results": ("get", None, only({PRACTITIONER, CASEWORKER}, ok=422)),
    "people:list": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER})),
    "people:create": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER})),
    "people:detail": ("get", "practitioners_person", people(200)),
    "people:edit": ("get", "practitioners_person", people(200)),
    "people:care-team-add": ("get", "practitioners_person", people(200)),
    "people:opd-screening-add": ("get", "practitioners_person", people(200)),
    "people:residence": ("get", "practitioners_person", people(200)),
    "people:care-team-end": ("get", "practitioners_care_team_member", people(200)),
    "people:programme-add": ("get", "practitioners_person", people(200)),
    "people:programme-end": ("get", "practitioners_programme", people(200)),
    "people:care-team-set-lead": ("post", "outside_care_team_member", people(404, outside=True)),
    "people:team-notices": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER})),
    "people:restrict": ("get", "practitioners_person", people(200)),
    # Restricted by another lead: the practitioner's organisation is in the team, so may break the glass.
    "people:break-glass": ("get", "restricted_from_practitioner", people(200)),
    "people:team-notice-answer": ("post", "practitioners_team_notice", people(302)),
    # People's rights: the DPO of an organisation in the person's team; "who viewed" also for its lead.
    "rights:search": ("get", None, only({DPO})),
    "rights:break-glass": ("get", None, only({DPO})),
    "rights:break-glass-reviewed": ("post", "break_glass_for_the_dpo", only({DPO}, ok=302)),
    "rights:person": ("get", "person_with_a_dpo", only({DPO})),
    "rights:export": ("post", "person_with_a_dpo", only({DPO})),
    "rights:correct": ("get", "person_with_a_dpo", only({DPO})),
    "rights:access-log": ("get", "person_with_a_dpo", {**people(200), DPO: 200}),
    # Referral pages: as the API, but signing in is by redirect. A draft is not yet shared (404).
    "referrals:worklist": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER})),
    "referrals:start": ("get", "a_service", only({PRACTITIONER})),
    "referrals:detail": ("get", "submitted_referral", referral(200, 200, anonymous=302)),
    # An empty form: both sides reach it and are told to choose what to do.
    "referrals:transition": ("post", "submitted_referral", referral(422, 422, anonymous=302)),
    "referrals:edit": ("get", "practitioners_draft", referral(200, 404, anonymous=302)),
    "referrals:consent": ("get", "practitioners_draft", referral(200, 404, anonymous=302)),
    # Only referrers send: other roles are refused before the draft is looked up.
    "referrals:check-answers": ("get", "practitioners_draft", only({PRACTITIONER})),
    # Outcome measures: the caseworker's organisation records them and writes the summary (the referrer 403).
    "outcomes:record": ("get", "referral_in_treatment", referral(403, 200, anonymous=302)),
    "outcomes:summary": ("get", "completed_referral", referral(403, 200, anonymous=302)),
    "referrals:fhir": ("get", "submitted_referral", referral(200, 200, anonymous=302)),
    # Case notes: both sides write (an empty note is refused, 422); only its author (the practitioner)
    # changes a note, and the other side is told so (403).
    "referrals:note-add": ("post", "submitted_referral", referral(422, 422, anonymous=302)),
    "referrals:note-edit": ("get", "practitioners_note", referral(200, 403, anonymous=302)),
    # Only a waitlisted referral's place changes: an empty form for a submitted one is refused.
    "referrals:waitlist": ("post", "submitted_referral", referral(422, 422, anonymous=302)),
    # A notice belongs to one organisation (here the caseworker's): anyone else is told it is not there.
    "notices:clear": ("post", "caseworkers_notice", {**everyone(404, anonymous=302), CASEWORKER: 302}),
    "notices:list": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER})),
    # The custody journey: its timeline is read by the person's team; recording is for practitioners.
    "continuity:journey": ("get", "practitioners_person", people(200)),
    "continuity:reception": ("get", "practitioners_person", only({PRACTITIONER})),
    "continuity:release": ("get", "practitioners_person", only({PRACTITIONER})),
    "continuity:transfer": ("get", "practitioners_person", only({PRACTITIONER})),
    "continuity:recall": ("get", "practitioners_person", only({PRACTITIONER})),
    "continuity:re-release": ("get", "practitioners_person", only({PRACTITIONER})),
    "continuity:order-create": ("get", "practitioners_person", only({PRACTITIONER})),
    "continuity:requirement-add": ("get", "practitioners_order", only({PRACTITIONER})),
    # The treating provider (the caseworker's organisation) may change a requirement's status too.
    "continuity:requirement-status": ("get", "treated_requirement", referral(200, 200, anonymous=302)),
    "continuity:paused-referrals": ("get", "practitioners_re_release", people(200)),
    "continuity:register": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER})),
    "continuity:probation-change": ("get", "practitioners_person", only({PRACTITIONER})),
    "continuity:condition-add": ("get", "practitioners_order", only({PRACTITIONER})),
    "continuity:release-caseload": ("get", None, only({PRACTITIONER})),
    "continuity:release-gaps": ("get", None, only({PRACTITIONER})),
    "continuity:release-plan": ("get", "practitioners_person", people(200)),
    "continuity:release-plan-print": ("get", "practitioners_person", people(200)),
    "continuity:release-plan-printable": ("get", "practitioners_person", people(200)),
    # The matrix's person is not in custody: starting their plan is refused with a message.
    "continuity:release-plan-start": ("post", "practitioners_person", only({PRACTITIONER}, ok=422)),
    "continuity:release-plan-item": ("get", "practitioners_plan_item", only({PRACTITIONER})),
    # Court teams: roles that see people or find support; no area given yet, so nothing to show.
    "continuity:court-treatment-availability": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER})),
    # Insight: commissioners see every view; provider managers only those about their own services.
    "insight:overview": ("get", None, only({Role.COMMISSIONER, MANAGER})),
    "insight:methods": ("get", None, only({Role.COMMISSIONER, MANAGER})),
    "insight:funding": ("get", None, only({Role.COMMISSIONER, MANAGER})),
    "insight:declines": ("get", None, only({Role.COMMISSIONER})),
    "insight:provision": ("get", None, only({Role.COMMISSIONER})),
    "insight:equity": ("get", None, only({Role.COMMISSIONER})),
    "insight:equity-gender": ("get", None, only({Role.COMMISSIONER})),
    "insight:missing-middle": ("get", None, only({Role.COMMISSIONER})),
    "insight:waits": ("get", None, only({Role.COMMISSIONER, MANAGER})),
    "insight:demand": ("get", None, only({Role.COMMISSIONER})),
    "insight:release-forecast": ("get", None, only({Role.COMMISSIONER})),
    # A chart drawn for the commissioner's page: drawn for them only; a manager, who may use insight,
    # is told there is no such chart.
    "insight:chart": ("get", "commissioners_chart", {**only({Role.COMMISSIONER}), MANAGER: 404}),
    # Appointments: the caseworker's organisation books and records; the referrer only sees them (403).
    "appointments:upcoming": ("get", None, only({CASEWORKER, MANAGER})),
    "appointments:book": ("get", "accepted_referral", referral(403, 200, anonymous=302)),
    "appointments:attendance": ("get", "booked_appointment", referral(403, 200, anonymous=302)),
    "appointments:reschedule": ("get", "booked_appointment", referral(403, 200, anonymous=302)),
    "appointments:cancel": ("get", "booked_appointment", referral(403, 200, anonymous=302)),
    "appointments:concern": ("get", "booked_appointment", referral(403, 200, anonymous=302)),
    "api-index": ("get", None, everyone(200)),
    "api:api-root": ("get", None, everyone(200)),
    "api:openapi-json": ("get", None, everyone(200)),
    "api:me": ("get", None, api(200)),
    "api:issue_token": ("post", None, api(201)),
    "api:revoke_token": ("delete", "admins_token_prefix", api(204, others=404, owner=ADMIN)),
    "api:create_match": ("post", None, {ANON: 401, **only({PRACTITIONER, CASEWORKER}, anonymous=401)}),
    "api:create_person": ("post", None, only({PRACTITIONER, CASEWORKER, MANAGER}, ok=201, anonymous=401)),
    "api:list_people": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER}, anonymous=401)),
    "api:get_person": ("get", "practitioners_person", people(200, anonymous=401)),
    "api:add_care_team_member": ("post", "practitioners_person", people(201, anonymous=401)),
    "api:record_opd_screening": ("post", "practitioners_person", people(201, anonymous=401)),
    "api:list_opd_screenings": ("get", "practitioners_person", people(200, anonymous=401)),
    "api:list_person_programmes": ("get", "practitioners_person", people(200, anonymous=401)),
    "api:record_residence": ("put", "practitioners_person", people(200, anonymous=401)),
    # Referrals: the practitioner refers to the caseworker's service; the manager is another provider.
    "api:create_referral": ("post", "referrable_person", only({PRACTITIONER}, ok=201, anonymous=401)),
    "api:get_referral": ("get", "submitted_referral", referral(200, 200)),
    "api:export_referral_fhir": ("get", "submitted_referral", referral(200, 200)),
    "api:import_referral_fhir": ("post", "fhir_person", only({PRACTITIONER}, ok=201, anonymous=401)),
    "api:record_consent": ("post", "practitioners_draft", only({PRACTITIONER}, ok=201, anonymous=401)),
    "api:submit_referral": ("post", "practitioners_ready_draft", only({PRACTITIONER}, anonymous=401)),
    # Acknowledging is the receiving service's move: the referrer is told which moves it may make.
    "api:transition_referral": ("post", "submitted_referral", referral(409, 200)),
    "api:worklist": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER}, anonymous=401)),
    "api:list_referrals": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER}, anonymous=401)),
    "api:list_case_notes": ("get", "noted_referral", referral(200, 200)),
    "api:add_case_note": ("post", "submitted_referral", referral(201, 201)),
    "api:edit_case_note": ("put", "practitioners_note", referral(200, 403)),
    "api:list_outcomes": ("get", "referral_in_treatment", referral(200, 200)),
    "api:record_outcome": ("post", "referral_in_treatment", referral(403, 201)),
    "api:get_summary": ("get", "completed_referral_with_summary", referral(200, 200)),
    "api:write_summary": ("post", "completed_referral", referral(403, 201)),
    "api:list_appointments": ("get", "accepted_referral", referral(200, 200)),
    "api:book_appointment": ("post", "accepted_referral", referral(403, 201)),
    "api:record_attendance": ("post", "started_appointment", referral(403, 200)),
    "api:reschedule_appointment": ("post", "booked_appointment", referral(403, 201)),
    "api:cancel_appointment": ("post", "booked_appointment", referral(403, 200)),
    "api:list_notices": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER}, anonymous=401)),
    "api:clear_notice": ("post", "caseworkers_notice", {**referral(404, 200), MANAGER: 404}),
    "api:list_custody_episodes": ("get", "practitioners_person", people(200, anonymous=401)),
    "api:record_reception": ("post", "practitioners_person", only({PRACTITIONER}, ok=201, anonymous=401)),
    # Not in custody: the practitioner is told so (422); others may not record (403).
    "api:record_release": ("post", "practitioners_person", only({PRACTITIONER}, ok=422, anonymous=401)),
    "api:record_transfer": ("post", "practitioners_person", only({PRACTITIONER}, ok=422, anonymous=401)),
    "api:record_recall": ("post", "released_person", only({PRACTITIONER}, ok=201, anonymous=401)),
    "api:record_re_release": ("post", "practitioners_person", only({PRACTITIONER}, ok=422, anonymous=401)),
    "api:list_orders": ("get", "practitioners_person", people(200, anonymous=401)),
    "api:create_order": ("post", "practitioners_person", only({PRACTITIONER}, ok=201, anonymous=401)),
    "api:update_requirement_status": ("post", "treated_requirement", referral(200, 200)),
    "api:mhtr_register": ("get", None, only({PRACTITIONER, CASEWORKER, MANAGER}, anonymous=401)),
    "api:list_release_plan_items": ("get", "practitioners_episode", people(200, anonymous=401)),
    "api:start_release_plan": ("post", "practitioners_episode", only({PRACTITIONER}, ok=201, anonymous=401)),
    "api:update_release_plan_item": ("post", "practitioners_plan_item", only({PRACTITIONER}, anonymous=401)),
    # No area given: those who may see availability are asked for one (422).
    "api:treatment_availability": (
        "get",
        None,
        only({PRACTITIONER, CASEWORKER, MANAGER}, ok=422, anonymous=401),
    ),
    "api:list_journey_events": ("get", "practitioners_person", people(200, anonymous=401)),
    "api:record_probation_change": (
        "post",
        "practitioners_person",
        only({PRACTITIONER}, ok=201, anonymous=401),
    ),
    # A community order takes requirements, not licence conditions: the practitioner is told so.
    "api:add_licence_condition": ("post", "practitioners_order", only({PRACTITIONER}, ok=422, anonymous=401)),
    "api:insight_view": ("get", "an_insight_view", only({Role.COMMISSIONER}, anonymous=401)),
    # The Open Referral UK API is public: everyone, signed in or not, reads the published directory.
    "openreferral:api-root": ("get", None, everyone(200)),
    "openreferral:api-details": ("get", None, everyone(200)),
    "openreferral:openapi-json": ("get", None, everyone(200)),
    "openreferral:service-list": ("get", None, everyone(200)),
    "openreferral:service-detail": ("get", "published_service", everyone(200)),
    "openreferral:taxonomy-list": ("get", None, everyone(200)),
    "openreferral:taxonomy-detail": ("get", "published_taxonomy", everyone(200)),
    "openreferral:taxonomy-term-list": ("get", None, everyone(200)),
    "openreferral:taxonomy-term-detail": ("get", "published_term", everyone(200)),
    "openreferral:service-at-location-list": ("get", None, everyone(200)),
    "openreferral:service-at-location-detail": ("get", "published_service_at_location", everyone(200)),
}


API_BODIES = {
    "api:issue_token": {"name": "matrix", "days": 1},
    "api:create_match": {"online_only": True, "need_codes": ["anxiety"]},
    "api:create_person": {"given_names": "Matrix", "family_name": "Person", "date_of_birth": "1990-01-01"},
    "api:add_care_team_member": {"organisation_code": "matrix-prison", "role": "prison_key_worker"},
    "api:record_opd_screening": {"screened_on": "2026-01-05", "outcome": "screened_in", "source": "oasys"},
    # A Welsh postcode is known from its letters, so no gazetteer is needed to record it.
    "api:record_residence": {"postcode": "CF10 1AA"},
    "api:create_referral": {
        "person_id": "00000000-0000-4000-8000-00000000a001",  # made by url_arguments "referrable_person"
        "service_id": "00000000-0000-4000-8000-00000000a002",
        "reason_for_referral": "Matrix",
    },
    "api:record_consent": {
        "given_on": "2026-01-05",
        "how_obtained": "verbal",
        "shared_with": "The service",
        "purposes": "Support",
    },
    "api:transition_referral": {"target": "acknowledged"},
    "api:record_outcome": {
        "measure": "GAD-7",
        "occasion": "first",
        "recorded_on": "2026-01-05",
        "answers": [0] * 7,
    },
    "api:write_summary": {"offered": "Matrix", "recommendations": "None", "next_steps": "None"},
    "api:book_appointment": {
        "starts_at": "2099-03-01T10:00:00+00:00",
        "duration_minutes": 60,
        "mode": "phone",
        "purpose": "assessment",
    },
    "api:record_attendance": {"outcome": "attended"},
    "api:add_case_note": {"text": "Matrix"},
    "api:edit_case_note": {"text": "Matrix, changed"},
    "api:reschedule_appointment": {
        "starts_at": "2099-03-08T10:00:00+00:00",
        "requested_by": "person",
        "reason": "Matrix",
    },
    "api:cancel_appointment": {"requested_by": "service", "reason": "Matrix"},
    # The same person (given an NHS number by url_arguments "fhir_person") and service.
    "api:import_referral_fhir": minimal_message(
        nhs_number=valid_nhs_number(2026), service_id="00000000-0000-4000-8000-00000000a002"
    ),
    "api:record_reception": {"prison_name": "HMP Matrix", "reception_date": "2025-01-01"},
    "api:record_release": {"released_on": "2025-06-01", "release_type": "licence"},
    "api:record_transfer": {"prison_name": "HMP Matrix", "transferred_on": "2025-06-01"},
    "api:record_recall": {"prison_name": "HMP Matrix", "recalled_on": "2025-11-01"},
    "api:record_re_release": {"released_on": "2026-01-10", "release_type": "licence"},
    "api:create_order": {"kind": "community_order", "starts_on": "2025-10-01"},
    "api:update_requirement_status": {"status": "breached"},
    "api:record_probation_change": {"changed_on": "2025-01-01", "practitioner_name": "Matrix Officer"},
    "api:add_licence_condition": {"kind": "drug_testing"},
    "api:update_release_plan_item": {"status": "in_progress", "owner_side": "community"},
}


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    assert set(_url_names(get_resolver().url_patterns)) == set(MATRIX)


def _directory_entry(owner):
    """A service at a location, for `owner`'s directory organisation."""
    organisation = directory_services.directory_organisation_for(actor=None, owner=owner)
    service = directory_services.service_create(
        actor=None,
        organisation=organisation,
        details=ServiceDetails(name="Matrix service", covers_england=True),
    )
    location = LocationFactory(organisation=organisation)
    directory_services.service_location_link(actor=None, service=service, location=location)
    return service, location


def _person_and_a_prison(organisation):
    OrganisationFactory(code="matrix-prison", kind="prison")  # named in API_BODIES
    return person_in(organisation)


def _care_team_member(organisation):
    """A second, non-lead member of the team of a person led by `organisation`."""
    person = person_in(organisation)
    return people_services.care_team_add(
        actor=None, person=person, organisation=OrganisationFactory(), role="other"
    )


def _programme_of(practitioner):
    """A current programme record on a person the practitioner's organisation leads."""
    person = person_in(practitioner.current_organisation)
    return programme_start(actor=practitioner, person=person, programme="iom", started_on=date(2026, 1, 5))


def _team_notice_for(organisation):
    """A notice telling `organisation` its part in another organisation's team was ended."""
    person = person_in(OrganisationFactory())
    member = people_services.care_team_add(actor=None, person=person, organisation=organisation, role="other")
    people_services.care_team_end(actor=None, member=member)
    return {"notice_id": CareTeamNotice.objects.get(organisation=organisation).id}


def _restricted_from(practitioner):
    """A person another organisation leads and restricted, the practitioner's organisation in the team."""
    person = person_in(OrganisationFactory())
    people_services.care_team_add(
        actor=None, person=person, organisation=practitioner.current_organisation, role="other"
    )
    person_restrict(actor=None, person=person, users=[])
    return {"person_id": person.id}


def _break_glass_for_the_dpo(practitioner, dpo):
    """Break-glass access by the practitioner to a restricted person the DPO's organisation holds."""
    person_id = _restricted_from(practitioner)["person_id"]
    person = Person.objects.get(pk=person_id)
    people_services.care_team_add(
        actor=None, person=person, organisation=dpo.current_organisation, role="other"
    )
    access = break_glass_open(actor=practitioner, person=person, reason="Matrix: crisis call tonight")
    return {"access_id": access.id}


def _self_referral_service(caseworker):
    service = service_of(caseworker.current_organisation)
    service.terms.set(vocabulary_terms(referral_route=["self"]))
    return service


def _self_referral(caseworker):
    from throughcare.selfreferrals.services import self_referral_receive

    details = {"name": "Matrix", "contact_by": "phone", "phone": "07700 900982", "help_with": "Matrix"}
    request, _ = self_referral_receive(
        service=_self_referral_service(caseworker), details=details, request_key=str(uuid.uuid4())
    )
    return request


def _waiting_words(users_by_role):
    """Words a person wrote about a service the DPO's organisation runs, waiting to be checked."""
    from throughcare.feedback.services import feedback_give

    practitioner = users_by_role[PRACTITIONER]
    person = person_in(practitioner.current_organisation)
    service = service_of(users_by_role[DPO].current_organisation)
    referral = submitted(practitioner, service, person=person)
    answers = {"listened": "yes", "respected": "yes", "recommend": "yes"}
    return feedback_give(
        access=give(practitioner, person), referral=referral, answers=answers, words="Matrix"
    )


def _plan_access(practitioner):
    """The practitioner's person, given access to their own plan."""
    return give(practitioner, person_in(practitioner.current_organisation))


def _person_with_a_dpo(practitioner, dpo):
    """A person led by the practitioner's organisation, whose team the DPO's organisation joined."""
    person = person_in(practitioner.current_organisation)
    people_services.care_team_add(
        actor=None, person=person, organisation=dpo.current_organisation, role="other"
    )
    return {"person_id": person.id}


def _referrable_person(practitioner, caseworker):
    """The person and service API_BODIES names, by fixed ids: in the practitioner's team, and the
    caseworker's organisation's service."""
    body = API_BODIES["api:create_referral"]
    person = Person.objects.create(
        id=body["person_id"], given_names="Matrix", family_name="Referral", date_of_birth="1990-01-01"
    )
    CareTeamMember.objects.create(
        person=person,
        organisation=practitioner.current_organisation,
        role="probation_practitioner",
        started_on="2026-01-01",
    )
    service_of(caseworker.current_organisation, id=body["service_id"])
    return {}


def _fhir_referrable_person(practitioner, caseworker):
    """The referrable person, with the NHS number the FHIR message in API_BODIES finds them by."""
    _referrable_person(practitioner, caseworker)
    Person.objects.filter(pk=API_BODIES["api:create_referral"]["person_id"]).update(
        nhs_number=valid_nhs_number(2026)
    )
    return {}


def _referral(users_by_role, make):
    service = service_of(users_by_role[CASEWORKER].current_organisation)
    return {"referral_id": make(users_by_role[PRACTITIONER], service).id}


def _note(users_by_role):
    """A case note the practitioner wrote on a referral to the caseworker's organisation."""
    from throughcare.referrals.notes import case_note_add

    practitioner = users_by_role[PRACTITIONER]
    referral_id = _referral(users_by_role, submitted)["referral_id"]
    note = case_note_add(actor=practitioner, referral_id=referral_id, text="Matrix")
    return {"referral_id": referral_id, "note_id": note.id}


def _accepted_referral(users_by_role):
    caseworker = users_by_role[CASEWORKER]
    return accepted(users_by_role[PRACTITIONER], caseworker, service_of(caseworker.current_organisation))


def _appointment(users_by_role, *, has_started=False):
    """An appointment the caseworker booked on a referral from the practitioner's organisation."""
    appointment = booked(users_by_role[CASEWORKER], _accepted_referral(users_by_role))
    return {"appointment_id": (started(appointment) if has_started else appointment).id}


def _taken_on(users_by_role, make, *, with_summary=False):
    """A referral from the practitioner's organisation that the caseworker's has taken on (`make`)."""
    caseworker = users_by_role[CASEWORKER]
    taken = make(users_by_role[PRACTITIONER], caseworker, service_of(caseworker.current_organisation))
    if with_summary:
        write_summary(caseworker, taken)
    return {"referral_id": taken.id}


def _chart_for(user):
    """The address of a chart as drawn into a page for `user` (insight/charts.py)."""
    with charts.addressed_to(user.pk):
        markup = charts.bar_chart(key="k", title="T", description="D", rows=[("A", 1.0)], axis_title="X")
    return {"token": re.search(r"/insight/charts/([^/]+)/wide\.svg", markup).group(1), "variant": "wide"}


def _ready_draft(referrer, service):
    referral = draft(referrer, service)
    give_consent(referrer, referral)
    return referral


@pytest.fixture
def url_arguments(users_by_role):
    admin = users_by_role[ADMIN]
    managers = users_by_role[MANAGER].current_organisation
    return {
        "a_service": lambda: {"service_id": _directory_entry(OrganisationFactory())[0].id},
        "first_question": lambda: {"step": "where"},
        "a_feed": lambda: {
            "feed_id": DirectoryFeed.objects.create(name="Matrix", url="https://feed.example/x").id
        },
        "managers_service": lambda: {"service_id": _directory_entry(managers)[0].id},
        "managers_location": lambda: {"location_id": _directory_entry(managers)[1].id},
        "another_organisations_service": lambda: {
            "service_id": _directory_entry(OrganisationFactory())[0].id
        },
        "another_organisations_link": lambda: dict(
            zip(
                ("service_id", "location_id"),
                (r.id for r in _directory_entry(OrganisationFactory())),
                strict=True,
            )
        ),
        "reset_link": lambda: {"uidb64": "MQ", "token": "set-password"},
        "dpos_waiting_words": lambda: {"feedback_id": _waiting_words(users_by_role).id},
        "an_insight_view": lambda: {"view": "funding"},
        "commissioners_chart": lambda: _chart_for(users_by_role[Role.COMMISSIONER]),
        "an_organisation": lambda: {
            "organisation_id": users_by_role[Role.PRACTITIONER].current_organisation_id
        },
        "practitioners_membership": lambda: {
            "membership_id": users_by_role[Role.PRACTITIONER].current_membership.id
        },
        "practitioners_account": lambda: {"user_id": users_by_role[Role.PRACTITIONER].id},
        "admins_token": lambda: {"token_id": token_issue(actor=None, user=admin, name="matrix").token.id},
        "admins_token_prefix": lambda: {
            "prefix": token_issue(actor=None, user=admin, name="matrix").token.prefix
        },
        "published_service": lambda: {"id": ServiceAtLocationFactory().service_id},
        "published_service_at_location": lambda: {"id": ServiceAtLocationFactory().id},
        "published_taxonomy": lambda: {"id": NEEDS.id},
        "published_term": lambda: {"id": NEEDS.term_id("anxiety")},
        # A person in the practitioner's organisation's team (and a prison that API_BODIES adds to it).
        "practitioners_person": lambda: {
            "person_id": _person_and_a_prison(users_by_role[PRACTITIONER].current_organisation).id
        },
        "practitioners_team_notice": lambda: _team_notice_for(
            users_by_role[PRACTITIONER].current_organisation
        ),
        "restricted_from_practitioner": lambda: _restricted_from(users_by_role[PRACTITIONER]),
        "break_glass_for_the_dpo": lambda: _break_glass_for_the_dpo(
            users_by_role[PRACTITIONER], users_by_role[DPO]
        ),
        "self_referral_service": lambda: {"service_id": _self_referral_service(users_by_role[CASEWORKER]).id},
        "caseworkers_self_referral": lambda: {
            "self_referral_id": _self_referral(users_by_role[CASEWORKER]).id
        },
        "reminder_stop_link": lambda: {"token": stop_token(_plan_access(users_by_role[PRACTITIONER]))},
        "plan_link": lambda: {"secret": link_secret(_plan_access(users_by_role[PRACTITIONER]))},
        "practitioners_plan_access": lambda: {"access_id": _plan_access(users_by_role[PRACTITIONER]).id},
        "person_with_a_dpo": lambda: _person_with_a_dpo(users_by_role[PRACTITIONER], users_by_role[DPO]),
        "practitioners_care_team_member": lambda: (lambda m: {"person_id": m.person_id, "member_id": m.id})(
            _care_team_member(users_by_role[PRACTITIONER].current_organisation)
        ),
        "practitioners_programme": lambda: (lambda m: {"person_id": m.person_id, "membership_id": m.id})(
            _programme_of(users_by_role[PRACTITIONER])
        ),
        # Nobody's demo role is in this person's team: 404 for every role that may see people.
        "outside_care_team_member": lambda: (lambda m: {"person_id": m.person_id, "member_id": m.id})(
            _care_team_member(OrganisationFactory())
        ),
        # Referrals from the practitioner's organisation to a service of the caseworker's.
        "referrable_person": lambda: _referrable_person(
            users_by_role[PRACTITIONER], users_by_role[CASEWORKER]
        ),
        "fhir_person": lambda: _fhir_referrable_person(
            users_by_role[PRACTITIONER], users_by_role[CASEWORKER]
        ),
        "submitted_referral": lambda: _referral(users_by_role, submitted),
        "practitioners_note": lambda: _note(users_by_role),
        "noted_referral": lambda: {"referral_id": _note(users_by_role)["referral_id"]},
        "practitioners_draft": lambda: _referral(users_by_role, draft),
        "practitioners_ready_draft": lambda: _referral(users_by_role, _ready_draft),
        "referral_in_treatment": lambda: _taken_on(users_by_role, in_treatment),
        "completed_referral": lambda: _taken_on(users_by_role, completed),
        "completed_referral_with_summary": lambda: _taken_on(users_by_role, completed, with_summary=True),
        "accepted_referral": lambda: {"referral_id": _accepted_referral(users_by_role).id},
        "booked_appointment": lambda: _appointment(users_by_role),
        "started_appointment": lambda: _appointment(users_by_role, has_started=True),
        # The custody journey of a person in the practitioner's team.
        "released_person": lambda: {"person_id": released_person(users_by_role[PRACTITIONER]).id},
        "practitioners_order": lambda: {
            "order_id": requirement_treated_by(
                users_by_role[PRACTITIONER], users_by_role[CASEWORKER].current_organisation
            ).order_id
        },
        "treated_requirement": lambda: {
            "requirement_id": requirement_treated_by(
                users_by_role[PRACTITIONER], users_by_role[CASEWORKER].current_organisation
            ).id
        },
        "practitioners_re_release": lambda: {"event_id": re_release_of(users_by_role[PRACTITIONER]).id},
        "practitioners_episode": lambda: {
            "episode_id": in_custody(users_by_role[PRACTITIONER]).custody_episodes.get().id
        },
        "practitioners_plan_item": lambda: {"item_id": planned(users_by_role[PRACTITIONER])[1]["housing"].id},
        # Submitting tells the receiving service: that notice is the caseworker's organisation's.
        "caseworkers_notice": lambda: {
            "notice_id": Notice.objects.get(referral_id=_referral(users_by_role, submitted)["referral_id"]).id
        },
    }


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_access(name, role, users_by_role, url_arguments):
    method, arguments, expected = MATRIX[name]
    kwargs = url_arguments[arguments]() if arguments else {}
    url = reverse(name, kwargs=kwargs)
    if name.startswith("api:"):
        headers = {}
        if role != ANON:
            secret = token_issue(actor=None, user=users_by_role[role], name="matrix caller").secret
            headers["Authorization"] = f"Bearer {secret}"
        client = Client(headers=headers)
        body = API_BODIES.get(name) if method in ("post", "put") else None
        response = getattr(client, method)(url, body, content_type="application/json")
    else:
        client = Client()
        if role != ANON:
            client.force_login(users_by_role[role])
        response = getattr(client, method)(url)
    assert response.status_code == expected[role], f"{method.upper()} {url} as {role}"


# What a person signed in to their own plan gets where it differs from an anonymous visitor.
# (The referral `feedback:give` and `myplan:sharing-one` are given is someone else's, so the person
# is told it is not there.)
PERSON_STATUSES = {
    "myplan:plan": 200,
    "myplan:stop": 200,
    "myplan:reminders": 200,
    "myplan:sharing": 200,
    "myplan:print": 200,
    "feedback:give": 404,
    "myplan:sharing-one": 404,
}


@pytest.mark.django_db
def test_a_persons_session_reaches_only_their_own_plan(users_by_role, url_arguments):
    """The person's session is no staff session: every page but their own plan answers them as it
    answers someone not signed in (the API too: it wants a token)."""
    phone = signed_in_client(_plan_access(users_by_role[PRACTITIONER]))
    for name, (method, arguments, expected) in MATRIX.items():
        if name == "myplan:sign-out":
            continue  # would end the session the other rows use
        # Each row's records are rolled back, since some arguments are made with fixed ids.
        with transaction.atomic():
            kwargs = url_arguments[arguments]() if arguments else {}
            url = reverse(name, kwargs=kwargs)
            if name.startswith("api:"):
                body = API_BODIES.get(name) if method in ("post", "put") else None
                response = getattr(phone, method)(url, body, content_type="application/json")
            else:
                response = getattr(phone, method)(url)
            transaction.set_rollback(True)
        assert response.status_code == PERSON_STATUSES.get(name, expected[ANON]), f"{method.upper()} {url}"


@pytest.mark.django_db
def test_revoking_through_the_matrix_left_other_tokens_alone(users_by_role):
    # A denied revoke (404) must not have touched the token it named.
    admin_token = token_issue(actor=None, user=users_by_role[ADMIN], name="kept").token
    client = Client()
    client.force_login(users_by_role[Role.PRACTITIONER])
    client.post(reverse("accounts:token-revoke", kwargs={"token_id": admin_token.id}))
    assert ApiToken.objects.get(id=admin_token.id).revoked_at is None


# ADR 22: a receiving service sees the person from accepting the referral until it closes.
PERSON_URLS = ("people:detail", "people:edit", "continuity:journey", "api:get_person")


def _statuses(users, person) -> dict[str, list[int]]:
    found = {}
    for role, user in users.items():
        secret = token_issue(actor=None, user=user, name="life of a referral").secret
        api_client = Client(headers={"Authorization": f"Bearer {secret}"})
        page_client = Client()
        page_client.force_login(user)
        found[role] = [
            (api_client if name.startswith("api:") else page_client)
            .get(reverse(name, kwargs={"person_id": person.pk}))
            .status_code
            for name in PERSON_URLS
        ]
    return found


@pytest.mark.django_db
def test_the_receiving_service_sees_the_person_for_the_life_of_the_referral(users_by_role):
    from throughcare.referrals import services as referral_services

    users = {role: users_by_role[role] for role in (PRACTITIONER, CASEWORKER, MANAGER)}
    caseworker = users[CASEWORKER]
    referral = submitted(users[PRACTITIONER], service_of(caseworker.current_organisation))
    person = referral.person
    everyone_but_the_team = {PRACTITIONER: [200] * 4, CASEWORKER: [404] * 4, MANAGER: [404] * 4}
    assert _statuses(users, person) == everyone_but_the_team
    during = {**everyone_but_the_team, CASEWORKER: [200] * 4}
    for target, reason in (("accepted", ""), ("paused", "returned_to_custody"), ("in_treatment", "")):
        referral_services.referral_transition(
            actor=caseworker, referral=referral, target=target, reason_code=reason
        )
        assert _statuses(users, person) == during, target
    people_page = Client()
    people_page.force_login(caseworker)
    assert person.family_name in people_page.get(reverse("people:list")).content.decode()
    # Working with the person is not joining their team: the team's own members change it.
    add_to_team = reverse("people:care-team-add", kwargs={"person_id": person.pk})
    assert people_page.get(add_to_team).status_code == 403
    referral_services.referral_transition(actor=caseworker, referral=referral, target="completed")
    assert _statuses(users, person) == everyone_but_the_team
    assert person.family_name not in people_page.get(reverse("people:list")).content.decode()


@pytest.mark.django_db
def test_a_commissioner_asking_for_another_icbs_area_is_refused():
    """ADR 35: a commissioner sees their own ICB, areas inside it and England totals; another ICB's area,
    on the pages or through the API, is out of scope (404), and so is anything above their own."""
    from throughcare.accounts.services import organisation_set_commissioning_areas
    from throughcare.accounts.tests.factories import MembershipFactory
    from throughcare.insight.tests.helpers import ICB_A, ICB_B, LA_A1, LA_B1, SOUTH, build_areas

    build_areas()
    organisation = OrganisationFactory(kind="commissioner")
    organisation_set_commissioning_areas(
        actor=None, organisation=organisation, coverage="icb", area_codes=[ICB_A]
    )
    commissioner = MembershipFactory(organisation=organisation, role=Role.COMMISSIONER).user
    page = Client()
    page.force_login(commissioner)
    secret = token_issue(actor=None, user=commissioner, name="matrix commissioner").secret
    api_client = Client(headers={"Authorization": f"Bearer {secret}"})
    asked = {
        ("icb", ICB_A): 200,
        ("local_authority", LA_A1): 200,
        ("england", ""): 200,
        ("icb", ICB_B): 404,
        ("local_authority", LA_B1): 404,
        ("nhs_region", SOUTH): 404,
    }
    for (level, code), expected in asked.items():
        query = {"level": level, "area": code}
        assert page.get(reverse("insight:overview"), query).status_code == expected, (level, code)
        assert page.get(reverse("insight:waits"), query).status_code == expected, (level, code)
        council = page.get(reverse("feedback:council"), {**query, "format": "csv"})
        assert council.status_code == expected, ("council", level, code)
        answer = api_client.get(reverse("api:insight_view", kwargs={"view": "waits"}), query)
        assert answer.status_code == expected, ("api", level, code)
