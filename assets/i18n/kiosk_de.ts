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
        <location filename="../../qml/screens/ChargingScreen.qml" line="46"/>
        <source>Charge point %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="64"/>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="70"/>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="76"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="82"/>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="95"/>
        <source>Cost so far against the %1 reserved on your card</source>
        <translation>Bisherige Kosten von den %1, die auf Ihrer Karte reserviert sind</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="119"/>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="134"/>
        <source>%1 per kWh</source>
        <translation>%1 pro kWh</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="136"/>
        <source>Idle fee %1</source>
        <translation>Blockiergebühr %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="153"/>
        <source>tap the same card</source>
        <translation>dieselbe Karte vorhalten</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="154"/>
        <source>unplug the cable</source>
        <translation>Kabel abziehen</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="155"/>
        <source>press Stop charging</source>
        <translation>auf „Laden beenden“ tippen</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="156"/>
        <source>To stop: %1</source>
        <translation>Beenden: %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="177"/>
        <source>Stop charging</source>
        <translation>Laden beenden</translation>
    </message>
</context>
<context>
    <name>ConnectorCard</name>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="78"/>
        <source>up to %1 kW</source>
        <translation>bis %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="100"/>
        <source>Plug in within %1</source>
        <translation>Anschließen innerhalb von %1</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="122"/>
        <source>Tap your card to start</source>
        <translation>Zum Starten Karte vorhalten</translation>
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
        <location filename="../../qml/screens/DeclinedScreen.qml" line="20"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>DimOverlay</name>
    <message>
        <location filename="../../qml/components/DimOverlay.qml" line="28"/>
        <source>Touch the screen to start</source>
        <translation>Bildschirm berühren, um zu beginnen</translation>
    </message>
</context>
<context>
    <name>HelpLine</name>
    <message>
        <location filename="../../qml/components/HelpLine.qml" line="22"/>
        <source>Need help? Call %1</source>
        <translation>Hilfe? Rufen Sie %1 an</translation>
    </message>
    <message>
        <location filename="../../qml/components/HelpLine.qml" line="24"/>
        <source>Charge point ID %1</source>
        <translation>Ladepunkt-ID %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="45"/>
        <source>Charge point %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="46"/>
        <source>up to %1 kW</source>
        <translation>bis %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="56"/>
        <source>Choose a charge point</source>
        <translation>Ladepunkt wählen</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="56"/>
        <source>No charge point is free right now</source>
        <translation>Gerade ist kein Ladepunkt frei</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="66"/>
        <source>Start charging</source>
        <translation>Laden starten</translation>
    </message>
</context>
<context>
    <name>IdleFeeScreen</name>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="46"/>
        <source>The idle fee starts in %1 min.</source>
        <translation>Die Blockiergebühr beginnt in %1 Min.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="47"/>
        <source>The idle fee is running.</source>
        <translation>Die Blockiergebühr läuft.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="62"/>
        <source>Idle fee</source>
        <translation>Blockiergebühr</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="71"/>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="75"/>
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
        <location filename="../../qml/screens/MessageScreen.qml" line="22"/>
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
        <location filename="../../qml/components/PriceTable.qml" line="80"/>
        <source>Reserved on your card</source>
        <translation>Auf Ihrer Karte reserviert</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="87"/>
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
        <location filename="../../qml/screens/ReceiptScreen.qml" line="149"/>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="170"/>
        <source>incl. %1 %2</source>
        <translation>inkl. %1 %2</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="172"/>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="195"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>ServiceConfirm</name>
    <message>
        <location filename="../../qml/service/ServiceConfirm.qml" line="32"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConfirm.qml" line="33"/>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
</context>
<context>
    <name>ServiceConnectorsPage</name>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="34"/>
        <source>Charge point %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="35"/>
        <source>out of service</source>
        <translation>außer Betrieb</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="35"/>
        <source>in service</source>
        <translation>in Betrieb</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="42"/>
        <source>Faults: %1</source>
        <translation>Störungen: %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="53"/>
        <source>Back in service</source>
        <translation>Wieder in Betrieb</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="53"/>
        <source>Take out of service</source>
        <translation>Außer Betrieb nehmen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="59"/>
        <source>Force unlock</source>
        <translation>Kabel entriegeln</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="65"/>
        <source>Clear fault</source>
        <translation>Störung löschen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="80"/>
        <source>Take charge point %1 out of service? A session in progress goes on; no new one starts.</source>
        <translation>Ladepunkt %1 außer Betrieb nehmen? Ein laufender Ladevorgang geht weiter; kein neuer startet.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="81"/>
        <source>Put charge point %1 back in service?</source>
        <translation>Ladepunkt %1 wieder in Betrieb nehmen?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="82"/>
        <source>Unlock the cable of charge point %1?</source>
        <translation>Das Kabel von Ladepunkt %1 entriegeln?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="83"/>
        <source>Clear the faults of charge point %1?</source>
        <translation>Die Störungen von Ladepunkt %1 löschen?</translation>
    </message>
</context>
<context>
    <name>ServiceOverlay</name>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="15"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="16"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="17"/>
        <source>Payments</source>
        <translation>Zahlungen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="18"/>
        <source>Connectors</source>
        <translation>Ladepunkte</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="19"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="64"/>
        <source>Leave</source>
        <translation>Verlassen</translation>
    </message>
</context>
<context>
    <name>ServicePaymentsPage</name>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="24"/>
        <source>Open holds and failing money commands</source>
        <translation>Offene Reservierungen und fehlgeschlagene Geldbefehle</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="34"/>
        <source>None: every payment is finalised or on its way.</source>
        <translation>Keine: jede Zahlung ist abgeschlossen oder unterwegs.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="56"/>
        <source>Payment %1 · charge point %2 · %3</source>
        <translation>Zahlung %1 · Ladepunkt %2 · %3</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="65"/>
        <source>Age %1 · reserved %2 · delivered %3 (%4)</source>
        <translation>Alter %1 · reserviert %2 · geliefert %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="74"/>
        <source>Last command: %1</source>
        <translation>Letzter Befehl: %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="92"/>
        <source>Commit %1</source>
        <translation>%1 abbuchen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="105"/>
        <source>Void</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="115"/>
        <source>Last sessions</source>
        <translation>Letzte Ladevorgänge</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="130"/>
        <source>charge point %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="140"/>
        <source>Show receipt</source>
        <translation>Beleg zeigen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="155"/>
        <source>Void payment %1? The hold of %2 is released; the driver pays nothing.</source>
        <translation>Zahlung %1 freigeben? Die Reservierung über %2 wird aufgehoben; der Fahrer zahlt nichts.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="157"/>
        <source>Commit %1 of the %2 hold on payment %3?</source>
        <translation>%1 von der Reservierung über %2 bei Zahlung %3 abbuchen?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="203"/>
        <source>Receipt %1</source>
        <translation>Beleg %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="210"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ServicePinPad</name>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="32"/>
        <source>No service PIN is set</source>
        <translation>Keine Service-PIN gesetzt</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="33"/>
        <source>Locked after too many wrong PINs</source>
        <translation>Gesperrt nach zu vielen falschen PINs</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="34"/>
        <source>Wrong PIN</source>
        <translation>Falsche PIN</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="35"/>
        <source>Enter the service PIN</source>
        <translation>Service-PIN eingeben</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="37"/>
        <source>Set one over SSH with “ev-kiosk set-pin --config FILE”, then restart the kiosk.</source>
        <translation>Über SSH mit „ev-kiosk set-pin --config FILE“ setzen, dann den Kiosk neu starten.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="38"/>
        <source>Try again in %1.</source>
        <translation>In %1 erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="39"/>
        <source>1 try left before the pad locks.</source>
        <translation>Noch 1 Versuch, bevor die Tastatur sperrt.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="40"/>
        <source>%1 tries left before the pad locks.</source>
        <translation>Noch %1 Versuche, bevor die Tastatur sperrt.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="41"/>
        <source>Charging goes on while service mode is open.</source>
        <translation>Laden geht weiter, solange der Servicemodus offen ist.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="102"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>ServiceStatusPage</name>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="17"/>
        <source>available</source>
        <translation>frei</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="18"/>
        <source>charging</source>
        <translation>lädt</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="19"/>
        <source>out of service</source>
        <translation>außer Betrieb</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="20"/>
        <source>faulted</source>
        <translation>Störung</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="21"/>
        <source>charger offline</source>
        <translation>Ladegerät offline</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="33"/>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="34"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="35"/>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="36"/>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="37"/>
        <source>Free disk</source>
        <translation>Freier Speicher</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="38"/>
        <source>Renderer</source>
        <translation>Renderer</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="42"/>
        <source>Payment terminal</source>
        <translation>Kartenterminal</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="43"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>Link</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="45"/>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="46"/>
        <source>Terminal state</source>
        <translation>Terminalzustand</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="47"/>
        <source>Last round trip</source>
        <translation>Letzte Antwortzeit</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="48"/>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="55"/>
        <source>Charge point %1</source>
        <translation>Ladepunkt %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="56"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>Cable</source>
        <translation>Kabel</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>plugged in</source>
        <translation>angeschlossen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>not plugged in</source>
        <translation>nicht angeschlossen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="58"/>
        <source>Faults</source>
        <translation>Störungen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="59"/>
        <source>Meter</source>
        <translation>Zähler</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="60"/>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="65"/>
        <source>Books</source>
        <translation>Buchhaltung</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="66"/>
        <source>Open payments</source>
        <translation>Offene Zahlungen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="67"/>
        <source>Money commands waiting</source>
        <translation>Wartende Geldbefehle</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="68"/>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="69"/>
        <source>Last commit</source>
        <translation>Letzte Abbuchung</translation>
    </message>
</context>
<context>
    <name>ServiceSystemPage</name>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="21"/>
        <source>Diagnostics bundle: the configuration without secrets, the log, the wire log, a books summary without card data, versions.</source>
        <translation>Diagnosepaket: die Konfiguration ohne Geheimnisse, das Protokoll, das Leitungsprotokoll, eine Buchhaltungsübersicht ohne Kartendaten, Versionen.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="30"/>
        <source>Export to %1</source>
        <translation>Exportieren nach %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="40"/>
        <source>Restart the kiosk</source>
        <translation>Kiosk neu starten</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="46"/>
        <source>Leave to the desktop</source>
        <translation>Zum Desktop</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="57"/>
        <source>Restart the kiosk? Charging goes on; the screen is back in a few seconds.</source>
        <translation>Den Kiosk neu starten? Laden geht weiter; der Bildschirm ist in wenigen Sekunden zurück.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="58"/>
        <source>Close the kiosk and leave to the desktop? No new session can start until it runs again.</source>
        <translation>Den Kiosk schließen und zum Desktop wechseln? Kein neuer Ladevorgang startet, bis er wieder läuft.</translation>
    </message>
</context>
<context>
    <name>ServiceTerminalPage</name>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="21"/>
        <source>Reconnect</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="27"/>
        <source>Probe</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="33"/>
        <source>Probe with a %1 test payment</source>
        <translation>Test mit %1 Testzahlung</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="46"/>
        <source>Probe running: the kiosk&apos;s own link is paused meanwhile; charging goes on.</source>
        <translation>Test läuft: die eigene Verbindung des Kiosks ist so lange pausiert; Laden geht weiter.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="105"/>
        <source>No frames yet</source>
        <translation>Noch keine Frames</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="115"/>
        <source>Reserve %1 on a card presented at the terminal, then void it at once?</source>
        <translation>%1 auf einer am Terminal vorgehaltenen Karte reservieren und sofort wieder freigeben?</translation>
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
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="28"/>
        <source>Card %1</source>
        <translation>Karte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="40"/>
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
        <location filename="../../qml/screens/UnavailableScreen.qml" line="27"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
</TS>
