"""What processes plugs into needs and workgroups (issue #17, item 7),
registered from ProcessesConfig.ready(): under a need, and under each line of
a working group's decision log, the referrals to processes with their
answers, and — for the community's region gardener — the form to refer it
(needs/next_steps.py, workgroups/next_steps.py)."""

from __future__ import annotations

from django.utils import timezone

from needs import next_steps as need_steps
from workgroups import next_steps as group_steps

from .forms import ReferralForm
from .models import Process, Referral

TEMPLATE = "processes/referrals/_block.html"


def open_processes(today=None):
    """The published processes whose commitment date has not passed (1 query)."""
    today = today or timezone.localdate()
    return list(Process.objects.filter(state=Process.State.PUBLISHED, answer_due_on__gte=today)
                .only("id", "title", "answer_due_on").order_by("answer_due_on", "title"))


def _referrals(**filters):
    return (Referral.objects.filter(**filters)
            .select_related("process", "referred_by", "answered_by")
            .only("id", "need_id", "decision_id", "process__title", "process__slug",
                  "process__answer_due_on", "message", "referred_at", "status", "reason",
                  "answered_at", "referred_by__display_name", "answered_by__display_name")
            .order_by("referred_at", "pk"))


def _form(user, obj):
    if not user.has_perm("processes.refer_to_process", obj):
        return None
    processes = open_processes()
    return ReferralForm(processes=processes) if processes else None


def _need_block(need, user) -> dict | None:
    referrals = list(_referrals(need=need))
    form = _form(user, need)
    if not referrals and form is None:
        return None
    return {"referrals": referrals, "form": form, "kind": "need", "pk": need.pk}


def _decision_blocks(decisions, group, user) -> dict[int, dict]:
    for decision in decisions:
        decision.group = group  # read once by the view, with its community
    # One query for the whole log, however many lines (none too: the page's
    # count does not depend on it).
    by_decision: dict[int, list] = {}
    for referral in _referrals(decision__group=group):
        by_decision.setdefault(referral.decision_id, []).append(referral)
    if not decisions:
        return {}
    may_refer = user.has_perm("processes.refer_to_process", decisions[0])
    processes = open_processes() if may_refer else []
    blocks = {}
    for decision in decisions:
        form = ReferralForm(processes=processes, prefix=f"d{decision.pk}") if processes else None
        referrals = by_decision.get(decision.pk, [])
        if referrals or form is not None:
            blocks[decision.pk] = {"referrals": referrals, "form": form, "kind": "result",
                                   "pk": decision.pk}
    return blocks


def register() -> None:
    need_steps.register(need_steps.Block("processes.referrals", TEMPLATE, _need_block))
    group_steps.register(group_steps.Block("processes.referrals", TEMPLATE, _decision_blocks))
