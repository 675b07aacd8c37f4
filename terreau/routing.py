"""WebSocket routes of every app, in one list for asgi.py."""

websocket_urlpatterns: list = []
