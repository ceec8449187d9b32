<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AmountScreen</name>
    <message>
        <location filename="../../qml/screens/AmountScreen.qml" line="47"/>
        <source>The amount is reserved on your card. You pay only for what you charge; the rest is released.</source>
        <translation>Der Betrag wird auf Ihrer Karte reserviert. Sie zahlen nur, was Sie laden; der Rest wird freigegeben.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/AmountScreen.qml" line="60"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
</context>
<context>
    <name>ChargingScreen</name>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="52"/>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="58"/>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="64"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="70"/>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="99"/>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="106"/>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="127"/>
        <source>Stop charging</source>
        <translation>Laden beenden</translation>
    </message>
</context>
<context>
    <name>ConnectorCard</name>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="65"/>
        <source>up to %1 kW</source>
        <translation>bis %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="97"/>
        <source>Tap to start</source>
        <translation>Zum Starten tippen</translation>
    </message>
</context>
<context>
    <name>CountdownRing</name>
    <message>
        <location filename="../../qml/components/CountdownRing.qml" line="66"/>
        <source>time left</source>
        <translation>verbleibend</translation>
    </message>
</context>
<context>
    <name>DeclinedScreen</name>
    <message>
        <location filename="../../qml/screens/DeclinedScreen.qml" line="17"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>DimOverlay</name>
    <message>
        <location filename="../../qml/components/DimOverlay.qml" line="25"/>
        <source>Touch the screen to start</source>
        <translation>Bildschirm berühren, um zu beginnen</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="37"/>
        <source>Charge point %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="38"/>
        <source>up to %1 kW</source>
        <translation>bis %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="47"/>
        <source>Choose a charge point</source>
        <translation>Ladepunkt wählen</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="57"/>
        <source>Start charging</source>
        <translation>Laden starten</translation>
    </message>
</context>
<context>
    <name>IdleFeeScreen</name>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="49"/>
        <source>Idle fee</source>
        <translation>Blockiergebühr</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="58"/>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="62"/>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <location filename="../../qml/components/LanguagePicker.qml" line="28"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../../qml/screens/MessageScreen.qml" line="19"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>OverviewButton</name>
    <message>
        <location filename="../../qml/components/OverviewButton.qml" line="12"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
</context>
<context>
    <name>PlugInScreen</name>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="46"/>
        <source>Card %1 approved</source>
        <translation>Karte %1 akzeptiert</translation>
    </message>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="46"/>
        <source>Card approved</source>
        <translation>Karte akzeptiert</translation>
    </message>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="66"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>PresentCardScreen</name>
    <message>
        <location filename="../../qml/screens/PresentCardScreen.qml" line="19"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>PriceTable</name>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="21"/>
        <source>Prices</source>
        <translation>Preise</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="39"/>
        <source>per kWh</source>
        <translation>pro kWh</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="50"/>
        <source>Charging time</source>
        <translation>Ladezeit</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="51"/>
        <source>/min</source>
        <translation>/Min.</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="57"/>
        <source>Session fee</source>
        <translation>Startgebühr</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="62"/>
        <source>Idle fee (bay occupied after charging)</source>
        <translation>Blockiergebühr (nach dem Laden noch angeschlossen)</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="69"/>
        <source>Reserved on your card</source>
        <translation>Auf Ihrer Karte reserviert</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="76"/>
        <source>You pay only what you use; the rest of the reservation is released.</source>
        <translation>Sie zahlen nur, was Sie laden; der Rest der Reservierung wird freigegeben.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="63"/>
        <source>Scan for your receipt</source>
        <translation>Für Ihren Beleg scannen</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="74"/>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="138"/>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="159"/>
        <source>incl. %1 %2</source>
        <translation>inkl. %1 %2</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="161"/>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="184"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../../qml/screens/ServiceScreen.qml" line="14"/>
        <source>Service mode — coming soon</source>
        <translation>Servicemodus — in Kürze verfügbar</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ServiceScreen.qml" line="18"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <location filename="../../qml/screens/StartingScreen.qml" line="7"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
</context>
<context>
    <name>StatePill</name>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="8"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="9"/>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="10"/>
        <source>Starting</source>
        <translation>Wird gestartet</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="11"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="12"/>
        <source>Out of service</source>
        <translation>Außer Betrieb</translation>
    </message>
</context>
<context>
    <name>StopConfirmScreen</name>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="24"/>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="36"/>
        <source>Keep charging</source>
        <translation>Weiterladen</translation>
    </message>
</context>
<context>
    <name>TerminalHint</name>
    <message>
        <location filename="../../qml/components/TerminalHint.qml" line="9"/>
        <source>Tap your card on the card reader below</source>
        <translation>Karte unten an das Kartenterminal halten</translation>
    </message>
</context>
<context>
    <name>UnavailableScreen</name>
    <message>
        <location filename="../../qml/screens/UnavailableScreen.qml" line="17"/>
        <source>Code %1</source>
        <translation>Code %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/UnavailableScreen.qml" line="31"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
</TS>
