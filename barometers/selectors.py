"""Reads of barometer surveys: pages, results, comparison, export. Each
function costs a fixed number of queries, whatever the number of questions,
waves or answers (asserted in tests/barometers/test_selector_edges.py,
test_text_answers.py, test_moderation_queue.py and test_results.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from .models import Answer, Barometer, Question, Response


def barometer_page(slug: str) -> Barometer:
    return Barometer.objects.select_related("direction").get(slug=slug)


def barometers_listed():
    return Barometer.objects.annotate(wave_count=Count("waves")).order_by("name")


def waves_of(barometer):
    return list(barometer.waves.select_related("council", "community")
                .annotate(response_count=Count("responses")))


@dataclass
class Bar:
    label: str
    count: int
    share: float  # 0..100, of the people who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list[Answer] = field(default_factory=list)
    text_count: int = 0  # of which `texts` are the first TEXTS_SHOWN


def _share(count, total) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _results(questions, counts, answered, texts) -> list[QuestionResult]:
    out = []
    for question in questions:
        result = QuestionResult(question, answered.get(question.pk, 0))
        by_value = counts.get(question.pk, {})
        if question.kind == Question.Kind.SCALE:
            labels = [(v, str(v)) for v in Question.SCALE]
            total = sum(v * n for v, n in by_value.items())
            result.mean = round(total / result.answered, 2) if result.answered else None
        else:
            labels = list(enumerate(question.choices))
        result.bars = [Bar(label, by_value.get(v, 0), _share(by_value.get(v, 0), result.answered))
                       for v, label in labels]
        result.texts = texts.get(question.pk, [])
        out.append(result)
    return out


def _tallies(question_ids):
    """({question: {value: count}}, {question: people who answered it}): two queries."""
    counts = defaultdict(dict)
    for qid, value, n in (Answer.objects.filter(question_id__in=question_ids, value__isnull=False)
                          .values_list("question_id", "value").annotate(n=Count("pk"))
                          .order_by()):
        counts[qid][value] = n
    answered = dict(Answer.objects.filter(question_id__in=question_ids)
                    .values_list("question_id").annotate(n=Count("response_id", distinct=True))
                    .order_by())
    return counts, answered


# The results page shows this many free-text answers of each question; the
# rest are on the question's own pages (`free_texts`).
TEXTS_SHOWN = 10


def free_texts(question, *, public: bool):
    """A question's free-text answers in the order of their random ids, not
    of answering: the approved ones for the public, all for the agents."""
    texts = Answer.objects.filter(question=question).exclude(text="")
    if public:
        texts = texts.filter(status=Answer.Status.APPROVED)
    return texts.order_by("pk")


def wave_results(wave, *, public: bool) -> dict:
    """Every question's chart and table, and the first TEXTS_SHOWN free-text
    answers of each question with their number. The public reads approved
    free text only; the agents read it all, with its status. Six queries
    whatever the number of questions and answers."""
    questions = list(wave.questions.all())
    ids = [q.pk for q in questions]
    counts, answered = _tallies(ids)
    texts = Answer.objects.filter(question_id__in=ids).exclude(text="")
    if public:
        texts = texts.filter(status=Answer.Status.APPROVED)
    text_counts = dict(texts.values_list("question_id").annotate(n=Count("pk")).order_by())
    first = (texts.annotate(rank=Window(RowNumber(), partition_by=F("question_id"),
                                        order_by=F("pk").asc()))
             .filter(rank__lte=TEXTS_SHOWN).order_by("question_id", "pk"))
    by_question = defaultdict(list)
    for answer in first:
        by_question[answer.question_id].append(answer)
    results = _results(questions, counts, answered, by_question)
    for result in results:
        result.text_count = text_counts.get(result.question.pk, 0)
    return {
        "responses": Response.objects.filter(wave=wave).count(),
        "questions": results,
    }


def _wave_free_texts(wave):
    return Answer.objects.filter(question__wave=wave, question__kind=Question.Kind.TEXT).exclude(
        text="")


def texts_to_moderate(wave, status: str = Answer.Status.PENDING):
    """The wave's free-text answers of one status, by question (then in no
    meaningful order: the ids are random), with their question."""
    return (_wave_free_texts(wave).filter(status=status).select_related("question")
            .order_by("question__order", "question_id", "pk"))


def moderation_counts(wave) -> dict[str, int]:
    """How many free-text answers of the wave have each status: one query."""
    counts = dict(_wave_free_texts(wave).values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in Answer.Status.values}


@dataclass
class Indicator:
    code: str
    label: str
    unit: str  # "mean" (1 to 5) or "%"
    points: list[float | None]  # one per wave, None when the wave did not ask


def comparison(barometer, *, public: bool) -> dict:
    """A line per indicator across the barometer's closed waves (published
    ones for the public): a scale's mean, the share of each choice."""
    waves = barometer.waves.filter(launched_at__isnull=False)
    if public:
        waves = waves.filter(results_published_at__isnull=False)
    waves = list(waves.order_by("opens_at", "pk"))
    questions = list(Question.objects.filter(wave__in=waves).order_by("wave__opens_at", "order"))
    counts, answered = _tallies([q.pk for q in questions])
    position = {w.pk: i for i, w in enumerate(waves)}
    indicators: dict[tuple, Indicator] = {}
    for q in questions:
        results = _results([q], counts, answered, {})[0]
        if q.kind == Question.Kind.SCALE:
            keys = [((q.code, ""), q.text, "mean", results.mean)]
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            keys = [((q.code, bar.label), f"{q.text} — {bar.label}", "%",
                     bar.share if results.answered else None) for bar in results.bars]
        else:
            continue
        for key, label, unit, value in keys:
            indicator = indicators.setdefault(key, Indicator(q.code, label, unit,
                                                             [None] * len(waves)))
            indicator.points[position[q.wave_id]] = value
    return {"waves": waves, "indicators": list(indicators.values())}


def export_rows(wave):
    """(header, rows): one row per response, in no meaningful order (random
    ids: the order of answering is not kept). Three queries."""
    questions = list(wave.questions.all())
    header = [q.text for q in questions]
    cells = defaultdict(lambda: defaultdict(list))
    for response_id, qid, value, text in (Answer.objects.filter(question__wave=wave)
                                          .values_list("response_id", "question_id", "value",
                                                       "text").order_by("response_id", "question_id", "value")):
        cells[response_id][qid].append((value, text))
    kinds = {q.pk: q for q in questions}

    def shown(qid, values):
        q = kinds[qid]
        if q.kind == Question.Kind.TEXT:
            return values[0][1]
        if q.kind == Question.Kind.SCALE:
            return values[0][0]
        return " | ".join(q.choices[v] for v, _t in values if 0 <= v < len(q.choices))

    rows = [[shown(q.pk, answers[q.pk]) if answers.get(q.pk) else "" for q in questions]
            for _rid, answers in sorted(cells.items())]
    return header, rows

