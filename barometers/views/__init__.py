"""Pages of barometer surveys. Thin: ask the rule, validate the form, call one
service, show its message. A refused write comes back as form errors or a
message; nothing changed."""

from .answering import AnswerView  # noqa: F401
from .building import (  # noqa: F401
    BarometerCreateView,
    LaunchView,
    QuestionEditView,
    QuestionMoveView,
    QuestionRemoveView,
    QuestionsView,
    WaveCreateView,
)
from .paper import PaperFileView, PaperTemplateView, PaperView  # noqa: F401
from .public import BarometerDetailView, BarometerListView, CompareView  # noqa: F401
from .results import (  # noqa: F401
    ExportView,
    ModerateView,
    PublishView,
    ResultsView,
    TextAnswersView,
)
