"""One benchmark client: a person's HTTPS keep-alive connection through nginx
(deploy/local.py's topology), with their cookies, timing each request to its
last byte (bench/registration.py)."""

from __future__ import annotations

import html
import http.client
import re
import time
import urllib.parse

# The message a page shows after a POST (the design system's toast).
MESSAGE = re.compile(r'<span class="toast-text">(.*?)</span>', re.DOTALL)


class Client:
    """One person's HTTPS keep-alive connection through nginx, with their cookies."""

    def __init__(self, topology, session: str):
        self.topology = topology
        self.cookies = {"sessionid": session}
        self.connection = None
        self.last_location = ""

    def _connect(self):
        if self.connection is None:
            self.connection = http.client.HTTPSConnection(
                self.topology.host, self.topology.port, context=self.topology.ssl_context(),
                timeout=180,
            )
            self.connection.connect()

    def request(self, method: str, path: str, body: str | None = None) -> tuple[float, int, str]:
        """(latency in ms to the last byte, status, body)"""
        self._connect()
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers.update({
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.topology.url + path, "Origin": self.topology.url,
            })
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            return (time.perf_counter() - started) * 1000, 0, ""
        latency = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            elif header.lower() == "location":
                self.last_location = value
        if response.getheader("connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return latency, response.status, content.decode("utf-8", "replace")

    def register(self, event_pk: int) -> tuple[float, int, str]:
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        return self.request("POST", f"/events/{event_pk}/register/", body=form)

    def message(self) -> tuple[float, int, str]:
        """The page the last POST redirected to, and the message it shows."""
        path = urllib.parse.urlparse(self.last_location).path or "/"
        latency, status, body = self.request("GET", path)
        found = MESSAGE.findall(body)
        return latency, status, html.unescape(found[0].strip()) if found else ""

    def close(self):
        if self.connection is not None:
            self.connection.close()
