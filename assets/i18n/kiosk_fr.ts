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
        <location filename="../../qml/screens/ChargingScreen.qml" line="52"/>
        <source>Energy</source>
        <translation>Énergie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="58"/>
        <source>Power</source>
        <translation>Puissance</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="64"/>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="70"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="99"/>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="106"/>
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ChargingScreen.qml" line="127"/>
        <source>Stop charging</source>
        <translation>Arrêter la charge</translation>
    </message>
</context>
<context>
    <name>ConnectorCard</name>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="65"/>
        <source>up to %1 kW</source>
        <translation>jusqu&apos;à %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/components/ConnectorCard.qml" line="97"/>
        <source>Tap to start</source>
        <translation>Touchez pour démarrer</translation>
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
        <translation>Touchez l&apos;écran pour commencer</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="37"/>
        <source>Charge point %1</source>
        <translation>Point de charge %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="38"/>
        <source>up to %1 kW</source>
        <translation>jusqu&apos;à %1 kW</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="47"/>
        <source>Choose a charge point</source>
        <translation>Choisissez un point de charge</translation>
    </message>
    <message>
        <location filename="../../qml/screens/HomeScreen.qml" line="57"/>
        <source>Start charging</source>
        <translation>Démarrer la charge</translation>
    </message>
</context>
<context>
    <name>IdleFeeScreen</name>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="49"/>
        <source>Idle fee</source>
        <translation>Frais d&apos;occupation</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="58"/>
        <source>Energy</source>
        <translation>Énergie</translation>
    </message>
    <message>
        <location filename="../../qml/screens/IdleFeeScreen.qml" line="62"/>
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
        <location filename="../../qml/components/PriceTable.qml" line="51"/>
        <source>/min</source>
        <translation>/min</translation>
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
        <location filename="../../qml/components/PriceTable.qml" line="69"/>
        <source>Reserved on your card</source>
        <translation>Réservé sur votre carte</translation>
    </message>
    <message>
        <location filename="../../qml/components/PriceTable.qml" line="76"/>
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
        <location filename="../../qml/screens/ReceiptScreen.qml" line="138"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="159"/>
        <source>incl. %1 %2</source>
        <translation>dont %1 %2</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="161"/>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ReceiptScreen.qml" line="184"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../../qml/screens/ServiceScreen.qml" line="14"/>
        <source>Service mode — coming soon</source>
        <translation>Mode maintenance — bientôt disponible</translation>
    </message>
    <message>
        <location filename="../../qml/screens/ServiceScreen.qml" line="18"/>
        <source>Close</source>
        <translation>Fermer</translation>
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
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="24"/>
        <source>Card %1</source>
        <translation>Carte %1</translation>
    </message>
    <message>
        <location filename="../../qml/screens/StopConfirmScreen.qml" line="36"/>
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
