"""Two reviewers scoring the same application at the same moment each keep
their own scores: one row per reviewer and criterion. Real threads, each
with its own PostgreSQL connection, released together."""

import threading

import pytest
from django.db import connection

from calls import services
from calls.models import Score


def _together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            try:
                call()
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_scoring_at_once_do_not_overwrite_each_other(
        postgres, complete_file, reviewers):
    submitted = complete_file
    criteria = list(submitted.call.criteria.all())
    for reviewer in reviewers:
        services.reviewer_assign(application=submitted, reviewer=reviewer)
    errors = _together([
        lambda r=reviewer, v=value: services.scores_save(
            application=submitted, reviewer=r, scores={c.pk: (v, f"avis {v}") for c in criteria})
        for reviewer, value in zip(reviewers, (5, 2))
    ])
    assert errors == []
    rows = sorted(Score.objects.values_list("reviewer__email", "value"))
    assert rows == [("rev1@example.org", 5)] * 2 + [("rev2@example.org", 2)] * 2
