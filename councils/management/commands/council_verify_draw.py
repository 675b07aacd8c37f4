"""Re-run a published draw and say whether it gives the same panel.

    manage.py council_verify_draw inputs.json    # the JSON of a draw's report page
    manage.py council_verify_draw --draw 12      # a draw of this database

Exits 0 when the result matches, 1 when it does not.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from councils.models import Draw
from councils.services import engine


class Command(BaseCommand):
    help = "Re-run a published draw from its inputs (pool, quotas, seed) and compare."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="?", help="the draw's inputs.json")
        parser.add_argument("--draw", type=int, help="the id of a draw of this database")

    def handle(self, *args, inputs=None, draw=None, **options):
        if inputs:
            try:
                data = json.loads(Path(inputs).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {inputs}: {error}") from error
        elif draw:
            row = Draw.objects.filter(pk=draw, status=Draw.Status.DONE).first()
            if row is None:
                raise CommandError(f"No draw #{draw} has been run.")
            data = {"pool": row.pool, "quotas": row.quotas, "seats": row.seats,
                    "seed": row.seed, "result": row.result, "algorithm": row.algorithm}
        else:
            raise CommandError("Give the inputs file or --draw ID.")
        try:
            again = engine.draw(data["pool"], data["quotas"], data["seats"], data["seed"])
        except (KeyError, TypeError) as error:
            raise CommandError(f"The inputs lack {error}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"algorithm published: {data.get('algorithm', '?')}")
        self.stdout.write(f"algorithm here:      {engine.algorithm_label()}")
        self.stdout.write(f"seed: {data['seed']!r} -> {engine.seed_number(data['seed'])}")
        self.stdout.write(f"computed: {', '.join(again)}")
        if again == sorted(data["result"]):
            self.stdout.write(self.style.SUCCESS("MATCH: the published panel is the one these inputs give."))
            return
        self.stdout.write(f"published: {', '.join(sorted(data['result']))}")
        self.stderr.write(self.style.ERROR("MISMATCH: the published panel differs."))
        raise SystemExit(1)
