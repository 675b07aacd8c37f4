"""Each kind's one-line template reads as a sentence from the stored data."""

import pytest
from django.template.loader import render_to_string

from notifications.kinds import KINDS

BASE = {"group": "Semences paysannes", "community": "Biodiversité"}


@pytest.mark.parametrize("change,expected", [
    ("added", "You joined the working group “Semences paysannes” in Biodiversité."),
    ("approved", "Your request to join the working group “Semences paysannes” in Biodiversité was approved."),
    ("declined", "Your request to join the working group “Semences paysannes” in Biodiversité was declined."),
    ("removed", "You are no longer a member of the working group “Semences paysannes” in Biodiversité."),
    ("left_circle", "You left the working group “Semences paysannes” in Biodiversité, as you are no longer in the engaged circle."),
])
def test_group_membership(change, expected):
    text = render_to_string(KINDS["group_membership"].template, {"data": {**BASE, "change": change, "answer": ""}})
    assert text.strip() == expected


def test_group_membership_with_an_answer_and_a_departure():
    text = render_to_string(
        KINDS["group_membership"].template,
        {"data": {**BASE, "change": "declined", "answer": "Le groupe est complet."}},
    )
    assert text.strip().endswith("Answer: Le groupe est complet.")
    text = render_to_string(
        KINDS["group_membership"].template, {"data": {**BASE, "change": "left", "person": "Nadia"}}
    )
    assert text.strip() == "Nadia left the working group “Semences paysannes”."


def test_join_request_and_decision():
    text = render_to_string(KINDS["group_join_request"].template, {"data": {**BASE, "person": "Nadia <b>"}})
    assert text.strip() == "Nadia &lt;b&gt; asks to join the working group “Semences paysannes”."
    text = render_to_string(KINDS["group_decision"].template, {"data": {**BASE, "decision": "Bourse en avril"}})
    assert text.strip() == "The working group “Semences paysannes” recorded a decision: Bourse en avril"
