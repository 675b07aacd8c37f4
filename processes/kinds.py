"""The notification kinds of citizen dialogue processes (registered in
ProcessesConfig.ready()): the droit de suite told to contributors."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Frequency, Kind, register

KINDS = (
    Kind("process_phase", _("A process I contributed to moves to its next phase"),
         Frequency.IMMEDIATELY),
    Kind("process_answer", _("A proposal I made or supported gets its answer"),
         Frequency.IMMEDIATELY),
    Kind("process_proposal_hidden", _("A proposal I made is hidden by the process's leads"),
         Frequency.IMMEDIATELY),
)


def register_kinds() -> None:
    register(*KINDS)
