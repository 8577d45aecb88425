"""Fixtures shared by every test: organisations, a signed-in user per role, and API tokens."""

import os

import pytest
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from throughcare.accounts.services import token_issue
from throughcare.accounts.tests.factories import MembershipFactory, OrganisationFactory
from throughcare.core.permissions import OrganisationKind, Role

# Property tests are judged on what they find, not on how fast this machine makes examples: CI runs
# the SQLite and PostgreSQL suites side by side on two cores, where generation can be slow. In CI the
# examples are also fixed (derandomize), so a run can be repeated exactly.
hypothesis_settings.register_profile(
    "throughcare",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("CI") == "true",
)
hypothesis_settings.load_profile("throughcare")

ORGANISATION_KIND_FOR_ROLE = {
    Role.PRACTITIONER: OrganisationKind.PROBATION,
    Role.PROVIDER_CASEWORKER: OrganisationKind.VCSE_PROVIDER,
    Role.PROVIDER_MANAGER: OrganisationKind.VCSE_PROVIDER,
    Role.COMMISSIONER: OrganisationKind.COMMISSIONER,
    Role.ADMINISTRATOR: OrganisationKind.PLATFORM,
    Role.DPO: OrganisationKind.PROBATION,
}


@pytest.fixture
def make_user(db):
    """make_user(role) -> a user with an active membership in a fitting organisation."""

    def make(role: str, organisation=None, **user_fields):
        organisation = organisation or OrganisationFactory(kind=ORGANISATION_KIND_FOR_ROLE[role])
        return MembershipFactory(
            organisation=organisation,
            role=role,
            user__password="a-test-password-1",
            **{f"user__{key}": value for key, value in user_fields.items()},
        ).user

    return make


@pytest.fixture
def users_by_role(make_user):
    return {role: make_user(role) for role in Role.values}


@pytest.fixture
def client_for(users_by_role):
    """client_for(role) -> a test client signed in as that role (None: anonymous)."""

    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(users_by_role[role])
        return client

    return make


@pytest.fixture
def token_for(users_by_role):
    """token_for(role) -> a bearer secret for that role's user."""
    return lambda role: token_issue(actor=None, user=users_by_role[role], name="test").secret


class Migrator:
    """Moves the test database to named migrations and gives the historical models there."""

    def __init__(self, connection):
        self.connection = connection

    def migrate(self, targets):
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(self.connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def restore_latest(self):
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(self.connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def migrator(transactional_db):
    """migrator.migrate([(app, name)]) -> historical apps at that state; every later migration (in any
    app) is put back afterwards, so the tests after a migration test find every table."""
    from django.db import connection

    moving = Migrator(connection)
    try:
        yield moving
    finally:
        moving.restore_latest()


@pytest.fixture(autouse=True)
def _audit_checkpoints_in_a_temporary_file(settings, tmp_path):
    # Each test database holds a new audit chain: its checkpoints must not reach a developer's file.
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Request limits count in the cache: each test starts with a clean allowance.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that are not about hashing need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# A referral's two sides, used across referrals, notices, appointments and outcomes: a practitioner
# refers to a service whose directory entry the caseworker's organisation owns.
@pytest.fixture
def referrer(make_user):
    return make_user(Role.PRACTITIONER)


@pytest.fixture
def receiver(make_user):
    return make_user(Role.PROVIDER_CASEWORKER)


@pytest.fixture
def service(receiver):
    from throughcare.referrals.tests.helpers import service_of

    return service_of(receiver.current_organisation)


@pytest.fixture
def browser_for(live_server):
    """browser_for(user) -> a headless Chromium page signed in as that user (see tests/browser.py)."""
    from tests.browser import signed_in_pages

    with signed_in_pages(live_server.url) as page_for:
        yield page_for


@pytest.fixture(autouse=True)
def _published_taxonomy_restored(request):
    """Tests with `transaction=True` empty every table when they finish, including the published
    taxonomy a migration loads; put it back before each such test, as seeding does."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from throughcare.directory.published_taxonomy import ensure_published_taxonomy

    ensure_published_taxonomy()


@pytest.fixture(autouse=True)
def _texts_kept_in_memory(settings):
    # Like Django's test email outbox: texts are kept in core.texts.outbox, emptied for each test.
    from throughcare.core import texts

    settings.TEXT_BACKEND = "throughcare.core.texts.MemoryTextBackend"
    texts.outbox.clear()
