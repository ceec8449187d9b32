"""Composition root: configuration -> objects -> threads (-> QML engine).

The one place that knows every concrete class. The backend (terminal client,
charger, journey, books, finaliser) runs on one asyncio loop: in headless mode
the main loop, with a window its own thread (BackendThread), so a slow frame
never delays a byte to the terminal.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
import time
from typing import Any, Callable

from kiosk import config as configuration
from kiosk.aio import stop_on_signals, wait_set
from kiosk.charger import port as ch
from kiosk.charger.sim import SimulatedCharger
from kiosk.journey import intents as it
from kiosk.journey.finaliser import Finaliser
from kiosk.journey.station import MoneyOutcome, Station
from kiosk.payment.psp import PspTerminal
from kiosk.psp import transport
from kiosk.psp.client import PspClient
from kiosk.psp.wirelog import WIRE_FILE, WireFile
from kiosk.store import datadir
from kiosk.store.books import Books
from kiosk.supervisor import EXIT_FAILED, Supervisor

log = logging.getLogger("kiosk")

FREE_SPACE_LOW = 64 * 2**20   # below this the books' disk is reported as nearly full


def _sim_link(sim) -> Callable[[], transport.Transport]:
    """A transport factory wiring the client to the in-process terminal simulator."""
    def factory():
        return transport.NullModemTransport.to_simulator(sim)
    return factory


class Backend:
    """Everything behind the screen, on one asyncio loop."""

    def __init__(self, cfg: configuration.Config, *, emit: Callable[[dict], None] | None = None,
                 publish: Callable[[Any], None] | None = None, rng=None,
                 wire_log: Callable[[Any], None] | None = None, charger=None,
                 wall_clock: Callable[[], float] = time.time):
        self.cfg = cfg
        self.emit = emit or (lambda event: None)
        self.sim = None
        t = cfg.terminal
        if t.url == "sim":
            from kiosk.sim.terminal import TerminalSimulator
            self.sim = TerminalSimulator(auto_tap=t.auto_tap_s or None,
                                         ui_request_code=t.ui_request_code,
                                         card_detect_timeout=t.card_detect_timeout_s)
            factory = _sim_link(self.sim)
        else:
            factory = transport.parse_terminal_url(t.url).factory()
        from kiosk.service.desk import ServiceDesk, WireTail
        self.wire = WireTail()
        self.client = PspClient(factory, ui_request_code=t.ui_request_code,
                                keepalive_s=t.keepalive_s, session_timeout_s=t.session_timeout_s,
                                timeout_action=t.timeout_action,
                                wire_log=_both(self.wire, wire_log))
        self.terminal = PspTerminal(self.client)
        self.peer = None       # the built-in EVerest-shaped peer (charger.everest_peer)
        if charger is not None:
            self.charger = charger
        else:
            self.charger, self.peer = _make_charger(cfg.charger)
        # What the simulator controls (control panel, scenarios) act on: the simulated
        # charger itself, or the one behind the EVerest-shaped peer; None for a real charger.
        self.charger_sim = self.peer.sim if self.peer is not None else \
            (self.charger if isinstance(self.charger, SimulatedCharger) else None)
        # One kiosk per books: the lock is held until stop() or the process's end.
        self.lock = datadir.DataDirLock(datadir.prepare(cfg.data_path())).acquire()
        try:
            self.books = Books(self.lock.dir / "books.sqlite3")
        except BaseException:
            self.lock.release()
            raise
        # The frame trace also goes to a capped file beside the books, for after a crash.
        self.wire_file = WireFile(self.lock.dir / WIRE_FILE)
        self.client.wire_log = _both(self.client.wire_log, self.wire_file)
        self.publish = publish
        self._station_args = dict(emit=self.emit, publish=publish, rng=rng, wall_clock=wall_clock)
        self.station = Station(cfg, self.terminal, self.charger, self.books, **self._station_args)
        self.finaliser = Finaliser(self.books, self.terminal, wakeup=self.station.finaliser_wakeup,
                                   on_outcome=self._money_outcome, emit=self.station.emit)
        from kiosk.receipts.upload import Uploader, UploadQueue
        r = cfg.receipts
        self.uploads = UploadQueue(self.books.db)
        self.uploader = Uploader(self.uploads, upload_url=r.upload_url, station_key=r.station_key,
                                 retry_min_s=r.retry_min_s, retry_max_s=r.retry_max_s,
                                 timeout_s=r.timeout_s, emit=self.station.emit)
        self.service = ServiceDesk(cfg, self.books, self.station, client=self.client,
                                   wire=self.wire, clock=wall_clock, sim=self.sim)
        self.service_server = None
        self.controls = Controls(self)
        self.supervisor = Supervisor(on_fatal=self._out_of_service, emit=self.station.emit)
        self.failed: asyncio.Event | None = None   # set when a task could not be restarted
        self.loop: asyncio.AbstractEventLoop | None = None

    def _money_outcome(self, payment_id: str, kind: str, ok: bool, amount: int) -> None:
        self.station.post(MoneyOutcome(payment_id, kind, ok, amount))

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.failed = asyncio.Event()
        if self.peer is not None:
            await self.peer.start()
        await self.charger.start()
        await self.terminal.start()
        self.supervisor.start("journey", self._run_station)
        self.supervisor.start("finaliser", lambda attempt: self.finaliser.run())
        self.supervisor.start("receipt-uploader", lambda attempt: self.uploader.run())
        events = self.terminal.subscribe()
        self.supervisor.start("service-link", lambda attempt: self._link_pump(events))
        self.supervisor.start("privacy", lambda attempt: self._purge_card_hashes())
        self.supervisor.start("storage-watch", lambda attempt: self._watch_free_space())
        await self._start_service_socket()

    async def _run_station(self, attempt: int) -> None:
        if attempt:
            # A fresh journey on the books: it reconciles as at start-up (resumes what
            # the charger still charges, finalises the rest). The terminal's link is up
            # already, so no TerminalReady will come to tell it.
            old = self.station
            self.station = Station(self.cfg, self.terminal, self.charger, self.books,
                                   **self._station_args)
            self.station.finaliser_wakeup = self.finaliser.wakeup
            self.station.language = old.language
            self.station.terminal_ready = self.terminal.ready
            self.service.station = self.station
        await self.station.run()

    def _out_of_service(self, reason: str) -> None:
        """A task could not be restarted: say so on the screen and to the caller, who
        exits non-zero (systemd then starts the kiosk afresh on the books)."""
        self.emit({"event": "out_of_service", "reason": reason})
        try:
            from kiosk.journey.snapshot import Phase
            for c in self.station.conns.values():
                c.enabled, c.phase = False, Phase.OUT_OF_SERVICE
            if self.publish:
                self.publish(self.station.snapshot())
        except Exception:
            log.exception("could not show the out-of-service screen")
        if self.failed is not None:
            self.failed.set()

    async def _purge_card_hashes(self, every_s: float = 600.0) -> None:
        """[privacy] card_hash_retention_h: at start, then every ten minutes."""
        keep_s = self.cfg.privacy.card_hash_retention_h * 3600
        while True:
            n = self.books.purge_card_hashes(keep_s)
            if n:
                log.info("privacy: forgot the card hashes of %d finalised payments", n)
            await asyncio.sleep(every_s)

    async def _watch_free_space(self, every_s: float = 60.0) -> None:
        """Say so before the books' disk is full (once, and again when it recovers)."""
        import shutil
        low = False
        while True:
            try:
                free = shutil.disk_usage(self.lock.dir).free
            except OSError:
                free = None
            if free is not None and (free < FREE_SPACE_LOW) != low:
                low = not low
                self.emit({"event": "storage", "state": "low" if low else "ok",
                           "free_bytes": free, "path": str(self.lock.dir)})
                if low:
                    log.warning("books: only %d MB free on %s", free // 2**20, self.lock.dir)
            await asyncio.sleep(every_s)

    async def _link_pump(self, events: asyncio.Queue) -> None:
        from kiosk.payment.port import TerminalLost, TerminalReady
        while True:
            ev = await events.get()
            if isinstance(ev, (TerminalReady, TerminalLost)):
                self.service.note_link(isinstance(ev, TerminalReady))

    async def _start_service_socket(self) -> None:
        """The technicians' socket; a kiosk that cannot open it still charges cars."""
        from kiosk.service.errors import ServiceError
        from kiosk.service.server import ServiceServer, socket_path
        server = ServiceServer(self.service, socket_path(self.cfg))
        try:
            await server.start()
        except (ServiceError, OSError) as e:
            message = getattr(e, "message", None) or f"{socket_path(self.cfg)}: {e}"
            print(f"ev-kiosk: {message}", file=sys.stderr, flush=True)
            self.emit({"event": "service_socket", "error": message})
            return
        self.service_server = server

    def post(self, intent: it.Intent) -> None:
        """Thread-safe: an intent from the UI thread into the backend loop."""
        assert self.loop is not None
        self.loop.call_soon_threadsafe(self.station.post, intent)

    async def drain(self, timeout: float = 10.0) -> bool:
        """Wait until every queued commit, void and update has been answered and no
        payment is left open (a hold nobody finalised is not drained)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while loop.time() < end and not self.failed.is_set():
            if not self.books.due_commands(float("inf")) and not self.books.open_payments():
                return True
            self.station.finaliser_wakeup.set()
            await asyncio.sleep(0.05)
        return False

    async def stop(self) -> None:
        if self.service_server is not None:
            await self.service_server.close()
        self.station.stop()
        if not await wait_set(self.station.closed, 5):
            log.warning("the journey did not stop within 5 s")
        await self.supervisor.stop()
        await self.terminal.close()
        await self.charger.close()
        if self.peer is not None:
            await self.peer.close()
        self.books.close()
        self.wire_file.close()
        self.lock.release()


CHARGER_CONTROLS = ("plug", "unplug", "power", "pause", "resume", "fault", "clear_fault",
                    "charger_link_lost", "charger_link_restored")


def apply_charger_step(charger: SimulatedCharger, do: str, **a) -> None:
    """One scenario / control-panel step on a simulated charger (also the EVerest peer's)."""
    cid = a.get("connector")
    if do == "plug":
        charger.plug(cid)
    elif do == "unplug":
        charger.unplug(cid)
    elif do == "power":
        charger.set_power(cid, int(a["kw"] * 1000))
    elif do == "pause":
        charger.pause(cid)
    elif do == "resume":
        charger.resume(cid)
    elif do == "fault":
        charger.raise_fault(cid, a.get("code", "E-STOP"), "simulated fault",
                            blocking=a.get("blocking", True))
    elif do == "clear_fault":
        charger.clear_fault(cid, a.get("code", "E-STOP"))
    elif do == "charger_link_lost":
        charger.drop_link(cid)
    elif do == "charger_link_restored":
        charger.restore_link(cid)
    else:
        raise ValueError(f"{do!r} is not a charger step")


def _make_charger(c) -> tuple[Any, Any]:
    """The charger the configuration names, and the EVerest-shaped peer when it asks for one."""
    infos = [ch.ConnectorInfo(i, c.connector_type, c.max_power_w) for i in range(1, c.connectors + 1)]
    if c.backend == "sim":
        return SimulatedCharger(infos, time_scale=c.time_scale), None
    from kiosk.charger.everest import EverestCharger, EverestSettings
    peer = None
    if c.everest_peer:
        from kiosk.sim.everest_peer import EverestPeer
        peer = EverestPeer(SimulatedCharger(infos, time_scale=c.time_scale), c.mqtt_url,
                           c.everest_modules, c.everest_token_provider, c.everest_error_history,
                           c.everest_error_origins, ca_file=c.mqtt_ca_file,
                           username=c.mqtt_username, password=c.mqtt_password)
    return EverestCharger(EverestSettings.from_config(c), tuple(infos)), peer


def _both(first: Callable, second: Callable | None) -> Callable:
    if second is None:
        return first

    def hook(record) -> None:
        first(record)
        second(record)
    return hook


class Controls:
    """The simulators' controls (demo control panel, scenarios), on the backend loop."""

    def __init__(self, backend: Backend):
        self.b = backend

    def connector_ids(self) -> list[int]:
        return [c.id for c in self.b.charger.connectors]

    def apply(self, do: str, **a) -> None:
        b, sim, charger = self.b, self.b.sim, self.b.charger_sim
        cid = a.get("connector")
        if do in CHARGER_CONTROLS:
            if charger is None:
                raise RuntimeError("charger controls need a simulated charger (charger.backend = "
                                   "'sim' or charger.everest_peer = true)")
            apply_charger_step(charger, do, **a)
        elif do == "tap":
            self._tap(a.get("card", "visa"), a.get("outcome", "auto"))
        elif do in ("terminal_offline", "terminal_online", "terminal_drop",
                    "terminal_refuse_commits"):
            if sim is None:
                raise RuntimeError("terminal controls need the built-in simulator (terminal.url = 'sim')")
            if do == "terminal_drop":
                sim.drop_link()
            elif do == "terminal_refuse_commits":
                sim.refuse_commits(a["seconds"])
            else:
                sim.set_online(do == "terminal_online")
        elif do == "select":
            b.station.post(it.SelectConnector(cid))
        elif do == "amount":
            b.station.post(it.ChooseAmount(cid, a["amount"]))
        elif do == "stop":
            b.station.post(it.RequestStop(cid))
        elif do == "cancel_stop":
            b.station.post(it.CancelStop(cid))
        elif do == "dismiss":
            b.station.post(it.DismissReceipt(cid))
        elif do == "language":
            b.station.post(it.SetLanguage(a["language"]))
        else:
            raise ValueError(f"unknown control {do!r}")

    def _tap(self, card_name: str, outcome: str) -> None:
        from kiosk.sim.terminal import CARDS, Outcome
        sim = self.b.sim
        if sim is None:
            raise RuntimeError("card taps need the built-in simulator (terminal.url = 'sim')")
        if card_name not in CARDS:
            raise ValueError(f"unknown card {card_name!r} (known: {', '.join(CARDS)})")
        chosen = None if outcome in ("", "auto") else Outcome.parse(outcome)
        if not sim.present_card(CARDS[card_name], chosen):
            raise RuntimeError("the terminal is not waiting for a card")


class ThreadSafeControls:
    """The control panel's view of Controls: every call hops onto the backend loop."""

    def __init__(self, backend: Backend):
        self.b = backend

    def _call(self, do: str, **a) -> None:
        def run():
            try:
                self.b.controls.apply(do, **a)
            except Exception as e:
                self.b.emit({"event": "control_refused", "do": do, "detail": str(e)})
        self.b.loop.call_soon_threadsafe(run)

    def connector_ids(self) -> list[int]:
        return self.b.controls.connector_ids()

    def present_card(self, card_name: str, outcome: str) -> None:
        self._call("tap", card=card_name, outcome=outcome)

    def plug(self, cid: int) -> None:
        self._call("plug", connector=cid)

    def unplug(self, cid: int) -> None:
        self._call("unplug", connector=cid)

    def set_power_kw(self, cid: int, kw: float) -> None:
        self._call("power", connector=cid, kw=kw)

    def raise_fault(self, cid: int, blocking: bool) -> None:
        self._call("fault", connector=cid, blocking=blocking,
                   code="E-STOP" if blocking else "TEMP-HIGH")

    def clear_fault(self, cid: int) -> None:
        self._call("clear_fault", connector=cid, code="E-STOP")
        self._call("clear_fault", connector=cid, code="TEMP-HIGH")

    def set_terminal_online(self, online: bool) -> None:
        self._call("terminal_online" if online else "terminal_offline")

    def drop_terminal_link(self) -> None:
        self._call("terminal_drop")

    def drop_charger_link(self) -> None:
        self._call("charger_link_lost")

    def restore_charger_link(self) -> None:
        self._call("charger_link_restored")


class BackendThread:
    """The backend on a thread of its own, with its own asyncio loop."""

    def __init__(self, cfg, **kwargs):
        self.cfg, self.kwargs = cfg, kwargs
        self.backend: Backend | None = None
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self.on_failed: Callable[[], None] | None = None   # called on the backend thread
        self.thread = threading.Thread(target=self._main, name="backend", daemon=True)

    def start(self, timeout: float = 10.0) -> Backend:
        self.thread.start()
        if not self.ready.wait(timeout):
            raise RuntimeError("the backend did not start within %.0f s" % timeout)
        if self.error:
            raise self.error
        return self.backend

    def _main(self) -> None:
        asyncio.run(self._run())

    async def _run(self) -> None:
        try:
            self.backend = Backend(self.cfg, **self.kwargs)
            await self.backend.start()
            self._stop = asyncio.Event()
        except BaseException as e:  # reported to the starting thread
            self.error = e
            self.ready.set()
            return
        self.ready.set()
        stop = asyncio.ensure_future(self._stop.wait())
        failed = asyncio.ensure_future(self.backend.failed.wait())
        await asyncio.wait({stop, failed}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        failed.cancel()
        if self.backend.failed.is_set():
            if self.on_failed:
                self.on_failed()    # the window shows "out of service", then the process exits
            await self._stop.wait()
        await self.backend.stop()

    def stop(self, timeout: float = 10.0) -> None:
        if self.backend and self.backend.loop and self._stop:
            self.backend.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(timeout)


# ---------------------------------------------------------------- entry points

def _print_json(event: dict) -> None:
    sys.stdout.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


async def headless(cfg, scenario=None, emit: Callable[[dict], None] = _print_json) -> int:
    from kiosk import sdnotify
    backend = Backend(cfg, emit=emit, publish=sdnotify.StatusReporter())
    await backend.start()
    stop = stop_on_signals()
    loop = asyncio.get_running_loop()
    # After the handlers: whoever waits for "started" may stop it at once.
    emit({"event": "started", "config": cfg.source, "terminal": cfg.terminal.url,
          "connectors": backend.controls.connector_ids(), "pid": os.getpid()})
    sdnotify.notify("READY=1")
    interval = sdnotify.watchdog_interval()
    watchdog = sdnotify.Watchdog(interval, {"backend": loop.call_soon_threadsafe}).start() \
        if interval else None
    waiter = loop.create_task(stop.wait())
    failed = loop.create_task(backend.failed.wait())
    try:
        if scenario is not None:
            from kiosk.scenario import play
            player = loop.create_task(play(scenario, backend.controls, emit))
            await asyncio.wait({player, waiter, failed}, return_when=asyncio.FIRST_COMPLETED)
            if player.done():
                player.result()
            else:
                player.cancel()
            drained = False if backend.failed.is_set() else await backend.drain()
            emit({"event": "summary", "drained": drained, **_summary(backend)})
        else:
            await asyncio.wait({waiter, failed}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        sdnotify.notify("STOPPING=1")
        if watchdog:
            watchdog.stop()
        waiter.cancel()
        failed.cancel()
        await backend.stop()
    return EXIT_FAILED if backend.failed.is_set() else 0


def _summary(backend: Backend) -> dict:
    out: dict[str, Any] = {"books": backend.books.stats(),
                           "receipt_uploads": backend.uploads.stats()}
    if backend.sim is not None:
        out["terminal_books"] = backend.sim.books()
    return out
