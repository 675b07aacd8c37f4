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

from roles.predicates import is_cultivator, is_process_lead, is_process_lead_of, is_site_staff

from .models import Phase, Process, Proposal


def _process(obj):
    return obj.process if isinstance(obj, Proposal) else obj


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
# Object: a Direction. Whose processes a person may create and run.
rules.add_perm("processes.run_processes_of", is_process_lead_of | is_cultivator | is_site_staff)
