"""``manage.py generate_data --scale 1 --seed 1``: a generated national-scale database for
benchmarks (:mod:`programs.generate`)."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.pagecache import pages_changed
from programs.generate import LOADED_MODELS, generate


class Command(BaseCommand):
    help = (
        "Fill an empty database with generated data: at --scale 1, 2,000 agencies, 5,000 "
        "directives, 10,000 programs, 200,000 tasks and progress updates, 5,000 meetings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = national scale")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already has data"
        )

    def handle(self, *args, scale: float, seed: int, force: bool, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        # Any row of the tables it fills (agencies entered by hand, programs): a real
        # database is never mixed with generated data by mistake.
        filled = [m._meta.verbose_name_plural for m in LOADED_MODELS if m._default_manager.exists()]
        if filled and not force:
            raise CommandError(
                f"This database already has data ({', '.join(map(str, filled))}): generate "
                "into an empty database (or give --force)."
            )
        started = time.monotonic()
        counts = generate(scale=scale, seed=seed, say=lambda line: self.stdout.write(f"  {line}"))
        pages_changed()  # bulk_create sends no signals: forget the pages cached before
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count:,}")
        self.stdout.write(f"done in {time.monotonic() - started:.0f} s")
