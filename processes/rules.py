"""Permissions of citizen dialogue processes. Walked in tests/dialogue/test_rules.py.

Objects: a Process, or a Proposal (asked of its process where the rule is
the process's). A process is run by the process leads of its direction
(roles.predicates.is_process_lead_of, granted per direction), the
cultivator and site staff; a draft is seen by them only. A published
process is public: anyone reads its mandate, timeline, proposals and
answers; signed-in people post and support proposals while its
contributions phase is open (the services check the instant again), and
comment. A hidden proposal is read by its author and the leads only.
"""

import rules

from needs.models import OPEN_STATUSES, Need
from roles.predicates import (
    is_cultivator,
    is_facilitator_of,
    is_institution_gardener_of,
    is_process_lead,
    is_process_lead_of,
    is_site_staff,
)
from workgroups.models import Decision

from .models import Phase, Process, Proposal, Recommendation, Referral
from .opinion_selectors import is_panel_member as _is_panel_member
from .opinion_selectors import opinion_or_none


def _process(obj):
    if isinstance(obj, Recommendation):
        return obj.opinion.process
    return obj.process if isinstance(obj, (Proposal, Referral)) else obj


@rules.predicate
def is_lead_of_process(user, obj):
    process = _process(obj)
    return process is not None and is_process_lead_of.test(user, process.direction)


can_manage = is_lead_of_process | is_cultivator | is_site_staff


@rules.predicate
def is_published(user, obj):
    process = _process(obj)
    return process is not None and process.state == Process.State.PUBLISHED


@rules.predicate
def contributions_open(user, obj):
    """The phase running now is a contributions phase (phases prefetched or not)."""
    process = _process(obj)
    if process is None:
        return False
    return any(phase.kind == Phase.Kind.CONTRIBUTIONS and phase.is_current()
               for phase in process.phases.all())


@rules.predicate
def is_author(user, obj):
    return isinstance(obj, Proposal) and user.is_authenticated and obj.author_id == user.pk


@rules.predicate
def is_hidden(user, obj):
    return isinstance(obj, Proposal) and obj.hidden_at is not None


@rules.predicate
def has_community(user, obj):
    process = _process(obj)
    return process is not None and process.community_id is not None


rules.add_perm("processes.add_process", is_process_lead | is_cultivator | is_site_staff)
rules.add_perm("processes.grant_process_lead", is_cultivator | is_site_staff)
rules.add_perm("processes.view_process", is_published | can_manage)
rules.add_perm("processes.manage_process", can_manage)
rules.add_perm(
    "processes.add_proposal", rules.is_authenticated & is_published & contributions_open
)
rules.add_perm(
    "processes.view_proposal", (is_published & ~is_hidden) | is_author | can_manage
)
rules.add_perm(
    "processes.support_proposal",
    rules.is_authenticated & is_published & contributions_open & ~is_hidden & ~is_author,
)
rules.add_perm("processes.comment_proposal", rules.is_authenticated & is_published & ~is_hidden)
# Reports go to the queue of the process's community (moderation/registry.py):
# a process without a community is moderated by its leads directly.
rules.add_perm(
    "processes.report_proposal",
    rules.is_authenticated & is_published & has_community & ~is_hidden & ~is_author,
)

# --- Workshops and facilitators (issue #17, item 3) --------------------------------------


@rules.predicate
def is_facilitator(user, obj):
    """Named facilitator of the process's workshops by its lead."""
    return is_facilitator_of.test(user, _process(obj))


# Linking events as workshops, creating one, naming facilitators: the managers.
rules.add_perm("processes.manage_workshops", can_manage)
# After a workshop, entering its contributions and publishing its minutes:
# its facilitators and the managers, once the process is published.
rules.add_perm("processes.facilitate_workshops", is_published & (can_manage | is_facilitator))
# Publishing a document: the managers (any kind, a draft's too); a
# facilitator, a published process's workshop minutes only (the service checks the kind).
rules.add_perm("processes.publish_document", can_manage | (is_published & is_facilitator))
# Object: a Direction. Whose processes a person may create and run.
rules.add_perm("processes.run_processes_of", is_process_lead_of | is_cultivator | is_site_staff)


# --- Referrals from communities (issue #17, item 7) -------------------------------------


def _source_community(obj):
    if isinstance(obj, Need):
        return obj.community
    if isinstance(obj, Decision):
        return obj.group.community
    return None


@rules.predicate
def is_region_gardener_of_source(user, obj):
    """The institution (region) half of the pair of the need's or the
    working group's community."""
    return is_institution_gardener_of.test(user, _source_community(obj))


@rules.predicate
def is_referable(user, obj):
    """An open, visible need, or any line of a working group's decision log."""
    if isinstance(obj, Need):
        return obj.status in OPEN_STATUSES and obj.hidden_at is None
    return isinstance(obj, Decision)


# Object: a Need or a workgroups Decision (a group's result).
rules.add_perm("processes.refer_to_process", is_region_gardener_of_source & is_referable)
# Object: a Referral: those who answer the process's proposals.
rules.add_perm("processes.answer_referral", can_manage)


# --- The citizen opinion (issue #17, items 4 and 5) -------------------------------------
# Object: a Process, or a Recommendation (asked of its opinion).


def _opinion(obj):
    if isinstance(obj, Recommendation):
        return obj.opinion
    process = _process(obj)
    return opinion_or_none(process) if process is not None else None


@rules.predicate
def is_panel_member(user, obj):
    """Named to the panel by a lead, or seated on its citizen council."""
    return _is_panel_member(_opinion(obj), user)


@rules.predicate
def opinion_published(user, obj):
    opinion = _opinion(obj)
    return opinion is not None and opinion.is_published


@rules.predicate
def is_recommendation_author(user, obj):
    return (isinstance(obj, Recommendation) and user.is_authenticated
            and obj.author_id == user.pk)


@rules.predicate
def is_accepted(user, obj):
    return isinstance(obj, Recommendation) and obj.is_accepted


# The panel, the introduction, accepting or sending back, publishing: the
# process's managers, while the opinion is being written.
rules.add_perm("processes.manage_opinion", can_manage & is_published & ~opinion_published)
rules.add_perm("processes.draft_recommendation",
               is_published & is_panel_member & ~opinion_published)
rules.add_perm("processes.revise_recommendation",
               is_recommendation_author & ~is_accepted & ~opinion_published)
# The page: everyone once published; while written, the panel and the managers.
rules.add_perm("processes.view_opinion",
               (is_published & opinion_published) | can_manage
               | (is_published & is_panel_member))
rules.add_perm("processes.answer_recommendation", can_manage & opinion_published & is_accepted)
