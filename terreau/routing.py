"""WebSocket routes of every app, in one list for asgi.py."""

websocket_urlpatterns: list = []

from discussions.routing import (  # noqa: E402
    websocket_urlpatterns as discussions_websockets,
)

websocket_urlpatterns += discussions_websockets
