"""Swagger UI from our own static files (drf-spectacular-sidecar).

The site's Content-Security-Policy allows scripts and styles from the site
only, with no inline script or style: the split view serves Swagger UI's
initialiser as a script of its own (`?script`), and our template moves the
stock template's inline <style> to a file (api/static/api/docs.css).
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "Terreau API"
