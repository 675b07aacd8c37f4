"""A refusal's code reaches whoever catches it.

Django keeps the `code` of a `ValidationError` only when its message is one
string: given beside a dict or a list of messages, the code is dropped
without a word (`ValidationError({"title": "…"}, code="title").code` is
None, and so is the code of each message). A view, the API or a test that
asks which refusal it was would read nothing. A refusal about a field puts
its code on the field's own error:

    raise ValidationError({"title": ValidationError(_("…"), code="title")})

This test reads every production module of the project's apps and refuses
the dropped form.
"""

import ast

from django.core.exceptions import ValidationError

from tests.test_import_graph import ROOT, production_modules


def dropped_codes(source: str) -> list[int]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        collection = (ast.Dict, ast.List, ast.DictComp, ast.ListComp)
        if name == "ValidationError" and isinstance(node.args[0], collection) and any(
            keyword.arg == "code" for keyword in node.keywords
        ):
            found.append(node.lineno)
    return found


def test_django_drops_a_code_given_beside_a_dict_or_a_list():
    """Why the rule exists: if Django ever kept these codes, it could go."""
    beside_a_dict = ValidationError({"title": "Give it a title."}, code="title")
    beside_a_list = ValidationError(["One.", "Two."], code="missing")
    on_the_field = ValidationError({"title": ValidationError("Give it a title.", code="title")})

    assert [e.code for e in beside_a_dict.error_dict["title"]] == [None]
    assert [e.code for e in beside_a_list.error_list] == [None, None]
    assert [e.code for e in on_the_field.error_dict["title"]] == ["title"]


def test_the_reader_finds_each_dropped_form_and_only_those():
    source = (
        'ValidationError({"a": "x"}, code="a")\n'
        'ValidationError(["x", "y"], code="b")\n'
        'ValidationError([m for m in ms], code="c")\n'
        'forms.ValidationError({k: v for k, v in d}, code="d")\n'
        'ValidationError({"a": ValidationError("x", code="a")})\n'
        'ValidationError("x", code="e")\n'
        'ValidationError({"a": "x"})\n'
    )
    assert dropped_codes(source) == [1, 2, 3, 4]


def test_no_refusal_gives_its_code_beside_a_dict_or_a_list():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for _app, path in production_modules()
        for line in dropped_codes(path.read_text())
    ]
    assert offenders == [], (
        "put the code on each field's ValidationError, Django drops it otherwise:\n"
        + "\n".join(offenders)
    )
