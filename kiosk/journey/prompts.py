"""What the kiosk says to the driver: one catalog, four languages, two screens.

A Prompt is an id plus raw parameters (ints and short strings). Rendering turns
them into text for one language; the same text feeds the kiosk screen, the
Apollo display (UI Request) and the Start Session present-card message, so
both screens always say the same. Pure: no I/O, no Qt.

Raw parameters and the placeholders they give the texts:
    connector -> {connector}     reference -> {reference}     code -> {code}
    amount (+ currency, minor_units) -> {amount}  formatted money ("€4.35")
    reason    -> {why} (a sentence: why the session ended), {problem} (a title)
    fee_waived (1) -> {fee_note} ("No session fee.")
    energy_wh -> {energy}        "12.3 kWh" (no-break space before the unit)
    seconds   -> {time}          "4:59"
A placeholder whose parameter is missing renders empty: a prompt never crashes.
"""
from __future__ import annotations

import enum
import re
import string
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kiosk.psp.assumptions import UI_KEY_TEXT, UI_KEY_TITLE, UI_TEMPLATE

from .pricing import NBSP, format_decimal, format_money, round_half_up

LANGUAGES = (("en", "English"), ("nl", "Nederlands"), ("de", "Deutsch"), ("fr", "Français"))
DEFAULT_LANGUAGE = "en"

START_SESSION_MESSAGE_MAX_BYTES = 128   # PSP Start Session present-card message limit
APOLLO_TITLE_MAX = 40                   # characters; the Apollo application area is small
APOLLO_TEXT_MAX = 110


class PromptId(str, enum.Enum):
    IDLE_TAP_OR_PLUG = "idle_tap_or_plug"
    CHOOSE_CONNECTOR = "choose_connector"
    CHOOSE_AMOUNT = "choose_amount"
    PRESENT_CARD = "present_card"
    PRESENT_CARD_WAIT_BUSY = "present_card_wait_busy"
    AUTHORIZING = "authorizing"
    DECLINED = "declined"
    CARD_NOT_ACCEPTED = "card_not_accepted"
    NO_CARD = "no_card"
    PLUG_IN = "plug_in"
    CHARGING = "charging"
    CHARGING_LIMIT_NEAR = "charging_limit_near"
    LIMIT_REACHED = "limit_reached"
    STOPPING = "stopping"
    TAP_SAME_CARD_TO_STOP = "tap_same_card_to_stop"
    WRONG_CARD = "wrong_card"
    IDLE_FEE_RUNNING = "idle_fee_running"
    UNPLUG_TO_FINISH = "unplug_to_finish"
    RECEIPT = "receipt"
    ENDED_BY_STATION = "ended_by_station"
    ENDED_NOTHING_CHARGED = "ended_nothing_charged"
    VOIDED = "voided"
    CANCELLED = "cancelled"
    VOIDED_NOT_PLUGGED = "voided_not_plugged"
    VOIDED_NO_START = "voided_no_start"
    CHARGER_OFFLINE = "charger_offline"
    CHARGER_WARNING = "charger_warning"
    PAYMENT_UNAVAILABLE = "payment_unavailable"
    PAYMENT_MAYBE_UNAVAILABLE = "payment_maybe_unavailable"
    FREE_VENDING = "free_vending"
    OUT_OF_SERVICE = "out_of_service"
    TERMINAL_RECONNECTING = "terminal_reconnecting"
    SERVICE_IN_PROGRESS = "service_in_progress"


# The raw parameters each prompt is given (the contract with station.py; the
# tests check every text against it). "money" = amount, currency, minor_units.
_MONEY = ("amount", "currency", "minor_units")
PARAMS: dict[PromptId, tuple[str, ...]] = {
    PromptId.IDLE_TAP_OR_PLUG: ("connector", *_MONEY),   # connector absent station-wide
    PromptId.CHOOSE_CONNECTOR: (),
    PromptId.CHOOSE_AMOUNT: ("connector",),
    PromptId.PRESENT_CARD: ("connector", *_MONEY),
    PromptId.PRESENT_CARD_WAIT_BUSY: ("connector", *_MONEY),
    PromptId.AUTHORIZING: ("connector",),
    PromptId.DECLINED: ("connector",),
    PromptId.CARD_NOT_ACCEPTED: ("connector",),
    PromptId.NO_CARD: (),
    PromptId.PLUG_IN: ("connector", "seconds"),
    PromptId.CHARGING: ("connector", "energy_wh", *_MONEY),
    PromptId.CHARGING_LIMIT_NEAR: ("connector", "energy_wh", *_MONEY),
    PromptId.LIMIT_REACHED: ("connector", *_MONEY),
    PromptId.STOPPING: ("connector",),
    PromptId.TAP_SAME_CARD_TO_STOP: ("connector",),
    PromptId.WRONG_CARD: ("connector",),
    PromptId.IDLE_FEE_RUNNING: ("connector", *_MONEY),
    PromptId.UNPLUG_TO_FINISH: ("connector",),
    PromptId.RECEIPT: ("connector", "reason", "reference", "energy_wh", "fee_waived", *_MONEY),
    PromptId.ENDED_BY_STATION: ("connector", "reason", "reference", "energy_wh", "fee_waived",
                                *_MONEY),
    PromptId.ENDED_NOTHING_CHARGED: ("connector", "reason"),
    PromptId.VOIDED: ("connector", "reason"),
    PromptId.CANCELLED: ("connector",),
    PromptId.VOIDED_NOT_PLUGGED: (),
    PromptId.VOIDED_NO_START: (),
    PromptId.CHARGER_OFFLINE: ("connector",),
    PromptId.CHARGER_WARNING: ("connector", "code"),
    PromptId.PAYMENT_UNAVAILABLE: (),
    PromptId.PAYMENT_MAYBE_UNAVAILABLE: ("connector",),   # connector absent station-wide
    PromptId.FREE_VENDING: (),
    PromptId.OUT_OF_SERVICE: ("connector",),
    PromptId.TERMINAL_RECONNECTING: (),
    PromptId.SERVICE_IN_PROGRESS: (),
}


@dataclass(frozen=True)
class Prompt:
    """An id and its parameters as sorted (name, value) pairs, so it is hashable
    and two prompts that say the same thing compare equal."""
    id: PromptId
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, pid: PromptId, **params: Any) -> "Prompt":
        return cls(PromptId(pid), tuple(sorted(params.items())))

    def param(self, name: str, default: Any = None) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return default


# --------------------------------------------------------------------------- catalog
# PromptId -> (title, body). Titles fit the Apollo display (APOLLO_TITLE_MAX);
# a declined card never shows a reason, on any screen.
P = PromptId
CATALOG: dict[str, dict[PromptId, tuple[str, str]]] = {
    "en": {
        P.IDLE_TAP_OR_PLUG: ("Tap your card or plug in",
                             "Pay by card: {amount} will be reserved, you pay only what you use."),
        P.CHOOSE_CONNECTOR: ("Choose a charge point", ""),
        P.CHOOSE_AMOUNT: ("Choose your maximum amount",
                          "Charge point {connector} stops charging at this amount. "
                          "You pay only what you use."),
        P.PRESENT_CARD: ("Present your card",
                         "Charge point {connector}. {amount} will be reserved, "
                         "you pay only what you use."),
        P.PRESENT_CARD_WAIT_BUSY: ("One moment, please",
                                   "The card reader is busy with another charge point. "
                                   "Charge point {connector} is next."),
        P.AUTHORIZING: ("Checking your card…", "One moment, please."),
        P.DECLINED: ("Card declined", "Try another card or contact your card issuer."),
        P.CARD_NOT_ACCEPTED: ("Card not accepted",
                              "This card cannot be used here. Please try a bank card."),
        P.NO_CARD: ("No card presented", "Start again whenever you are ready."),
        P.PLUG_IN: ("Plug in your vehicle",
                    "Connect the cable to charge point {connector} within {time}."),
        P.CHARGING: ("Charging", "Charge point {connector} · {energy} · {amount}"),
        P.CHARGING_LIMIT_NEAR: ("Almost at your maximum",
                                "{energy} · {amount}. Charging stops automatically "
                                "at your maximum."),
        P.LIMIT_REACHED: ("Maximum amount reached",
                          "Charging at charge point {connector} stopped at {amount}."),
        P.STOPPING: ("Stopping…", "Charge point {connector} is ending your session."),
        P.TAP_SAME_CARD_TO_STOP: ("Tap the same card to stop",
                                  "Use the card you started charge point {connector} with."),
        P.WRONG_CARD: ("Not the same card",
                       "Only the card that started charge point {connector} can stop it."),
        P.IDLE_FEE_RUNNING: ("Please unplug your vehicle",
                             "Charging has finished. Idle fee so far: {amount}."),
        P.UNPLUG_TO_FINISH: ("Unplug to finish",
                             "Charging at charge point {connector} has finished. "
                             "Unplug the cable to end your session."),
        P.RECEIPT: ("Thank you! Total {amount}",
                    "{why} Scan the QR code for your receipt. Reference: {reference}"),
        P.ENDED_BY_STATION: ("{problem}",
                             "{why} {energy} delivered, {amount} charged. {fee_note} "
                             "Reference: {reference}"),
        P.ENDED_NOTHING_CHARGED: ("{problem}",
                                  "{why} Nothing was charged: the reservation on your card "
                                  "is released."),
        P.VOIDED: ("Session ended, nothing charged",
                   "{why} The reservation on your card is released."),
        P.CANCELLED: ("Cancelled — nothing charged",
                      "The reservation on your card is released."),
        P.VOIDED_NOT_PLUGGED: ("Session cancelled",
                               "No vehicle was plugged in in time. Your reservation has been "
                               "released: you have not been charged."),
        P.VOIDED_NO_START: ("Charging could not start",
                            "Your reservation has been released: you have not been charged. "
                            "Please try again or use another charge point."),
        P.CHARGER_OFFLINE: ("Charge point {connector} is offline",
                            "Please use another charge point."),
        P.CHARGER_WARNING: ("Charge point {connector} needs attention",
                            "Charging may be limited."),
        P.PAYMENT_UNAVAILABLE: ("Card payment unavailable",
                                "Nothing was charged: the card reader cannot reach the bank "
                                "right now. Please try again in a few minutes."),
        P.PAYMENT_MAYBE_UNAVAILABLE: ("Card payment may be unavailable",
                                      "The bank could not be reached a moment ago. You can "
                                      "still try your card: a failed try costs nothing."),
        P.FREE_VENDING: ("Free charging",
                         "Card payment is unavailable right now, so charging is free. "
                         "Plug in to start."),
        P.OUT_OF_SERVICE: ("Out of service",
                           "Charge point {connector} cannot be used right now. "
                           "Please use another one."),
        P.SERVICE_IN_PROGRESS: ("Maintenance in progress",
                                "New charging sessions cannot start right now. Charging "
                                "continues: tap your card to stop yours."),
        P.TERMINAL_RECONNECTING: ("Card reader reconnecting…",
                                  "Charging continues. Card payment will be back in a moment."),
    },
    "nl": {
        P.IDLE_TAP_OR_PLUG: ("Pas aanbieden of kabel aansluiten",
                             "Betaal met uw pas: we reserveren {amount}, u betaalt alleen "
                             "wat u laadt."),
        P.CHOOSE_CONNECTOR: ("Kies een laadpunt", ""),
        P.CHOOSE_AMOUNT: ("Kies uw maximumbedrag",
                          "Laadpunt {connector} stopt met laden bij dit bedrag. "
                          "U betaalt alleen wat u laadt."),
        P.PRESENT_CARD: ("Houd uw pas tegen de lezer",
                         "Laadpunt {connector}. We reserveren {amount}, u betaalt alleen "
                         "wat u laadt."),
        P.PRESENT_CARD_WAIT_BUSY: ("Een ogenblik geduld",
                                   "De kaartlezer is bezig met een ander laadpunt. "
                                   "Daarna is laadpunt {connector} aan de beurt."),
        P.AUTHORIZING: ("Uw pas wordt gecontroleerd…", "Een ogenblik geduld."),
        P.DECLINED: ("Pas geweigerd",
                     "Probeer een andere pas of neem contact op met de uitgever van uw pas."),
        P.CARD_NOT_ACCEPTED: ("Pas niet geaccepteerd",
                              "Deze pas kan hier niet worden gebruikt. Probeer een bankpas."),
        P.NO_CARD: ("Geen pas aangeboden", "Begin opnieuw wanneer u klaar bent."),
        P.PLUG_IN: ("Sluit uw auto aan",
                    "Steek de kabel binnen {time} in laadpunt {connector}."),
        P.CHARGING: ("Bezig met laden", "Laadpunt {connector} · {energy} · {amount}"),
        P.CHARGING_LIMIT_NEAR: ("Bijna bij uw maximumbedrag",
                                "{energy} · {amount}. Het laden stopt vanzelf bij uw "
                                "maximumbedrag."),
        P.LIMIT_REACHED: ("Maximumbedrag bereikt",
                          "Het laden bij laadpunt {connector} is gestopt bij {amount}."),
        P.STOPPING: ("Laden wordt gestopt…", "Laadpunt {connector} rondt uw sessie af."),
        P.TAP_SAME_CARD_TO_STOP: ("Stoppen? Gebruik dezelfde pas",
                                  "Houd de pas waarmee u laadpunt {connector} startte "
                                  "tegen de lezer."),
        P.WRONG_CARD: ("Dit is niet dezelfde pas",
                       "Alleen de pas waarmee laadpunt {connector} is gestart, kan het laden "
                       "stoppen."),
        P.IDLE_FEE_RUNNING: ("Koppel uw auto los",
                             "Het laden is klaar. Blokkeertarief tot nu toe: {amount}."),
        P.UNPLUG_TO_FINISH: ("Koppel los om af te ronden",
                             "Het laden bij laadpunt {connector} is klaar. Koppel de kabel "
                             "los om uw sessie te beëindigen."),
        P.RECEIPT: ("Bedankt! Totaal {amount}",
                    "{why} Scan de QR-code voor uw bon. Referentie: {reference}"),
        P.ENDED_BY_STATION: ("{problem}",
                             "{why} {energy} geladen, {amount} afgeschreven. {fee_note} "
                             "Referentie: {reference}"),
        P.ENDED_NOTHING_CHARGED: ("{problem}",
                                  "{why} Er is niets afgeschreven: de reservering op uw pas "
                                  "is vrijgegeven."),
        P.VOIDED: ("Sessie beëindigd, niets afgeschreven",
                   "{why} De reservering op uw pas is vrijgegeven."),
        P.CANCELLED: ("Geannuleerd — niets afgeschreven",
                      "De reservering op uw pas is vrijgegeven."),
        P.VOIDED_NOT_PLUGGED: ("Sessie geannuleerd",
                               "Er is niet op tijd een auto aangesloten. De reservering is "
                               "vrijgegeven: er is niets afgeschreven."),
        P.VOIDED_NO_START: ("Laden kon niet starten",
                            "De reservering is vrijgegeven: er is niets afgeschreven. "
                            "Probeer het opnieuw of gebruik een ander laadpunt."),
        P.CHARGER_OFFLINE: ("Laadpunt {connector} is offline", "Gebruik een ander laadpunt."),
        P.CHARGER_WARNING: ("Storing bij laadpunt {connector}",
                            "Laden is mogelijk beperkt."),
        P.PAYMENT_UNAVAILABLE: ("Betalen met pas niet mogelijk",
                                "Er is niets afgeschreven: de kaartlezer kan de bank nu niet "
                                "bereiken. Probeer het over een paar minuten opnieuw."),
        P.PAYMENT_MAYBE_UNAVAILABLE: ("Pasbetaling mogelijk niet beschikbaar",
                                      "De bank was zojuist niet bereikbaar. U kunt uw pas "
                                      "gewoon proberen: een mislukte poging kost niets."),
        P.FREE_VENDING: ("Gratis laden",
                         "Betalen met pas is nu niet mogelijk, daarom is laden gratis. "
                         "Sluit de kabel aan om te starten."),
        P.OUT_OF_SERVICE: ("Buiten gebruik",
                           "Laadpunt {connector} is nu niet beschikbaar. "
                           "Gebruik een ander laadpunt."),
        P.SERVICE_IN_PROGRESS: ("Onderhoud bezig",
                                "Nieuwe laadsessies kunnen nu niet starten. Laden gaat door: "
                                "houd uw pas bij de lezer om uw sessie te stoppen."),
        P.TERMINAL_RECONNECTING: ("Kaartlezer maakt opnieuw verbinding…",
                                  "Het laden gaat door. Betalen met pas kan zo weer."),
    },
    "de": {
        P.IDLE_TAP_OR_PLUG: ("Karte vorhalten oder Kabel einstecken",
                             "Zahlung per Karte: Es werden {amount} reserviert, Sie zahlen nur, "
                             "was Sie laden."),
        P.CHOOSE_CONNECTOR: ("Ladepunkt wählen", ""),
        P.CHOOSE_AMOUNT: ("Höchstbetrag wählen",
                          "Ladepunkt {connector} beendet das Laden bei diesem Betrag. "
                          "Sie zahlen nur, was Sie laden."),
        P.PRESENT_CARD: ("Bitte Karte vorhalten",
                         "Ladepunkt {connector}. Es werden {amount} reserviert, Sie zahlen nur, "
                         "was Sie laden."),
        P.PRESENT_CARD_WAIT_BUSY: ("Einen Moment bitte",
                                   "Das Kartenterminal bedient gerade einen anderen Ladepunkt. "
                                   "Danach ist Ladepunkt {connector} an der Reihe."),
        P.AUTHORIZING: ("Karte wird geprüft…", "Einen Moment bitte."),
        P.DECLINED: ("Karte abgelehnt",
                     "Versuchen Sie eine andere Karte oder wenden Sie sich an Ihren "
                     "Kartenaussteller."),
        P.CARD_NOT_ACCEPTED: ("Karte nicht akzeptiert",
                              "Diese Karte kann hier nicht verwendet werden. Bitte versuchen "
                              "Sie eine Bankkarte."),
        P.NO_CARD: ("Keine Karte erkannt", "Starten Sie erneut, sobald Sie bereit sind."),
        P.PLUG_IN: ("Fahrzeug anschließen",
                    "Stecken Sie das Kabel innerhalb von {time} an Ladepunkt {connector} ein."),
        P.CHARGING: ("Ladevorgang läuft", "Ladepunkt {connector} · {energy} · {amount}"),
        P.CHARGING_LIMIT_NEAR: ("Höchstbetrag fast erreicht",
                                "{energy} · {amount}. Der Ladevorgang endet automatisch "
                                "beim Höchstbetrag."),
        P.LIMIT_REACHED: ("Höchstbetrag erreicht",
                          "Der Ladevorgang an Ladepunkt {connector} wurde bei {amount} beendet."),
        P.STOPPING: ("Ladevorgang wird beendet…",
                     "Ladepunkt {connector} schließt Ihren Ladevorgang ab."),
        P.TAP_SAME_CARD_TO_STOP: ("Zum Beenden dieselbe Karte vorhalten",
                                  "Verwenden Sie die Karte, mit der Sie an Ladepunkt "
                                  "{connector} gestartet haben."),
        P.WRONG_CARD: ("Nicht dieselbe Karte",
                       "Nur die Karte, mit der an Ladepunkt {connector} gestartet wurde, "
                       "kann den Ladevorgang beenden."),
        P.IDLE_FEE_RUNNING: ("Bitte Kabel abziehen",
                             "Der Ladevorgang ist beendet. Blockiergebühr bisher: {amount}."),
        P.UNPLUG_TO_FINISH: ("Zum Abschließen Kabel abziehen",
                             "Der Ladevorgang an Ladepunkt {connector} ist beendet. Ziehen Sie "
                             "das Kabel ab, um abzuschließen."),
        P.RECEIPT: ("Vielen Dank! Gesamt {amount}",
                    "{why} Scannen Sie den QR-Code für Ihren Beleg. Referenz: {reference}"),
        P.ENDED_BY_STATION: ("{problem}",
                             "{why} {energy} geladen, {amount} berechnet. {fee_note} "
                             "Referenz: {reference}"),
        P.ENDED_NOTHING_CHARGED: ("{problem}",
                                  "{why} Es wurde nichts berechnet: die Reservierung auf Ihrer "
                                  "Karte ist aufgehoben."),
        P.VOIDED: ("Vorgang beendet, nichts berechnet",
                   "{why} Die Reservierung auf Ihrer Karte ist aufgehoben."),
        P.CANCELLED: ("Abgebrochen — nichts berechnet",
                      "Die Reservierung auf Ihrer Karte ist aufgehoben."),
        P.VOIDED_NOT_PLUGGED: ("Vorgang abgebrochen",
                               "Es wurde nicht rechtzeitig ein Fahrzeug angeschlossen. Die "
                               "Reservierung ist aufgehoben: Ihnen wurde nichts berechnet."),
        P.VOIDED_NO_START: ("Laden konnte nicht starten",
                            "Die Reservierung ist aufgehoben: Ihnen wurde nichts berechnet. "
                            "Bitte versuchen Sie es erneut oder nutzen Sie einen anderen "
                            "Ladepunkt."),
        P.CHARGER_OFFLINE: ("Ladepunkt {connector} ist offline",
                            "Bitte nutzen Sie einen anderen Ladepunkt."),
        P.CHARGER_WARNING: ("Störung an Ladepunkt {connector}",
                            "Das Laden ist eventuell eingeschränkt."),
        P.PAYMENT_UNAVAILABLE: ("Kartenzahlung nicht verfügbar",
                                "Es wurde nichts berechnet: das Kartenterminal erreicht die Bank "
                                "gerade nicht. Bitte versuchen Sie es in einigen Minuten erneut."),
        P.PAYMENT_MAYBE_UNAVAILABLE: ("Kartenzahlung evtl. nicht verfügbar",
                                      "Die Bank war eben nicht erreichbar. Sie können Ihre Karte "
                                      "trotzdem versuchen: ein Fehlversuch kostet nichts."),
        P.FREE_VENDING: ("Kostenlos laden",
                         "Kartenzahlung ist gerade nicht möglich, daher ist das Laden "
                         "kostenlos. Stecken Sie das Kabel ein, um zu starten."),
        P.OUT_OF_SERVICE: ("Außer Betrieb",
                           "Ladepunkt {connector} ist derzeit nicht nutzbar. Bitte nutzen Sie "
                           "einen anderen."),
        P.SERVICE_IN_PROGRESS: ("Wartung läuft",
                                "Neue Ladevorgänge können gerade nicht starten. Laufende "
                                "Ladevorgänge gehen weiter: Karte vorhalten zum Beenden."),
        P.TERMINAL_RECONNECTING: ("Kartenterminal verbindet sich neu…",
                                  "Laufende Ladevorgänge gehen weiter. Kartenzahlung ist "
                                  "gleich wieder möglich."),
    },
    "fr": {
        P.IDLE_TAP_OR_PLUG: ("Présentez votre carte ou branchez-vous",
                             "Paiement par carte : nous réserverons {amount}, vous ne payez que "
                             "ce que vous consommez."),
        P.CHOOSE_CONNECTOR: ("Choisissez un point de charge", ""),
        P.CHOOSE_AMOUNT: ("Choisissez votre montant maximum",
                          "Le point de charge {connector} arrête la charge à ce montant. "
                          "Vous ne payez que ce que vous consommez."),
        P.PRESENT_CARD: ("Présentez votre carte",
                         "Point de charge {connector}. Nous réserverons {amount}, vous ne payez "
                         "que ce que vous consommez."),
        P.PRESENT_CARD_WAIT_BUSY: ("Un instant, s'il vous plaît",
                                   "Le lecteur de carte est utilisé pour un autre point de charge. "
                                   "Le point de charge {connector} est le suivant."),
        P.AUTHORIZING: ("Vérification de la carte…", "Un instant, s'il vous plaît."),
        P.DECLINED: ("Carte refusée",
                     "Essayez une autre carte ou contactez l'émetteur de votre carte."),
        P.CARD_NOT_ACCEPTED: ("Carte non acceptée",
                              "Cette carte ne peut pas être utilisée ici. Essayez une carte "
                              "bancaire."),
        P.NO_CARD: ("Aucune carte présentée", "Recommencez quand vous le souhaitez."),
        P.PLUG_IN: ("Branchez votre véhicule",
                    "Branchez le câble sur le point de charge {connector} dans un délai "
                    "de {time}."),
        P.CHARGING: ("Charge en cours", "Point de charge {connector} · {energy} · {amount}"),
        P.CHARGING_LIMIT_NEAR: ("Montant maximum bientôt atteint",
                                "{energy} · {amount}. La charge s'arrêtera automatiquement "
                                "au montant maximum."),
        P.LIMIT_REACHED: ("Montant maximum atteint",
                          "La charge au point de charge {connector} s'est arrêtée à {amount}."),
        P.STOPPING: ("Arrêt en cours…", "Le point de charge {connector} termine votre session."),
        P.TAP_SAME_CARD_TO_STOP: ("Présentez la même carte pour arrêter",
                                  "Utilisez la carte qui a servi à démarrer le point de "
                                  "charge {connector}."),
        P.WRONG_CARD: ("Ce n'est pas la même carte",
                       "Seule la carte qui a démarré le point de charge {connector} peut "
                       "l'arrêter."),
        P.IDLE_FEE_RUNNING: ("Veuillez débrancher votre véhicule",
                             "La charge est terminée. Frais d'occupation à ce jour : {amount}."),
        P.UNPLUG_TO_FINISH: ("Débranchez pour terminer",
                             "La charge est terminée au point de charge {connector}. "
                             "Débranchez le câble pour clôturer votre session."),
        P.RECEIPT: ("Merci ! Total {amount}",
                    "{why} Scannez le QR code pour obtenir votre reçu. "
                    "Référence\u00a0: {reference}"),
        P.ENDED_BY_STATION: ("{problem}",
                             "{why} {energy} délivrés, {amount} facturés. {fee_note} "
                             "Référence\u00a0: {reference}"),
        P.ENDED_NOTHING_CHARGED: ("{problem}",
                                  "{why} Rien ne vous a été facturé\u00a0: la réservation sur "
                                  "votre carte est libérée."),
        P.VOIDED: ("Session terminée, rien facturé",
                   "{why} La réservation sur votre carte est libérée."),
        P.CANCELLED: ("Annulé — rien n'a été facturé",
                      "La réservation sur votre carte est libérée."),
        P.VOIDED_NOT_PLUGGED: ("Session annulée",
                               "Aucun véhicule n'a été branché à temps. La réservation a été "
                               "libérée : rien ne vous a été facturé."),
        P.VOIDED_NO_START: ("La charge n'a pas pu démarrer",
                            "La réservation a été libérée : rien ne vous a été facturé. "
                            "Réessayez ou utilisez un autre point de charge."),
        P.CHARGER_OFFLINE: ("Point de charge {connector} hors ligne",
                            "Veuillez utiliser un autre point de charge."),
        P.CHARGER_WARNING: ("Anomalie au point de charge {connector}",
                            "La charge peut être limitée."),
        P.PAYMENT_UNAVAILABLE: ("Paiement par carte indisponible",
                                "Rien n'a été facturé\u00a0: le lecteur de carte ne joint pas la "
                                "banque pour le moment. Réessayez dans quelques minutes."),
        P.PAYMENT_MAYBE_UNAVAILABLE: ("Paiement carte peut-être indisponible",
                                      "La banque était injoignable il y a un instant. Vous pouvez "
                                      "essayer votre carte\u00a0: un échec ne coûte rien."),
        P.FREE_VENDING: ("Charge gratuite",
                         "Le paiement par carte est indisponible pour le moment : la charge "
                         "est gratuite. Branchez-vous pour commencer."),
        P.OUT_OF_SERVICE: ("Hors service",
                           "Le point de charge {connector} est indisponible pour le moment. "
                           "Veuillez en utiliser un autre."),
        P.SERVICE_IN_PROGRESS: ("Maintenance en cours",
                                "Aucune nouvelle recharge ne peut démarrer pour le moment. "
                                "Les recharges continuent : présentez votre carte pour arrêter "
                                "la vôtre."),
        P.TERMINAL_RECONNECTING: ("Reconnexion du lecteur de carte…",
                                  "La charge continue. Le paiement par carte sera bientôt "
                                  "de nouveau possible."),
    },
}
del P

# Why a session ended (the journey's stop reason): {why}, a sentence, and, for the
# endings the station caused, {problem}, the title. An unknown reason says no more
# than "Charging stopped".
WHY: dict[str, dict[str, str]] = {
    "en": {"tap_to_stop": "You stopped charging with your card.",
           "unplugged": "You unplugged the cable.",
           "ui_stop": "You stopped charging on the screen.",
           "ev_stopped": "Your car ended charging.",
           "ev_full": "Your car is fully charged.",
           "limit_reached": "Charging stopped at the amount reserved on your card.",
           "update_refused": "Your bank did not allow a higher amount, so charging stopped.",
           "fault": "A charger fault stopped charging.",
           "charger_lost": "The charger lost contact with this screen.",
           "charger_no_start": "The charger did not start charging.",
           "plug_timeout": "No vehicle was plugged in in time.",
           "cancelled": "You cancelled before plugging in."},
    "nl": {"tap_to_stop": "U hebt het laden met uw pas gestopt.",
           "unplugged": "U hebt de kabel losgekoppeld.",
           "ui_stop": "U hebt het laden op het scherm gestopt.",
           "ev_stopped": "Uw auto heeft het laden beëindigd.",
           "ev_full": "Uw auto is volgeladen.",
           "limit_reached": "Het laden is gestopt bij het bedrag dat op uw pas is gereserveerd.",
           "update_refused": "Uw bank stond geen hoger bedrag toe, daarom is het laden gestopt.",
           "fault": "Een storing in de lader heeft het laden gestopt.",
           "charger_lost": "De lader verloor de verbinding met dit scherm.",
           "charger_no_start": "De lader is niet begonnen met laden.",
           "plug_timeout": "Er is niet op tijd een auto aangesloten.",
           "cancelled": "U hebt geannuleerd voordat u de kabel aansloot."},
    "de": {"tap_to_stop": "Sie haben den Ladevorgang mit Ihrer Karte beendet.",
           "unplugged": "Sie haben das Kabel abgezogen.",
           "ui_stop": "Sie haben den Ladevorgang am Bildschirm beendet.",
           "ev_stopped": "Ihr Fahrzeug hat den Ladevorgang beendet.",
           "ev_full": "Ihr Fahrzeug ist vollständig geladen.",
           "limit_reached": "Der Ladevorgang endete beim auf Ihrer Karte reservierten Betrag.",
           "update_refused": "Ihre Bank hat keinen höheren Betrag erlaubt, daher endete der "
                             "Ladevorgang.",
           "fault": "Eine Störung der Ladesäule hat den Ladevorgang beendet.",
           "charger_lost": "Die Ladesäule hat die Verbindung zu diesem Bildschirm verloren.",
           "charger_no_start": "Die Ladesäule hat den Ladevorgang nicht gestartet.",
           "plug_timeout": "Es wurde nicht rechtzeitig ein Fahrzeug angeschlossen.",
           "cancelled": "Sie haben vor dem Anschließen abgebrochen."},
    "fr": {"tap_to_stop": "Vous avez arrêté la charge avec votre carte.",
           "unplugged": "Vous avez débranché le câble.",
           "ui_stop": "Vous avez arrêté la charge à l'écran.",
           "ev_stopped": "Votre véhicule a terminé la charge.",
           "ev_full": "Votre véhicule est entièrement chargé.",
           "limit_reached": "La charge s'est arrêtée au montant réservé sur votre carte.",
           "update_refused": "Votre banque n'a pas autorisé un montant plus élevé\u00a0: "
                             "la charge s'est arrêtée.",
           "fault": "Un défaut de la borne a arrêté la charge.",
           "charger_lost": "La borne a perdu le contact avec cet écran.",
           "charger_no_start": "La borne n'a pas démarré la charge.",
           "plug_timeout": "Aucun véhicule n'a été branché à temps.",
           "cancelled": "Vous avez annulé avant de brancher le câble."},
}
PROBLEM: dict[str, dict[str, str]] = {
    "en": {"_": "Charging stopped", "fault": "Charging stopped: charger fault",
           "charger_lost": "Charging stopped: charger offline",
           "charger_no_start": "Charging could not start"},
    "nl": {"_": "Laden gestopt", "fault": "Laden gestopt: storing lader",
           "charger_lost": "Laden gestopt: lader offline",
           "charger_no_start": "Laden kon niet starten"},
    "de": {"_": "Ladevorgang beendet", "fault": "Laden beendet: Störung",
           "charger_lost": "Laden beendet: Ladesäule offline",
           "charger_no_start": "Laden konnte nicht starten"},
    "fr": {"_": "Charge arrêtée", "fault": "Charge arrêtée\u00a0: défaut de la borne",
           "charger_lost": "Charge arrêtée\u00a0: borne hors ligne",
           "charger_no_start": "La charge n'a pas pu démarrer"},
}
FEE_WAIVED = {"en": "No session fee.", "nl": "Geen starttarief.", "de": "Keine Startgebühr.",
              "fr": "Sans frais de session."}


# Receipt and price-screen labels for pricing.CostLine kinds.
COST_LINE_LABELS: dict[str, dict[str, str]] = {
    "en": {"energy": "Energy", "time": "Charging time", "session_fee": "Session fee",
           "idle_fee": "Idle fee", "max_price_cap": "Maximum price applied",
           "reserved_cap": "Capped at the amount reserved", "vat": "VAT",
           "session_fee_waived": "Session fee waived"},
    "nl": {"energy": "Energie", "time": "Laadtijd", "session_fee": "Starttarief",
           "idle_fee": "Blokkeertarief", "max_price_cap": "Maximumprijs toegepast",
           "reserved_cap": "Begrensd op het gereserveerde bedrag", "vat": "btw",
           "session_fee_waived": "Geen starttarief"},
    "de": {"energy": "Energie", "time": "Ladezeit", "session_fee": "Startgebühr",
           "idle_fee": "Blockiergebühr", "max_price_cap": "Höchstpreis angewendet",
           "reserved_cap": "Begrenzt auf den reservierten Betrag", "vat": "MwSt.",
           "session_fee_waived": "Startgebühr erlassen"},
    "fr": {"energy": "Énergie", "time": "Temps de charge", "session_fee": "Frais de session",
           "idle_fee": "Frais d'occupation", "max_price_cap": "Prix maximum appliqué",
           "reserved_cap": "Plafonné au montant réservé", "vat": "TVA",
           "session_fee_waived": "Frais de session offerts"},
}


def cost_line_label(kind: str, lang: str) -> str:
    """The label of a cost line kind; an unknown kind shows as itself."""
    return COST_LINE_LABELS[_language(lang)].get(kind, kind)


# --------------------------------------------------------------------------- rendering

class _Lenient(string.Formatter):
    """A missing placeholder renders empty instead of raising: a wrong parameter
    must never take a screen down."""

    def get_value(self, key, args, kwargs):
        if isinstance(key, int):
            return args[key] if key < len(args) else ""
        return kwargs.get(key, "")

    def format_field(self, value, format_spec):
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


_FORMATTER = _Lenient()


def _language(lang: str | None) -> str:
    code = (lang or DEFAULT_LANGUAGE).replace("-", "_").split("_")[0].lower()
    return code if code in CATALOG else DEFAULT_LANGUAGE


def _values(prompt: Prompt, lang: str) -> dict[str, str]:
    """Raw parameters -> the texts' placeholders, formatted for the language."""
    raw = dict(prompt.params)
    out = {k: str(v) for k, v in raw.items()}
    amount = raw.get("amount")
    minor_units = raw.get("minor_units", 2)
    if isinstance(amount, int) and isinstance(minor_units, int) and 0 <= minor_units <= 9:
        out["amount"] = format_money(amount, str(raw.get("currency", "EUR")), minor_units, lang)
    energy = raw.get("energy_wh")
    if isinstance(energy, int):   # hundredths below 10 kWh: "0.05 kWh", not "0.0 kWh"
        out["energy"] = (format_decimal(round_half_up(Fraction(energy, 10)), 2, lang) if energy < 10_000
                         else format_decimal(round_half_up(Fraction(energy, 100)), 1, lang)) \
            + NBSP + "kWh"
    reason = raw.get("reason")
    out["why"] = WHY[lang].get(reason, "") if isinstance(reason, str) else ""
    out["problem"] = PROBLEM[lang].get(reason, PROBLEM[lang]["_"]) \
        if isinstance(reason, str) else PROBLEM[lang]["_"]
    out["fee_note"] = FEE_WAIVED[lang] if raw.get("fee_waived") else ""
    seconds = raw.get("seconds")
    if isinstance(seconds, int):
        s = max(0, seconds)
        out["time"] = f"{s // 60}:{s % 60:02d}"
    return out


_SPACES = re.compile(r"[ \t\r\n]+")


def _format(template: str, values: dict[str, str]) -> str:
    if not template:
        return ""
    try:
        text = _FORMATTER.format(template, **values)
    except (ValueError, IndexError, KeyError, AttributeError):   # a broken template
        text = template
    # An empty placeholder leaves no double space; no-break spaces (inside amounts) stay.
    return _SPACES.sub(" ", text).strip()


def _entry(prompt: Prompt, lang: str) -> tuple[str, str]:
    table = CATALOG[_language(lang)]
    return table.get(prompt.id) or CATALOG[DEFAULT_LANGUAGE].get(prompt.id, (prompt.id.value, ""))


def title(prompt: Prompt, lang: str) -> str:
    return _format(_entry(prompt, lang)[0], _values(prompt, _language(lang)))


def body(prompt: Prompt, lang: str) -> str:
    return _format(_entry(prompt, lang)[1], _values(prompt, _language(lang)))


def render(prompt: Prompt, lang: str) -> tuple[str, str]:
    return title(prompt, lang), body(prompt, lang)


# --------------------------------------------------------------------------- terminal

def _clip_chars(text: str, limit: int) -> str:
    text = text.replace("\0", "")           # NUL separates PSP key/value strings
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _clip_bytes(text: str, limit: int) -> str:
    """At most `limit` UTF-8 bytes, cut on a character boundary, "…" if cut."""
    text = text.replace("\0", "")
    if len(text.encode("utf-8")) <= limit:
        return text
    room = limit - len("…".encode("utf-8"))
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut.rstrip() + "…"


def apollo_ui_request(prompt: Prompt, lang: str) -> list[tuple[str, str]]:
    """Key/value pairs of a UI Request showing the prompt on the Apollo display.
    The text key is always sent (empty if none) so an old text never lingers."""
    t, b = render(prompt, lang)
    return [("type", "template"), ("template", UI_TEMPLATE),
            (UI_KEY_TITLE, _clip_chars(t, APOLLO_TITLE_MAX)),
            (UI_KEY_TEXT, _clip_chars(b, APOLLO_TEXT_MAX))]


def start_session_message(prompt: Prompt, lang: str) -> str:
    """The Start Session present-card message: title and body if they fit in
    128 UTF-8 bytes, else the title alone (cut safely if it must be)."""
    t, b = render(prompt, lang)
    both = (f"{t} {b}" if t.endswith((".", "!", "?", "…", ":")) else f"{t}. {b}") if b else t
    if len(both.encode("utf-8")) <= START_SESSION_MESSAGE_MAX_BYTES:
        return both.replace("\0", "")
    return _clip_bytes(t, START_SESSION_MESSAGE_MAX_BYTES)


__all__ = ["LANGUAGES", "PromptId", "Prompt", "PARAMS", "CATALOG", "title", "body", "render",
           "cost_line_label", "COST_LINE_LABELS",
           "apollo_ui_request", "start_session_message", "START_SESSION_MESSAGE_MAX_BYTES"]


# --------------------------------------------------------------------------- price notes

_IDLE_NOTE = {
    "en": ("{fee} after {grace} min", ", max {cap}", "none"),
    "nl": ("{fee} na {grace} min", ", max. {cap}", "geen"),
    "de": ("{fee} nach {grace} Min.", ", max. {cap}", "keine"),
    "fr": ("{fee} après {grace} min", ", max. {cap}", "aucun"),
}
# The unit a tariff states a price in (per minute or per hour), shown as stated.
_PER_UNIT = {
    "en": {"min": "/min", "h": "/h"},
    "nl": {"min": "/min", "h": "/uur"},
    "de": {"min": "/Min.", "h": "/Std."},
    "fr": {"min": "/min", "h": "/h"},
}
_MAX_PRICE_NOTE = {
    "en": "at most {cap} per session",
    "nl": "maximaal {cap} per laadsessie",
    "de": "höchstens {cap} pro Ladevorgang",
    "fr": "au maximum {cap} par session",
}
_VAT_NOTE = {
    "en": ("incl. {pct}% VAT", "excl. {pct}% VAT"),
    "nl": ("incl. {pct}% btw", "excl. {pct}% btw"),
    "de": ("inkl. {pct}% MwSt.", "zzgl. {pct}% MwSt."),
    "fr": ("TVA {pct}% incluse", "hors TVA {pct}%"),
}


def per_unit(price: str, unit: str, lang: str) -> str:
    """"€2.00" per "h" -> "€2.00/h": the price in the unit the tariff states it in
    (rounding a per-hour price to per minute hides or drops it)."""
    return price + _PER_UNIT[_language(lang)][unit]


def max_price_note(cap: str, lang: str) -> str:
    """"at most €30.00 per session" (the tariff's maximum price); "" if none."""
    return _MAX_PRICE_NOTE[_language(lang)].format(cap=cap) if cap else ""


def idle_fee_note(fee: str | None, grace_minutes: int, cap: str | None, lang: str) -> str:
    """"€0.10/min after 30 min, max €10.00"; fee (with its unit, see per_unit) None =
    no idle fee, cap None = uncapped."""
    rule, capped, none = _IDLE_NOTE[_language(lang)]
    if fee is None:
        return none
    return rule.format(fee=fee, grace=grace_minutes) + (capped.format(cap=cap) if cap else "")


def vat_note(percent_bp: int, included: bool, lang: str) -> str:
    pct = f"{percent_bp // 100}" if percent_bp % 100 == 0 else f"{percent_bp / 100:g}"
    if _language(lang) in ("nl", "de", "fr"):
        pct = pct.replace(".", ",")
    return _VAT_NOTE[_language(lang)][0 if included else 1].format(pct=pct)
