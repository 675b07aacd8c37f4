"""The dashboards on the top floor: the gardener dashboard, the cultivator overview,
their indicators, charts and CSV export (docs/dashboards.md)."""
