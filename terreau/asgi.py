"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSocket routes are collected from each app's `routing.websocket_urlpatterns`
and wrapped in origin validation, session authentication and the second
factor's check (accounts/second_factor.py).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from accounts.second_factor import SecondFactorSocketMiddleware  # noqa: E402
from terreau.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            # A session short of its second factor is anonymous here too.
            AuthMiddlewareStack(SecondFactorSocketMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
