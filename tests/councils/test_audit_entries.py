"""What a data-protection officer asks of a council's pool and draws, in the
audit log (docs/audit.md): who imported a list of people, who ran a draw. A
refused import writes no entry."""

import pytest
from django.core.exceptions import ValidationError

import audit
from audit.models import AuditEntry
from councils import services
from tests.audit.test_audit import assert_entry, origin

from .conftest import announce, make_pool

pytestmark = pytest.mark.django_db
A = audit.Action
HEADER = "name,email,territory,age_band,gender,sub_area\n"


def test_an_import_writes_one_entry_with_its_counts_and_a_refused_one_none(council, agent):
    data = HEADER + ("Jean Martin,jean@example.org,Malakoff,45-59,man,Sud\n"
                     "Lucie,not-an-address,Malakoff,45-59,woman,Sud\n")
    with origin(agent):
        with pytest.raises(ValidationError):
            services.candidates_import(council=council, data=data, consent_confirmed=False,
                                       actor=agent)
        assert not AuditEntry.objects.exists()
        services.candidates_import(council=council, data=data, consent_confirmed=True,
                                   actor=agent)
    entry = assert_entry(A.COUNCIL_CANDIDATES_IMPORTED, actor=agent,
                         community_id=council.community_id)
    assert entry.target_label == council.name
    assert entry.details == {"imported": 1, "rejected": 1}


def test_running_a_draw_writes_who_ran_it_and_a_refused_run_none(
        council, residents, agent, community):
    # A council working with a community: the entry shows in that community's log.
    council.community = community
    council.save(update_fields=["community"])
    make_pool(council, 20)
    draw = announce(residents, seats=4, quotas={})
    with origin(agent):
        services.draw_run(draw=draw, actor=agent)
        with pytest.raises(ValidationError):  # twice: refused, no second entry
            services.draw_run(draw=draw, actor=agent)
    entry = assert_entry(A.COUNCIL_DRAW_RUN, actor=agent, community_id=community.pk)
    assert entry.details == {"draw": draw.pk, "seats": 4, "pool": 20}
    assert entry.target_label == f"{council.name} — {residents.name}"
