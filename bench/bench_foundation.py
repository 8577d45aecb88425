"""Foundation: audit writes, a signed-in home page and an authenticated API call.

Run against the national demo data. The audit write is the floor under every other write in
Throughcare, so its cost is printed beside a bare insert of the same size for comparison.
"""

from django.db import connection, transaction
from django.test import Client

from bench.harness import measure, ratio


def run() -> None:
    from throughcare.accounts.models import User
    from throughcare.accounts.services import token_issue
    from throughcare.core import audit

    def audited_write():
        with transaction.atomic():
            audit.record(actor=None, verb="bench.write", payload={"n": 1})

    def bare_insert():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, body TEXT)")
            cursor.execute("INSERT INTO bench_rows (body) VALUES (%s)", ["x" * 200])

    audited = measure("audit.record in its own transaction", audited_write)
    bare = measure("bare single-row insert in a transaction", bare_insert)
    ratio("audit.record / bare insert", audited, bare)

    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    client = Client()
    client.force_login(practitioner)
    measure("GET / (practitioner home page)", lambda: client.get("/"), repeat=100)

    secret = token_issue(actor=None, user=practitioner, name="bench", days=1).secret
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    measure("GET /api/v1/me (bearer token)", lambda: api.get("/api/v1/me"), repeat=200)
