"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSocket routes are collected from each app's `routing.websocket_urlpatterns`
and wrapped in origin validation, session authentication and the second
factor's check (accounts/second_factor.py).

Once loaded, the process's objects are frozen out of the garbage collector's
reach (`gc.freeze()`): a full collection walked every object the process
holds, about 300,000 with Django, Wagtail and the URL conf loaded, and took
160 ms, a pause for every request in flight. What startup creates lives as
long as the process; collections now walk only what requests create
(docs/performance.md, "Garbage collection").
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings.production")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import get_resolver  # noqa: E402

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

# Every view module, imported now rather than by the first request, so that
# it is frozen with the rest; then what startup left as garbage is collected
# (frozen, it would never be) and the survivors frozen.
get_resolver().url_patterns  # noqa: B018
gc.collect()
gc.freeze()
