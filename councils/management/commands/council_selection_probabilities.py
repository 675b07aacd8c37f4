"""Each candidate's (and each category's) empirical chance of being drawn in
a published draw: the draw re-run N times with derived seeds.

    manage.py council_selection_probabilities inputs.json --runs 1000
    manage.py council_selection_probabilities --draw 12 --runs 1000 --csv out.csv

The legacy algorithm the councils use gives no selection probability of its
own; this estimates it (docs/councils.md, "Selection probabilities"). A
neighbourhood's pool of a few hundred takes seconds for 1,000 runs; a pool
of 10,000 takes about 6 s per run, hence a command and not a page.
"""

import csv
import json
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from councils.models import Draw
from councils.services import engine


class Command(BaseCommand):
    help = "Estimate each candidate's selection probability by re-running a draw N times."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="?", help="the draw's inputs.json")
        parser.add_argument("--draw", type=int, help="the id of a draw of this database")
        parser.add_argument("--runs", type=int, default=1000)
        parser.add_argument("--csv", help="write each candidate's probability to this file")

    def handle(self, *args, inputs=None, draw=None, runs=1000, csv=None, **options):
        if inputs:
            try:
                data = json.loads(Path(inputs).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {inputs}: {error}") from error
        elif draw:
            row = Draw.objects.filter(pk=draw, status=Draw.Status.DONE).first()
            if row is None:
                raise CommandError(f"No draw #{draw} has been run.")
            data = {"pool": row.pool, "quotas": row.quotas, "seats": row.seats, "seed": row.seed}
        else:
            raise CommandError("Give the inputs file or --draw ID.")
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        started = time.perf_counter()
        try:
            result = engine.selection_probabilities(
                data["pool"], data["quotas"], data["seats"], data["seed"], runs)
        except (KeyError, TypeError) as error:
            raise CommandError(f"The inputs lack {error}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        elapsed = time.perf_counter() - started
        pool_size = len(data["pool"])
        self.stdout.write(f"{runs} runs of {data['seats']} seats among {pool_size} candidates, "
                          f"seeds {data['seed'].strip()!r}#0..#{runs - 1}, {elapsed:.1f} s")
        self.stdout.write(f"uniform chance (seats / pool): {data['seats'] / pool_size:.3f}")
        self.stdout.write("characteristic\tcategory\tin pool\tmean\tmin\tmax\texpected seats")
        for key, categories in result["by_category"].items():
            for category, s in sorted(categories.items()):
                self.stdout.write(f"{key}\t{category}\t{s['pool']}\t{s['mean']:.3f}\t"
                                  f"{s['min']:.3f}\t{s['max']:.3f}\t{s['expected']:.2f}")
        if csv:
            self._write_csv(csv, result["by_candidate"])

    def _write_csv(self, path, chances):
        with open(path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["public_id", "probability"])
            for public_id, chance in sorted(chances.items()):
                writer.writerow([public_id, f"{chance:.4f}"])
