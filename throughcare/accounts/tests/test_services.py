import pytest
from django.core.exceptions import ValidationError

from throughcare.accounts.models import Membership, Organisation, User
from throughcare.accounts.services import organisation_create, user_create
from throughcare.accounts.tests.factories import OrganisationFactory
from throughcare.core.models import AuditEvent
from throughcare.core.permissions import OrganisationKind, Role

pytestmark = pytest.mark.django_db


def test_creating_an_organisation_is_audited():
    organisation = organisation_create(actor=None, code="N50", name="Greater Manchester", kind="probation")
    event = AuditEvent.objects.get(verb="organisation.created")
    assert event.target_id == str(organisation.id)
    assert event.payload == {"code": "N50", "kind": "probation"}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"code": "has space"}, "code", "only letters, numbers"),
        ({"name": "  "}, "name", "Enter the organisation's name"),
        ({"kind": "bakery"}, "kind", "Choose a kind of organisation"),
    ],
)
def test_bad_organisation_input_is_named_and_nothing_is_written(fields, field, message):
    with pytest.raises(ValidationError) as caught:
        organisation_create(actor=None, **{"code": "ok", "name": "Name", "kind": "probation", **fields})
    assert message in " ".join(caught.value.message_dict[field])
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_duplicate_organisation_code_is_refused_whatever_its_case():
    organisation_create(actor=None, code="N50", name="One", kind="probation")
    with pytest.raises(ValidationError, match="already exists"):
        organisation_create(actor=None, code="n50", name="Two", kind="probation")


def test_creating_a_user_creates_the_membership_and_audits_it():
    organisation = OrganisationFactory(kind=OrganisationKind.VCSE_PROVIDER)
    user = user_create(
        actor=None,
        email="Sam@Example.org",
        full_name="Sam",
        organisation=organisation,
        role=Role.PROVIDER_MANAGER,
        password="long-enough-password-7",
    )
    assert user.email == "sam@example.org"
    assert user.current_role == Role.PROVIDER_MANAGER
    assert user.password.startswith("md5$")  # the tests' fast hasher; production uses Argon2
    assert AuditEvent.objects.filter(verb="user.created", target_id=str(user.id)).exists()


def test_a_role_the_organisation_cannot_have_is_refused_and_nothing_is_written():
    prison = OrganisationFactory(kind=OrganisationKind.PRISON)
    with pytest.raises(ValidationError) as caught:
        user_create(
            actor=None, email="x@example.org", full_name="X", organisation=prison, role=Role.COMMISSIONER
        )
    assert "cannot have the role commissioner" in caught.value.message_dict["role"][0]
    assert not User.objects.exists()
    assert not Membership.objects.exists()


def test_weak_passwords_and_duplicate_emails_are_refused():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        user_create(
            actor=None,
            email="a@example.org",
            full_name="A",
            organisation=organisation,
            role=Role.PRACTITIONER,
            password="password",
        )
    assert "password" in caught.value.message_dict
    user_create(
        actor=None, email="a@example.org", full_name="A", organisation=organisation, role=Role.PRACTITIONER
    )
    with pytest.raises(ValidationError, match="already exists"):
        user_create(
            actor=None,
            email="A@example.org",
            full_name="A",
            organisation=organisation,
            role=Role.PRACTITIONER,
        )


def test_a_user_without_a_password_cannot_sign_in_until_they_reset_it():
    user = user_create(
        actor=None,
        email="b@example.org",
        full_name="B",
        organisation=OrganisationFactory(),
        role=Role.PRACTITIONER,
    )
    assert not user.has_usable_password()
