"""Every write of calls for projects (docs/calls.md)."""

from .applications import (
    application_save,
    application_start,
    application_submit,
    attachment_upload,
    budget_check,
    cocarrier_invite,
)
from .calls import call_create, call_publish, call_update
from .completeness import application_complete, pieces_pending, pieces_request
from .followup import funders_of, report_file
from .questions import question_answer, question_ask, question_entry_add, question_remove
from .reminders import reminders_send_due, report_reminders_send_due
from .review import application_decide, opinion_write, reviewer_assign, scores_save

__all__ = [
    "application_complete", "application_decide", "application_save", "application_start",
    "application_submit", "attachment_upload", "budget_check", "call_create", "call_publish",
    "call_update", "cocarrier_invite", "funders_of", "opinion_write", "pieces_pending",
    "pieces_request", "question_answer", "question_ask", "question_entry_add", "question_remove",
    "reminders_send_due", "report_file", "report_reminders_send_due",
    "reviewer_assign", "scores_save",
]
