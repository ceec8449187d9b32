#!/usr/bin/env python3
"""Render every fixture screen through the real QML, offscreen, to PNG.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py            # the gallery
    python tools/screenshots.py --screen charging --size 800x480 --lang nl --out /tmp/shots

Writes tests/ui/screenshots/<screen>-<w>x<h>.png (plus -<lang>/-light variants)
and a README.md gallery next to them.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "tests" / "ui" / "screenshots"
SIZES = ((800, 480), (1080, 1920))
EXTRA_1280 = ("available", "choose_connector", "charging", "receipt", "two_connectors",
              "present_card", "idle_fee")
# A few screens in other languages and the light theme, to catch long words and contrast.
VARIANTS = (("charging", "nl", "dark", (800, 480)), ("receipt", "de", "dark", (800, 480)),
            ("available", "fr", "dark", (800, 480)), ("choose_connector", "de", "dark", (800, 480)),
            ("available", "en", "light", (800, 480)), ("two_connectors_plug_in", "fr", "dark", (800, 480)), ("charging", "en", "light", (1280, 800)),
            ("receipt", "en", "light", (1080, 1920)), ("available_per_hour", "de", "dark", (800, 480)))
# Main.qml overlays: (name, fixture, window properties).
OVERLAYS = (("language_picker", "available", {"languageOpen": True}),
            ("dimmed", "charging", {"dimmed": True}))
# Service mode (qml/service/), every state in every language at both sizes.
SERVICE_LANGS = ("en", "nl", "de", "fr")


def shot_name(screen: str, size: tuple[int, int], lang: str = "en", theme: str = "dark") -> str:
    suffix = ("" if lang == "en" else f"-{lang}") + ("" if theme == "dark" else f"-{theme}")
    return f"{screen}-{size[0]}x{size[1]}{suffix}.png"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--screen", action="append", help="only these screens (repeatable)")
    ap.add_argument("--size", action="append", help="WxH (repeatable)")
    ap.add_argument("--lang", default=None)
    ap.add_argument("--theme", default=None, choices=("dark", "light"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    from kiosk.ui import fixtures
    from kiosk.ui.harness import Harness, wait

    jobs: list[tuple[str, str, str, tuple[int, int]]] = []
    screens = args.screen or list(fixtures.SCREENS)
    sizes = [tuple(int(v) for v in s.lower().split("x")) for s in args.size] if args.size else None
    if args.screen or args.size or args.lang or args.theme:
        for size in sizes or SIZES:
            for s in screens:
                jobs.append((s, args.lang or "en", args.theme or "dark", size))
    else:
        for size in SIZES:
            for s in screens:
                jobs.append((s, "en", "dark", size))
        for s in EXTRA_1280:
            jobs.append((s, "en", "dark", (1280, 800)))
        jobs.extend(VARIANTS)
        # Every ending and error screen in every language at the smallest size (issue 11).
        for s in fixtures.ENDINGS:
            for lang in ("nl", "de", "fr"):
                if (s, lang, "dark", (800, 480)) not in VARIANTS:
                    jobs.append((s, lang, "dark", (800, 480)))

    args.out.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, str, str, tuple[int, int], str]] = []
    by_theme: dict[str, list] = {}
    for job in jobs:
        by_theme.setdefault(job[2], []).append(job)
    for theme, theme_jobs in by_theme.items():
        with Harness(theme=theme) as h:
            for screen, lang, _, size in theme_jobs:
                image = h.render(fixtures.build(screen, lang), size)
                name = shot_name(screen, size, lang, theme)
                image.save(str(args.out / name))
                written.append((screen, lang, theme, size, name))
                print(name)
    full = not (args.screen or args.size or args.lang or args.theme)
    if full:
        for size in SIZES:    # before the first snapshot: what a station shows as it boots
            with Harness(size=size) as h:
                wait(350)
                image = h.grab()
                shot = shot_name("starting", size)
                image.save(str(args.out / shot))
                written.insert(0, ("starting", "en", "dark", size, shot))
                print(shot)
        written.extend(service_shots(args.out))
        with Harness() as h:
            for name, fixture, props in OVERLAYS:
                for size in SIZES:
                    image = h.render(fixtures.build(fixture), size, **props)
                    if props.get("dimmed"):     # the route's first snapshot wakes it: dim again
                        h.window.setProperty("dimmed", True)
                        wait(900)               # past its 600 ms fade
                        image = h.grab()
                    shot = shot_name(name, size)
                    image.save(str(args.out / shot))
                    written.append((name, "en", "dark", size, shot))
                    print(shot)
    if args.out == OUT and full:
        write_gallery(args.out, written)
    return 0


def service_shots(out: Path) -> list:
    from kiosk.ui import fixtures, service_fixtures
    from kiosk.ui.harness import Harness
    written = []
    with Harness() as h:
        for lang in SERVICE_LANGS:
            for state in service_fixtures.STATES:
                for size in SIZES:
                    view = fixtures.build("charging", lang)
                    h.show(view, size, settle_ms=0, serviceMode=True)   # opening resets pad, page
                    page = service_fixtures.apply(h.service, state)
                    h.find("serviceOverlay").setProperty("page", page)
                    image = h.render(view, size, serviceMode=True)
                    name = f"service_{state}"
                    shot = shot_name(name, size, lang)
                    image.save(str(out / shot))
                    written.append((name, lang, "dark", size, shot))
                    print(shot)
    return written


def write_gallery(out: Path, written) -> None:
    lines = ["# Kiosk screens", "",
             "Rendered offscreen through the real QML from `kiosk/ui/fixtures.py` by "
             "`make screenshots` (tools/screenshots.py); `tests/ui/test_screens.py` renders the "
             "same screens and checks them. Nothing moves while they are taken (no spinner, "
             "nudge or fade), so regenerating gives the same files: a PNG that changes in a diff "
             "is a screen that changed.", ""]
    lines += ["## 800×480 and 1080×1920", "", "| screen | 800×480 | 1080×1920 |", "| --- | --- | --- |"]
    names = {(s, lang, theme, size): n for s, lang, theme, size, n in written}
    screens = []
    for s, *_ in written:
        if s not in screens:
            screens.append(s)
    for s in screens:
        a = names.get((s, "en", "dark", (800, 480)))
        b = names.get((s, "en", "dark", (1080, 1920)))
        if a or b:
            left = f"![{s}]({a})" if a else ""
            right = f'<img src="{b}" width="180">' if b else ""
            lines.append(f"| {s} | {left} | {right} |")
    lines += ["", "## 1280×800", "", "| screen | 1280×800 |", "| --- | --- |"]
    for (s, lang, theme, size), n in names.items():
        if size == (1280, 800) and lang == "en" and theme == "dark":
            lines.append(f"| {s} | ![{s}]({n}) |")
    lines += ["", "## Languages and light theme", "", "| screen | language | theme | image |",
              "| --- | --- | --- | --- |"]
    for (s, lang, theme, size), n in names.items():
        if lang != "en" or theme != "dark":
            img = f'<img src="{n}" width="180">' if size[1] > size[0] else f"![{s}]({n})"
            lines.append(f"| {s} | {lang} | {theme} | {img} |")
    lines += ["", "## The receipt page", "", "The page a driver's phone opens from the receipt QR "
              "code, in headless Chromium: [receipt_page/](receipt_page/README.md)."]
    (out / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
