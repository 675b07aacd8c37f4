"""Every write of barometer surveys (docs/barometers.md). Services raise
ValidationError with a message for the person; nothing is changed then."""

from .answering import (  # noqa: F401
    AlreadyAnswered,
    device_hash,
    is_targeted,
    new_device_token,
    paper_response_enter,
    response_submit,
    responses_import,
    targeted_people,
)
from .building import (  # noqa: F401
    answer_moderate,
    barometer_create,
    question_add,
    question_edit,
    question_move,
    question_remove,
    results_publish,
    wave_create,
    wave_launch,
    waves_announce_due,
)
from .paper_files import (  # noqa: F401
    MAX_ROWS,
    how_to_answer,
    paper_file_import,
    template_columns,
)
