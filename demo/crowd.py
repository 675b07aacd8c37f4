"""The crowd of a demo community: ~160 generated members with a history that holds together.

Bulk-inserted for speed, with the history written to match: going through the
services one member at a time would take a minute instead of a second. People
and memberships are built (not saved) by the shared factories, then inserted
in batches.
"""

import itertools
import random
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from faker import Faker

from communities import services
from communities.models import Circle, CircleChange, CircleRequest, Membership

from .communities_data import (
    APPROVAL_ANSWERS,
    CROWD,
    DEMO_DOMAIN,
    LEAVE_REASONS,
    MOVE_REASONS,
    ORGANISATIONS,
    PENDING_REQUESTS,
    REMOVE_REASONS,
    REQUEST_MESSAGES,
    SEED,
    TOWNS,
)
from .factories import MembershipFactory, UserFactory

User = get_user_model()


def crowd(spec, community, pair, summary, now):
    """Generate the community's members with a history that holds together.

    Every member joined (citizens circle), some then moved inward by a
    gardener or through an approved request, a few left or were removed.
    Their last activity follows their last change; about one in five has been
    silent for more than 60 days, so the dashboards have someone to relaunch.
    """
    code = spec["code"]
    rng = random.Random(f"{SEED}-{code}")
    gardeners = [g for g in (pair.territory_gardener, pair.institution_gardener) if g]
    people = []
    index = 0
    for fate, n in CROWD.items():
        for _ in range(n):
            index += 1
            people.append((fate, _person(code, index, rng)))

    emails = [p["email"] for _, p in people]
    existing = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    new_users = [
        UserFactory.build(
            email=p["email"],
            display_name=p["display_name"],
            organisation=p["organisation"],
            # No password: these people never log in.
            password=factory.Transformer.Force(make_password(None)),
            preferred_language="fr",
        )
        for _, p in people
        if p["email"] not in existing
    ]
    User.objects.bulk_create(new_users, batch_size=500)
    summary.count("accounts", len(new_users))
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in new_users
         if u.pk],
        batch_size=500,
        ignore_conflicts=True,
    )

    # A member with any history here was seeded by an earlier run: leave them.
    seeded = set(
        CircleChange.objects.filter(community=community, user__email__in=emails)
        .values_list("user_id", flat=True)
    )
    memberships, changes, requests, fresh = [], [], [], []
    for fate, person in people:
        user = users[person["email"]]
        if user.pk in seeded:
            continue
        plan = _plan(fate, rng, now, gardeners, user)
        if plan["circle"] is not None:
            m = MembershipFactory.build(community=community, user=user, circle=plan["circle"])
            m._dates = (plan["steps"][0]["at"], plan["last_active_at"])
            memberships.append(m)
            if fate in ("citizens", "informed") and plan["last_active_at"] > now - timedelta(days=30):
                fresh.append((user, plan["circle"], plan["steps"][-1]["at"]))
        for step in plan["steps"]:
            c = CircleChange(
                community=community, user=user, actor=step["actor"], kind=step["kind"],
                from_circle=step["from"], to_circle=step["to"], reason=step["reason"],
            )
            c._dates = (step["at"],)
            changes.append(c)
            if step["kind"] == CircleChange.Kind.REQUEST_APPROVED:
                r = CircleRequest(
                    community=community, user=user, circle=step["to"],
                    message=step["message"], status=CircleRequest.Status.APPROVED,
                    answer=step["answer"],
                    decided_by=step["actor"], decided_at=step["at"],
                )
                r._dates = (step["asked_at"],)
                requests.append(r)

    # auto_now_add overwrites dates on insert; bulk_update does not, so the
    # planned dates are written in a second pass.
    _bulk_with_dates(Membership, memberships, ["joined_at", "last_active_at"])
    _bulk_with_dates(CircleChange, changes, ["created_at"])
    _bulk_with_dates(CircleRequest, requests, ["created_at"])
    summary.count("memberships", len(memberships))
    summary.count("circle changes", len(changes))

    # A few members are waiting for an answer: these go through the service.
    rng.shuffle(fresh)
    for user, circle, last_change in fresh[:PENDING_REQUESTS]:
        request = services.circle_request_create(
            community=community, user=user, circle=circle + 1, message=rng.choice(REQUEST_MESSAGES)
        )
        asked = max(last_change, now - timedelta(days=rng.uniform(1, 12)))
        CircleRequest.objects.filter(pk=request.pk).update(created_at=asked)
        summary.count("pending requests")


def _bulk_with_dates(model, objects, date_fields):
    model.objects.bulk_create(objects, batch_size=500)
    for obj in objects:
        for name, value in zip(date_fields, obj._dates):
            setattr(obj, name, value)
    model.objects.bulk_update(objects, date_fields, batch_size=500)


_FAKER = None


def _faker():
    # Building a Faker loads its providers: slow enough to do once.
    global _FAKER
    if _FAKER is None:
        _FAKER = Faker("fr_FR")
    return _FAKER


def _person(code, index, rng):
    # One Faker seed per person: the same index always gives the same person,
    # whatever was generated before.
    fake = _faker()
    fake.seed_instance(f"{SEED}-{code}-{index}")
    first, last = fake.first_name(), fake.last_name()
    email = f"{slugify(first)}.{slugify(last)}.{code}{index:03d}@{DEMO_DOMAIN}".replace("-", ".")
    organisation = ""
    if index <= CROWD["engaged"] + CROWD["informed"] or rng.random() < 0.2:
        organisation = rng.choice(ORGANISATIONS[code]).format(town=rng.choice(TOWNS))
    return {"email": email, "display_name": f"{first} {last}", "organisation": organisation}


def _plan(fate, rng, now, gardeners, user):
    """A member's steps through the circles, oldest first, and their last activity."""
    inactive_share = {"engaged": 0.05, "informed": 0.15, "citizens": 0.25}.get(fate, 0)
    inactive = rng.random() < inactive_share
    end = now - timedelta(days=rng.uniform(61, 200)) if inactive else now - timedelta(days=1)
    start = now - timedelta(days=365)

    route = {
        "citizens": [Circle.CITIZENS],
        "informed": [Circle.CITIZENS, Circle.INFORMED],
        "engaged": rng.choice(
            [[Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED], [Circle.CITIZENS, Circle.ENGAGED]]
        ),
        "left": rng.choice([[Circle.CITIZENS], [Circle.CITIZENS, Circle.INFORMED]]),
        "removed": [Circle.CITIZENS],
    }[fate]
    exits = 1 if fate in ("left", "removed") else 0
    span = (end - start).total_seconds()
    times = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(len(route) + exits))

    steps = [
        {"kind": CircleChange.Kind.JOINED, "from": None, "to": route[0], "at": times[0],
         "actor": user, "reason": ""}
    ]
    for i, (before, after) in enumerate(itertools.pairwise(route), start=1):
        gardener = rng.choice(gardeners)
        if rng.random() < 0.5:
            message = rng.choice(REQUEST_MESSAGES)
            answer = rng.choice(APPROVAL_ANSWERS)
            steps.append({
                "kind": CircleChange.Kind.REQUEST_APPROVED, "from": before, "to": after,
                "at": times[i], "actor": gardener, "reason": answer or message,
                "message": message, "answer": answer, "asked_at": times[i - 1] + (times[i] - times[i - 1]) * 0.7,
            })
        else:
            steps.append({
                "kind": CircleChange.Kind.MOVED, "from": before, "to": after, "at": times[i],
                "actor": gardener, "reason": rng.choice(MOVE_REASONS),
            })
    if fate == "left":
        steps.append({"kind": CircleChange.Kind.LEFT, "from": route[-1], "to": None,
                      "at": times[-1], "actor": user, "reason": rng.choice(LEAVE_REASONS)})
    elif fate == "removed":
        steps.append({"kind": CircleChange.Kind.REMOVED, "from": route[-1], "to": None,
                      "at": times[-1], "actor": rng.choice(gardeners),
                      "reason": rng.choice(REMOVE_REASONS)})

    last_change = steps[-1]["at"]
    if inactive:
        last_active = last_change + (end - last_change) * rng.random()
    else:
        recent = max(last_change, now - timedelta(days=45))
        last_active = recent + (now - recent) * rng.random()
    return {
        "circle": None if exits else route[-1],
        "steps": steps,
        "last_active_at": last_active,
    }
