"""Run every benchmark: `make bench` (or `python -m bench [name ...]`).

Benchmarks run against their own database (var/bench.sqlite3 unless BENCH_DATABASE_URL is set),
loaded once with the national-scale demo data, and print medians, p95 and ratios.
"""

import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare_database() -> None:
    """Point Django at the benchmark database and load the national demo data into it, once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    )
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--scale", "national", "--quiet")
    print(
        f"Benchmark database ready in {time.perf_counter() - started:.1f}s ({os.environ['DATABASE_URL']})\n"
    )
    # As the web server process does once loaded (config/wsgi.py): without it, one request in about
    # thirty paid 60-70 ms for a collection walking everything Django had loaded.
    from throughcare.core.startup import freeze_loaded_objects

    freeze_loaded_objects()


def main(selected: list[str]) -> None:
    prepare_database()
    from bench.harness import machine_steadiness

    names = sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_")
    )
    for name in names:
        if selected and not any(s in name for s in selected):
            continue
        module = importlib.import_module(f"bench.{name}")
        print(f"{name}: {module.__doc__.strip().splitlines()[0]}")
        # Measured again before each benchmark, so its verdicts are judged on the machine as it is now.
        machine_steadiness()
        module.run()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
