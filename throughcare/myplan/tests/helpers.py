"""Helpers for the person's-own-plan tests: give access, read the emailed link and code, sign in."""

import re

from django.test import Client
from django.urls import reverse

from throughcare.myplan import services
from throughcare.myplan.models import PersonMessage


def give(practitioner, person, email="sam@example.com"):
    return services.plan_access_grant(actor=practitioner, person=person, email=email)


def latest_body(access) -> str:
    return PersonMessage.objects.filter(access=access).order_by("-created_at").first().body


def link_secret(access) -> str:
    first = PersonMessage.objects.filter(access=access).order_by("created_at").first().body
    return re.search(r"/my-plan/start/([^/\s]+)/", first).group(1)


def sent_code(access) -> str:
    return re.search(r"Your code is (\d{6})", latest_body(access)).group(1)


def signed_in_client(access) -> Client:
    """A phone's browser that opened the link, got a code and typed it in."""
    client = Client()
    secret = link_secret(access)
    client.post(reverse("myplan:start", args=[secret]))
    response = client.post(reverse("myplan:code", args=[secret]), {"code": sent_code(access)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client
