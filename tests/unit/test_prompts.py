"""The prompt catalog: complete in every language, same placeholders everywhere,
never crashing, and short enough for the terminal's screens."""
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.journey import prompts
from kiosk.journey.prompts import (CATALOG, LANGUAGES, PARAMS, Prompt, PromptId,
                                   apollo_ui_request, body, render, start_session_message, title)
from kiosk.psp import assumptions

LANGS = [code for code, _ in LANGUAGES]

# Example values for every raw parameter station.py passes.
EXAMPLE = {"connector": 2, "amount": 435, "currency": "EUR", "minor_units": 2,
           "energy_wh": 12_345, "seconds": 299, "reference": "K7Q-4XM", "code": "E42",
           "reason": "fault", "fee_waived": 1}
# Raw parameter -> the placeholders it feeds.
PLACEHOLDER = {"connector": ("connector",), "amount": ("amount",), "energy_wh": ("energy",),
               "seconds": ("time",), "reference": ("reference",), "code": ("code",),
               "reason": ("why", "problem"), "fee_waived": ("fee_note",)}


def example(pid: PromptId) -> Prompt:
    return Prompt.of(pid, **{k: EXAMPLE[k] for k in PARAMS[pid]})


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_languages_match_the_catalog_and_the_config():
    from kiosk import config
    assert LANGS == list(CATALOG) == list(config.LANGUAGES)
    assert dict(LANGUAGES)["fr"] == "Français"


def test_every_prompt_has_an_entry_and_a_param_contract():
    for lang in LANGS:
        assert set(CATALOG[lang]) == set(PromptId), lang
    assert set(PARAMS) == set(PromptId)
    assert all(pid.value == pid.value.lower() and " " not in pid.value for pid in PromptId)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", list(PromptId))
def test_every_text_renders_with_the_params_station_passes(pid, lang):
    t, b = CATALOG[lang][pid]
    available = {name for p in PARAMS[pid] for name in PLACEHOLDER.get(p, ())}
    assert fields(t) | fields(b) <= available, (pid, lang)
    rendered_title, rendered_body = render(example(pid), lang)
    assert rendered_title.strip()
    assert bool(rendered_body) == bool(b)
    for text in (rendered_title, rendered_body):
        assert "{" not in text and "}" not in text
        assert "  " not in text
    assert len(rendered_title) <= prompts.APOLLO_TITLE_MAX, "the Apollo title would be cut"


@pytest.mark.parametrize("pid", list(PromptId))
def test_placeholders_are_identical_across_languages(pid):
    en_title, en_body = CATALOG["en"][pid]
    for lang in LANGS:
        t, b = CATALOG[lang][pid]
        assert fields(t) | fields(b) == fields(en_title) | fields(en_body), (pid, lang)


def test_languages_really_differ():
    for lang in ("nl", "de", "fr"):
        same = [pid for pid in PromptId if CATALOG[lang][pid] == CATALOG["en"][pid]]
        assert not same, (lang, same)


def test_examples_in_each_language():
    p = Prompt.of(PromptId.CHARGING, connector=1, energy_wh=12_350, amount=435,
                  currency="EUR", minor_units=2)
    assert body(p, "en") == "Charge point 1 · 12.4\u00a0kWh · €4.35"      # 12.35 kWh -> 12.4
    assert body(p, "nl") == "Laadpunt 1 · 12,4\u00a0kWh · €\u00a04,35"
    assert body(p, "de") == "Ladepunkt 1 · 12,4\u00a0kWh · 4,35\u00a0€"
    assert body(p, "fr") == "Point de charge 1 · 12,4\u00a0kWh · 4,35\u00a0€"
    plug = Prompt.of(PromptId.PLUG_IN, connector=2, seconds=65)
    assert body(plug, "en") == "Connect the cable to charge point 2 within 1:05."
    receipt = Prompt.of(PromptId.RECEIPT, connector=1, reference="AB12", amount=1250,
                        currency="EUR", minor_units=2)
    assert title(receipt, "de") == "Vielen Dank! Gesamt 12,50\u00a0€"
    assert body(receipt, "fr").endswith("Référence\u00a0: AB12")   # never ": AB12" alone on a line


def test_declined_never_shows_a_reason():
    p = Prompt.of(PromptId.DECLINED, connector=1, reason="insufficient funds", code="51")
    assert render(p, "en") == ("Card declined", "Try another card or contact your card issuer.")
    for lang in LANGS:
        text = " ".join(render(p, lang)).lower()
        for leak in ("51", "insufficient", "funds", "fonds", "saldo", "guthaben", "code"):
            assert leak not in text, (lang, leak)
        assert not fields(" ".join(CATALOG[lang][PromptId.DECLINED]))


def test_unknown_language_falls_back_to_english():
    p = Prompt.of(PromptId.DECLINED)
    assert render(p, "es") == render(p, "en")
    assert render(p, "") == render(p, "en")
    assert render(p, "de-AT") == render(p, "de")


def test_missing_or_odd_params_never_crash():
    # No params at all: placeholders render empty, the rest stays readable.
    for pid in PromptId:
        for lang in LANGS:
            t, b = render(Prompt.of(pid), lang)
            assert t and "{" not in t + b
    p = Prompt.of(PromptId.CHARGING, connector=None, energy_wh="lots", amount="x")
    assert title(p, "en") == "Charging"
    assert "lots" not in body(p, "en") and "x" in body(p, "en")


def test_prompt_is_hashable_and_order_free():
    a = Prompt.of(PromptId.PLUG_IN, connector=1, seconds=30)
    b = Prompt.of(PromptId.PLUG_IN, seconds=30, connector=1)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a.param("connector") == 1 and a.param("energy_wh") is None
    assert a.param("energy_wh", 0) == 0
    assert Prompt.of("plug_in").id is PromptId.PLUG_IN


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", list(PromptId))
def test_apollo_ui_request_shape(pid, lang):
    pairs = apollo_ui_request(example(pid), lang)
    assert pairs[:2] == [("type", "template"), ("template", assumptions.UI_TEMPLATE)]
    keys = [k for k, _ in pairs]
    assert keys == ["type", "template", assumptions.UI_KEY_TITLE, assumptions.UI_KEY_TEXT]
    shown = dict(pairs)
    assert shown[assumptions.UI_KEY_TITLE] == title(example(pid), lang)   # never cut
    assert len(shown[assumptions.UI_KEY_TEXT]) <= prompts.APOLLO_TEXT_MAX
    assert all(isinstance(v, str) and "\0" not in v for _, v in pairs)


def test_apollo_text_is_cut_on_a_character_with_an_ellipsis():
    p = Prompt.of(PromptId.RECEIPT, reference="é" * 300, amount=1, currency="EUR", minor_units=2)
    text = dict(apollo_ui_request(p, "fr"))[assumptions.UI_KEY_TEXT]
    assert len(text) == prompts.APOLLO_TEXT_MAX and text.endswith("…")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pid", list(PromptId))
def test_start_session_message_fits(pid, lang):
    msg = start_session_message(example(pid), lang)
    assert msg.startswith(title(example(pid), lang)[:20])
    assert len(msg.encode("utf-8")) <= prompts.START_SESSION_MESSAGE_MAX_BYTES


def test_start_session_message_examples():
    p = Prompt.of(PromptId.PRESENT_CARD, connector=2, amount=5000, currency="EUR", minor_units=2)
    assert start_session_message(p, "en") == (
        "Present your card. Charge point 2. €50.00 will be reserved, you pay only what you use.")
    auth = Prompt.of(PromptId.AUTHORIZING)
    assert start_session_message(auth, "en") == "Checking your card… One moment, please."


@given(st.text(min_size=0, max_size=400), st.sampled_from(LANGS), st.sampled_from(list(PromptId)))
def test_start_session_message_is_at_most_128_bytes_for_any_input(text, lang, pid):
    p = Prompt.of(pid, **{k: text for k in ("connector", "reference", "code")})
    msg = start_session_message(p, lang)
    raw = msg.encode("utf-8")
    assert len(raw) <= 128
    assert raw.decode("utf-8") == msg and "\0" not in msg     # whole characters only


def test_start_session_message_cuts_long_titles_on_a_character_boundary():
    p = Prompt.of(PromptId.CHARGER_OFFLINE, connector="€" * 100)   # 3 bytes per character
    msg = start_session_message(p, "en")
    assert msg.endswith("…") and len(msg.encode("utf-8")) <= 128
    assert msg.startswith("Charge point €€€")


def test_garbage_money_params_do_not_crash():
    p = Prompt.of(PromptId.IDLE_FEE_RUNNING, connector=1, amount=250, minor_units="two")
    assert "250" in body(p, "en")
    p = Prompt.of(PromptId.IDLE_FEE_RUNNING, connector=1, amount=250, currency="GBP", minor_units=2)
    assert body(p, "de").endswith("2,50\u00a0GBP.")


def test_cost_line_labels_cover_every_kind_in_every_language():
    kinds = {"energy", "time", "session_fee", "idle_fee", "max_price_cap", "reserved_cap", "vat",
             "session_fee_waived"}
    for lang in LANGS:
        assert set(prompts.COST_LINE_LABELS[lang]) == kinds
    assert prompts.cost_line_label("vat", "fr") == "TVA"
    assert prompts.cost_line_label("energy", "es") == "Energy"
    assert prompts.cost_line_label("tip", "de") == "tip"
