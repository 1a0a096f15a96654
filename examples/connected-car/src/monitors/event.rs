//! Events as the origin's webhook templates shape them: what caused an event in `values`
//! (`{data, value: {type, body: {literalValue | objectValues}}}`), the data a monitor asked for
//! in `extensions` (`{type, body: {<member>: …}}`, the v3 template's object body).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::telemetry::{Operand, Reading, TelemetryPart, VehicleStatus};

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
    /// holds the active alerts; `obj.collision`: `body.objectValues` holds the collision.
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
    /// A collision object, `{side, severity}`.
    #[serde(rename = "obj.collision")]
    Collision,
}

/// A value's body: one of its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValueBody {
    /// A number (`120`, `87.5`), a boolean (`true`) or a name (`InProgress`) as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literal_value: Option<String>,
    /// Objects (the active alerts, `{type, active}`; a collision, `{side, severity}`).
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    /// `vehicle.position`: the last position, GeoJSON, as `position`.
    Position,
    /// `vehicle.alerts`: the active alerts, as `alerts`.
    Alerts,
    /// `vehicle.status`: ignition, powertrain, doors, speed, energy, privacy, as `status`.
    Status,
    /// `vehicle.telemetry`: everything known, as `telemetry`; with a suffix
    /// (`vehicle.telemetry.environment`), that part only. The event carries one
    /// `vehicle.telemetry` extension with every part asked for.
    Telemetry(Option<TelemetryPart>),
    /// `vehicle.doorsState`: the doors, as `doorState`.
    DoorsState,
    /// `vehicle.maintenance`: the maintenance counters, as `maintenance`.
    Maintenance,
    /// `vehicle.collisions`: the collision the latest sample reported, as `collisions`.
    Collisions,
    /// `vehicle.trip`: the trip last reported, as `trip`.
    Trip,
    /// `vehicle.stolen`: the stolen state, as `stolen`.
    Stolen,
}

impl Extension {
    /// The extensions without a suffix, with their names.
    const PLAIN: [(Extension, &'static str); 9] = [
        (Extension::DoorsState, "vehicle.doorsState"),
        (Extension::Status, "vehicle.status"),
        (Extension::Maintenance, "vehicle.maintenance"),
        (Extension::Position, "vehicle.position"),
        (Extension::Telemetry(None), "vehicle.telemetry"),
        (Extension::Alerts, "vehicle.alerts"),
        (Extension::Collisions, "vehicle.collisions"),
        (Extension::Trip, "vehicle.trip"),
        (Extension::Stolen, "vehicle.stolen"),
    ];

    /// Every name `extendedEventParam` takes: the origin's nine, and `vehicle.telemetry.`
    /// followed by each telemetry part.
    #[must_use]
    pub fn names() -> Vec<String> {
        Self::PLAIN
            .iter()
            .map(|(_, name)| (*name).to_owned())
            .chain(
                TelemetryPart::NAMES
                    .iter()
                    .map(|part| format!("vehicle.telemetry.{part}")),
            )
            .collect()
    }

    /// The extension named `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        if let Some(part) = name.strip_prefix("vehicle.telemetry.") {
            let part = serde_json::from_value(Value::from(part)).ok()?;
            return Some(Extension::Telemetry(Some(part)));
        }
        Self::PLAIN
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(extension, _)| *extension)
    }

    /// Its name.
    #[must_use]
    pub fn name(self) -> std::borrow::Cow<'static, str> {
        match self {
            Extension::Telemetry(Some(part)) => format!("vehicle.telemetry.{}", part.name()).into(),
            plain => Self::PLAIN
                .iter()
                .find(|(extension, _)| *extension == plain)
                .map_or("", |(_, name)| name)
                .into(),
        }
    }

    /// The member of the extension's body that holds its data, as the origin names it.
    #[must_use]
    pub fn member(self) -> &'static str {
        match self {
            Extension::Position => "position",
            Extension::Alerts => "alerts",
            Extension::Status => "status",
            Extension::Telemetry(_) => "telemetry",
            Extension::DoorsState => "doorState",
            Extension::Maintenance => "maintenance",
            Extension::Collisions => "collisions",
            Extension::Trip => "trip",
            Extension::Stolen => "stolen",
        }
    }

    /// The extensions an event carries for those a monitor asked for (each named once), read
    /// from `status`: in the order asked, the telemetry parts together in one
    /// `vehicle.telemetry` extension where the first was asked for.
    #[must_use]
    pub fn all_of(asked: &[Extension], status: &VehicleStatus) -> Vec<EventExtension> {
        let mut carried = Vec::with_capacity(asked.len());
        let mut parts: Option<Vec<TelemetryPart>> = None;
        let mut whole = false;
        for extension in asked {
            match extension {
                Extension::Telemetry(part) => {
                    if parts.is_none() {
                        carried.push(Extension::Telemetry(None).of(status));
                    }
                    let parts = parts.get_or_insert_with(Vec::new);
                    match part {
                        Some(part) => parts.push(*part),
                        None => whole = true,
                    }
                }
                other => carried.push(other.of(status)),
            }
        }
        if let Some(parts) = parts.filter(|_| !whole) {
            for extension in &mut carried {
                if let (Extension::Telemetry(_), Some(Value::Object(telemetry))) =
                    (extension.kind, extension.body.get_mut("telemetry"))
                {
                    telemetry.retain(|member, _| {
                        member == "recordedAt" || parts.iter().any(|p| p.covers(member))
                    });
                }
            }
        }
        carried
    }

    /// The extension as the event carries it, read from `status`.
    #[must_use]
    pub fn of(self, status: &VehicleStatus) -> EventExtension {
        let value = match self {
            Extension::Position => json_of(&status.position),
            Extension::Alerts => Value::Array(alert_objects(status)),
            Extension::Status => present(serde_json::json!({
                "ignition": status.ignition,
                "powertrain": status.powertrain_status,
                "doorsOpen": status.doors_open,
                "speed": status.speed,
                "moving": status.moving,
                "autonomy": status.autonomy,
                "electricLevel": status.electric_level,
                "fuelLevel": status.fuel_level,
                "chargingStatus": status.charging_status,
                "privacy": status.privacy_state,
            })),
            Extension::Telemetry(_) => json_of(status),
            Extension::DoorsState => present(serde_json::json!({
                "opening": status.doors_open,
                "lockedState": status.locked_state,
            })),
            Extension::Maintenance => present(serde_json::json!({
                "daysBeforeMaintenance": status.days_before_maintenance,
                "mileageBeforeMaintenance": status.mileage_before_maintenance,
            })),
            Extension::Collisions => match collision_object(status) {
                Some(collision) => serde_json::json!({ "details": [collision] }),
                None => Value::Null,
            },
            Extension::Trip => present(serde_json::json!({
                "id": status.trip_id,
                "done": status.trip_id.as_ref().map(|id| status.trip_stopped.as_ref() == Some(id)),
                "duration": status.trip_duration,
                "distance": status.trip_distance,
                "state": status.trip_state,
            })),
            Extension::Stolen => present(serde_json::json!({ "state": status.stolen })),
        };
        let mut body = Map::new();
        if !value.is_null() {
            body.insert(self.member().to_owned(), value);
        }
        EventExtension { kind: self, body }
    }
}

impl Serialize for Extension {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Extension {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Extension::from_name(&name).ok_or_else(|| {
            let plain: Vec<&str> = Extension::PLAIN.iter().map(|(_, name)| *name).collect();
            serde::de::Error::custom(format!(
                "unknown extension `{name}`, expected one of {}, or vehicle.telemetry.<part> \
                 where <part> is one of {}",
                plain.join(", "),
                TelemetryPart::NAMES.join(", ")
            ))
        })
    }
}

impl utoipa::PartialSchema for Extension {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(Extension::names()))
            .description(Some(
                "Data added to each event; `vehicle.telemetry.<part>` adds that telemetry part",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Extension {}

impl TelemetryPart {
    /// Whether `member` of a [`VehicleStatus`] belongs to this part.
    fn covers(self, member: &str) -> bool {
        let members: &[&str] = match self {
            TelemetryPart::Environment => &["airTemp"],
            TelemetryPart::Privacy => &["privacyState"],
            TelemetryPart::Vehicle => {
                return !matches!(member, "airTemp" | "privacyState" | "position");
            }
            TelemetryPart::DoorsState => &["doorsOpen", "lockedState"],
            TelemetryPart::Energies => &[
                "autonomy",
                "electricLevel",
                "electricAutonomy",
                "fuelLevel",
                "fuelAutonomy",
                "chargingStatus",
                "chargingPlugged",
                "chargingType",
            ],
            TelemetryPart::Engines => &["oilTemp", "powertrainStatus"],
            TelemetryPart::Ignition => &["ignition"],
            TelemetryPart::Safety => &["beltWarning", "autoECallTriggering"],
            TelemetryPart::DrivingBehavior => &["drivingMode"],
            TelemetryPart::AlarmStatus => &["alarmActivation"],
            TelemetryPart::AlarmTrigger => &["alarmTrigger"],
            // Nothing the vehicles send here belongs to these.
            TelemetryPart::Adas
            | TelemetryPart::Battery
            | TelemetryPart::Lighting
            | TelemetryPart::LightingSystem
            | TelemetryPart::Transmission
            | TelemetryPart::WipingBlades => &[],
        };
        members.contains(&member)
    }
}

impl EventValue {
    /// The operand's value in `status`; `None` while the vehicle has not reported it.
    #[must_use]
    pub fn of(operand: Operand, status: &VehicleStatus) -> Option<Self> {
        let reading = operand.read(status)?;
        let (kind, body) = match reading {
            Reading::Names(_) => (ValueType::Alert, objects(alert_objects(status))),
            Reading::Text(_)
                if matches!(operand, Operand::CollisionSide | Operand::CollisionSeverity) =>
            {
                (
                    ValueType::Collision,
                    objects(collision_object(status).into_iter().collect()),
                )
            }
            Reading::Text(text) => (ValueType::Literal, literal_body(text.to_owned())),
            Reading::Boolean(b) => (ValueType::Literal, literal_body(b.to_string())),
            Reading::Number(n) => (ValueType::Literal, literal_body(literal(&Value::from(n)))),
        };
        Some(Self {
            data: operand.name().to_owned(),
            value: TypedValue { kind, body },
        })
    }
}

fn literal_body(text: String) -> ValueBody {
    ValueBody {
        literal_value: Some(text),
        object_values: None,
    }
}

fn objects(values: Vec<Value>) -> ValueBody {
    ValueBody {
        literal_value: None,
        object_values: Some(values),
    }
}

/// The collision the latest sample reported, as the origin's collision details: `{side,
/// severity}`.
fn collision_object(status: &VehicleStatus) -> Option<Value> {
    let side = status.collision_side?;
    let mut object = Map::new();
    object.insert("side".to_owned(), Value::from(side.name()));
    if let Some(severity) = status.collision_severity {
        object.insert("severity".to_owned(), Value::from(severity.name()));
    }
    Some(Value::Object(object))
}

/// `object` without its `null` members, or `null` when none is left: what the vehicle never
/// reported is left out.
fn present(object: Value) -> Value {
    match object {
        Value::Object(members) => {
            let members: Map<String, Value> =
                members.into_iter().filter(|(_, v)| !v.is_null()).collect();
            if members.is_empty() {
                Value::Null
            } else {
                Value::Object(members)
            }
        }
        other => other,
    }
}

/// A whole number without a fraction (`120`, not `120.0`), anything else as its JSON text.
pub(crate) fn literal(value: &Value) -> String {
    match value.as_f64().and_then(super::whole) {
        Some(integer) => integer.to_string(),
        None => value.to_string(),
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

/// A list in the origin's shape, or as events stored before it kept it: an object keyed by
/// name, each member read by `keyed`.
fn origin_or_keyed<'de, D, T>(
    deserializer: D,
    keyed: impl Fn((String, Value)) -> Option<T>,
) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored<T> {
        Origin(Vec<T>),
        Keyed(Map<String, Value>),
    }
    Ok(match Stored::deserialize(deserializer)? {
        Stored::Origin(list) => list,
        Stored::Keyed(members) => members.into_iter().filter_map(keyed).collect(),
    })
}

/// Values, once stored keyed by operand (with `triggers` among them), read as literals so that
/// such events stay deliverable.
fn values<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<EventValue>, D::Error> {
    origin_or_keyed(deserializer, |(data, value)| {
        (data != "triggers").then(|| EventValue {
            data,
            value: TypedValue {
                kind: ValueType::Literal,
                body: literal_body(literal(&value)),
            },
        })
    })
}

/// Extensions, once stored keyed by extension name; a name no longer known is left out.
fn extensions<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<EventExtension>, D::Error> {
    origin_or_keyed(deserializer, |(name, value)| {
        let kind = Extension::from_name(&name)?;
        let mut body = Map::new();
        body.insert(kind.member().to_owned(), value);
        Some(EventExtension { kind, body })
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
    fn extension_names_read_back_and_the_telemetry_takes_a_suffix() {
        let names = Extension::names();
        assert_eq!(names.len(), 9 + TelemetryPart::NAMES.len());
        for name in &names {
            let extension = Extension::from_name(name).unwrap();
            assert_eq!(extension.name(), name.as_str());
            let read: Extension = serde_json::from_value(json!(name)).unwrap();
            assert_eq!(serde_json::to_value(read).unwrap(), json!(name));
        }
        assert_eq!(
            Extension::from_name("vehicle.telemetry.vehicle.alarm.status"),
            Some(Extension::Telemetry(Some(TelemetryPart::AlarmStatus)))
        );
        assert_eq!(Extension::from_name("vehicle.telemetry.tyres"), None);
        assert_eq!(Extension::from_name("vehicle.telemetry."), None);
    }

    #[test]
    fn telemetry_parts_come_together_in_one_extension() {
        let status: VehicleStatus = serde_json::from_value(json!({
            "recordedAt": "2026-03-17T10:00:00.000Z", "speed": 50.0, "airTemp": 31.0,
            "privacyState": "Geolocation", "alerts": []
        }))
        .unwrap();
        let asked = [
            Extension::Position,
            Extension::Telemetry(Some(TelemetryPart::Environment)),
            Extension::Alerts,
            Extension::Telemetry(Some(TelemetryPart::Privacy)),
        ];
        let carried = Extension::all_of(&asked, &status);
        let kinds: Vec<Extension> = carried.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [
                Extension::Position,
                Extension::Telemetry(None),
                Extension::Alerts
            ]
        );
        assert_eq!(
            serde_json::to_value(&carried[1]).unwrap()["type"],
            "vehicle.telemetry"
        );
        assert_eq!(
            carried[1].body["telemetry"],
            json!({"recordedAt": "2026-03-17T10:00:00.000Z", "airTemp": 31.0,
                   "privacyState": "Geolocation"})
        );
        assert_eq!(
            carried[0].body,
            Map::new(),
            "no position reported: an empty body"
        );
        // Asked whole as well, the telemetry is whole.
        let whole = Extension::all_of(
            &[
                Extension::Telemetry(Some(TelemetryPart::Environment)),
                Extension::Telemetry(None),
            ],
            &status,
        );
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].body["telemetry"]["speed"], 50.0);
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
