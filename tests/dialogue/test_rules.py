"""The rules of processes walked per role: anonymous, a citizen, the
proposal's author, an agent of the direction who is not its process lead,
the process lead, another direction's lead, the cultivator, site staff."""

import pytest
from django.contrib.auth.models import AnonymousUser

from processes import services
from tests.factories import CommunityFactory, DirectionFactory, UserFactory

from .conftest import make_process

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "author", "agent", "lead", "other_lead", "cultivator", "staff")


@pytest.fixture
def who(direction, lead, author):
    agent = UserFactory()
    direction.staff.add(agent)
    other_direction = DirectionFactory()
    other_lead = UserFactory()
    other_direction.staff.add(other_lead)
    services.process_lead_grant(direction=other_direction, person=other_lead, actor=None)
    cultivator = UserFactory()
    DirectionFactory(is_coordinating=True).staff.add(cultivator)
    return {"anonymous": AnonymousUser(), "citizen": UserFactory(), "author": author,
            "agent": agent, "lead": lead, "other_lead": other_lead, "cultivator": cultivator,
            "staff": UserFactory(is_staff=True)}


def allowed(who, perm, obj=None):
    return {role for role in ROLES if who[role].has_perm(perm, obj)}


LEADS = {"lead", "cultivator", "staff"}
SIGNED_IN = set(ROLES) - {"anonymous"}


def test_who_runs_processes(who, direction, process):
    assert allowed(who, "processes.add_process") == LEADS | {"other_lead"}
    assert allowed(who, "processes.run_processes_of", direction) == LEADS
    assert allowed(who, "processes.manage_process", process) == LEADS
    assert allowed(who, "processes.grant_process_lead") == {"cultivator", "staff"}


def test_a_draft_is_read_by_its_leads_only(who, direction, lead):
    draft = make_process(direction, lead, publish=False, title="Brouillon")
    assert allowed(who, "processes.view_process", draft) == LEADS
    assert allowed(who, "processes.add_proposal", draft) == set()


def test_a_published_process_is_public_and_open_to_the_signed_in(who, process, proposal):
    assert allowed(who, "processes.view_process", process) == set(ROLES)
    assert allowed(who, "processes.add_proposal", process) == SIGNED_IN
    assert allowed(who, "processes.support_proposal", proposal) == SIGNED_IN - {"author"}
    assert allowed(who, "processes.comment_proposal", proposal) == SIGNED_IN
    # No community: nobody reports (no queue to report to); the leads hide.
    assert allowed(who, "processes.report_proposal", proposal) == set()


def test_supports_and_proposals_stop_with_the_contributions_phase(who, direction, lead, author):
    closed = make_process(direction, lead, contributions_open=False, title="Fermé")
    assert allowed(who, "processes.add_proposal", closed) == set()


def test_a_hidden_proposal_is_read_by_its_author_and_the_leads(who, process, proposal, lead):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    proposal.refresh_from_db()
    assert allowed(who, "processes.view_proposal", proposal) == LEADS | {"author"}
    assert allowed(who, "processes.support_proposal", proposal) == set()
    assert allowed(who, "processes.comment_proposal", proposal) == set()


def test_a_lead_who_leaves_the_direction_leads_no_more(who, direction, lead, process):
    direction.staff.remove(lead)
    lead = type(lead).objects.get(pk=lead.pk)  # a fresh request: a fresh role cache
    assert not lead.has_perm("processes.manage_process", process)


def test_reports_go_to_the_community_of_the_process(who, direction, lead, author):
    process = make_process(direction, lead, title="Avec communauté",
                           community=CommunityFactory())
    proposal = services.proposal_create(process=process, author=author, title="A", text="B")
    assert allowed(who, "processes.report_proposal", proposal) == SIGNED_IN - {"author"}
