import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo import large


class Command(BaseCommand):
    help = (
        "Create a large data set to measure the platform at size: at scale 1, 100 communities, "
        "20,000 members, 2,000 events, 100,000 registrations, 200,000 messages, 500 letters "
        "(docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0,
            help="a fraction of the full size (0.1: 10 communities, 2,000 members, ...)",
        )

    def handle(self, *args, scale, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if connection.vendor != "postgresql":
            raise CommandError(
                "The large data set is written with PostgreSQL's SQL: set DATABASE_URL to a "
                "PostgreSQL database (docs/performance.md).")
        if large.already_seeded():
            raise CommandError("The large data set is already there (communities large-…).")
        started = time.perf_counter()
        report = large.seed(scale, out=self.stdout)
        s = report.sizes
        self.stdout.write(self.style.SUCCESS(
            f"Created at scale {scale}: {s.communities} communities, {s.members} members, "
            f"{s.events} events, {s.registrations} registrations, {s.messages} messages, "
            f"{s.letters} letters in {time.perf_counter() - started:.1f} s."
        ))
