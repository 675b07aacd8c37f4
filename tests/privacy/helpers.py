"""A grep over the database: every text, char, e-mail and JSON column of every model."""

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_mentioning(*needles: str) -> list[str]:
    """`app.Model.field` for each column where a row contains one of `needles`
    (case-insensitive)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue  # EmailField and SlugField are CharFields
            column = f"_grep_{field.attname}"
            query = Q()
            for needle in needles:
                query |= Q(**{f"{column}__icontains": needle})
            rows = model._base_manager.annotate(**{column: Cast(field.attname, models.TextField())})
            if rows.filter(query).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found
