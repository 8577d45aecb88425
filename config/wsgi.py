"""WSGI entry point, used by gunicorn in production: `gunicorn config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from throughcare.core.startup import freeze_loaded_objects  # noqa: E402 - needs Django set up first

freeze_loaded_objects()
