"""A web server process freezes what it loaded, so garbage collection walks only what requests make."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_loading_the_wsgi_application_freezes_every_loaded_view_and_object():
    script = (
        "import gc, sys, config.wsgi; "
        "print(gc.get_freeze_count(), 'throughcare.matching.views' in sys.modules, len(gc.get_objects()))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert shown.returncode == 0, shown.stderr
    frozen, views_loaded, still_tracked = shown.stdout.split()
    assert int(frozen) > 50_000  # Django and Throughcare, loaded
    assert views_loaded == "True"  # views load before the freeze, not on the first request
    assert int(still_tracked) < int(frozen) // 10
