//! Events as the origin's webhook templates shape them: what caused an event in `values`
//! (`{data, value: {type, body: {literalValue | objectValues}}}`), the data a monitor asked for
//! in `extensions` (`{type, body: {<member>: …}}`, the v3 template's object body).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::telemetry::{Operand, VehicleStatus};

/// An event a monitor raised, as stored and as delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitorEvent {
    /// Stable across retries and restarts, for idempotent receivers.
    pub event_id: String,
    /// The monitor.
    pub monitor_id: String,
    /// The monitor's fleet.
    pub fleet_id: String,
    /// The vehicle.
    pub vin: String,
    /// The sample's `recordedAt`.
    #[serde(with = "hal_core::time::rfc3339")]
    pub event_date: DateTime<Utc>,
    /// The names of the triggers that held (not in the origin's templates, which allow it).
    #[serde(default)]
    pub triggers: Vec<String>,
    /// The values of the data the monitor's data triggers test.
    #[serde(deserialize_with = "values")]
    pub values: Vec<EventValue>,
    /// The data `extendedEventParam` asked for, each named once, in the order asked.
    #[serde(default, deserialize_with = "extensions")]
    pub extensions: Vec<EventExtension>,
    /// A reminder that the condition still holds, not a new occurrence.
    pub refresh: bool,
}

/// One value that caused an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EventValue {
    /// The operand, as a data trigger names it (`vehicle.kinetic.speed`).
    pub data: String,
    /// Its value when the event was raised.
    pub value: TypedValue,
}

/// A value and how to read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TypedValue {
    /// `string`: `body.literalValue` holds it as text; `obj.alert`: `body.objectValues`
    /// holds the active alerts.
    #[serde(rename = "type")]
    pub kind: ValueType,
    /// The value.
    pub body: ValueBody,
}

/// How a value is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum ValueType {
    /// A number or boolean as text.
    #[serde(rename = "string")]
    Literal,
    /// Alert objects.
    #[serde(rename = "obj.alert")]
    Alert,
}

/// A value's body: one of its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValueBody {
    /// A number (`120`, `87.5`) or boolean (`true`) as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal_value: Option<String>,
    /// Objects (the active alerts, `{type, active}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub object_values: Option<Vec<Value>>,
}

/// Data added to an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EventExtension {
    /// What was asked for.
    #[serde(rename = "type")]
    pub kind: Extension,
    /// The data, under the member the origin names for it (`position`, `alerts`, `status`…);
    /// a member is left out when the vehicle never reported it, and `alerts` is `[]` when
    /// none is active.
    #[schema(value_type = Object)]
    pub body: Map<String, Value>,
}

/// Data added to events, named as `extendedEventParam` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Extension {
    /// `vehicle.position`: the last position, GeoJSON, as `position`.
    #[serde(rename = "vehicle.position")]
    Position,
    /// `vehicle.alerts`: the active alerts, as `alerts`.
    #[serde(rename = "vehicle.alerts")]
    Alerts,
    /// `vehicle.status`: ignition, doors, speed, energy, as `status`.
    #[serde(rename = "vehicle.status")]
    Status,
    /// `vehicle.telemetry`: everything known, as `telemetry`.
    #[serde(rename = "vehicle.telemetry")]
    Telemetry,
    /// `vehicle.doorsState`: the doors, as `doorState`.
    #[serde(rename = "vehicle.doorsState")]
    DoorsState,
    /// `vehicle.maintenance`: the maintenance counters, as `maintenance`.
    #[serde(rename = "vehicle.maintenance")]
    Maintenance,
    /// `vehicle.collisions`: the latest collision, as `collisions`.
    #[serde(rename = "vehicle.collisions")]
    Collisions,
    /// `vehicle.trip`: the trip under way, as `trip`.
    #[serde(rename = "vehicle.trip")]
    Trip,
    /// `vehicle.stolen`: the stolen state, as `stolen`.
    #[serde(rename = "vehicle.stolen")]
    Stolen,
}

impl Extension {
    /// The member of the extension's body that holds its data, as the origin names it.
    #[must_use]
    pub fn member(self) -> &'static str {
        match self {
            Extension::Position => "position",
            Extension::Alerts => "alerts",
            Extension::Status => "status",
            Extension::Telemetry => "telemetry",
            Extension::DoorsState => "doorState",
            Extension::Maintenance => "maintenance",
            Extension::Collisions => "collisions",
            Extension::Trip => "trip",
            Extension::Stolen => "stolen",
        }
    }

    /// The extension as the event carries it, read from `status`.
    #[must_use]
    pub fn of(self, status: &VehicleStatus) -> EventExtension {
        let value = match self {
            Extension::Position => json_of(&status.position),
            Extension::Alerts => Value::Array(alert_objects(status)),
            Extension::Status => serde_json::json!({
                "ignition": status.ignition,
                "doorsOpen": status.doors_open,
                "speed": status.speed,
                "electricLevel": status.electric_level,
                "fuelLevel": status.fuel_level,
            }),
            Extension::Telemetry => json_of(status),
            Extension::DoorsState => serde_json::json!({ "opening": status.doors_open }),
            // Nothing the vehicles send says these yet: the extension is there, its body empty.
            Extension::Maintenance
            | Extension::Collisions
            | Extension::Trip
            | Extension::Stolen => Value::Null,
        };
        let mut body = Map::new();
        if !value.is_null() {
            body.insert(self.member().to_owned(), value);
        }
        EventExtension { kind: self, body }
    }
}

impl EventValue {
    /// The operand's value in `status`; `None` while the vehicle has not reported it.
    #[must_use]
    pub fn of(operand: Operand, status: &VehicleStatus) -> Option<Self> {
        let body = match operand.json(status) {
            Value::Null => return None,
            Value::Array(_) => ValueBody {
                literal_value: None,
                object_values: Some(alert_objects(status)),
            },
            Value::String(text) => ValueBody {
                literal_value: Some(text),
                object_values: None,
            },
            // Numbers and booleans as their JSON text: `120`, `87.5`, `true`.
            other => ValueBody {
                literal_value: Some(literal(&other)),
                object_values: None,
            },
        };
        let kind = if body.object_values.is_some() {
            ValueType::Alert
        } else {
            ValueType::Literal
        };
        Some(Self {
            data: operand.name().to_owned(),
            value: TypedValue { kind, body },
        })
    }
}

/// A number as its shortest text (`120`, not `120.0`), anything else as its JSON text.
fn literal(value: &Value) -> String {
    match value.as_f64() {
        Some(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{number:.0}"),
        _ => value.to_string(),
    }
}

/// The active alerts as objects: `{type, active}`.
fn alert_objects(status: &VehicleStatus) -> Vec<Value> {
    status
        .alerts
        .iter()
        .flatten()
        .map(|name| serde_json::json!({ "type": name, "active": true }))
        .collect()
}

fn json_of<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Events stored before values followed the origin's shape held an object keyed by operand
/// (and `triggers`); read both so that they stay deliverable.
fn values<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<EventValue>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Origin(Vec<EventValue>),
        Keyed(Map<String, Value>),
    }
    Ok(match Stored::deserialize(deserializer)? {
        Stored::Origin(values) => values,
        Stored::Keyed(keyed) => keyed
            .into_iter()
            .filter(|(data, _)| data != "triggers")
            .map(|(data, value)| EventValue {
                data,
                value: TypedValue {
                    kind: ValueType::Literal,
                    body: ValueBody {
                        literal_value: Some(literal(&value)),
                        object_values: None,
                    },
                },
            })
            .collect(),
    })
}

/// As [`values`], for extensions once stored as an object keyed by extension name.
fn extensions<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<EventExtension>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Origin(Vec<EventExtension>),
        Keyed(Map<String, Value>),
    }
    Ok(match Stored::deserialize(deserializer)? {
        Stored::Origin(extensions) => extensions,
        Stored::Keyed(keyed) => keyed
            .into_iter()
            .filter_map(|(name, value)| {
                let kind: Extension = serde_json::from_value(Value::String(name)).ok()?;
                let mut body = Map::new();
                body.insert(kind.member().to_owned(), value);
                Some(EventExtension { kind, body })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn events_stored_in_the_keyed_shape_still_read() {
        let stored = json!({
            "eventId": "e1", "monitorId": "m1", "fleetId": "f1", "vin": "VF31",
            "eventDate": "2026-03-17T10:00:00.000Z",
            "values": {"triggers": ["fast"], "vehicle.kinetic.speed": 120.0},
            "extensions": {"vehicle.position": {"type": "Point", "coordinates": [2.0, 48.0]},
                           "vehicle.colour": "red"},
            "refresh": false
        });
        let event: MonitorEvent = serde_json::from_value(stored).unwrap();
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({
                "eventId": "e1", "monitorId": "m1", "fleetId": "f1", "vin": "VF31",
                "eventDate": "2026-03-17T10:00:00.000Z", "triggers": [],
                "values": [{"data": "vehicle.kinetic.speed",
                            "value": {"type": "string", "body": {"literalValue": "120"}}}],
                "extensions": [{"type": "vehicle.position",
                                "body": {"position": {"type": "Point", "coordinates": [2.0, 48.0]}}}],
                "refresh": false
            })
        );
        // The origin's shape reads back as written.
        let again: MonitorEvent =
            serde_json::from_value(serde_json::to_value(&event).unwrap()).unwrap();
        assert_eq!(again, event);
    }

    #[test]
    fn literals_are_the_shortest_text() {
        assert_eq!(literal(&json!(120.0)), "120");
        assert_eq!(literal(&json!(87.5)), "87.5");
        assert_eq!(literal(&json!(-3)), "-3");
        assert_eq!(literal(&json!(true)), "true");
        assert_eq!(literal(&json!(1e20)), "1e+20");
    }
}
