"""The calls' page lists never disagree with an application's page: "my
applications" lists exactly what `calls.view_application` opens to a person
as a carrier, and "to review" exactly what it opens to them as an assigned
reviewer, not draft nor decided. Walked over every person around a call and
applications in every state, led or co-carried, assigned or not."""

import pytest
from django.utils import timezone

from calls import selectors
from calls.models import Application, Assignment, CoCarrier
from calls.predicates import is_assigned_reviewer, is_carrier
from tests.factories import UserFactory

from .conftest import make_org

pytestmark = pytest.mark.django_db

Status = Application.Status


@pytest.fixture
def world(call, agent, reviewers, lead, partner_org, third, funder):
    lead_org, lead_admin, lead_member = lead
    co_org, co_admin, co_member = partner_org
    third_org, third_admin, _ = third
    outside_org, outside_admin, outside_member = make_org("Hors champ", "out@example.org",
                                                          "out.member@example.org")
    first, second = reviewers
    unassigned = UserFactory(display_name="Unassigned funder")
    funder.staff.add(unassigned)
    now = timezone.now()
    applications = []
    for status in Status.values:
        for organisation, carried_with in ((lead_org, co_org), (third_org, None)):
            application = Application.objects.create(
                call=call, organisation=organisation, title=f"{organisation.name} {status}",
                status=status, created_by=lead_admin,
                submitted_at=None if status == Status.DRAFT else now,
                decision="funded" if status == Status.DECIDED else "")
            if carried_with is not None:
                CoCarrier.objects.create(application=application, organisation=carried_with)
            # The first reviewer reads the lead's; the second, the third's.
            reviewer, direction = ((first, call.direction) if carried_with
                                   else (second, funder))
            Assignment.objects.create(application=application, reviewer=reviewer,
                                      direction=direction)
            applications.append(application)
    # One carried by another organisation alone, assigned to no one.
    applications.append(Application.objects.create(
        call=call, organisation=outside_org, title="Hors champ submitted",
        status=Status.SUBMITTED, submitted_at=now))
    people = {
        "lead admin": lead_admin, "lead member": lead_member, "co-carrier admin": co_admin,
        "co-carrier member": co_member, "third admin": third_admin,
        "outside member": outside_member, "outside admin": outside_admin,
        "first reviewer": first, "second reviewer": second, "unassigned funder": unassigned,
        "agent": agent, "stranger": UserFactory(),
    }
    return {"people": people, "applications": applications}


PEOPLE = ("lead admin", "lead member", "co-carrier admin", "co-carrier member", "third admin",
          "outside member", "outside admin", "first reviewer", "second reviewer",
          "unassigned funder", "agent", "stranger")


@pytest.mark.parametrize("who", PEOPLE)
def test_my_applications_are_exactly_those_i_open_as_a_carrier(world, who):
    user = world["people"][who]

    listed = [a.title for a in selectors.applications_of(user)]

    carried = {a.title for a in world["applications"] if is_carrier(user, a)}
    assert set(listed) == carried
    assert len(listed) == len(carried)  # led and co-carried: listed once
    assert all(user.has_perm("calls.view_application", a) for a in world["applications"]
               if a.title in carried)


@pytest.mark.parametrize("who", PEOPLE)
def test_to_review_is_exactly_what_i_open_as_a_reviewer_still_undecided(world, who):
    user = world["people"][who]

    listed = {a.title for a in selectors.to_review(user)}

    expected = {a.title for a in world["applications"]
                if is_assigned_reviewer(user, a) and a.status not in (Status.DRAFT,
                                                                      Status.DECIDED)}
    assert listed == expected
    assert all(user.has_perm("calls.view_application", a) for a in world["applications"]
               if a.title in listed)


def test_the_walk_reaches_every_kind_of_person(world):
    def counts(who):
        user = world["people"][who]
        return len(selectors.applications_of(user)), len(selectors.to_review(user))

    states = len(Status.values)
    assert counts("lead admin") == (states, 0)
    assert counts("co-carrier member") == (states, 0)
    assert counts("third admin") == (states, 0)
    assert counts("outside member") == (1, 0)
    # Neither the draft nor the decided one of the applications assigned.
    assert counts("first reviewer") == (0, states - 2)
    assert counts("second reviewer") == (0, states - 2)
    assert counts("unassigned funder") == (0, 0)
    assert counts("agent") == (0, 0)
    assert counts("stranger") == (0, 0)
