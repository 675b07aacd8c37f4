"""The notification kinds of citizen dialogue processes (registered in
ProcessesConfig.ready()): the droit de suite told to contributors."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

RECOMMENDATION_DECIDED = "process_recommendation_decided"

KINDS = (
    Kind("process_phase", _("A process I contributed to moves to its next phase"),
         Frequency.IMMEDIATELY),
    Kind("process_answer", _("A proposal I made or supported gets its answer"),
         Frequency.IMMEDIATELY),
    Kind("process_proposal_hidden", _("A proposal I made is hidden by the process's leads"),
         Frequency.IMMEDIATELY),
    # Issue #17, item 7: a community's need or group result referred to a process.
    Kind("process_referral_answered", _("A process answers a need or a result my community "
                                        "referred to it"), Frequency.IMMEDIATELY),
    # Issue #17, items 4 and 5: the citizen opinion.
    Kind(RECOMMENDATION_DECIDED, _("The process's leads accept a recommendation I "
                                             "drafted for the panel, or send it back"),
         # Sent back, it asks its author to revise it: the line leads to the form,
         # and "Waiting for you" lists it until revised (processes/waiting.py).
         Frequency.IMMEDIATELY, action=_("revise the recommendation sent back for changes")),
    Kind("process_opinion_published", _("The citizen opinion of a process I contributed to is "
                                        "published"), Frequency.IMMEDIATELY),
    Kind("process_recommendation_answered", _("A recommendation drawing on my proposal gets its "
                                              "answer"), Frequency.IMMEDIATELY),
    # Issue #17, item 3: the person named learns it, and where to enter a
    # workshop's contributions.
    Kind("process_facilitator_named", _("I am named facilitator of a process's workshops"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
