"""One definition of deciding a request (terreau/decisions.py), for every kind of request.

A circle request, a working group join request and a newsletter section are
decided by `decide()`: once, by someone, at a time, with an answer. The same
tests run over the three; a grep keeps a second copy from coming back.
"""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from communities.models import Circle, CircleRequest
from newsletters.models import Section
from terreau.decisions import decide, decide_all
from tests.factories import MembershipFactory, UserFactory
from tests.newsletters.factories import SectionFactory
from workgroups.models import JoinRequest, WorkingGroup

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def _circle_request():
    membership = MembershipFactory()
    return CircleRequest.objects.create(
        community=membership.community, user=membership.user, circle=Circle.ENGAGED,
        message="Je veux aider.",
    )


def _join_request():
    membership = MembershipFactory(circle=Circle.ENGAGED)
    group = WorkingGroup.objects.create(
        community=membership.community, name="Semences", slug="semences", goal="Une bourse.",
        issue="Semences locales",
    )
    return JoinRequest.objects.create(group=group, user=membership.user, message="J'ai des graines.")


def _section():
    return SectionFactory()


# (make a waiting request, a decision, another decision, the withdrawn status or None)
KINDS = {
    "circle request": (_circle_request, "approved", "declined", "withdrawn"),
    "join request": (_join_request, "approved", "declined", "withdrawn"),
    "newsletter section": (_section, "accepted", "declined", None),
}


def _answer(request):
    return getattr(request, type(request).answer_field)


def _status(request):
    return getattr(request, type(request).status_field)


@pytest.mark.parametrize("kind", KINDS)
def test_a_decision_records_status_answer_who_and_when(kind):
    make, decision, _other, _withdrawn = KINDS[kind]
    request, gardener = make(), UserFactory()
    before = timezone.now()

    decide(request, status=decision, actor=gardener, answer="Bienvenue.")

    request.refresh_from_db()
    assert _status(request) == decision
    assert _answer(request) == "Bienvenue."
    assert request.decided_by == gardener
    assert before <= request.decided_at <= timezone.now()


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_decision_twice_is_refused_and_changes_nothing(kind):
    make, decision, _other, _withdrawn = KINDS[kind]
    request, first, second = make(), UserFactory(), UserFactory()
    decide(request, status=decision, actor=first, answer="Oui.")
    decided_at = type(request).objects.get(pk=request.pk).decided_at

    with pytest.raises(ValidationError) as refused:
        decide(request, status=decision, actor=second, answer="Encore oui.")

    assert refused.value.code == "not_pending"
    request.refresh_from_db()
    assert (_answer(request), request.decided_by, request.decided_at) == ("Oui.", first, decided_at)


@pytest.mark.parametrize("kind", ["circle request", "join request"])
def test_a_decided_request_cannot_be_decided_otherwise(kind):
    make, decision, other, _withdrawn = KINDS[kind]
    request = make()
    decide(request, status=decision, actor=UserFactory())
    stale = type(request).objects.get(pk=request.pk)
    stale.status = "pending"  # a page shown before the first decision

    with pytest.raises(ValidationError) as refused:
        decide(stale, status=other, actor=UserFactory(), answer="Non.")

    assert refused.value.messages == [
        "This request was already approved; nothing was changed."
    ]
    request.refresh_from_db()
    assert _status(request) == decision and _answer(request) == ""


def test_a_section_may_be_decided_again_while_its_letter_is_open():
    section = _section()
    decide(section, status=Section.State.ACCEPTED, actor=UserFactory())
    decide(section, status=Section.State.DECLINED, actor=UserFactory(), answer="Trop long.")
    section.refresh_from_db()
    assert section.state == "declined" and section.gardener_comment == "Trop long."

    with pytest.raises(ValidationError) as refused:
        decide(section, status=Section.State.DECLINED, actor=UserFactory(), answer="Non.")
    assert refused.value.messages == ["This section is already declined."]


@pytest.mark.parametrize("kind", ["circle request", "join request"])
def test_a_withdrawn_request_cannot_be_decided(kind):
    make, decision, _other, withdrawn = KINDS[kind]
    request = make()
    decide(request, status=withdrawn, actor=request.user)

    with pytest.raises(ValidationError) as refused:
        decide(request, status=decision, actor=UserFactory(), answer="Oui.")

    assert refused.value.messages == ["This request was already withdrawn; nothing was changed."]
    request.refresh_from_db()
    assert _status(request) == withdrawn and request.decided_by == request.user


@pytest.mark.parametrize("kind", KINDS)
def test_a_request_deleted_meanwhile_is_refused(kind):
    make, decision, _other, _withdrawn = KINDS[kind]
    request = make()
    type(request).objects.filter(pk=request.pk).delete()

    with pytest.raises(ValidationError) as refused:
        decide(request, status=decision, actor=UserFactory())
    assert refused.value.code == "no_request"


@pytest.mark.parametrize("kind", KINDS)
def test_a_status_the_model_does_not_have_is_a_programming_error(kind):
    make = KINDS[kind][0]
    request = make()
    with pytest.raises(ValueError):
        decide(request, status="maybe", actor=UserFactory())
    with pytest.raises(ValueError):
        decide_all(type(request).objects.all(), status="maybe", actor=None)


@pytest.mark.parametrize("kind", ["circle request", "join request"])
def test_deciding_in_bulk_leaves_decided_requests_as_they_are(kind):
    make, decision, _other, withdrawn = KINDS[kind]
    waiting, decided = make(), make()
    decide(decided, status=decision, actor=UserFactory())
    model = type(waiting)
    leaver = UserFactory()

    count = decide_all(model.objects.filter(pk__in=[waiting.pk, decided.pk]),
                       status=withdrawn, actor=leaver)

    assert count == 1
    waiting.refresh_from_db()
    decided.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == (withdrawn, leaver)
    assert decided.status == decision and decided.decided_by != leaver


def test_no_second_copy_of_deciding_comes_back():
    """Only terreau/decisions.py writes decided_by / decided_at (demo data and
    migrations set historical rows, and are not production code paths)."""
    pattern = re.compile(r"\bdecided_(by|at)\s*=(?!=)")
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT)
        top = relative.parts[0]
        if top in {"tests", "node_modules", "demo", "bench", "mutants"} or top.startswith("."):
            continue
        if "migrations" in relative.parts or relative.name == "demo.py":
            continue
        if relative == Path("terreau/decisions.py"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == [], "decide() or decide_all() records decisions:\n" + "\n".join(offenders)
