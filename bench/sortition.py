"""Draw benchmark: the councils' draw against a plain random sample.

    .venv/bin/python bench/sortition.py                  # 10,000 candidates, 4 characteristics, 40 seats
    .venv/bin/python bench/sortition.py --pool 2000 --runs 3

What it does: generates a pool (a seeded generator: age band 4 categories,
gender 3, sub-area 6, housing 3) and quotas close to the pool's shares
(each category's share of the seats, rounded down and up, the tightest a
council would set), then times, for --runs seeds:
- the councils' draw (councils.services.engine.draw: the published inputs
  through sortition-algorithms' legacy algorithm, quotas checked first);
- the baseline: random.sample(pool, seats), no quotas.
Each with its peak memory from tracemalloc (one run measured apart, since
tracemalloc slows the code it traces) and wall time (perf_counter, median
of the runs). Also counts how many baseline panels would break the quotas.
The first import of the package (numpy, cvxpy...) is timed apart.

No database: engine.draw is what the service runs on the pool it reads.
Prints one JSON line.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings.test")

CHARACTERISTICS = {
    "age_band": (["16-29", "30-44", "45-59", "60+"], [22, 28, 27, 23]),
    "gender": (["woman", "man", "other"], [51, 47, 2]),
    "sub_area": (["A", "B", "C", "D", "E", "F"], [25, 20, 18, 15, 12, 10]),
    "housing": (["social", "private rent", "owner"], [45, 30, 25]),
}


def make_pool(size: int, seed: int) -> list:
    rng = random.Random(seed)
    return [
        [f"C-{n:05d}", {key: rng.choices(values, weights)[0]
                        for key, (values, weights) in CHARACTERISTICS.items()}]
        for n in range(size)
    ]


def make_quotas(seats: int) -> dict:
    quotas = {}
    for key, (values, weights) in CHARACTERISTICS.items():
        total = sum(weights)
        quotas[key] = {
            value: [int(seats * weight / total), -(-seats * weight // total)]
            for value, weight in zip(values, weights, strict=True)
        }
    return quotas


def meets(panel_ids, pool, quotas, engine) -> bool:
    counts = engine.composition(panel_ids, pool)
    return all(low <= counts[key][value] <= high
               for key, values in quotas.items() for value, (low, high) in values.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pool", type=int, default=10_000)
    parser.add_argument("--seats", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    started = time.perf_counter()
    from sortition_algorithms import Settings  # noqa: F401  (the package's import cost)

    import_seconds = time.perf_counter() - started
    from councils.services import engine

    pool = make_pool(args.pool, seed=18)
    quotas = make_quotas(args.seats)

    draw_times, sample_times, broken = [], [], 0
    for run in range(args.runs):
        seed = f"bench-{run}"
        t0 = time.perf_counter()
        panel = engine.draw(pool, quotas, args.seats, seed)
        draw_times.append(time.perf_counter() - t0)
        assert len(panel) == args.seats and meets(panel, pool, quotas, engine)
        rng = random.Random(run)
        t0 = time.perf_counter()
        sample = rng.sample(pool, args.seats)
        sample_times.append(time.perf_counter() - t0)
        broken += not meets([pid for pid, _v in sample], pool, quotas, engine)

    tracemalloc.start()
    engine.draw(pool, quotas, args.seats, "bench-memory")
    _current, draw_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    random.Random(0).sample(pool, args.seats)
    _current, sample_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(json.dumps({
        "pool": args.pool, "characteristics": len(CHARACTERISTICS), "seats": args.seats,
        "runs": args.runs, "algorithm": engine.algorithm_label(),
        "package_import_s": round(import_seconds, 3),
        "draw": {"median_s": round(statistics.median(draw_times), 4),
                 "max_s": round(max(draw_times), 4),
                 "peak_memory_mib": round(draw_peak / 2**20, 2)},
        "baseline_random_sample": {"median_s": round(statistics.median(sample_times), 6),
                                   "peak_memory_kib": round(sample_peak / 2**10, 1),
                                   "panels_breaking_quotas": f"{broken}/{args.runs}"},
    }))


if __name__ == "__main__":
    main()
