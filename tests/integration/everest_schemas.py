"""JSON schemas of EVerest's MQTT API, written out from the published AsyncAPI files.

Spec: EVerest API 1 (servers.default.pathname everest_api/1/...), AsyncAPI 3.0.0,
info.version 1.0.0 of each file, in EVerest/everest-core
docs/source/reference/EVerest_API/:
  evse_manager_consumer_API.yaml   components.schemas: SessionEvent, SessionInfo,
      EvseStateEnum, SessionEventEnum, SessionStarted, StartSessionReason,
      TransactionStarted, TransactionFinished, SessionFinished, StopTransactionReason,
      StopTransactionRequest, ChargingStateChangedEvent, AuthorizationEvent,
      EnableDisableRequest, EnableDisableSource, Evse, Connector, ConnectorTypeEnum,
      ForceUnlockRequest, *Reply, HeartBeatId; the send_request_* messages
      ({headers: {replyTo}, payload});
  auth_consumer_API.yaml           ProvidedIdToken, IdToken, IdTokenType, AuthorizationType,
      CustomIdToken (what auth_token_provider_API.yaml's provided_token carries);
  powermeter_API.yaml              Powermeter, units.types.Energy/Power/...;
  error_history_consumer_API.yaml  ErrorObject, ErrorList, ImplementationIdentifier,
      Severity, State.
Copied by hand, constraints as published (enums, minimum, maxLength,
additionalProperties). Two things the schemas leave to prose are checked too:
a request whose operation has a reply must carry headers.replyTo (the reply's
address location is $message.header#/replyTo), and date-time strings must parse.
"""
from __future__ import annotations

SPEC_VERSION = "EVerest API 1 / AsyncAPI info.version 1.0.0 (everest-core docs/source/reference/EVerest_API)"

_num = {"type": "number"}

DEFS: dict = {
    # ---- powermeter_API.yaml
    "Energy": {"type": "object", "additionalProperties": True, "required": ["total"],
               "properties": {"total": _num, "L1": _num, "L2": _num, "L3": _num}},
    "Power": {"type": "object", "additionalProperties": True, "required": ["total"],
              "properties": {"total": _num, "L1": _num, "L2": _num, "L3": _num}},
    "Voltage": {"type": "object", "additionalProperties": True,
                "properties": {"DC": _num, "L1": _num, "L2": _num, "L3": _num}},
    "Current": {"type": "object", "additionalProperties": True,
                "properties": {"DC": _num, "L1": _num, "L2": _num, "L3": _num, "N": _num}},
    "Frequency": {"type": "object", "additionalProperties": True, "required": ["L1"],
                  "properties": {"L1": _num, "L2": _num, "L3": _num}},
    "Powermeter": {
        "type": "object", "additionalProperties": True, "required": ["timestamp", "energy_Wh_import"],
        "properties": {
            "timestamp": {"type": "string", "format": "date-time"},
            "meter_id": {"type": "string"}, "phase_seq_error": {"type": "boolean"},
            "energy_Wh_import": {"$ref": "#/$defs/Energy"},
            "energy_Wh_export": {"$ref": "#/$defs/Energy"},
            "power_W": {"$ref": "#/$defs/Power"}, "voltage_V": {"$ref": "#/$defs/Voltage"},
            "current_A": {"$ref": "#/$defs/Current"},
            "frequency_Hz": {"$ref": "#/$defs/Frequency"}}},
    # ---- auth_consumer_API.yaml
    "AuthorizationType": {"type": "string",
                          "enum": ["OCPP", "RFID", "Autocharge", "PlugAndCharge", "BankCard"]},
    "IdTokenType": {"type": "string", "enum": ["Central", "eMAID", "MacAddress", "ISO14443",
                                               "ISO15693", "KeyCode", "Local", "NoAuthorization"]},
    "CustomIdToken": {"type": "object", "additionalProperties": True, "required": ["value", "type"],
                      "properties": {"value": {"type": "string", "minLength": 0, "maxLength": 36},
                                     "type": {"type": "string", "minLength": 0, "maxLength": 50}}},
    "IdToken": {"type": "object", "additionalProperties": True, "required": ["value", "type"],
                "properties": {"value": {"type": "string", "minLength": 0, "maxLength": 36},
                               "type": {"$ref": "#/$defs/IdTokenType"},
                               "additional_info": {"type": "array",
                                                   "items": {"$ref": "#/$defs/CustomIdToken"}}}},
    "ProvidedIdToken": {
        "type": "object", "additionalProperties": True, "required": ["id_token", "authorization_type"],
        "properties": {
            "request_id": {"type": "integer"}, "id_token": {"$ref": "#/$defs/IdToken"},
            "parent_id_token": {"$ref": "#/$defs/IdToken"},
            "authorization_type": {"$ref": "#/$defs/AuthorizationType", "minLength": 2, "maxLength": 32},
            "connectors": {"type": "array", "items": {"type": "integer", "minimum": 1}},
            "prevalidated": {"type": "boolean"},
            "certificate": {"type": "string", "maxLength": 5500}}},
    # ---- evse_manager_consumer_API.yaml
    "EvseStateEnum": {"type": "string", "enum": [
        "Unknown", "Unplugged", "Disabled", "Preparing", "Reserved", "AuthRequired",
        "WaitingForEnergy", "ChargingPausedEV", "ChargingPausedEVSE", "Charging", "AuthTimeout",
        "Finished", "FinishedEVSE", "FinishedEV"]},
    "SessionInfo": {
        "type": "object", "additionalProperties": False,
        "required": ["state", "charged_energy_wh", "discharged_energy_wh", "latest_total_w",
                     "session_duration_s", "timestamp"],
        "properties": {
            "state": {"$ref": "#/$defs/EvseStateEnum"},
            "charged_energy_wh": {"type": "integer", "minimum": 0},
            "discharged_energy_wh": {"type": "integer", "minimum": 0},
            "latest_total_w": {"type": "integer"},
            "session_duration_s": {"type": "integer", "minimum": 0},
            "timestamp": {"type": "string", "format": "date-time"},
            "selected_protocol": {"type": "string"},
            "transaction_duration_s": {"type": "integer", "minimum": 0},
            "session_start_time": {"type": "string", "format": "date-time"},
            "transaction_start_time": {"type": "string", "format": "date-time"},
            "session_end_time": {"type": "string", "format": "date-time"},
            "transaction_end_time": {"type": "string", "format": "date-time"}}},
    "SessionEventEnum": {"type": "string", "enum": [
        "Authorized", "Deauthorized", "Enabled", "Disabled", "SessionStarted", "AuthRequired",
        "TransactionStarted", "PrepareCharging", "ChargingStarted", "ChargingPausedEV",
        "ChargingPausedEVSE", "WaitingForEnergy", "ChargingResumed", "StoppingCharging",
        "ChargingFinished", "TransactionFinished", "SessionFinished", "ReservationStart",
        "ReservationEnd", "ReplugStarted", "ReplugFinished", "PluginTimeout", "SwitchingPhases",
        "SessionResumed"]},
    "StartSessionReason": {"type": "string", "enum": ["EVConnected", "Authorized"]},
    "StopTransactionReason": {"type": "string", "enum": [
        "EmergencyStop", "EVDisconnected", "HardReset", "Local", "Other", "PowerLoss", "Reboot",
        "Remote", "SoftReset", "UnlockCommand", "DeAuthorized", "EnergyLimitReached",
        "GroundFault", "LocalOutOfCredit", "MasterPass", "OvercurrentFault", "PowerQuality",
        "SOCLimitReached", "StoppedByEV", "TimeLimitReached", "Timeout",
        "ReqEnergyTransferRejected"]},
    "SessionStarted": {"type": "object", "additionalProperties": True,
                       "required": ["reason", "meter_value"],
                       "properties": {"reason": {"$ref": "#/$defs/StartSessionReason"},
                                      "id_tag": {"$ref": "#/$defs/ProvidedIdToken"},
                                      "meter_value": {"$ref": "#/$defs/Powermeter"},
                                      "reservation_id": {"type": "integer"},
                                      "logging_path": {"type": "string"}}},
    "SessionFinished": {"type": "object", "additionalProperties": True, "required": ["meter_value"],
                        "properties": {"meter_value": {"$ref": "#/$defs/Powermeter"}}},
    "TransactionStarted": {"type": "object", "additionalProperties": True,
                           "required": ["id_tag", "meter_value"],
                           "properties": {"id_tag": {"$ref": "#/$defs/ProvidedIdToken"},
                                          "meter_value": {"$ref": "#/$defs/Powermeter"},
                                          "reservation_id": {"type": "integer"}}},
    "TransactionFinished": {"type": "object", "additionalProperties": True,
                            "required": ["meter_value"],
                            "properties": {"meter_value": {"$ref": "#/$defs/Powermeter"},
                                           "reason": {"$ref": "#/$defs/StopTransactionReason"},
                                           "id_tag": {"$ref": "#/$defs/ProvidedIdToken"}}},
    "ChargingStateChangedEvent": {"type": "object", "additionalProperties": True,
                                  "required": ["meter_value"],
                                  "properties": {"meter_value": {"$ref": "#/$defs/Powermeter"}}},
    "AuthorizationEvent": {"type": "object", "additionalProperties": True,
                           "required": ["meter_value"],
                           "properties": {"meter_value": {"$ref": "#/$defs/Powermeter"}}},
    "EnableDisableSource": {
        "type": "object", "additionalProperties": True,
        "required": ["enable_source", "enable_state", "enable_priority"],
        "properties": {
            "enable_source": {"type": "string", "enum": [
                "Unspecified", "LocalAPI", "LocalKeyLock", "ServiceTechnician", "RemoteKeyLock",
                "MobileApp", "FirmwareUpdate", "CSMS"]},
            "enable_state": {"type": "string", "enum": ["Unassigned", "Disable", "Enable"]},
            "enable_priority": {"type": "integer", "minimum": 0, "maximum": 10000}}},
    "SessionEvent": {
        "type": "object", "additionalProperties": True, "required": ["uuid", "event", "timestamp"],
        "properties": {
            "uuid": {"type": "string"}, "timestamp": {"type": "string", "format": "date-time"},
            "connector_id": {"type": "integer"}, "event": {"$ref": "#/$defs/SessionEventEnum"},
            "session_started": {"$ref": "#/$defs/SessionStarted"},
            "session_finished": {"$ref": "#/$defs/SessionFinished"},
            "transaction_started": {"$ref": "#/$defs/TransactionStarted"},
            "transaction_finished": {"$ref": "#/$defs/TransactionFinished"},
            "charging_state_changed_event": {"$ref": "#/$defs/ChargingStateChangedEvent"},
            "authorization_event": {"$ref": "#/$defs/AuthorizationEvent"},
            "source": {"$ref": "#/$defs/EnableDisableSource"}}},
    "ConnectorTypeEnum": {"type": "string", "enum": [
        "cCCS1", "cCCS2", "cG105", "cTesla", "cType1", "cType2", "s309_1P_16A", "s309_1P_32A",
        "s309_3P_16A", "s309_3P_32A", "sBS1361", "sCEE_7_7", "sType2", "sType3",
        "Other1PhMax16A", "Other1PhOver16A", "Other3Ph", "Pan", "wInductive", "wResonant",
        "Undetermined", "Unknown"]},
    "Connector": {"type": "object", "additionalProperties": True, "required": ["id"],
                  "properties": {"id": {"type": "integer", "minimum": 1},
                                 "type": {"$ref": "#/$defs/ConnectorTypeEnum"}}},
    "Evse": {"type": "object", "required": ["id", "connectors"],
             "properties": {"id": {"type": "integer", "minimum": 1, "maximum": 128},
                            "connectors": {"type": "array", "items": {"$ref": "#/$defs/Connector"},
                                           "minItems": 1, "maxItems": 128}}},
    "EnableDisableRequest": {"type": "object", "additionalProperties": True,
                             "required": ["connector_id", "source"],
                             "properties": {"connector_id": {"type": "integer"},
                                            "source": {"$ref": "#/$defs/EnableDisableSource"}}},
    "StopTransactionRequest": {"type": "object", "additionalProperties": True, "required": ["reason"],
                               "properties": {"reason": {"$ref": "#/$defs/StopTransactionReason"},
                                              "id_tag": {"$ref": "#/$defs/ProvidedIdToken"}}},
    "ForceUnlockRequest": {"type": "integer"},
    "BoolReply": {"type": "boolean"},     # EnableDisable/PauseCharging/ResumeCharging/StopTransaction/ForceUnlockReply
    "HeartBeatId": {"type": "integer"},
    "CommunicationCheck": {"type": "boolean"},
    # ---- error_history_consumer_API.yaml
    "ImplementationIdentifier": {"type": "object", "additionalProperties": True,
                                 "required": ["module_id", "implementation_id"],
                                 "properties": {"module_id": {"type": "string", "minLength": 2},
                                                "implementation_id": {"type": "string", "minLength": 2}}},
    "ErrorObject": {
        "type": "object", "additionalProperties": True,
        "required": ["type", "description", "message", "origin", "timestamp", "uuid", "severity", "state"],
        "properties": {
            "type": {"type": "string", "minLength": 2}, "sub_type": {"type": "string"},
            "description": {"type": "string", "minLength": 2},
            "message": {"type": "string", "minLength": 2},
            "severity": {"type": "string", "enum": ["High", "Medium", "Low"]},
            "origin": {"$ref": "#/$defs/ImplementationIdentifier"},
            "timestamp": {"type": "string", "format": "date-time"},
            "uuid": {"type": "string", "minLength": 2},
            "state": {"type": "string", "enum": ["Active", "ClearedByModule", "ClearedByReboot"]}}},
    "ErrorList": {"type": "object", "additionalProperties": True, "required": ["errors"],
                  "properties": {"errors": {"type": "array", "items": {"$ref": "#/$defs/ErrorObject"}}}},
}


def request(payload_def: str | None) -> dict:
    """A send_request_* message: headers.replyTo (required: its reply goes there) and the payload."""
    props: dict = {"headers": {"type": "object", "required": ["replyTo"],
                               "properties": {"replyTo": {"type": "string"}}}}
    required = ["headers"]
    if payload_def:
        props["payload"] = {"$ref": f"#/$defs/{payload_def}"}
        required.append("payload")
    return {"type": "object", "properties": props, "required": required}


# Topic leaf under a module's base -> schema, per direction.
MODULE_TO_EVEREST = {
    ("evse_manager_consumer", "get_evse"): request(None),
    ("evse_manager_consumer", "enable_disable"): request("EnableDisableRequest"),
    ("evse_manager_consumer", "pause_charging"): request(None),
    ("evse_manager_consumer", "resume_charging"): request(None),
    ("evse_manager_consumer", "stop_transaction"): request("StopTransactionRequest"),
    ("evse_manager_consumer", "force_unlock"): request("ForceUnlockRequest"),
    ("auth_token_provider", "provided_token"): {"$ref": "#/$defs/ProvidedIdToken"},
    ("error_history_consumer", "active_errors"): request(None),
    ("evse_manager_consumer", "communication_check"): {"$ref": "#/$defs/CommunicationCheck"},
    ("auth_token_provider", "communication_check"): {"$ref": "#/$defs/CommunicationCheck"},
    ("error_history_consumer", "communication_check"): {"$ref": "#/$defs/CommunicationCheck"},
}
EVEREST_TO_MODULE = {
    ("evse_manager_consumer", "session_event"): {"$ref": "#/$defs/SessionEvent"},
    ("evse_manager_consumer", "session_info"): {"$ref": "#/$defs/SessionInfo"},
    ("evse_manager_consumer", "powermeter"): {"$ref": "#/$defs/Powermeter"},
    ("evse_manager_consumer", "heartbeat"): {"$ref": "#/$defs/HeartBeatId"},
    ("error_history_consumer", "error_raised"): {"$ref": "#/$defs/ErrorObject"},
    ("error_history_consumer", "error_cleared"): {"$ref": "#/$defs/ErrorObject"},
}
REPLIES = {
    "get_evse": {"$ref": "#/$defs/Evse"},
    "enable_disable": {"$ref": "#/$defs/BoolReply"},
    "pause_charging": {"$ref": "#/$defs/BoolReply"},
    "resume_charging": {"$ref": "#/$defs/BoolReply"},
    "stop_transaction": {"$ref": "#/$defs/BoolReply"},
    "force_unlock": {"$ref": "#/$defs/BoolReply"},
    "active_errors": {"$ref": "#/$defs/ErrorList"},
}


def schema_for(topic: str) -> tuple[str, dict] | None:
    """(what, schema) for a topic everest_api/1/{interface}/{module}/{m2e|e2m}/{leaf}[/{uuid}]."""
    parts = topic.split("/")
    if len(parts) < 6 or parts[:2] != ["everest_api", "1"]:
        return None
    interface, direction, leaf = parts[2], parts[4], parts[5]
    if direction == "e2m" and len(parts) == 7:
        s = REPLIES.get(leaf)
        return (f"reply to {leaf}", s) if s else None
    table = MODULE_TO_EVEREST if direction == "m2e" else EVEREST_TO_MODULE
    s = table.get((interface, leaf))
    return (f"{direction}/{leaf}", s) if s else None


def with_defs(schema: dict) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": DEFS, **schema}


_validators: dict[str, object] = {}


def validate(topic: str, body) -> bool:
    """Validate one message by its topic (jsonschema.ValidationError when it does not follow
    the spec); False when the spec has no schema for the topic. Validators are built once."""
    found = schema_for(topic)
    if found is None:
        return False
    import jsonschema
    what, schema = found
    v = _validators.get(what)
    if v is None:
        v = _validators[what] = jsonschema.Draft202012Validator(with_defs(schema))
    if isinstance(body, bytes):
        raise jsonschema.ValidationError("not JSON")
    v.validate(body)
    return True
