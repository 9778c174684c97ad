"""Load the demo data (every installed app's ``demo`` module, in ``INSTALLED_APPS`` order: the
seed articles' agencies, officials, directives, programs, tasks and review meetings) into the
database; safe to run again."""

from django.core.management.base import BaseCommand

from core.demo_loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data taken from the seed articles. Idempotent: rows are upserted by "
        "their natural keys, and a second run changes nothing."
    )

    def handle(self, *args, **options) -> None:
        summary = load_demo()
        for line in summary.lines():
            self.stdout.write(line)
        if summary.changed:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already up to date: nothing changed."))
