"""How Throughcare is served in production: `gunicorn -c config/gunicorn_conf.py config.wsgi`.

Each setting can be changed with the environment variable named beside it; the defaults suit a
2-core machine, which is what the benchmarks measure (bench/, `make bench-http`).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# One worker process per core: matching and insight are CPU-bound Python, so more processes than
# cores only queue for the same CPUs and each holds its own copy of the loaded application.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count())

# One thread per worker: a worker's threads share one interpreter lock, and what Throughcare
# serves is CPU-bound Python against a database on the same host. Notices and people's messages
# are sent by the outbox, not in the request; an invitation email is rare. With 4 threads, lock
# contention cost each request 10-15% more CPU, and a slow request stretched every request beside
# it; with 1, waiting requests queue in order. Measured on 2 cores (ADR 49): matches at 16 users,
# p95 312 ms with 1 thread and 402 ms with 4; cold insight at 16 users, 1.13 s and 1.40 s. Raise it
# when the database is across a network or the postcodes.io geocoder is on: requests then wait
# rather than compute.
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread"

# Load the application once in the master before forking: workers share its memory, and
# config/wsgi.py freezes what was loaded (ADR 18) so collections in workers skip it.
preload_app = True

# Nothing Throughcare serves should take 30 s; a request that does is stuck, and the worker is
# replaced rather than left holding a thread. Long jobs (imports, retention) run as commands.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# Behind a proxy that keeps connections open, answer on the same connection for a few seconds.
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle each worker after a few thousand requests (with jitter, so they do not all restart at
# once): a slow leak in any library then never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Logs go to standard error, one line per request, for the platform to collect.
accesslog = "-"
errorlog = "-"


def post_worker_init(worker) -> None:
    """Start each worker's chart-drawing engine before it serves anyone: the engine runs in threads,
    which do not survive the fork from the preloaded master, and starting it costs the first chart
    about half a second (insight/charts.py)."""
    from throughcare.insight.charts import warm_up

    warm_up()
