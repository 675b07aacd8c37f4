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
        first = node.args[0]
        # `errors`: the house name of a dict of fields' refusals.
        many = isinstance(first, collection) or getattr(first, "id", None) == "errors"
        if name == "ValidationError" and many and any(
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
        'ValidationError(errors, code="f")\n'
        'ValidationError(errors)\n'
    )
    assert dropped_codes(source) == [1, 2, 3, 4, 8]


def offenders(reader) -> list[str]:
    """`path:line` of each place `reader` finds in the production modules."""
    return [f"{path.relative_to(ROOT)}:{line}" for _app, path in production_modules()
            for line in reader(path.read_text())]


def test_no_refusal_gives_its_code_beside_a_dict_or_a_list():
    found = offenders(dropped_codes)
    assert found == [], (
        "put the code on each field's ValidationError, Django drops it otherwise:\n"
        + "\n".join(found)
    )


WORDS = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}


def _words(node) -> bool:
    """Text, translated or not, formatted or not, alone or in a list."""
    if isinstance(node, ast.List):
        return any(_words(item) for item in node.elts)
    if isinstance(node, ast.BinOp):
        return _words(node.left)
    if isinstance(node, ast.Call):
        return getattr(node.func, "id", getattr(node.func, "attr", None)) in WORDS
    if isinstance(node, ast.Subscript):  # error.messages[0]
        return getattr(node.value, "attr", None) == "messages"
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


def codeless_fields(source: str) -> list[int]:
    """`errors[field] = <words>`: a field's refusal given as text alone
    becomes an error with no code once raised."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                and target.value.id == "errors" and _words(node.value)):
            found.append(node.lineno)
    return found


def test_the_second_reader_finds_a_field_given_as_words_and_only_those():
    source = (
        'errors["a"] = _("x")\n'
        'errors["a"] = [_("x")]\n'
        'errors[key] = error.messages[0]\n'
        'errors["a"] = _("x %(n)s") % {"n": 1}\n'
        'errors["a"] = ValidationError(_("x"), code="a")\n'
        'errors[key] = forms.ValidationError("x", code="b")\n'
        'errors[key] = [ValidationError("x", code="c")]\n'
        'errors["a"] = refusal\n'
        'errors["a"] = f"{x} is wrong"\n'
        'others["a"] = _("x")\n'
    )
    assert codeless_fields(source) == [1, 2, 3, 4, 9]


def test_no_field_of_a_refusal_is_given_as_words_alone():
    found = offenders(codeless_fields)
    assert found == [], (
        "give each field's refusal as ValidationError(words, code=…), not words alone:\n"
        + "\n".join(found)
    )
