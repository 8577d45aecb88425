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

# Sync workers, one request at a time each: a worker takes a connection only when it is free, so
# requests go to whichever worker can start them now. gthread workers (ADR 49) kept accepting while
# busy, and a kept-alive connection stays with the worker that took it: after a worker was recycled
# (max_requests), every client reconnected to the other one and throughput halved until the run
# ended. Measured on 2 cores (ADR 50), matches at 16 users, p95 250 ms with sync workers and 357 to
# 433 ms with gthread; the worklist home at 16 users, 799 ms and 1,321 ms. What Throughcare serves is
# CPU-bound Python against a database on the same host; notices and people's messages are sent by
# the outbox, not in the request. Sync workers read a request and write its answer themselves, so a
# slow client holds one: serve them behind a proxy that buffers both (nginx does by default), as
# the TLS proxy in front should. GUNICORN_THREADS above 1 gives gthread workers with that many
# threads: for a database across a network or the postcodes.io geocoder switched on, where requests
# wait rather than compute.
threads = _int("GUNICORN_THREADS", 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync" if threads == 1 else "gthread")

# Load the application once in the master before forking: workers share its memory, and
# config/wsgi.py freezes what was loaded (ADR 18) so collections in workers skip it.
preload_app = True

# Nothing Throughcare serves should take 30 s; a request that does is stuck, and the worker is
# replaced rather than left holding a thread. Long jobs (imports, retention) run as commands.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# With gthread workers behind a proxy that keeps connections open, answer on the same connection
# for a few seconds (sync workers close each connection after its answer).
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
