"""Every form renders through design/forms/: an error summary linked to the
fields, and hints and errors with the ids the widgets' aria-describedby name."""

import re
from html.parser import HTMLParser

from design.forms import StyleGuideForm
from needs.models import Need


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.described, self.links = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described.append((tag, attrs.get("name"), attrs["aria-describedby"].split()))
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])


def _parse(html):
    parser = _Ids()
    parser.feed(html)
    return parser


def test_an_invalid_form_names_its_real_hint_and_error_ids():
    form = StyleGuideForm(data={"email": "nope"})
    html = str(form)
    parsed = _parse(html)

    # every id an aria-describedby names exists in the form
    assert parsed.described
    for _tag, _name, ids in parsed.described:
        assert set(ids) <= parsed.ids, (ids, parsed.ids)
    # the e-mail field: its hint, then its error
    email = next(ids for tag, name, ids in parsed.described if name == "email")
    assert email == ["id_email_helptext", "id_email_error"]
    # the radio buttons: the fieldset carries it
    assert any(tag == "fieldset" and ids == ["id_circle_error"] for tag, _n, ids in parsed.described)
    assert 'aria-invalid="true"' in html


def test_the_summary_comes_first_and_links_to_each_field():
    form = StyleGuideForm(data={"email": "nope"})
    html = str(form)
    parsed = _parse(html)

    assert html.strip().startswith('<div class="error-summary" tabindex="-1" data-error-summary')
    assert parsed.links == ["id_name", "id_email", "id_circle_0", "id_agree"]
    assert set(parsed.links) <= parsed.ids


def test_a_valid_or_unbound_form_has_no_summary():
    assert "error-summary" not in str(StyleGuideForm())
    assert "error-summary" not in str(StyleGuideForm(data={
        "name": "Léa", "email": "lea@example.org", "circle": "engaged", "agree": "on",
    }))


def test_a_page_of_the_site_opens_its_form_with_the_summary(login, people, community):
    response = login(people["informed"]).post(
        f"/communities/{community.slug}/needs/new/",
        {"kind": "need", "title": "", "description": "", "visibility": "everyone"},
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert not Need.objects.exists()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.DOTALL).group(0)
    parsed = _parse(html)
    assert set(_parse(summary).links) <= parsed.ids
    for _tag, _name, ids in parsed.described:
        assert set(ids) <= parsed.ids, ids
