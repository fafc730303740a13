"""`accord seed --demo` loads the demo data; `accord seed --scale N` writes a large portfolio.

The command lives in partnerships because the foundation data is directory + partnerships. Later
apps add their own demo data: each registers its `seed_demo(context)` from its AppConfig.ready
(`partnerships.demo.register_demo`), and `--demo` calls them after the foundation, in
INSTALLED_APPS order.
"""

import time

from django.core import checks
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accord.directory.demo import seed_demo as directory_demo
from accord.partnerships.demo import DEMO_HOOKS, DemoContext, build_demo
from accord.partnerships.scale import DEFAULT_SEED, build_scale, refresh_statistics


class Command(BaseCommand):
    help = "Load the demo data (--demo) and/or a large deterministic portfolio (--scale N)."
    # The checks of what seeding writes through: the models. The others (URLs, templates)
    # would import every view and with them the PDF and chart libraries, about 33 MB that a
    # command writing rows never uses (`make run` and `accord check` run them all).
    requires_system_checks = [checks.Tags.models]

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Load the demo data (safe to run again)."
        )
        parser.add_argument(
            "--scale",
            type=int,
            metavar="N",
            help="Write N generated partnerships with about 5 member organizations each.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed of --scale (default {DEFAULT_SEED}); the same seed, the same data.",
        )

    def handle(self, *args, demo: bool, scale: int | None, seed: int, **options):
        if not demo and scale is None:
            raise CommandError("Say what to load: --demo, --scale N, or both.")
        if scale is not None and scale < 1:
            raise CommandError("--scale must be a positive number of partnerships.")
        if demo:
            self._demo(options["verbosity"])
        if scale is not None:
            self._scale(scale, seed)

    def _demo(self, verbosity: int) -> DemoContext:
        with transaction.atomic():
            context = build_demo()
            for hook in (directory_demo, *DEMO_HOOKS):
                hook(context)
        if verbosity >= 2:
            for line in context.log:
                self.stdout.write(f"  created {line}")
        if context.log:
            self.stdout.write(f"Demo data loaded ({len(context.log)} records created).")
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        return context

    def _scale(self, n: int, seed: int) -> None:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                counts = build_scale(n, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        if counts is None:
            self.stdout.write(f"Scale data for {n} partnerships (seed {seed}) already there.")
            return
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"Scale data written in {seconds:.1f} s: {summary}.")
        if analyzed := refresh_statistics():
            self.stdout.write(f"Planner statistics refreshed (ANALYZE of {len(analyzed)} tables).")
