"""CPU per match: POST /api/v1/matches in-process, the server's share of a served match.

The served figure (bench/http_load.py) needs a quiet machine to read; CPU time does not. This posts
the HTTP load's match bodies (bench/inputs.py, varied districts, needs and distances) through
Django's test client, as the deployed server would run them (objects frozen as config/wsgi.py does),
and prints per match: CPU (time.process_time) and wall time, median and p95, the mean CPU of the
PostgreSQL backend when the server runs on this machine, then a cProfile of the same requests, top 30
by own time and by cumulative time.

`--fingerprint FILE` instead writes a digest of every answer (every match, score, reason, exclusion,
alternative and count, in order) for 60 profiles, each sort in turn; `--compare FILE` checks today's
answers against such a file and names the profiles that differ. Before and after a change to
matching, the two must agree.

    python -m bench.match_cpu [--runs 200] [--profile] [--fingerprint F | --compare F]

Runs against var/bench.sqlite3 (or BENCH_DATABASE_URL): a copy you can spare, since matches with
no answer record unmet needs. It never fails on a figure: it prints them.
"""

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import statistics
import sys
import time

RUNS = 200
FINGERPRINT_PROFILES = 60
SORTS = ("best_fit", "soonest", "nearest")


def _client():
    from django.test import Client

    from throughcare.accounts.models import User
    from throughcare.accounts.services import token_issue

    practitioner = User.objects.get(email="practitioner@demo.throughcare.example")
    secret = token_issue(actor=None, user=practitioner, name="bench-match-cpu", days=1).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _post(client, body: dict) -> bytes:
    response = client.post("/api/v1/matches", body, content_type="application/json")
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code} for {body}: {response.content[:300]!r}")
    return response.content


def _p95(samples: list[float]) -> float:
    from bench.harness import percentile

    return percentile(sorted(samples), 0.95)


def _database_cpu() -> tuple[int, float] | None:
    """(backend pid, CPU seconds it has used so far) of this connection's PostgreSQL backend, when the
    server runs on this machine (read from /proc), else None. A served match pays it too: on one
    machine the web process and the database backend share the same cores, and time.process_time
    counts only the first."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def cpu_per_match(client, bodies: list[dict]) -> None:
    # Every profile once first, as a server that has been up a while has seen their places: what
    # stays warm between requests (SQLite's pages, parsed terms) is then warm for both sides of a
    # before-and-after, and the figure is the steady state, not a cold start.
    for body in bodies:
        _post(client, body)
    cpu, wall, sizes = [], [], []
    database_started = _database_cpu()
    for body in bodies:
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        sizes.append(len(_post(client, body)))
        cpu.append((time.process_time() - cpu_started) * 1000)
        wall.append((time.perf_counter() - wall_started) * 1000)
    print(f"  {len(bodies)} varied profiles; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(
        f"  CPU per match   median {statistics.median(cpu):7.2f} ms  p95 {_p95(cpu):7.2f} ms"
        f"  mean {statistics.mean(cpu):7.2f} ms (what throughput pays)"
    )
    database_finished = _database_cpu()
    # Only when every match ran on the one backend (a connection kept throughout). The kernel counts a
    # process's CPU in clock ticks (10 ms), so only the mean is worth printing.
    if database_started and database_finished and database_started[0] == database_finished[0]:
        database = (database_finished[1] - database_started[1]) * 1000 / len(bodies)
        print(
            f"  database CPU    mean {database:7.2f} ms (PostgreSQL backend);"
            f" with the app's mean {statistics.mean(cpu) + database:7.2f} ms"
        )
    print(f"  wall per match  median {statistics.median(wall):7.2f} ms  p95 {_p95(wall):7.2f} ms")
    print(
        f"  response size   median {statistics.median(sizes) / 1024:7.1f} KiB"
        f"  max {max(sizes) / 1024:.1f} KiB"
    )


def profile(client, bodies: list[dict]) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for body in bodies:
        _post(client, body)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(30)
        print(f"\n  cProfile of {len(bodies)} matches, top 30 by {order}:")
        print(text.getvalue())


def fingerprints(client, bodies: list[dict]) -> dict[str, str]:
    """Profile number and sort -> a digest of the whole answer."""
    found = {}
    for number, body in enumerate(bodies):
        sort = SORTS[number % len(SORTS)]
        # The answer as data, not bytes: how it is encoded (spacing, escapes) may change, its content not.
        answer = json.dumps(json.loads(_post(client, {**body, "sort": sort})), sort_keys=True)
        found[f"{number:03d} {body['postcode']} {sort}"] = hashlib.sha256(answer.encode()).hexdigest()
    return found


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile top 30")
    parser.add_argument("--fingerprint", help="write every answer's digest to this JSON file")
    parser.add_argument("--compare", help="compare every answer's digest with this JSON file")
    options = parser.parse_args(argv)

    from bench.__main__ import prepare_database
    from bench.http_load import UNTHROTTLED

    os.environ.update(UNTHROTTLED)  # hundreds of matches a minute on one token: measure, not throttle
    prepare_database()
    from bench.inputs import match_profiles

    client = _client()
    if options.fingerprint or options.compare:
        # The same profiles as a match run, with a seed of their own so they are not its warm-up.
        found = fingerprints(client, match_profiles(FINGERPRINT_PROFILES, seed=46))
        if options.fingerprint:
            with open(options.fingerprint, "w") as out:
                json.dump(found, out, indent=1)
            print(f"  {len(found)} answers' digests written to {options.fingerprint}")
        if options.compare:
            with open(options.compare) as kept:
                expected = json.load(kept)
            differing = [key for key in expected if found.get(key) != expected[key]]
            print(f"  {len(expected) - len(differing)} of {len(expected)} answers identical")
            for key in differing:
                print(f"    differs: {key}")
        return
    bodies = match_profiles(options.runs)
    cpu_per_match(client, bodies)
    if options.profile:
        profile(client, bodies)


if __name__ == "__main__":
    main(sys.argv[1:])
