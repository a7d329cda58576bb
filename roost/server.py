"""The HTTP server Roost runs in: uvicorn, told to close the streams first when it stops.

uvicorn waits for every open response to finish before it runs the application's shutdown, and
a stream never finishes on its own: so the streams get their ``disconnect`` (code 1, the seeds'
"Shutdown") as soon as the server is asked to stop, before uvicorn waits for them.
"""

from __future__ import annotations

import socket

import uvicorn


class RoostServer(uvicorn.Server):
    """uvicorn's server, closing statuses/filter streams before it waits for open requests."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Disconnect the streams (code 1), then shut down as uvicorn does."""
        state = getattr(self.config.app, "state", None)
        hub = getattr(state, "stream_hub", None)
        if hub is not None:
            await hub.shutdown()
        await super().shutdown(sockets)
