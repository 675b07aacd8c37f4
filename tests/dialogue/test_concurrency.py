"""Two clicks on "Support" at once count once (PostgreSQL).

support_add checks for an existing support, then inserts inside a savepoint;
when two requests pass the check together, the unique constraint
(support_once) makes the second insert wait for the first and fail, and the
loser is told "You already support this proposal". Never two rows, never a
server error.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from processes import services
from processes.models import Proposal, Support
from tests.factories import DirectionFactory, UserFactory

from .conftest import make_process

ROUNDS = 15


def _together(*actions):
    barrier = threading.Barrier(len(actions))
    outcomes, errors = [], []

    def run(action):
        try:
            barrier.wait()
            try:
                action()
                outcomes.append("ok")
            finally:
                connection.close()
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)  # threads speak the default language
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_supports_at_once_count_once(postgres):
    direction = DirectionFactory()
    lead = UserFactory()
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead)
    proposal_ids = [
        services.proposal_create(process=process, author=UserFactory(), title=f"Idée {n}",
                                 text="Texte").pk
        for n in range(ROUNDS)
    ]
    person = UserFactory()
    for pk in proposal_ids:
        def click(pk=pk):
            services.support_add(proposal=Proposal.objects.select_related("process").get(pk=pk),
                                 person=person)

        outcomes, errors = _together(click, click)
        assert errors == []
        assert sorted(outcomes) == ["already_supported", "ok"]
    assert Support.objects.filter(person=person).count() == ROUNDS
