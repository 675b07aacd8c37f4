"""Two admins adding the same person at once: one adds, the other is told.

member_add locks the organisation's row before it looks for the person's
membership; without the lock both would see none, and the second insert would
break the unique constraint: a server error for the second admin.
"""

import pytest

from organisations import services
from organisations.models import Organisation, OrganisationMember
from tests.concurrency import race
from tests.factories import UserFactory

ROUNDS = 15


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_adding_the_same_person_twice_at_once_adds_once_and_tells_the_other(postgres):
    org_pk = services.organisation_create(
        creator=UserFactory(verified=False), name="Les Haies", kind="association").pk
    for n in range(ROUNDS):
        email = f"added{n}@example.org"
        UserFactory(email=email, verified=False)

        def add(email=email):
            services.member_add(organisation=Organisation.objects.get(pk=org_pk), email=email)

        outcomes = race(add, add)
        assert outcomes.count(None) == 1
        assert [o for o in outcomes if o is not None] == [{"email": ["already_member"]}]
    assert OrganisationMember.objects.filter(organisation_id=org_pk).count() == ROUNDS + 1
