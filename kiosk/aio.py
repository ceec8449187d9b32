"""Two small asyncio idioms the kiosk's processes and tasks share."""
from __future__ import annotations

import asyncio
import signal


async def wait_set(event: asyncio.Event, timeout: float) -> bool:
    """Wait until `event` is set or `timeout` seconds pass; True when it was set.

    asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the cancellation
    that stops a task when the event races it."""
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
        return True
    except TimeoutError:
        return False


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (Ctrl+C, systemctl stop) on the running loop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):   # not the main thread, or no signals here
            pass
    return stop
