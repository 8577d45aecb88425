"""What the demo directory's catalogues share: the stand-in for an area's own local authorities, and
dates relative to the day the demo is loaded."""

from datetime import date, timedelta

from django.utils import timezone

# Replaced by the area's local authority codes when the service is created.
AREA_PLACEHOLDER = "@area"
LOCAL = {"local_authority_codes": [AREA_PLACEHOLDER]}


def weeks(n: int) -> date:
    return timezone.localdate() + timedelta(weeks=n)
