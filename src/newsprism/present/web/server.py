"""The WSGI server behind `newsprism serve`: waitress, a production server (threads serve
requests side by side; Werkzeug's development server is for development only).

`LocalServer` runs one in a thread for tests and benches and stops it again.
"""

from __future__ import annotations

import threading
from typing import Any

from waitress.server import create_server

THREADS = 8  # requests served at once; the work is mostly SQLite reads and rendering
OUTPUT_IN_MEMORY = 16 << 20  # a response up to this size is not spooled to a temporary file


def wsgi_server(app: Any, host: str, port: int) -> Any:
    """A waitress server for `app` listening on host:port (port 0: a free one); call `.run()`
    to serve until `.close()`; `.effective_port` is the port it got."""
    return create_server(
        app,
        host=host,
        port=port,
        threads=THREADS,
        ident="newsprism",
        outbuf_overflow=OUTPUT_IN_MEMORY,
    )


class LocalServer:
    """`app` served by waitress from a background thread, at `.url`, until `stop()`."""

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        self.server = wsgi_server(app, host, 0)
        self.url = f"http://{host}:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.task_dispatcher.shutdown()
        self.server.close()
        self.thread.join(timeout=10)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
