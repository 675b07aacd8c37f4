"""The membership lifecycle's hook registry (communities/lifecycle.py): the
higher apps hear of each change in the order they registered, inside the
write's transaction or after its commit, and a hook cannot be registered twice."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from communities import lifecycle, services
from communities.lifecycle import Change, MembershipEvent, MembershipHooks, Phase
from communities.models import Circle, CircleChange, Membership
from tests.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

IN_TX, AFTER = Phase.IN_TRANSACTION, Phase.AFTER_COMMIT


def recorder(calls, label):
    def hook(event: MembershipEvent) -> None:
        calls.append((label, event.change, event.old_circle, event.new_circle))

    hook.__qualname__ = f"recorder_{label}"
    return hook


def failing(event: MembershipEvent) -> None:
    raise RuntimeError("the hook failed")


# --- Registering -------------------------------------------------------------------


def test_the_apps_register_their_hooks_in_ready():
    registered = {(r.name, r.phase) for r in lifecycle.hooks.registrations()}

    assert {
        ("workgroups.end_groups_outside_engaged", IN_TX),
        ("directory.remove_entry_on_departure", IN_TX),
        ("discussions.recheck_sockets", AFTER),
    } <= registered


def test_registering_the_same_name_twice_is_an_error():
    registry = MembershipHooks()
    registry.register(recorder([], "a"), name="app.hook", on={Change.JOINED}, phase=IN_TX)

    with pytest.raises(ImproperlyConfigured, match="already registered"):
        registry.register(recorder([], "b"), name="app.hook", on={Change.LEFT}, phase=AFTER)

    assert [r.name for r in registry.registrations()] == ["app.hook"]


def test_registering_the_same_function_twice_is_an_error():
    registry = MembershipHooks()
    hook = recorder([], "a")
    registry.register(hook, name="app.first", on={Change.JOINED}, phase=IN_TX)

    with pytest.raises(ImproperlyConfigured, match="already registered"):
        registry.register(hook, name="app.second", on={Change.JOINED}, phase=IN_TX)


def test_a_hook_listening_to_no_change_is_an_error():
    with pytest.raises(ImproperlyConfigured, match="no change"):
        MembershipHooks().register(recorder([], "a"), name="app.deaf", on=(), phase=IN_TX)


@pytest.mark.django_db(transaction=True)
def test_hooks_run_only_inside_a_transaction():
    """A service that forgot its `with transaction.atomic():` would let an
    in-transaction hook commit alone: run() refuses."""
    event = MembershipEvent(
        change=Change.JOINED, community=CommunityFactory(), user=UserFactory(), actor=None,
        old_circle=None, new_circle=Circle.CITIZENS,
    )
    calls = []
    registry = MembershipHooks()
    registry.register(recorder(calls, "a"), on={Change.JOINED}, phase=IN_TX)

    with pytest.raises(RuntimeError, match="inside the write's transaction"):
        registry.run(event)

    assert calls == []
    with transaction.atomic():
        registry.run(event)
    assert calls == [("a", Change.JOINED, None, Circle.CITIZENS)]


# --- Running -------------------------------------------------------------------------


def test_hooks_run_in_registration_order_in_transaction_first(
    community, lifecycle_hooks, django_capture_on_commit_callbacks
):
    calls = []
    lifecycle_hooks.register(recorder(calls, "after-1"), on={Change.MOVED}, phase=AFTER)
    lifecycle_hooks.register(recorder(calls, "in-1"), on={Change.MOVED}, phase=IN_TX)
    lifecycle_hooks.register(recorder(calls, "in-2"), on={Change.MOVED}, phase=IN_TX)
    lifecycle_hooks.register(recorder(calls, "after-2"), on={Change.MOVED}, phase=AFTER)
    lifecycle_hooks.register(recorder(calls, "joined-only"), on={Change.JOINED}, phase=IN_TX)
    member = MembershipFactory(community=community, circle=Circle.CITIZENS).user

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_move(
            community=community, user=member, actor=member, to_circle=Circle.INFORMED,
            reason="Reads the letters.",
        )
        # Before the commit, only the in-transaction hooks have run.
        assert [label for label, *_ in calls] == ["in-1", "in-2"]

    moved = (Change.MOVED, Circle.CITIZENS, Circle.INFORMED)
    assert calls == [
        ("in-1", *moved), ("in-2", *moved), ("after-1", *moved), ("after-2", *moved),
    ]


def test_each_service_tells_its_change_with_both_circles(
    community, lifecycle_hooks, django_capture_on_commit_callbacks
):
    calls = []
    lifecycle_hooks.register(recorder(calls, "h"), on=lifecycle.EVERY_CHANGE, phase=IN_TX)
    gardener = UserFactory()
    person, other = UserFactory(), UserFactory()

    services.membership_join(community=community, user=person)
    services.membership_join(community=community, user=other)
    services.membership_move(
        community=community, user=person, actor=gardener, to_circle=Circle.ENGAGED, reason="Yes"
    )
    request = services.circle_request_create(
        community=community, user=other, circle=Circle.INFORMED, message="Please"
    )
    services.circle_request_approve(community=community, request_id=request.pk, actor=gardener)
    services.membership_leave(community=community, user=person)
    services.membership_remove(community=community, user=other, actor=gardener, reason="Spam")

    assert calls == [
        ("h", Change.JOINED, None, Circle.CITIZENS),
        ("h", Change.JOINED, None, Circle.CITIZENS),
        ("h", Change.MOVED, Circle.CITIZENS, Circle.ENGAGED),
        ("h", Change.MOVED, Circle.CITIZENS, Circle.INFORMED),
        ("h", Change.LEFT, Circle.ENGAGED, None),
        ("h", Change.REMOVED, Circle.INFORMED, None),
    ]


def test_an_in_transaction_hook_that_fails_rolls_the_change_back(
    community, lifecycle_hooks, django_capture_on_commit_callbacks
):
    calls = []
    lifecycle_hooks.register(failing, name="test.failing", on={Change.MOVED}, phase=IN_TX)
    lifecycle_hooks.register(recorder(calls, "after"), on={Change.MOVED}, phase=AFTER)
    member = MembershipFactory(community=community, circle=Circle.ENGAGED).user

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="the hook failed"),
    ):
        services.membership_move(
            community=community, user=member, actor=member, to_circle=Circle.CITIZENS,
            reason="Moving away.",
        )

    assert Membership.objects.get(community=community, user=member).circle == Circle.ENGAGED
    assert not CircleChange.objects.filter(community=community, user=member).exists()
    # Nothing was queued for after the commit: no socket push, no e-mail.
    assert callbacks == [] and calls == []


@pytest.mark.django_db(transaction=True)
def test_an_after_commit_hook_does_not_run_when_the_write_rolls_back(lifecycle_hooks):
    """Real commits and rollbacks (no test transaction around them)."""
    community = CommunityFactory()
    calls = []
    lifecycle_hooks.register(recorder(calls, "after"), on={Change.JOINED}, phase=AFTER)
    person = UserFactory()

    with pytest.raises(ValueError, match="the caller fails"), transaction.atomic():
        services.membership_join(community=community, user=person)
        raise ValueError("the caller fails after the join")

    assert calls == []
    assert not Membership.objects.filter(community=community, user=person).exists()

    services.membership_join(community=community, user=person)

    assert calls == [("after", Change.JOINED, None, Circle.CITIZENS)]


def test_an_after_commit_hook_that_fails_is_logged_and_the_others_run(
    community, lifecycle_hooks, django_capture_on_commit_callbacks, caplog
):
    calls = []
    lifecycle_hooks.register(failing, name="test.failing", on={Change.JOINED}, phase=AFTER)
    lifecycle_hooks.register(recorder(calls, "after"), on={Change.JOINED}, phase=AFTER)
    person = UserFactory()

    with (
        caplog.at_level(logging.ERROR, logger="communities.lifecycle"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.membership_join(community=community, user=person)

    assert Membership.objects.filter(community=community, user=person).exists()
    assert calls == [("after", Change.JOINED, None, Circle.CITIZENS)]
    assert "test.failing" in caplog.text
