<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AmountScreen</name>
    <message>
        <location filename="../../qml/screens/AmountScreen.qml" line="47"/>
        <source>The amount is reserved on your card. You pay only for what you charge; the rest is released.</source>
        <translation>Le montant est réservé sur votre carte. Vous ne payez que ce que vous consommez ; le reste est libéré.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/AmountScreen.qml" line="60"/>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
</context>
<context>
    <name>ChargingScreen</name>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="46"/>
        <source>Charge point %1</source>
        <translation>Point de charge %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="64"/>
        <source>Energy</source>
        <translation>Énergie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="70"/>
        <source>Power</source>
        <translation>Puissance</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="76"/>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="82"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="95"/>
        <source>Cost so far against the %1 reserved on your card</source>
        <translation>Coût actuel sur les %1 réservés sur votre carte</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="119"/>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="134"/>
        <source>%1 per kWh</source>
        <translation>%1 par kWh</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="136"/>
        <source>Idle fee %1</source>
        <translation>Frais d&apos;occupation %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="153"/>
        <source>tap the same card</source>
        <translation>présentez la même carte</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="154"/>
        <source>unplug the cable</source>
        <translation>débranchez le câble</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="155"/>
        <source>press Stop charging</source>
        <translation>appuyez sur Arrêter la charge</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="156"/>
        <source>To stop: %1</source>
        <translation>Pour arrêter&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="177"/>
        <source>Stop charging</source>
        <translation>Arrêter la charge</translation>
    </message>
</context>
<context>
    <name>ConnectorCard</name>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="78"/>
        <source>up to %1 kW</source>
        <translation>jusqu&apos;à %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="100"/>
        <source>Plug in within %1</source>
        <translation>Temps pour brancher&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="122"/>
        <source>Tap your card to start</source>
        <translation>Présentez votre carte pour démarrer</translation>
    </message>
</context>
<context>
    <name>CountdownRing</name>
    <message>
        <location filename="../../qml/components/CountdownRing.qml" line="66"/>
        <source>time left</source>
        <translation>restant</translation>
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
        <translation>Touchez l&apos;écran pour commencer</translation>
    </message>
</context>
<context>
    <name>HelpLine</name>
    <message>
        <location filename="../../qml/components/HelpLine.qml" line="22"/>
        <source>Need help? Call %1</source>
        <translation>Besoin d&apos;aide&#xa0;? Appelez le %1</translation>
    </message>
    <message>
        <location filename="../../qml/components/HelpLine.qml" line="24"/>
        <source>Charge point ID %1</source>
        <translation>ID du point de charge %1</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="45"/>
        <source>Charge point %1</source>
        <translation>Point de charge %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="46"/>
        <source>up to %1 kW</source>
        <translation>jusqu&apos;à %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="56"/>
        <source>Choose a charge point</source>
        <translation>Choisissez un point de charge</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="56"/>
        <source>No charge point is free right now</source>
        <translation>Aucun point de charge n&apos;est libre pour le moment</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="66"/>
        <source>Start charging</source>
        <translation>Démarrer la charge</translation>
    </message>
</context>
<context>
    <name>IdleFeeScreen</name>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="46"/>
        <source>The idle fee starts in %1 min.</source>
        <translation>Les frais d&apos;occupation commencent dans %1&#xa0;min.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="47"/>
        <source>The idle fee is running.</source>
        <translation>Les frais d&apos;occupation sont en cours.</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="62"/>
        <source>Idle fee</source>
        <translation>Frais d&apos;occupation</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="71"/>
        <source>Energy</source>
        <translation>Énergie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="75"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <location filename="../../qml/components/LanguagePicker.qml" line="28"/>
        <source>Language</source>
        <translation>Langue</translation>
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
        <translation>Retour</translation>
    </message>
</context>
<context>
    <name>PlugInScreen</name>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="46"/>
        <source>Card %1 approved</source>
        <translation>Carte %1 acceptée</translation>
    </message>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="46"/>
        <source>Card approved</source>
        <translation>Carte acceptée</translation>
    </message>
    <message>
        <location filename="../../qml/screens/PlugInScreen.qml" line="66"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>PresentCardScreen</name>
    <message>
        <location filename="../../qml/screens/PresentCardScreen.qml" line="19"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>PriceTable</name>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="21"/>
        <source>Prices</source>
        <translation>Tarifs</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="39"/>
        <source>per kWh</source>
        <translation>par kWh</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="50"/>
        <source>Charging time</source>
        <translation>Temps de charge</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="57"/>
        <source>Session fee</source>
        <translation>Frais de session</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="62"/>
        <source>Idle fee (bay occupied after charging)</source>
        <translation>Frais d&apos;occupation (branché après la charge)</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="80"/>
        <source>Reserved on your card</source>
        <translation>Réservé sur votre carte</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="87"/>
        <source>You pay only what you use; the rest of the reservation is released.</source>
        <translation>Vous ne payez que ce que vous consommez ; le reste de la réservation est libéré.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="63"/>
        <source>Scan for your receipt</source>
        <translation>Scannez pour votre reçu</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="74"/>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="149"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="170"/>
        <source>incl. %1 %2</source>
        <translation>dont %1 %2</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="172"/>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="195"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
</context>
<context>
    <name>ServiceConfirm</name>
    <message>
        <location filename="../../qml/service/ServiceConfirm.qml" line="32"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConfirm.qml" line="33"/>
        <source>Confirm</source>
        <translation>Confirmer</translation>
    </message>
</context>
<context>
    <name>ServiceConnectorsPage</name>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="34"/>
        <source>Charge point %1</source>
        <translation>Point de charge %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="35"/>
        <source>out of service</source>
        <translation>hors service</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="35"/>
        <source>in service</source>
        <translation>en service</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="42"/>
        <source>Faults: %1</source>
        <translation>Défauts : %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="53"/>
        <source>Back in service</source>
        <translation>Remettre en service</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="53"/>
        <source>Take out of service</source>
        <translation>Mettre hors service</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="59"/>
        <source>Force unlock</source>
        <translation>Déverrouiller le câble</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="65"/>
        <source>Clear fault</source>
        <translation>Effacer le défaut</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="80"/>
        <source>Take charge point %1 out of service? A session in progress goes on; no new one starts.</source>
        <translation>Mettre le point de charge %1 hors service ? Une recharge en cours continue ; aucune nouvelle ne démarre.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="81"/>
        <source>Put charge point %1 back in service?</source>
        <translation>Remettre le point de charge %1 en service ?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="82"/>
        <source>Unlock the cable of charge point %1?</source>
        <translation>Déverrouiller le câble du point de charge %1 ?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceConnectorsPage.qml" line="83"/>
        <source>Clear the faults of charge point %1?</source>
        <translation>Effacer les défauts du point de charge %1 ?</translation>
    </message>
</context>
<context>
    <name>ServiceOverlay</name>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="15"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="16"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="17"/>
        <source>Payments</source>
        <translation>Paiements</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="18"/>
        <source>Connectors</source>
        <translation>Bornes</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="19"/>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceOverlay.qml" line="64"/>
        <source>Leave</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>ServicePaymentsPage</name>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="24"/>
        <source>Open holds and failing money commands</source>
        <translation>Réservations ouvertes et ordres de paiement en échec</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="34"/>
        <source>None: every payment is finalised or on its way.</source>
        <translation>Aucun : chaque paiement est finalisé ou en cours.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="56"/>
        <source>Payment %1 · charge point %2 · %3</source>
        <translation>Paiement %1 · point de charge %2 · %3</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="65"/>
        <source>Age %1 · reserved %2 · delivered %3 (%4)</source>
        <translation>Âge %1 · réservé %2 · livré %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="74"/>
        <source>Last command: %1</source>
        <translation>Dernier ordre : %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="92"/>
        <source>Commit %1</source>
        <translation>Débiter %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="105"/>
        <source>Void</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="115"/>
        <source>Last sessions</source>
        <translation>Dernières recharges</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="130"/>
        <source>charge point %1</source>
        <translation>point de charge %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="140"/>
        <source>Show receipt</source>
        <translation>Afficher le reçu</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="155"/>
        <source>Void payment %1? The hold of %2 is released; the driver pays nothing.</source>
        <translation>Annuler le paiement %1 ? La réservation de %2 est libérée ; le conducteur ne paie rien.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="157"/>
        <source>Commit %1 of the %2 hold on payment %3?</source>
        <translation>Débiter %1 sur la réservation de %2 du paiement %3 ?</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="203"/>
        <source>Receipt %1</source>
        <translation>Reçu %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePaymentsPage.qml" line="210"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>ServicePinPad</name>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="32"/>
        <source>No service PIN is set</source>
        <translation>Aucun code PIN de service n&apos;est défini</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="33"/>
        <source>Locked after too many wrong PINs</source>
        <translation>Bloqué après trop de codes erronés</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="34"/>
        <source>Wrong PIN</source>
        <translation>Code PIN erroné</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="35"/>
        <source>Enter the service PIN</source>
        <translation>Saisissez le code PIN de service</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="37"/>
        <source>Set one over SSH with “ev-kiosk set-pin --config FILE”, then restart the kiosk.</source>
        <translation>Définissez-en un par SSH avec « ev-kiosk set-pin --config FILE », puis redémarrez le kiosque.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="38"/>
        <source>Try again in %1.</source>
        <translation>Réessayez dans %1.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="39"/>
        <source>1 try left before the pad locks.</source>
        <translation>Encore 1 essai avant le blocage du clavier.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="40"/>
        <source>%1 tries left before the pad locks.</source>
        <translation>Encore %1 essais avant le blocage du clavier.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="41"/>
        <source>Charging goes on while service mode is open.</source>
        <translation>La recharge continue pendant le mode service.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServicePinPad.qml" line="102"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>ServiceStatusPage</name>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="17"/>
        <source>available</source>
        <translation>libre</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="18"/>
        <source>charging</source>
        <translation>en charge</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="19"/>
        <source>out of service</source>
        <translation>hors service</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="20"/>
        <source>faulted</source>
        <translation>en défaut</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="21"/>
        <source>charger offline</source>
        <translation>borne hors ligne</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="33"/>
        <source>Kiosk</source>
        <translation>Kiosque</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="34"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="35"/>
        <source>Uptime</source>
        <translation>En marche depuis</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="36"/>
        <source>Data directory</source>
        <translation>Dossier de données</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="37"/>
        <source>Free disk</source>
        <translation>Disque libre</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="38"/>
        <source>Renderer</source>
        <translation>Rendu</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="42"/>
        <source>Payment terminal</source>
        <translation>Terminal de paiement</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="43"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>Link</source>
        <translation>Liaison</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>ready</source>
        <translation>prête</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="44"/>
        <source>connecting</source>
        <translation>connexion</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="45"/>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="46"/>
        <source>Terminal state</source>
        <translation>État du terminal</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="47"/>
        <source>Last round trip</source>
        <translation>Dernier aller-retour</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="48"/>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="55"/>
        <source>Charge point %1</source>
        <translation>Point de charge %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="56"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>Cable</source>
        <translation>Câble</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>plugged in</source>
        <translation>branché</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="57"/>
        <source>not plugged in</source>
        <translation>non branché</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="58"/>
        <source>Faults</source>
        <translation>Défauts</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="59"/>
        <source>Meter</source>
        <translation>Compteur</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="60"/>
        <source>Power</source>
        <translation>Puissance</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="65"/>
        <source>Books</source>
        <translation>Comptabilité</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="66"/>
        <source>Open payments</source>
        <translation>Paiements ouverts</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="67"/>
        <source>Money commands waiting</source>
        <translation>Ordres de paiement en attente</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="68"/>
        <source>Next attempt</source>
        <translation>Prochain essai</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceStatusPage.qml" line="69"/>
        <source>Last commit</source>
        <translation>Dernier débit</translation>
    </message>
</context>
<context>
    <name>ServiceSystemPage</name>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="21"/>
        <source>Diagnostics bundle: the configuration without secrets, the log, the wire log, a books summary without card data, versions.</source>
        <translation>Paquet de diagnostic : la configuration sans secrets, le journal, le journal de liaison, un résumé des comptes sans données de carte, les versions.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="30"/>
        <source>Export to %1</source>
        <translation>Exporter vers %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="40"/>
        <source>Restart the kiosk</source>
        <translation>Redémarrer le kiosque</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="46"/>
        <source>Leave to the desktop</source>
        <translation>Passer au bureau</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="57"/>
        <source>Restart the kiosk? Charging goes on; the screen is back in a few seconds.</source>
        <translation>Redémarrer le kiosque ? La recharge continue ; l&apos;écran revient dans quelques secondes.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceSystemPage.qml" line="58"/>
        <source>Close the kiosk and leave to the desktop? No new session can start until it runs again.</source>
        <translation>Fermer le kiosque et passer au bureau ? Aucune recharge ne peut démarrer avant son redémarrage.</translation>
    </message>
</context>
<context>
    <name>ServiceTerminalPage</name>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="21"/>
        <source>Reconnect</source>
        <translation>Reconnecter</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="27"/>
        <source>Probe</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="33"/>
        <source>Probe with a %1 test payment</source>
        <translation>Test avec un paiement de %1</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="46"/>
        <source>Probe running: the kiosk&apos;s own link is paused meanwhile; charging goes on.</source>
        <translation>Test en cours : la liaison du kiosque est suspendue pendant ce temps ; la recharge continue.</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="105"/>
        <source>No frames yet</source>
        <translation>Aucune trame pour l&apos;instant</translation>
    </message>
    <message>
        <location filename="../../qml/service/ServiceTerminalPage.qml" line="115"/>
        <source>Reserve %1 on a card presented at the terminal, then void it at once?</source>
        <translation>Réserver %1 sur une carte présentée au terminal, puis l&apos;annuler aussitôt ?</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <location filename="../../qml/screens/StartingScreen.qml" line="7"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
</context>
<context>
    <name>StatePill</name>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="8"/>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="9"/>
        <source>In use</source>
        <translation>Occupé</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="10"/>
        <source>Starting</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="11"/>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <location filename="../../qml/components/StatePill.qml" line="12"/>
        <source>Out of service</source>
        <translation>Hors service</translation>
    </message>
</context>
<context>
    <name>StopConfirmScreen</name>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="28"/>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="40"/>
        <source>Keep charging</source>
        <translation>Continuer la charge</translation>
    </message>
</context>
<context>
    <name>TerminalHint</name>
    <message>
        <location filename="../../qml/components/TerminalHint.qml" line="9"/>
        <source>Tap your card on the card reader below</source>
        <translation>Présentez votre carte au lecteur ci-dessous</translation>
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
