import time

from django.core.management.base import BaseCommand

from throughcare.demo.areas import AREA_SIGN_INS
from throughcare.demo.seeding import (
    DEMO_PASSWORD,
    DEMO_SIGN_INS,
    SCALES,
    already_seeded,
    demo_email,
)
from throughcare.demo.seeding import (
    seed as run_seed,
)


class Command(BaseCommand):
    help = "Load deterministic, fictional demonstration data (does nothing if it is already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=20261128, help="Random seed: same seed, same data.")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, scale, seed, quiet, **options):
        already_loaded = already_seeded()
        if already_loaded:
            self.stdout.write("Demo data is already loaded.")
        else:
            started = time.perf_counter()
            ctx = run_seed(scale=scale, seed=seed, progress=not quiet)
            if ctx.areas.is_built_in:
                self.stdout.write(
                    self.style.WARNING(
                        "Geography data was not found (set GEOGRAPHY_DATA_DIR), "
                        "so the demo uses a small built-in sample of areas."
                    )
                )
            counts = ", ".join(f"{n:,} {name}" for name, n in ctx.counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {scale} demo data in {time.perf_counter() - started:.1f}s: {counts}."
                )
            )
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for local_part, full_name, _code, role in DEMO_SIGN_INS:
            self.stdout.write(f"  {role.label:<52} {demo_email(local_part)}  ({full_name})")
        self.stdout.write(
            "\nA person's own plan, on a phone: sign in as the prison practitioner "
            f"({demo_email('navigator')}), open Casey Placeholder and choose 'Their plan on their phone'. "
            "The link and the one-time code are emailed to the server's console."
        )
        if not already_loaded and ctx.shared.get("plan_link"):
            self.stdout.write(f"  Casey Placeholder's link, made just now: {ctx.shared['plan_link']}")
        if not already_loaded and ctx.shared.get("plan_link_by_text"):
            self.stdout.write(
                "  Jordan Example's link went by text (codes too, to the console): "
                f"{ctx.shared['plan_link_by_text']}"
            )
        self.stdout.write(
            "Someone asked Riverside Talking Therapies to get in touch from Find support (/support/): "
            f"sign in as {demo_email('nhs-caseworker')} and open Referrals."
        )
        self.stdout.write("\nMore sign-ins, in Leeds and Manchester (same password):")
        for local_part, full_name, _code, role in AREA_SIGN_INS:
            self.stdout.write(f"  {role.label:<52} {demo_email(local_part)}  ({full_name})")
