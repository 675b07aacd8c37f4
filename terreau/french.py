"""French elision and contraction after "de", for names that follow it.

A sentence about a community or a direction names it after a preposition:
"les jardiniers de Biodiversité", but "d'Alimentation durable", "de
l'Occitanie", "du Grand Narbonne", "des Causses". The translation cannot
know the name, so the preposition travels with it: templates write
`{{ community.name|de }}` (terreau.template_filters) in a sentence whose
msgid says "%(of_community)s", and French translators write the sentence
without their own "de". In English the same filter gives "of <name>".

Rules, for French:
- a name starting with an article contracts it: "le X" -> "du X",
  "les X" -> "des X", "la X" -> "de la X", "l'X" -> "de l'X" (the article in
  lower case, as inside a sentence);
- otherwise "de" elides before a vowel ("d'Alimentation", "d'Écologie",
  "d'Yssingeaux") and before a mute h from a short list ("d'Habitat");
- anything else keeps "de " ("de Biodiversité", "de Haute-Garonne").
"""

from __future__ import annotations

import unicodedata

from django.utils import translation

_VOWELS = set("aeiouy")
# Words whose h is mute, so "de" elides before them ("d'habitat"); an h
# not listed here is treated as aspirate ("de Haute-Garonne", "de Hérons").
_MUTE_H = ("habit", "herb", "hist", "homm", "hopit", "hotel", "human", "humain",
           "hydr", "hygi", "horti", "harmon", "heritage", "herault", "hospital")
_ARTICLES = (("les ", "des "), ("le ", "du "), ("la ", "de la "), ("l'", "de l'"), ("l’", "de l’"))


# Letters written as two: "Œuvre" reads "oeuvre" (and elides: "d'Œuvre").
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def _bare(text: str) -> str:
    """Lower case, without accents nor ligatures: "Écologie" -> "ecologie"."""
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def elides(word: str) -> bool:
    """Whether "de" becomes "d'" before `word`."""
    bare = _bare(word.lstrip())
    if not bare:
        return False
    if bare[0] in _VOWELS:
        return True
    return bare[0] == "h" and bare.startswith(_MUTE_H)


def de(name: str, language: str | None = None) -> str:
    """`name` after the preposition "de" (French) or "of" (any other language)."""
    name = " ".join(str(name).split())
    language = (language or translation.get_language() or "").split("-")[0].lower()
    if language != "fr":
        return f"of {name}" if name else ""
    if not name:
        return ""
    lowered = name.lower()
    for article, contracted in _ARTICLES:
        if lowered.startswith(article) and len(name) > len(article):
            return contracted + name[len(article):]
    return f"d'{name}" if elides(name) else f"de {name}"


def sort_key(text: str) -> tuple[str, str]:
    """Sorts names in French order in Python, as PostgreSQL's "fr-x-icu"
    collation does in the database (terreau/fields.py): accents and case
    only break ties, lower case and unaccented letters first: "anne, Bruno,
    de Villiers, Émilie, Eric, Éric, Zoé" (a code-point sort puts "Émilie"
    after "Zoé", and "anne" after every capital)."""
    text = str(text)
    return _bare(text), text.swapcase()
