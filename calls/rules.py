"""Permissions of calls for projects. Walked in tests/calls/test_rules.py and
the access matrix. Objects: a Call (or None to create one), an Application.

- the call's agents (agents of its direction) and site staff create, edit,
  publish, assign reviewers, see the board and decide;
- carriers (members of the lead organisation and of its co-carriers) see and
  edit the draft; the lead's admins invite co-carriers and submit;
- the call's agents ask the carriers for missing pieces of a received
  application (its carriers' admins then add them, even after the deadline)
  and declare the file complete;
- a signed-in person asks a question about a published call; its agents
  answer it (publicly or to the asker alone) and publish entries of their own;
- reviewers (agents of a partner direction or admins of a partner
  organisation, assigned) score a complete file; every funder exports its assigned
  applications;
- once funded, the carriers' admins file progress reports and one final
  report, read by the carriers, the call's agents and the assigned reviewers.
"""

import rules

from roles.predicates import is_direction_agent, is_site_staff

from .predicates import (
    can_manage_call,
    can_read_reports,
    can_see_application,
    is_assigned_reviewer,
    is_carrier,
    is_carrier_admin,
    is_draft,
    is_funded,
    is_funder,
    is_in_review,
    is_lead_admin,
    is_published,
    is_received,
    is_scorable,
    manages_application_call,
    pieces_pending,
)

rules.add_perm("calls.add_call", is_direction_agent | is_site_staff)
# Site staff create a call for any direction; an agent for their own directions.
rules.add_perm("calls.run_for_any_direction", is_site_staff)
rules.add_perm("calls.view_call", is_published | can_manage_call)
rules.add_perm("calls.change_call", can_manage_call)
rules.add_perm("calls.view_board", can_manage_call)
rules.add_perm("calls.export_applications", can_manage_call | is_funder)
rules.add_perm("calls.apply", is_published & rules.is_authenticated)
# Questions and answers: a signed-in person asks about a published call (while
# it is open: services/questions.py); its agents answer and publish entries.
rules.add_perm("calls.ask_question", is_published & rules.is_authenticated)
rules.add_perm("calls.answer_questions", can_manage_call)

rules.add_perm("calls.view_application", can_see_application)
rules.add_perm("calls.change_application", is_carrier & is_draft)
rules.add_perm("calls.invite_cocarrier", is_lead_admin & is_draft)
rules.add_perm("calls.submit_application", is_lead_admin & is_draft)
# Admissibility: the call's agents ask for missing pieces and declare the file
# complete while it is received; the carriers' admins add the pieces asked for.
rules.add_perm("calls.check_completeness", manages_application_call & is_received)
rules.add_perm("calls.add_piece", (is_carrier & is_draft) | (is_carrier_admin & pieces_pending))
rules.add_perm("calls.review_application", is_assigned_reviewer & is_scorable)
rules.add_perm("calls.assign_reviewer", manages_application_call & is_in_review)
rules.add_perm("calls.decide_application", manages_application_call & is_in_review)
rules.add_perm("calls.file_report", is_carrier_admin & is_funded)
rules.add_perm("calls.view_reports", can_read_reports)

# A funded project's community and events (calls/funded/): its call's agents
# and the admins of its carrier organisations, once funded.
from .funded.predicates import can_link_project  # noqa: E402

rules.add_perm("calls.link_project", can_link_project)
