"""Two clicks on "Support" at once count once (PostgreSQL).

support_add checks for an existing support, then inserts inside a savepoint;
when two requests pass the check together, the unique constraint
(support_once) makes the second insert wait for the first and fail, and the
loser is told "You already support this proposal". Never two rows, never a
server error.
"""

import pytest

from processes import services
from processes.models import Proposal, Support
from tests.concurrency import race
from tests.factories import DirectionFactory, UserFactory

from .conftest import make_process

ROUNDS = 15


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
            return "ok"

        assert sorted(race(click, click)) == ["already_supported", "ok"]
    assert Support.objects.filter(person=person).count() == ROUNDS
