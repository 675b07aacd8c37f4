"""Two reviewers scoring the same application at the same moment each keep
their own scores: one row per reviewer and criterion. Real threads, each
with its own PostgreSQL connection, released together."""

import pytest

from calls import services
from calls.models import Score
from tests.concurrency import race


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_scoring_at_once_do_not_overwrite_each_other(
        postgres, complete_file, reviewers):
    submitted = complete_file
    criteria = list(submitted.call.criteria.all())
    for reviewer in reviewers:
        services.reviewer_assign(application=submitted, reviewer=reviewer)
    outcomes = race(*[
        lambda r=reviewer, v=value: len(services.scores_save(
            application=submitted, reviewer=r, scores={c.pk: (v, f"avis {v}") for c in criteria}))
        for reviewer, value in zip(reviewers, (5, 2))
    ])
    assert outcomes == [len(criteria)] * 2  # each saved all its rows, neither was refused
    rows = sorted(Score.objects.values_list("reviewer__email", "value"))
    assert rows == [("rev1@example.org", 5)] * 2 + [("rev2@example.org", 2)] * 2
