"""tools/kernel_client.py: nbclient's channels wait in slices, so a missed wake-up costs a second.

The stall itself is random (about one widget cell in 40 here), so these
tests check the channel's contract on a socket pair, that the manager hands
out the polling client, and that a notebook with widgets runs through it
with its outputs and widget state.
"""

from __future__ import annotations

import asyncio
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Empty

import nbformat
import pytest
import zmq
import zmq.asyncio
from jupyter_client.session import Session
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from kernel_client import PollingChannel, PollingKernelClient, PollingKernelManager  # noqa: E402


async def _pair(session: Session, send_after: float | None, timeout: float | None) -> tuple[object, float]:
    """Receive on a PollingChannel what the other end sends after `send_after` seconds (None: nothing)."""
    context = zmq.asyncio.Context()
    receiver, sender = context.socket(zmq.PAIR), context.socket(zmq.PAIR)
    receiver.bind("inproc://polling-channel")
    sender.connect("inproc://polling-channel")
    channel = PollingChannel(receiver, session)

    async def send() -> None:
        await asyncio.sleep(send_after)
        session.send(sender, "kernel_info_reply", content={"status": "ok"})

    task = asyncio.ensure_future(send()) if send_after is not None else None
    start = time.monotonic()
    try:
        result = await channel.get_msg(timeout=timeout)
    except Empty as empty:
        result = empty
    finally:
        if task is not None:
            await task
        receiver.close(linger=0)
        sender.close(linger=0)
        context.term()
    return result, time.monotonic() - start


def _run(coroutine: object) -> object:
    """asyncio.run in a thread of its own: a browser test may have left an event loop running here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_message_that_comes_later_than_one_slice_is_received():
    message, _ = _run(_pair(Session(), send_after=1.5, timeout=None))
    assert message["msg_type"] == "kernel_info_reply"
    assert message["content"] == {"status": "ok"}


def test_no_message_raises_empty_after_the_timeout_not_before():
    result, waited = _run(_pair(Session(), send_after=None, timeout=1.3))
    assert isinstance(result, Empty)
    assert waited >= 1.3


def test_the_manager_hands_out_the_polling_client():
    client = PollingKernelManager(kernel_name="python3").client()
    assert isinstance(client, PollingKernelClient)
    assert client.shell_channel_class is PollingChannel
    assert client.iopub_channel_class is PollingChannel


@pytest.mark.slow
def test_a_widget_notebook_runs_with_outputs_and_widget_state():
    source = ("import ipywidgets as w\nout = w.Output()\nwith out:\n    print('inside')\n"
              "display(out)\nprint('after')")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for _ in range(3)])
    client = NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                            kernel_manager_class=PollingKernelManager)
    client.execute()
    for cell in nb.cells:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert printed == "after\n"
    models = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"].values()
    captured = [m["state"]["outputs"] for m in models if m["model_name"] == "OutputModel"]
    assert len(captured) == 3
    assert all(outputs[0]["text"] == "inside\n" for outputs in captured)
