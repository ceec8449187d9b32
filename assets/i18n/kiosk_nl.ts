<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AmountScreen</name>
    <message>
        <location filename="../../qml/screens/AmountScreen.qml" line="47"/>
        <source>The amount is reserved on your card. You pay only for what you charge; the rest is released.</source>
        <translation>Het bedrag wordt op uw pas gereserveerd. U betaalt alleen wat u laadt; de rest wordt vrijgegeven.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/AmountScreen.qml" line="60"/>
        <source>Back</source>
        <translation>Terug</translation>
    </message>
</context>
<context>
    <name>ChargingScreen</name>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="46"/>
        <source>Charge point %1</source>
        <translation>Laadpunt %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="64"/>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="70"/>
        <source>Power</source>
        <translation>Vermogen</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="76"/>
        <source>Duration</source>
        <translation>Laadduur</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="82"/>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="95"/>
        <source>Cost so far against the %1 reserved on your card</source>
        <translation>Kosten tot nu toe van de %1 gereserveerd op uw pas</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="119"/>
        <source>Card %1</source>
        <translation>Pas %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="134"/>
        <source>%1 per kWh</source>
        <translation>%1 per kWh</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="136"/>
        <source>Idle fee %1</source>
        <translation>Blokkeertarief %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="153"/>
        <source>tap the same card</source>
        <translation>houd dezelfde pas tegen de lezer</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="154"/>
        <source>unplug the cable</source>
        <translation>koppel de kabel los</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="155"/>
        <source>press Stop charging</source>
        <translation>druk op Stop laden</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="156"/>
        <source>To stop: %1</source>
        <translation>Stoppen: %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="177"/>
        <source>Stop charging</source>
        <translation>Stop laden</translation>
    </message>
</context>
<context>
    <name>ConnectorCard</name>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="78"/>
        <source>up to %1 kW</source>
        <translation>tot %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="100"/>
        <source>Plug in within %1</source>
        <translation>Aansluiten binnen %1</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="122"/>
        <source>Tap your card to start</source>
        <translation>Houd uw pas bij de lezer om te starten</translation>
    </message>
</context>
<context>
    <name>CountdownRing</name>
    <message>
        <location filename="../../qml/components/CountdownRing.qml" line="66"/>
        <source>time left</source>
        <translation>resterend</translation>
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
        <translation>Raak het scherm aan om te beginnen</translation>
    </message>
</context>
<context>
    <name>HelpLine</name>
    <message>
        <location filename="../../qml/components/HelpLine.qml" line="22"/>
        <source>Need help? Call %1</source>
        <translation>Hulp nodig? Bel %1</translation>
    </message>
    <message>
        <location filename="../../qml/components/HelpLine.qml" line="24"/>
        <source>Charge point ID %1</source>
        <translation>Laadpunt-ID %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="45"/>
        <source>Charge point %1</source>
        <translation>Laadpunt %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="46"/>
        <source>up to %1 kW</source>
        <translation>tot %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="56"/>
        <source>Choose a charge point</source>
        <translation>Kies een laadpunt</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="56"/>
        <source>No charge point is free right now</source>
        <translation>Er is nu geen laadpunt vrij</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="66"/>
        <source>Start charging</source>
        <translation>Start laden</translation>
    </message>
</context>
<context>
    <name>IdleFeeScreen</name>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="46"/>
        <source>The idle fee starts in %1 min.</source>
        <translation>Het blokkeertarief begint over %1 min.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="47"/>
        <source>The idle fee is running.</source>
        <translation>Het blokkeertarief loopt.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="62"/>
        <source>Idle fee</source>
        <translation>Blokkeertarief</translation>
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
        <translation>Taal</translation>
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
        <translation>Terug</translation>
    </message>
</context>
<context>
    <name>PlugInScreen</name>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="46"/>
        <source>Card %1 approved</source>
        <translation>Pas %1 goedgekeurd</translation>
    </message>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="46"/>
        <source>Card approved</source>
        <translation>Pas goedgekeurd</translation>
    </message>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="66"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>PresentCardScreen</name>
    <message>
        <location filename="../../qml/screens/PresentCardScreen.qml" line="19"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>PriceTable</name>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="21"/>
        <source>Prices</source>
        <translation>Tarieven</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="39"/>
        <source>per kWh</source>
        <translation>per kWh</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="50"/>
        <source>Charging time</source>
        <translation>Laadtijd</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="57"/>
        <source>Session fee</source>
        <translation>Starttarief</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="62"/>
        <source>Idle fee (bay occupied after charging)</source>
        <translation>Blokkeertarief (na het laden nog aangesloten)</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="80"/>
        <source>Reserved on your card</source>
        <translation>Gereserveerd op uw pas</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="87"/>
        <source>You pay only what you use; the rest of the reservation is released.</source>
        <translation>U betaalt alleen wat u laadt; de rest van de reservering wordt vrijgegeven.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="63"/>
        <source>Scan for your receipt</source>
        <translation>Scan voor uw bon</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="74"/>
        <source>Reference</source>
        <translation>Referentie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="149"/>
        <source>Total</source>
        <translation>Totaal</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="170"/>
        <source>incl. %1 %2</source>
        <translation>incl. %1 %2</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="172"/>
        <source>Card %1</source>
        <translation>Pas %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="195"/>
        <source>Done</source>
        <translation>Klaar</translation>
    </message>
</context>
<context>
    <name>ServiceConfirm</name>
    <message>
        <location filename="../../qml/service/ServiceConfirm.qml" line="32"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConfirm.qml" line="33"/>
        <source>Confirm</source>
        <translation>Bevestigen</translation>
    </message>
</context>
<context>
    <name>ServiceConnectorsPage</name>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="34"/>
        <source>Charge point %1</source>
        <translation>Laadpunt %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="35"/>
        <source>out of service</source>
        <translation>buiten gebruik</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="35"/>
        <source>in service</source>
        <translation>in gebruik</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="42"/>
        <source>Faults: %1</source>
        <translation>Storingen: %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="53"/>
        <source>Back in service</source>
        <translation>Weer in gebruik</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="53"/>
        <source>Take out of service</source>
        <translation>Buiten gebruik stellen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="59"/>
        <source>Force unlock</source>
        <translation>Kabel ontgrendelen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="65"/>
        <source>Clear fault</source>
        <translation>Storing wissen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="80"/>
        <source>Take charge point %1 out of service? A session in progress goes on; no new one starts.</source>
        <translation>Laadpunt %1 buiten gebruik stellen? Een lopende sessie gaat door; er start geen nieuwe.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="81"/>
        <source>Put charge point %1 back in service?</source>
        <translation>Laadpunt %1 weer in gebruik nemen?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="82"/>
        <source>Unlock the cable of charge point %1?</source>
        <translation>De kabel van laadpunt %1 ontgrendelen?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="83"/>
        <source>Clear the faults of charge point %1?</source>
        <translation>De storingen van laadpunt %1 wissen?</translation>
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
        <translation>Betalingen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="18"/>
        <source>Connectors</source>
        <translation>Laadpunten</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="19"/>
        <source>System</source>
        <translation>Systeem</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="64"/>
        <source>Leave</source>
        <translation>Verlaten</translation>
    </message>
</context>
<context>
    <name>ServicePaymentsPage</name>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="24"/>
        <source>Open holds and failing money commands</source>
        <translation>Open reserveringen en mislukte geldopdrachten</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="34"/>
        <source>None: every payment is finalised or on its way.</source>
        <translation>Geen: elke betaling is afgerond of onderweg.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="56"/>
        <source>Payment %1 · charge point %2 · %3</source>
        <translation>Betaling %1 · laadpunt %2 · %3</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="65"/>
        <source>Age %1 · reserved %2 · delivered %3 (%4)</source>
        <translation>Leeftijd %1 · gereserveerd %2 · geleverd %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="74"/>
        <source>Last command: %1</source>
        <translation>Laatste opdracht: %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="92"/>
        <source>Commit %1</source>
        <translation>%1 afrekenen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="105"/>
        <source>Void</source>
        <translation>Vrijgeven</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="115"/>
        <source>Last sessions</source>
        <translation>Laatste sessies</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="130"/>
        <source>charge point %1</source>
        <translation>laadpunt %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="140"/>
        <source>Show receipt</source>
        <translation>Bon tonen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="155"/>
        <source>Void payment %1? The hold of %2 is released; the driver pays nothing.</source>
        <translation>Betaling %1 vrijgeven? De reservering van %2 vervalt; de bestuurder betaalt niets.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="157"/>
        <source>Commit %1 of the %2 hold on payment %3?</source>
        <translation>%1 afrekenen van de reservering van %2 op betaling %3?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="203"/>
        <source>Receipt %1</source>
        <translation>Bon %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="210"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
</context>
<context>
    <name>ServicePinPad</name>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="32"/>
        <source>No service PIN is set</source>
        <translation>Er is geen service-pincode ingesteld</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="33"/>
        <source>Locked after too many wrong PINs</source>
        <translation>Vergrendeld na te veel foute pincodes</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="34"/>
        <source>Wrong PIN</source>
        <translation>Verkeerde pincode</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="35"/>
        <source>Enter the service PIN</source>
        <translation>Voer de service-pincode in</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="37"/>
        <source>Set one over SSH with “ev-kiosk set-pin --config FILE”, then restart the kiosk.</source>
        <translation>Stel er een in via SSH met “ev-kiosk set-pin --config FILE” en herstart de kiosk.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="38"/>
        <source>Try again in %1.</source>
        <translation>Probeer het over %1 opnieuw.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="39"/>
        <source>1 try left before the pad locks.</source>
        <translation>Nog 1 poging voordat het toetsenbord vergrendelt.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="40"/>
        <source>%1 tries left before the pad locks.</source>
        <translation>Nog %1 pogingen voordat het toetsenbord vergrendelt.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="41"/>
        <source>Charging goes on while service mode is open.</source>
        <translation>Laden gaat door terwijl de servicemodus open is.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="102"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
</context>
<context>
    <name>ServiceStatusPage</name>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="17"/>
        <source>available</source>
        <translation>vrij</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="18"/>
        <source>charging</source>
        <translation>laadt</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="19"/>
        <source>out of service</source>
        <translation>buiten gebruik</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="20"/>
        <source>faulted</source>
        <translation>storing</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="21"/>
        <source>charger offline</source>
        <translation>lader offline</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="33"/>
        <source>Kiosk</source>
        <translation>Kiosk</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="34"/>
        <source>Version</source>
        <translation>Versie</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="35"/>
        <source>Uptime</source>
        <translation>Actief sinds</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="36"/>
        <source>Data directory</source>
        <translation>Datamap</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="37"/>
        <source>Free disk</source>
        <translation>Vrije schijfruimte</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="38"/>
        <source>Renderer</source>
        <translation>Renderer</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="42"/>
        <source>Payment terminal</source>
        <translation>Betaalterminal</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="43"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>Link</source>
        <translation>Verbinding</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>ready</source>
        <translation>gereed</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>connecting</source>
        <translation>verbinden</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="45"/>
        <source>Since</source>
        <translation>Sinds</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="46"/>
        <source>Terminal state</source>
        <translation>Terminalstatus</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="47"/>
        <source>Last round trip</source>
        <translation>Laatste rondreistijd</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="48"/>
        <source>Last error</source>
        <translation>Laatste fout</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="55"/>
        <source>Charge point %1</source>
        <translation>Laadpunt %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="56"/>
        <source>State</source>
        <translation>Toestand</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>Cable</source>
        <translation>Kabel</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>plugged in</source>
        <translation>aangesloten</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>not plugged in</source>
        <translation>niet aangesloten</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="58"/>
        <source>Faults</source>
        <translation>Storingen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="59"/>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="60"/>
        <source>Power</source>
        <translation>Vermogen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="65"/>
        <source>Books</source>
        <translation>Boekhouding</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="66"/>
        <source>Open payments</source>
        <translation>Open betalingen</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="67"/>
        <source>Money commands waiting</source>
        <translation>Wachtende geldopdrachten</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="68"/>
        <source>Next attempt</source>
        <translation>Volgende poging</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="69"/>
        <source>Last commit</source>
        <translation>Laatste afrekening</translation>
    </message>
</context>
<context>
    <name>ServiceSystemPage</name>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="21"/>
        <source>Diagnostics bundle: the configuration without secrets, the log, the wire log, a books summary without card data, versions.</source>
        <translation>Diagnosepakket: de configuratie zonder geheimen, het logboek, het verbindingslogboek, een overzicht van de boekhouding zonder kaartgegevens, versies.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="30"/>
        <source>Export to %1</source>
        <translation>Exporteren naar %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="40"/>
        <source>Restart the kiosk</source>
        <translation>Kiosk herstarten</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="46"/>
        <source>Leave to the desktop</source>
        <translation>Naar het bureaublad</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="57"/>
        <source>Restart the kiosk? Charging goes on; the screen is back in a few seconds.</source>
        <translation>De kiosk herstarten? Laden gaat door; het scherm is over enkele seconden terug.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="58"/>
        <source>Close the kiosk and leave to the desktop? No new session can start until it runs again.</source>
        <translation>De kiosk sluiten en naar het bureaublad gaan? Er kan geen nieuwe sessie starten tot hij weer draait.</translation>
    </message>
</context>
<context>
    <name>ServiceTerminalPage</name>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="21"/>
        <source>Reconnect</source>
        <translation>Opnieuw verbinden</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="27"/>
        <source>Probe</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="33"/>
        <source>Probe with a %1 test payment</source>
        <translation>Test met een testbetaling van %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="46"/>
        <source>Probe running: the kiosk&apos;s own link is paused meanwhile; charging goes on.</source>
        <translation>Test loopt: de eigen verbinding van de kiosk is zolang gepauzeerd; laden gaat door.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="105"/>
        <source>No frames yet</source>
        <translation>Nog geen frames</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="115"/>
        <source>Reserve %1 on a card presented at the terminal, then void it at once?</source>
        <translation>%1 reserveren op een pas bij de terminal en meteen weer vrijgeven?</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <location filename="../../qml/screens/StartingScreen.qml" line="7"/>
        <source>Starting…</source>
        <translation>Opstarten…</translation>
    </message>
</context>
<context>
    <name>StatePill</name>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="8"/>
        <source>Available</source>
        <translation>Beschikbaar</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="9"/>
        <source>In use</source>
        <translation>In gebruik</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="10"/>
        <source>Starting</source>
        <translation>Wordt gestart</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="11"/>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="12"/>
        <source>Out of service</source>
        <translation>Buiten gebruik</translation>
    </message>
</context>
<context>
    <name>StopConfirmScreen</name>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="28"/>
        <source>Card %1</source>
        <translation>Pas %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="40"/>
        <source>Keep charging</source>
        <translation>Doorgaan met laden</translation>
    </message>
</context>
<context>
    <name>TerminalHint</name>
    <message>
        <location filename="../../qml/components/TerminalHint.qml" line="9"/>
        <source>Tap your card on the card reader below</source>
        <translation>Houd uw pas tegen de kaartlezer hieronder</translation>
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
