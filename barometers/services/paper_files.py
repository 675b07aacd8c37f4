"""Paper questionnaires from a file (docs/barometers.md).

Interviewers often type a bundle of questionnaires into a spreadsheet; an
agent of the barometer imports the file instead of typing each one again.

- The file is CSV or an Excel workbook, whose first sheet is read
  (terreau.spreadsheets.import_rows); a row's line is the sheet's row.
- The first row names the questions, by their code (the template's header)
  or their text (the export's header); one row per questionnaire below.
  Other columns (the interviewer's notes, a date) are ignored; blank rows
  are skipped. Every question of the wave must have its column.
- An answer is written as the resident gave it: a number from 1 to 5 for a
  scale; a choice's text, or its number in the list (from 1); several
  choices separated by "|", as the export writes them; free text as it is.
- All or nothing: every row is checked like an answer online. One error and
  nothing is stored; the agent reads each error with its line and question.
  The questionnaires are stored on the terms of those typed in one by one
  (answering.store_paper: from the opening instant until the results are
  published, under the wave's lock, the audit entry counting them).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.spreadsheets import TemplateColumn, import_rows

from ..models import Question
from .answering import store_paper, validated_answers

MAX_ROWS = 5000
# Beyond this, the agent reads how many more: the first ones show the pattern.
MAX_ERRORS_SHOWN = 20
CHOICE_SEPARATOR = "|"


def template_columns(questions: list[Question]) -> list[TemplateColumn]:
    """The template's columns: one per question, named by its code, in the
    questions' order, with the question and how to answer it. A scale takes
    a whole number from 1 to 5; a single choice offers its choices in a
    drop-down list, which warns but lets a choice's number through."""
    columns = []
    for question in questions:
        help_text = f"{question.text}\n{how_to_answer(question)}"
        if question.kind == Question.Kind.SCALE:
            columns.append(TemplateColumn(
                question.code, help_text, between=(Question.SCALE[0], Question.SCALE[-1])))
        elif question.kind == Question.Kind.SINGLE:
            columns.append(TemplateColumn(question.code, help_text, strict=False,
                                          choices=tuple(str(c) for c in question.choices)))
        else:
            columns.append(TemplateColumn(question.code, help_text))
    return columns


def how_to_answer(question: Question) -> str:
    """What to write in a question's column, for the page's legend."""
    if question.kind == Question.Kind.SCALE:
        return _("A number from 1 to 5.")
    if question.kind == Question.Kind.TEXT:
        return _("The text as written.")
    listed = "; ".join(f"{number} = {choice}"
                       for number, choice in enumerate(question.choices, start=1))
    if question.kind == Question.Kind.SINGLE:
        return _("One choice, its text or its number: %(choices)s.") % {"choices": listed}
    return _("One or more choices, their texts or numbers separated by “|”: %(choices)s.") % {
        "choices": listed}


# What `answering` refuses with "Choose among the choices given."
NOT_A_CHOICE = "-1"


def _choice_index(question: Question, part: str) -> str:
    """A choice's position as `answering` reads it (from 0). Its text first:
    a choice whose text is a number ("0", "1", "2 or more") is found as
    written; then its number in the list, from 1."""
    folded = part.casefold()
    for index, choice in enumerate(question.choices):
        if str(choice).strip().casefold() == folded:
            return str(index)
    if part.isdigit() and int(part) >= 1:
        return str(int(part) - 1)
    return NOT_A_CHOICE


def _raw(question: Question, cell: str) -> list[str]:
    cell = cell.strip()
    if not cell:
        return []
    if question.kind in (Question.Kind.SCALE, Question.Kind.TEXT):
        return [cell]
    return [_choice_index(question, part.strip()) for part in cell.split(CHOICE_SEPARATOR)
            if part.strip()]


def _columns(fieldnames: list[str], questions: list[Question]) -> dict[str, Question]:
    """{column as written in the file: its question}; refuses the file when a
    question has no column or two."""
    by_name = {}
    for question in questions:
        by_name[question.code.casefold()] = question
        by_name.setdefault(question.text.strip().casefold(), question)
    columns, seen = {}, set()
    for column in fieldnames:
        question = by_name.get(column.strip().casefold())
        if question is None:
            continue
        if question.pk in seen:
            raise ValidationError(
                _("The question “%(code)s” has two columns; nothing was imported.")
                % {"code": question.code}, code="duplicate_column")
        seen.add(question.pk)
        columns[column] = question
    missing = [question.code for question in questions if question.pk not in seen]
    if missing:
        raise ValidationError(
            _("The file lacks the column(s) %(missing)s; nothing was imported. The first row "
              "must name the questions, as the template does.")
            % {"missing": ", ".join(missing)}, code="missing_columns")
    return columns


def _row_errors(line: int, error: ValidationError, codes: dict[str, str]) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [_("Line %(line)d: %(error)s") % {"line": line, "error": " ".join(error.messages)}]
    return [_("Line %(line)d, %(question)s: %(error)s")
            % {"line": line, "question": codes[name], "error": " ".join(messages)}
            for name, messages in error.message_dict.items()]


def paper_file_import(*, wave, data: bytes | str, actor, now=None) -> int:
    """Import a file of paper questionnaires into `wave` (see the module's
    docstring). Returns the number stored; raises ValidationError, each
    message naming its line and question, and stores nothing then."""
    questions = list(wave.questions.all())
    reader = import_rows(data)
    if not reader.fieldnames:
        raise ValidationError(_("The file is empty: its first row must name the questions."),
                              code="empty")
    columns = _columns(reader.fieldnames, questions)
    codes = {question.field_name: question.code for question in questions}
    validated, errors = [], []
    for line, row in enumerate(reader, start=2):
        cells = {column: value for column, value in row.items()
                 if column in columns and isinstance(value, str)}
        if not any(value.strip() for value in cells.values()):
            continue
        if len(validated) + len(errors) == MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(limit)d questionnaires; nothing was imported. "
                  "Split it in two.") % {"limit": MAX_ROWS}, code="too_many")
        answers = {columns[column].field_name: _raw(columns[column], value)
                   for column, value in cells.items()}
        try:
            validated.append(validated_answers(questions, answers))
        except ValidationError as error:
            errors.append(_row_errors(line, error, codes))
    if errors:
        shown = [message for row in errors for message in row]
        hidden = len(shown) - MAX_ERRORS_SHOWN
        shown = shown[:MAX_ERRORS_SHOWN]
        if hidden > 0:
            shown.append(ngettext("… and %(count)d other error.", "… and %(count)d other errors.",
                                  hidden) % {"count": hidden})
        raise ValidationError([ValidationError(message, code="rows") for message in shown])
    if not validated:
        raise ValidationError(_("The file holds no questionnaire."), code="no_rows")
    return store_paper(wave=wave, validated=validated, actor=actor, now=now or timezone.now())
