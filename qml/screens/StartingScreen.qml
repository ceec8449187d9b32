import QtQuick
import Kiosk

// Before the first snapshot arrives.
StatusLayout {
    busy: true
    title: qsTr("Starting…")
}
