"""Two admins adding the same person at once: one adds, the other is told.

member_add locks the organisation's row before it looks for the person's
membership; without the lock both would see none, and the second insert would
break the unique constraint: a server error for the second admin.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from organisations import services
from organisations.models import Organisation, OrganisationMember
from tests.factories import UserFactory

ROUNDS = 15


def _together(*actions) -> tuple[list, list]:
    barrier = threading.Barrier(len(actions))
    refusals, errors = [], []

    def run(action):
        try:
            barrier.wait()
            try:
                action()
            finally:
                connection.close()
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return refusals, errors


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

        refusals, errors = _together(add, add)
        assert errors == []
        assert [error.error_dict["email"][0].code for error in refusals] == ["already_member"]
    assert OrganisationMember.objects.filter(organisation_id=org_pk).count() == ROUNDS + 1
