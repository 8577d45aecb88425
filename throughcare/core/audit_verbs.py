"""Every audit verb Throughcare records, each with the sentence that tells a person what happened.

A sentence follows the actor's name ("Priya Practitioner viewed Jordan Example's record"), with
`{target}` where the thing acted on is named. `test_audit_verbs` scans the code for audit calls
and fails on any verb missing here, or written as a string rather than its member here, so a
new verb is added here first and passed as `AuditVerb.NAME`.
"""

from enum import StrEnum


class AuditVerb(StrEnum):
    sentence: str
    target_noun: str

    def __new__(cls, value: str, sentence: str, target_noun: str = "a record"):
        member = str.__new__(cls, value)
        member._value_ = value
        member.sentence = sentence
        member.target_noun = target_noun
        return member

    def reads(self, target: str | None = None) -> str:
        """The sentence, naming `target`, or the kind of thing acted on when it is not named."""
        return self.sentence.format(target=target or self.target_noun)

    # Accounts and organisations
    ORGANISATION_CREATED = "organisation.created", "added the organisation {target}", "an organisation"
    USER_CREATED = "user.created", "added the user {target}", "a user"
    USER_SIGNED_IN = "user.signed_in", "signed in"
    USER_SIGNED_OUT = "user.signed_out", "signed out"
    USER_SIGN_IN_FAILED = "user.sign_in_failed", "failed to sign in"
    USER_SIGN_IN_LOCKED_OUT = "user.sign_in_locked_out", "was locked out after failed sign-ins"
    USER_PASSWORD_RESET_REQUESTED = "user.password_reset_requested", "asked to reset a password"
    USER_PASSWORD_RESET = "user.password_reset", "reset the password of {target}", "a user"
    API_TOKEN_ISSUED = "api_token.issued", "issued an API token"
    API_TOKEN_REVOKED = "api_token.revoked", "revoked an API token"
    API_TOKEN_REFUSED = "api_token.refused", "was refused with an API token that could not be used"
    ORGANISATION_RENAMED = "organisation.renamed", "renamed the organisation {target}", "an organisation"
    ORGANISATION_DIRECTORY_SOURCE_CHANGED = (
        "organisation.directory_source_changed",
        "changed the Open Referral feed registered for {target}",
        "an organisation",
    )
    ORGANISATION_COMMISSIONING_AREAS_CHANGED = (
        "organisation.commissioning_areas_changed",
        "changed the areas {target} commissions for, which its commissioners' insight covers",
        "an organisation",
    )
    ORGANISATION_DEACTIVATED = (
        "organisation.deactivated",
        "deactivated the organisation {target}",
        "an organisation",
    )
    USER_INVITED = "user.invited", "invited {target} to Throughcare", "a user"
    USER_DEACTIVATED = "user.deactivated", "closed the account of {target}", "a user"
    MEMBERSHIP_ROLE_CHANGED = "membership.role_changed", "changed the role of {target}", "a membership"
    MEMBERSHIP_ENDED = "membership.ended", "ended the membership of {target}", "a membership"
    AUDIT_TRAIL_VIEWED = "audit_trail.viewed", "looked at the audit trail"
    HOME_VIEWED = "home.viewed", "opened their home page (their worklist)"
    # People's rights
    RIGHTS_PEOPLE_SEARCHED = "rights.people_searched", "searched for a person to answer a rights request"
    PERSON_RIGHTS_PAGE_VIEWED = "person.rights_page_viewed", "opened {target}'s rights page", "a person"
    PERSON_ACCESS_LOG_VIEWED = (
        "person.access_log_viewed",
        "looked at who viewed {target}'s record",
        "a person",
    )
    PERSON_SUBJECT_ACCESS_REQUESTED = (
        "person.subject_access_requested",
        "asked for everything held about {target}",
        "a person",
    )
    PERSON_SUBJECT_ACCESS_EXPORTED = (
        "person.subject_access_exported",
        "exported everything held about {target}",
        "a person",
    )
    PERSON_CORRECTION_STARTED = "person.correction_started", "began correcting {target}'s record", "a person"
    RETENTION_APPLIED = "retention.applied", "applied the retention schedule"
    DATA_IMPOSSIBLE_VALUES_REPAIRED = (
        "data.impossible_values_repaired",
        "repaired stored values no form would now accept, in {target}",
        "a record",
    )
    MATCHING_UNMET_NEED_UPDATED = (
        "matching.unmet_need_updated",
        "updated an unmet need record after a repeated search",
    )
    PERSON_OPD_SCREENING_RECORDED = (
        "person.opd_screening_recorded",
        "recorded an OPD pathway screening for {target}",
        "a person",
    )
    PERSON_PROGRAMME_STARTED = (
        "person.programme_started",
        "recorded that {target} is in a programme (such as IOM or CFO Evolution)",
        "a person",
    )
    PERSON_PROGRAMME_ENDED = (
        "person.programme_ended",
        "recorded that {target} left a programme (such as IOM or CFO Evolution)",
        "a person",
    )
    PERSON_PROGRAMMES_VIEWED = (
        "person.programmes_viewed",
        "read the programmes {target} is in",
        "a person",
    )
    PERSON_RESIDENCE_RECORDED = (
        "person.residence_recorded",
        "recorded the area {target} lives in",
        "a person",
    )
    PERSON_OPD_SCREENINGS_VIEWED = (
        "person.opd_screenings_viewed",
        "read {target}'s OPD pathway screenings",
        "a person",
    )
    REFERRAL_REFERRED_OUTSIDE_CRITERIA = (
        "referral.referred_outside_criteria",
        "sent {target} outside the service's criteria, giving a reason",
        "a referral",
    )
    REFERRAL_SENT_MIS_TIERED = (
        "referral.sent_mis_tiered",
        "sent {target} in crisis to a service below the care it needs, so the service was warned",
        "a referral",
    )
    REFERRAL_SHARED_DETAILS_REFUSED = (
        "referral.shared_details_refused",
        "was refused the details shared on {target}, as the person withdrew their consent",
        "a referral",
    )
    # People and their care teams
    PERSON_CREATED = "person.created", "added {target}'s record", "a person"
    PERSON_UPDATED = "person.updated", "changed {target}'s record", "a person"
    PERSON_HUB_VIEWED = (
        "person.hub_viewed",
        "opened {target}'s page, with their referrals and timeline",
        "a person",
    )
    REFERRAL_CASELOAD_VIEWED = "referral.caseload_viewed", "looked at their organisation's referrals"
    CASE_NOTE_ADDED = "case_note.added", "added a case note to {target}", "a referral"
    CASE_NOTE_EDITED = (
        "case_note.edited",
        "changed a case note on {target}, keeping the earlier text",
        "a referral",
    )
    CASE_NOTE_LISTED = "case_note.listed", "read the case notes on {target}", "a referral"
    CASE_NOTE_VIEWED = "case_note.viewed", "read a case note on {target}", "a referral"
    PERSON_VIEWED = "person.viewed", "viewed {target}'s record", "a person"
    PERSON_LISTED = "person.listed", "listed people"
    PERSON_MERGED = "person.merged", "merged a duplicate record into {target}'s record", "a person"
    PERSON_MERGED_AWAY = "person.merged_away", "merged {target}'s duplicate record away", "a person"
    CARE_TEAM_ADDED = "care_team.added", "added an organisation to a care team"
    CARE_TEAM_ENDED = "care_team.ended", "ended an organisation's place in a care team"
    CARE_TEAM_END_SCHEDULED = (
        "care_team.end_scheduled",
        "set the last day of a prison's place in a care team, at the end of the window after release",
    )
    CARE_TEAM_END_CANCELLED = (
        "care_team.end_cancelled",
        "kept a prison's place in a care team that was due to end, as the person is in its custody again",
    )
    CARE_TEAM_LEAD_SET = "care_team.lead_set", "made an organisation lead of a care team"
    CARE_TEAM_LEAD_REMOVED = "care_team.lead_removed", "removed the lead of a care team"
    PERSON_DUPLICATE_CHECKED = (
        "person.duplicate_checked",
        "was checked for already-recorded people while adding or changing one",
    )
    PERSON_DUPLICATE_CHECK_REFUSED = (
        "person.duplicate_check_refused",
        "was refused a duplicate check, having made too many in a short time",
    )
    CARE_TEAM_NOTICE_RAISED = (
        "care_team.notice_raised",
        "told an organisation about a care team (a request to join it, or a change made by another)",
    )
    PERSON_RESTRICTED = "person.restricted", "restricted {target}'s record to named people", "a person"
    PERSON_RESTRICTION_CHANGED = (
        "person.restriction_changed",
        "changed who may see {target}'s restricted record",
        "a person",
    )
    PERSON_RESTRICTION_LIFTED = (
        "person.restriction_lifted",
        "lifted the restriction on {target}'s record",
        "a person",
    )
    PERSON_BREAK_GLASS_OPENED = (
        "person.break_glass_opened",
        "opened {target}'s restricted record with break-glass access, giving a reason",
        "a person",
    )
    PERSON_BREAK_GLASS_REVIEWED = (
        "person.break_glass_reviewed",
        "reviewed break-glass access to {target}'s record",
        "a person",
    )
    PERSON_BREAK_GLASS_LISTED = "person.break_glass_listed", "read the list of break-glass access to review"
    CARE_TEAM_NOTICE_ANSWERED = "care_team.notice_answered", "answered a care team notice"
    CARE_TEAM_JOIN_REQUEST_PASSED_ON = (
        "care_team.join_request_passed_on",
        "passed a request to join a care team to the team's new lead",
    )
    CARE_TEAM_NOTICES_LISTED = "care_team.notices_listed", "read their organisation's care team notices"
    # Custody, orders and the journey
    CUSTODY_RECEPTION_RECORDED = "custody.reception_recorded", "recorded a reception into custody"
    CUSTODY_RELEASE_RECORDED = "custody.release_recorded", "recorded a release from custody"
    CUSTODY_TRANSFERRED = "custody.transferred", "recorded a transfer between prisons"
    CUSTODY_RECALLED = "custody.recalled", "recorded a recall to custody"
    CUSTODY_RE_RELEASED = "custody.re_released", "recorded a re-release after recall"
    CUSTODY_PROVIDERS_NOTIFIED = (
        "custody.providers_notified",
        "told the treating services of a custody change",
    )
    CUSTODY_LISTED = "custody.listed", "viewed {target}'s time in custody", "a person"
    CUSTODY_RE_RELEASE_VIEWED = "custody.re_release_viewed", "viewed a re-release"
    JOURNEY_VIEWED = "journey.viewed", "viewed {target}'s journey", "a person"
    JOURNEY_PROBATION_CHANGED = "journey.probation_changed", "changed the probation service holding a case"
    ORDER_CREATED = "order.created", "recorded a court order"
    ORDER_LISTED = "order.listed", "viewed {target}'s court orders", "a person"
    REQUIREMENT_ADDED = "requirement.added", "added a requirement to a court order"
    REQUIREMENT_STATUS_CHANGED = "requirement.status_changed", "changed a requirement's status"
    REQUIREMENT_VIEWED = "requirement.viewed", "viewed a requirement"
    REQUIREMENT_REGISTER_VIEWED = "requirement.register_viewed", "viewed the requirements register"
    LICENCE_CONDITION_ADDED = "licence_condition.added", "added a licence condition"
    COURT_AVAILABILITY_VIEWED = "court.availability_viewed", "viewed treatment availability for a court"
    # Release plans
    RELEASE_PLAN_STARTED = "release_plan.started", "started a release plan"
    RELEASE_PLAN_ITEM_UPDATED = "release_plan.item_updated", "updated an item of a release plan"
    RELEASE_PLAN_VIEWED = "release_plan.viewed", "viewed {target}'s release plan", "a person"
    RELEASE_PLAN_PRINTED = "release_plan.printed", "printed {target}'s release plan", "a person"
    RELEASE_PLAN_CASELOAD_VIEWED = "release_plan.caseload_viewed", "viewed the release caseload"
    # Requests to be contacted, sent from Find support (the person's own request has no actor)
    SELF_REFERRAL_RECEIVED = (
        "self_referral.received",
        "received a request to be contacted ({target})",
        "a self-referral",
    )
    SELF_REFERRAL_LIST_VIEWED = "self_referral.list_viewed", "looked at the requests to be contacted"
    SELF_REFERRAL_VIEWED = (
        "self_referral.viewed",
        "opened a request to be contacted ({target})",
        "a self-referral",
    )
    SELF_REFERRAL_CONTACTED = (
        "self_referral.contacted",
        "recorded contacting the person who asked ({target})",
        "a self-referral",
    )
    SELF_REFERRAL_CLOSED = (
        "self_referral.closed",
        "closed a request to be contacted ({target})",
        "a self-referral",
    )
    SELF_REFERRAL_TAKEN_ON = (
        "self_referral.taken_on",
        "took on the person who asked, as a referral ({target})",
        "a self-referral",
    )
    SELF_REFERRAL_MATCHES_VIEWED = (
        "self_referral.matches_viewed",
        "looked for the person who asked among people they work with ({target})",
        "a self-referral",
    )
    # What people say about services
    FEEDBACK_GIVEN = "feedback.given", "said how a service treated them ({target})", "feedback"
    FEEDBACK_SUMMARY_VIEWED = "feedback.summary_viewed", "looked at what people say about services"
    FEEDBACK_COUNCIL_EXPORTED = (
        "feedback.council_exported",
        "downloaded what people say about services for a Lived Experience Advisory Council",
    )
    FEEDBACK_MODERATION_VIEWED = (
        "feedback.moderation_viewed",
        "read people's own words about services, waiting to be checked",
    )
    FEEDBACK_WORDS_PUBLISHED = (
        "feedback.words_published",
        "published a person's own words ({target})",
        "feedback",
    )
    FEEDBACK_WORDS_REJECTED = (
        "feedback.words_rejected",
        "decided not to publish a person's own words ({target})",
        "feedback",
    )
    # A person's own plan on their phone (their own actions have no staff actor)
    PLAN_ACCESS_GRANTED = (
        "plan_access.granted",
        "emailed {target} a link to see their own plan",
        "a person",
    )
    PLAN_ACCESS_ENDED = "plan_access.ended", "ended {target}'s link to their own plan", "a person"
    PLAN_ACCESS_STOPPED_BY_PERSON = (
        "plan_access.stopped_by_person",
        "stopped their own link to their plan ({target})",
        "a person",
    )
    PLAN_ACCESS_CODE_SENT = "plan_access.code_sent", "sent {target} a sign-in code for their plan", "a person"
    PLAN_ACCESS_CODE_FAILED = (
        "plan_access.code_failed",
        "typed a wrong sign-in code for {target}'s plan",
        "a person",
    )
    PLAN_ACCESS_LOCKED_OUT = (
        "plan_access.locked_out",
        "locked sign-in to {target}'s plan after too many wrong codes",
        "a person",
    )
    PLAN_ACCESS_SIGNED_IN = "plan_access.signed_in", "signed in to {target}'s own plan", "a person"
    PLAN_ACCESS_SIGNED_OUT = "plan_access.signed_out", "signed out of {target}'s own plan", "a person"
    PLAN_ACCESS_PLAN_VIEWED = (
        "plan_access.plan_viewed",
        "opened {target}'s own plan on their phone",
        "a person",
    )
    PLAN_ACCESS_PLAN_PRINTED = (
        "plan_access.plan_printed",
        "opened the easy-read print of {target}'s own plan",
        "a person",
    )
    PLAN_ACCESS_SHARING_VIEWED = (
        "plan_access.sharing_viewed",
        "looked at who {target} said may have their details, on their own plan",
        "a person",
    )
    PLAN_ACCESS_CONSENT_GIVEN = (
        "plan_access.consent_given",
        "said yes to sharing their details for a referral, on {target}'s own plan",
        "a person",
    )
    PLAN_ACCESS_CONSENT_WITHDRAWN = (
        "plan_access.consent_withdrawn",
        "withdrew consent to a referral, on {target}'s own plan",
        "a person",
    )
    PLAN_ACCESS_REMINDERS_STARTED = (
        "plan_access.reminders_started",
        "asked for appointment reminders ({target})",
        "a person",
    )
    PLAN_ACCESS_REMINDERS_STOPPED = (
        "plan_access.reminders_stopped",
        "stopped appointment reminders ({target})",
        "a person",
    )
    PLAN_ACCESS_REMINDERS_CHANGED = (
        "plan_access.reminders_changed",
        "changed how appointment reminders reach them, or the mobile number they go to ({target})",
        "a person",
    )
    PLAN_ACCESS_REMINDER_QUEUED = (
        "plan_access.reminder_queued",
        "queued a reminder email or text for {target}",
        "an appointment",
    )
    PLAN_ACCESS_LIST_VIEWED = (
        "plan_access.list_viewed",
        "looked at the links {target} has to their own plan",
        "a person",
    )
    # Referrals, notices, appointments and outcomes
    REFERRAL_CREATED = "referral.created", "made a referral"
    REFERRAL_UPDATED = "referral.updated", "changed a referral"
    REFERRAL_CONSENT_RECORDED = "referral.consent_recorded", "recorded consent for a referral"
    REFERRAL_TRANSITIONED = "referral.transitioned", "moved a referral on"
    REFERRAL_WAITLIST_UPDATED = "referral.waitlist_updated", "updated a referral's place on a waiting list"
    REFERRAL_VIEWED = "referral.viewed", "viewed a referral"
    REFERRAL_WORKLIST_VIEWED = "referral.worklist_viewed", "viewed the referrals worklist"
    REFERRAL_FHIR_EXPORTED = "referral.fhir_exported", "exported a referral as FHIR"
    REFERRAL_FHIR_IMPORTED = "referral.fhir_imported", "imported a referral from FHIR"
    REFERRAL_FHIR_UPDATED = (
        "referral.fhir_updated",
        "changed {target} from an NHS BaRS update message",
        "a referral",
    )
    REFERRAL_FHIR_CANCELLED = (
        "referral.fhir_cancelled",
        "withdrew {target} on an NHS BaRS cancellation message",
        "a referral",
    )
    NOTICE_RAISED = "notice.raised", "raised a notice about a referral"
    NOTICE_CLEARED = "notice.cleared", "cleared a notice"
    NOTICES_VIEWED = "notices.viewed", "viewed their notices"
    APPOINTMENT_BOOKED = "appointment.booked", "booked an appointment"
    APPOINTMENT_RESCHEDULED = "appointment.rescheduled", "rescheduled an appointment"
    APPOINTMENT_CANCELLED = "appointment.cancelled", "cancelled an appointment"
    APPOINTMENT_ATTENDANCE_RECORDED = (
        "appointment.attendance_recorded",
        "recorded attendance at an appointment",
    )
    APPOINTMENT_CONCERN_RAISED = "appointment.concern_raised", "raised a concern about missed appointments"
    APPOINTMENT_LISTED = "appointment.listed", "viewed a referral's appointments"
    APPOINTMENT_UPCOMING_VIEWED = "appointment.upcoming_viewed", "viewed upcoming appointments"
    OUTCOME_RECORDED = "outcome.recorded", "recorded an outcome measure"
    OUTCOME_SUMMARY_WRITTEN = "outcome.summary_written", "wrote an outcome summary"
    OUTCOME_VIEWED = "outcome.viewed", "viewed outcome measures"
    MATCHING_UNMET_NEED_RECORDED = "matching.unmet_need_recorded", "recorded a need no service could meet"
    MATCHING_POINTS_REBUILT = (
        "matching.points_rebuilt",
        "worked out again where published services can be found",
    )
    # The directory and reference data
    DIRECTORY_ORGANISATION_CREATED = "directory.organisation_created", "added a provider organisation"
    DIRECTORY_SERVICE_CREATED = "directory.service_created", "added the service {target}", "a service"
    DIRECTORY_SERVICE_UPDATED = "directory.service_updated", "changed the service {target}", "a service"
    DIRECTORY_SERVICE_CONFIRMED = "directory.service_confirmed", "confirmed the service {target}", "a service"
    DIRECTORY_LOCATION_CREATED = "directory.location_created", "added a location"
    DIRECTORY_LOCATION_UPDATED = "directory.location_updated", "changed a location"
    DIRECTORY_SERVICE_LOCATION_LINKED = "directory.service_location_linked", "linked a service to a location"
    DIRECTORY_SERVICE_LOCATION_UNLINKED = (
        "directory.service_location_unlinked",
        "unlinked a service from a location",
    )
    DIRECTORY_SERVICES_IMPORTED = (
        "directory.services_imported",
        "imported services from an Open Referral feed",
    )
    DIRECTORY_TAXONOMIES_IMPORTED = "directory.taxonomies_imported", "imported taxonomies"
    DIRECTORY_FEED_REGISTERED = (
        "directory.feed_registered",
        "registered the Open Referral feed {target} to sync",
        "a feed",
    )
    DIRECTORY_FEED_CHANGED = "directory.feed_changed", "changed the Open Referral feed {target}", "a feed"
    DIRECTORY_FEED_SYNCED = (
        "directory.feed_synced",
        "synced the Open Referral feed {target} into the directory",
        "a feed",
    )
    DIRECTORY_TERM_CODES_REPAIRED = "directory.term_codes_repaired", "repaired services' term codes"
    GEOGRAPHY_IMPORTED = "geography.imported", "imported geography"
    GEOGRAPHY_POSTCODES_IMPORTED = "geography.postcodes_imported", "imported postcodes"
    DEMO_SEEDED = "demo.seeded", "loaded the demonstration data"
    INSIGHT_FACTS_REBUILT = (
        "insight.facts_rebuilt",
        "worked out insight's kept referral facts again from the referrals",
    )


def verb_choices() -> list[tuple[str, str]]:
    """(verb, what it reads as) for a list to choose from, in reading order."""
    return sorted(
        ((verb.value, as_sentence(verb.reads())) for verb in AuditVerb), key=lambda choice: choice[1]
    )


def as_sentence(words: str) -> str:
    return words[:1].upper() + words[1:]


# Each verb by its stored code (AuditVerb(code) would do, but its custom __new__ hides that from mypy).
BY_CODE: dict[str, AuditVerb] = {verb.value: verb for verb in AuditVerb}


def reads(verb: str, target: str | None = None) -> str:
    """What an event of `verb` reads as after its actor's name; an unregistered verb reads as its code."""
    registered = BY_CODE.get(verb)
    if registered is None:
        return verb.replace(".", " ").replace("_", " ")
    return registered.reads(target)
