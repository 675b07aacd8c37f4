"""The draw itself, from published inputs only: no database here.

`draw(pool, quotas, seats, seed)` gives the same panel for the same inputs,
on any machine with the same version of sortition-algorithms: the pool is
sorted by pseudonymous id, characteristics and categories by name (JSON
tools, PostgreSQL's jsonb included, do not keep the order of keys), the seed
text becomes a number by SHA-256, and the package's legacy algorithm runs
with its own `random.Random` seeded with that number. (The package's own
seeded source is the process-wide `random` module: any other thread of a web
server using it during a draw would change the panel.)
Anyone can run it again from a draw's published inputs
(`manage.py council_verify_draw`, the re-run page, docs/councils.md).

Why the legacy (greedy) algorithm and not the package's default (maximin,
an LP over all feasible panels): it needs no solver, runs in milliseconds
for a neighbourhood's pool, and its result depends only on the seed, so a
citizen can re-run it; the LP algorithms' results can depend on the solver
build. The quotas are still met exactly (each attempt is checked, and an
attempt that misses one is retried, deterministically).
"""

from __future__ import annotations

import hashlib
import random
import re
import threading
from dataclasses import dataclass
from importlib.metadata import version

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALGORITHM = "legacy"
MAX_ATTEMPTS = 100
# The package keeps its random source in module globals: one draw at a time
# per process, and the process's own `random` state is given back after.
_LOCK = threading.Lock()


def library_version() -> str:
    return version("sortition-algorithms")


def algorithm_label() -> str:
    return f"sortition-algorithms {library_version()}, {ALGORITHM} (max_attempts={MAX_ATTEMPTS})"


def seed_number(seed: str) -> int:
    """The published seed text as the package's random seed: the first 60
    bits of its SHA-256, reduced below 2**31 - 1, never 0 (0 would make the
    package use an unseeded source)."""
    digest = hashlib.sha256(seed.strip().encode("utf-8")).hexdigest()
    return int(digest[:15], 16) % (2**31 - 1) or 1


def _private_source(seed: int):
    """The package's random source, on a generator of its own."""
    from sortition_algorithms.utils import RandomProvider

    class PrivateRandom(RandomProvider):
        # Same generator, same sequence as the package's `GenRandom(seed)`,
        # but nobody else draws from it.
        def __init__(self) -> None:
            self._random = random.Random(seed)

        def uniform(self, lower: float, upper: float) -> float:
            return self._random.uniform(lower, upper)

        def randbelow(self, upper: int) -> int:
            return self._random.randrange(upper)

        def randint(self) -> int:
            return self._random.randrange(self.max_int)

        def choice(self, seq):
            return self._random.choice(seq)

    return PrivateRandom()


@dataclass(frozen=True)
class Quota:
    key: str
    category: str
    low: int
    high: int


def full_quotas(characteristics: list[tuple[str, str, list[str]]], quotas: dict, seats: int) -> dict:
    """Every category of every characteristic with its [min, max]: a
    category without a quota gets [0, seats]."""
    result = {}
    for key, _label, categories in characteristics:
        given = quotas.get(key, {})
        result[key] = {
            category: [int(v) for v in given.get(category, [0, seats])] for category in categories
        }
    return result


def _name(labels: dict, key: str, category: str) -> str:
    return f"{labels.get(key, key)}: {category}"


def check_quotas(quotas: dict, seats: int, *, labels: dict | None = None) -> None:
    """Refuse quotas that no pool could meet, naming the quota."""
    labels = labels or {}
    if seats < 1:
        raise ValidationError(_("Draw at least one seat."), code="no_seats")
    for key, categories in quotas.items():
        for category, (low, high) in categories.items():
            name = _name(labels, key, category)
            if low < 0 or high < 0:
                raise ValidationError(
                    _("The quota “%(quota)s” cannot be negative.") % {"quota": name},
                    code="negative",
                )
            if low > seats:
                raise ValidationError(
                    _("The quota “%(quota)s” asks for at least %(min)d people, more than the "
                      "%(seats)d seats drawn.") % {"quota": name, "min": low, "seats": seats},
                    code="min_over_seats",
                )
            if low > high:
                raise ValidationError(
                    _("The quota “%(quota)s” asks for at least %(min)d but at most %(max)d.")
                    % {"quota": name, "min": low, "max": high},
                    code="min_over_max",
                )
        lows = sum(low for low, _high in categories.values())
        highs = sum(high for _low, high in categories.values())
        if lows > seats:
            raise ValidationError(
                _("The minimums of “%(characteristic)s” add up to %(total)d, more than the "
                  "%(seats)d seats drawn.")
                % {"characteristic": labels.get(key, key), "total": lows, "seats": seats},
                code="mins_over_seats",
            )
        if highs < seats:
            raise ValidationError(
                _("The maximums of “%(characteristic)s” add up to %(total)d, fewer than the "
                  "%(seats)d seats drawn.")
                % {"characteristic": labels.get(key, key), "total": highs, "seats": seats},
                code="maxes_under_seats",
            )


def check_pool(pool: list, quotas: dict, seats: int, *, labels: dict | None = None) -> None:
    """Refuse a pool too small for the seats or for a quota's minimum."""
    labels = labels or {}
    if len(pool) < seats:
        raise ValidationError(
            _("The pool holds %(pool)d candidates, fewer than the %(seats)d seats drawn.")
            % {"pool": len(pool), "seats": seats},
            code="pool_too_small",
        )
    for key, categories in quotas.items():
        for category, (low, _high) in categories.items():
            count = sum(1 for _pid, values in pool if values.get(key) == category)
            if count < low:
                raise ValidationError(
                    _("The quota “%(quota)s” cannot be met: it asks for at least %(min)d "
                      "people and the pool holds %(count)d.")
                    % {"quota": _name(labels, key, category), "min": low, "count": count},
                    code="quota_unmet",
                )


_CATEGORY = re.compile(r"in (?P<key>[^/\s]+)/(?P<category>[^.]+)\.")


def draw(pool: list, quotas: dict, seats: int, seed: str, *,
         labels: dict | None = None) -> list[str]:
    """The drawn pseudonymous ids, sorted. `pool` is [[id, {key: category}]],
    `quotas` {key: {category: [min, max]}} covering every category."""
    from sortition_algorithms import errors, utils
    from sortition_algorithms.core import find_random_sample
    from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
    from sortition_algorithms.people import People

    check_quotas(quotas, seats, labels=labels)
    check_pool(pool, quotas, seats, labels=labels)
    features = {
        key: {category: FeatureValueMinMax(min=quotas[key][category][0],
                                           max=quotas[key][category][1])
              for category in sorted(quotas[key])}
        for key in sorted(quotas)
    }
    set_default_max_flex(features)
    people = People([])
    for row, (public_id, values) in enumerate(sorted(pool, key=lambda item: item[0]), start=2):
        ordered = {key: values[key] for key in sorted(values)}
        people.add(public_id, {"id": public_id, **ordered}, features, row)
    panels, failure = [], ""
    with _LOCK:
        # The package reads its source from a module global: set ours for
        # this draw only, and give the package's secure default back after.
        utils._random_provider = _private_source(seed_number(seed))
        try:
            panels, _report = find_random_sample(
                features, people, seats, [], selection_algorithm=ALGORITHM,
                max_attempts=MAX_ATTEMPTS,
            )
        except (errors.SelectionError, errors.InfeasibleQuotasCantRelaxError, ValueError) as error:
            failure = str(error)
        finally:
            utils.set_random_provider(None)
    if failure or not panels:
        match = _CATEGORY.search(failure)
        if match:
            raise ValidationError(
                _("The quotas cannot all be met together: not enough candidates left in "
                  "“%(quota)s”. Loosen that quota or widen the pool; nothing was drawn.")
                % {"quota": _name(labels or {}, match["key"], match["category"].strip())},
                code="infeasible",
            )
        raise ValidationError(
            _("The quotas cannot all be met together with this pool; nothing was drawn."),
            code="infeasible",
        )
    return sorted(panels[0])


def composition(ids, pool: list) -> dict:
    """{key: {category: count}} of the given ids in the pool."""
    wanted = set(ids)
    counts: dict = {}
    for public_id, values in pool:
        for key, category in values.items():
            counts.setdefault(key, {}).setdefault(category, 0)
            if public_id in wanted:
                counts[key][category] += 1
    return counts


def pool_counts(pool: list) -> dict:
    """{key: {category: count}} over the whole pool."""
    return composition([public_id for public_id, _values in pool], pool)


def selection_probabilities(pool: list, quotas: dict, seats: int, seed: str, runs: int) -> dict:
    """Each candidate's empirical chance of being drawn: the same draw run
    `runs` times with the seeds "<seed>#0" … "<seed>#<runs-1>" (reproducible).

    The legacy algorithm gives no probability of its own (maximin would, at
    the price of an LP solver): this estimates it. Its error is about
    sqrt(p(1-p)/runs), so 1,000 runs give each probability within ±3
    points. Too slow for a page on a large pool (one draw of 10,000
    candidates takes seconds): `manage.py council_selection_probabilities`.

    Returns {"runs": n, "by_candidate": {id: p}, "by_category": {key:
    {category: {"pool": n, "mean": p, "min": p, "max": p, "expected": seats}}}}.
    """
    counts = {public_id: 0 for public_id, _values in pool}
    for run in range(runs):
        for public_id in draw(pool, quotas, seats, f"{seed.strip()}#{run}"):
            counts[public_id] += 1
    chance = {public_id: count / runs for public_id, count in counts.items()}
    by_category: dict = {}
    for public_id, values in pool:
        for key, category in values.items():
            by_category.setdefault(key, {}).setdefault(category, []).append(chance[public_id])
    return {
        "runs": runs,
        "by_candidate": chance,
        "by_category": {
            key: {
                category: {"pool": len(ps), "mean": sum(ps) / len(ps), "min": min(ps),
                           "max": max(ps), "expected": sum(ps)}
                for category, ps in categories.items()
            }
            for key, categories in by_category.items()
        },
    }
