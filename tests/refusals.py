"""What a refused service call says, for the edge tests: each error as
(field, message, code), sorted; the field is None for an error that belongs
to no field (one, or each of a list). Comparing the whole list pins the
words, the code and the field of every refusal, and that nothing else was
refused with it."""

import pytest
from django.core.exceptions import ValidationError


def refusals(call) -> list[tuple[str | None, str, str]]:
    with pytest.raises(ValidationError) as refused:
        call()
    error = refused.value
    if hasattr(error, "error_dict"):
        return sorted((field, e.messages[0], e.code) for field, errors in error.error_dict.items()
                      for e in errors)
    # One error, or a list of them (each its own): none belongs to a field.
    return sorted((None, e.messages[0], e.code) for e in error.error_list)
