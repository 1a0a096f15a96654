//! Vehicle data: the samples vehicles send, and the status they add up to.
//!
//! A sample carries `recordedAt` and any of the measurements; what it leaves out keeps its last
//! known value. Samples of one vehicle are applied in `recordedAt` order: a sample older than the
//! vehicle's latest one, or at the same instant (a duplicate, as when a batch is sent again), is
//! not applied and is counted as late or duplicate, so that state and monitor edges only ever
//! move forward in time.

use chrono::{DateTime, Utc};
use hal_core::forms::HalForm;
use serde::{Deserialize, Serialize};

use crate::monitors::geo::Point;

/// One sample, as `POST /vehicles/{vin}/telemetry` takes it. Its bounds are declared once,
/// here: they make its `Validate` check and its OpenAPI schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sample {
    /// When the vehicle measured it (RFC 3339).
    #[serde(with = "hal_core::time::rfc3339")]
    pub recorded_at: DateTime<Utc>,
    /// Where, as a GeoJSON Point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub position: Option<GeoPoint>,
    /// Movement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub kinetic: Option<Kinetic>,
    /// Odometer, in km, 0 to 10 000 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 10_000_000)]
    pub odometer: Option<f64>,
    /// Energy levels, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub energy: Option<Energy>,
    /// Whether the ignition is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignition: Option<bool>,
    /// Doors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub doors_state: Option<DoorsState>,
    /// The alerts active now (replaces the previous list), at most 64 names of 1 to 64
    /// characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(json, max_items = 64, check = alert_names)]
    pub alerts: Option<Vec<String>>,
    /// Surroundings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub environment: Option<Environment>,
}

/// Each alert name has 1 to 64 characters (`alerts`' custom check).
fn alert_names(alerts: &[String]) -> Result<(), String> {
    match alerts
        .iter()
        .position(|a| a.is_empty() || a.chars().count() > 64)
    {
        Some(index) => Err(format!("alert {index} must have 1 to 64 characters")),
        None => Ok(()),
    }
}

/// A GeoJSON Point: `{"type": "Point", "coordinates": [longitude, latitude]}`, or with an
/// altitude, `[longitude, latitude, altitude]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeoPoint {
    /// Always `Point`.
    #[serde(rename = "type")]
    pub kind: PointType,
    /// Longitude and latitude in degrees, and the altitude in metres when known.
    #[hal_form(json, dive)]
    pub coordinates: Coordinates,
}

/// A GeoJSON position (RFC 7946, section 3.1.1): `[longitude, latitude]` or
/// `[longitude, latitude, altitude]`, degrees and metres. More numbers are refused: the RFC
/// leaves their meaning open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    /// Degrees east.
    pub longitude: f64,
    /// Degrees north.
    pub latitude: f64,
    /// Metres above the WGS 84 ellipsoid, when the vehicle reports it.
    pub altitude: Option<f64>,
}

impl Serialize for Coordinates {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(2 + usize::from(self.altitude.is_some())))?;
        seq.serialize_element(&self.longitude)?;
        seq.serialize_element(&self.latitude)?;
        if let Some(altitude) = self.altitude {
            seq.serialize_element(&altitude)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Coordinates {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Position;
        impl<'de> serde::de::Visitor<'de> for Position {
            type Value = Coordinates;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("[longitude, latitude] or [longitude, latitude, altitude]")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Coordinates, A::Error> {
                use serde::de::Error;
                let longitude = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let latitude = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                let altitude = seq.next_element()?;
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(4, &self));
                }
                Ok(Coordinates {
                    longitude,
                    latitude,
                    altitude,
                })
            }
        }
        deserializer.deserialize_seq(Position)
    }
}

impl Coordinates {
    /// Degrees east, from and to: a zone's.
    pub const LONGITUDE: (f64, f64) = Point::LONGITUDE;
    /// Degrees north, from and to: a zone's.
    pub const LATITUDE: (f64, f64) = Point::LATITUDE;
    /// Metres, from the deepest mine to the edge of space.
    pub const ALTITUDE: (f64, f64) = (-12_000.0, 100_000.0);
}

/// Each number within its bounds, the error at its index (`/position/coordinates/2`); the
/// schema states the same bounds, position by position.
impl hal_core::forms::Validate for Coordinates {
    fn validate(&self) -> Result<(), hal_core::forms::ValidationErrors> {
        let mut errors = hal_core::forms::ValidationErrors::new();
        let numbers = [
            ("0", "longitude", Some(self.longitude), Self::LONGITUDE),
            ("1", "latitude", Some(self.latitude), Self::LATITUDE),
            ("2", "altitude", self.altitude, Self::ALTITUDE),
        ];
        for (index, name, value, (min, max)) in numbers {
            if let Some(value) = value
                && !(min..=max).contains(&value)
            {
                let message = format!("the {name} must be from {min} to {max}, not {value}");
                errors.add(
                    index,
                    hal_core::forms::ValidationError::new("range").with_message(message.into()),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl utoipa::PartialSchema for Coordinates {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ArrayItems, ObjectBuilder, Type};
        let bounded = |(min, max): (f64, f64)| {
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .minimum(Some(min))
                .maximum(Some(max))
        };
        // The bounds `check` enforces, position by position.
        ArrayBuilder::new()
            .prefix_items([
                bounded(Self::LONGITUDE),
                bounded(Self::LATITUDE),
                bounded(Self::ALTITUDE),
            ])
            .items(ArrayItems::False)
            .min_items(Some(2))
            .max_items(Some(3))
            .description(Some(
                "[longitude, latitude] in degrees, or [longitude, latitude, altitude in metres]",
            ))
            .into()
    }
}

impl utoipa::ToSchema for Coordinates {}

/// The one GeoJSON geometry type a position has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
pub enum PointType {
    /// `Point`.
    Point,
}

impl GeoPoint {
    /// A point at `longitude`, `latitude`.
    #[must_use]
    pub fn new(longitude: f64, latitude: f64) -> Self {
        Self {
            kind: PointType::Point,
            coordinates: Coordinates {
                longitude,
                latitude,
                altitude: None,
            },
        }
    }

    /// The position as a point for geometry.
    #[must_use]
    pub fn point(self) -> Point {
        Point {
            longitude: self.coordinates.longitude,
            latitude: self.coordinates.latitude,
        }
    }
}

/// Movement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Kinetic {
    /// Speed, in km/h, 0 to 1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 1000)]
    pub speed: Option<f64>,
}

/// Energy levels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Energy {
    /// The battery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub electric: Option<Level>,
    /// The tank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub fuel: Option<Level>,
}

/// A level in percent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 100)]
    pub level: Option<f64>,
}

/// Doors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DoorsState {
    /// Whether a door is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<bool>,
}

/// Surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// The air outside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub air: Option<Air>,
}

/// The air outside.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Air {
    /// Temperature, in °C, -100 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = -100, max = 100)]
    pub temp: Option<f64>,
}

impl Sample {
    fn speed(&self) -> Option<f64> {
        self.kinetic.and_then(|k| k.speed)
    }

    fn electric_level(&self) -> Option<f64> {
        self.energy.and_then(|e| e.electric).and_then(|l| l.level)
    }

    fn fuel_level(&self) -> Option<f64> {
        self.energy.and_then(|e| e.fuel).and_then(|l| l.level)
    }

    fn air_temp(&self) -> Option<f64> {
        self.environment.and_then(|e| e.air).and_then(|a| a.temp)
    }
}

/// What a vehicle's samples add up to: the latest value of each measurement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VehicleStatus {
    /// The latest sample's time.
    #[serde(
        with = "hal_core::time::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub recorded_at: Option<DateTime<Utc>>,
    /// Where the vehicle was last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<GeoPoint>,
    /// km/h.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
    /// km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub odometer: Option<f64>,
    /// Percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub electric_level: Option<f64>,
    /// Percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuel_level: Option<f64>,
    /// On or off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignition: Option<bool>,
    /// A door is open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doors_open: Option<bool>,
    /// Active alerts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerts: Option<Vec<String>>,
    /// °C.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub air_temp: Option<f64>,
}

/// The measurements monitors can test, by their `data` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operand {
    /// `vehicle.odometer`.
    Odometer,
    /// `vehicle.kinetic.speed`.
    Speed,
    /// `vehicle.energy.electric.level`.
    ElectricLevel,
    /// `vehicle.energy.fuel.level`.
    FuelLevel,
    /// `vehicle.engines.running`, the origin's (v2) name; also read as `vehicle.ignition`,
    /// the name monitors stored by earlier versions use.
    Ignition,
    /// `vehicle.doorsState.opening`.
    DoorsOpening,
    /// `vehicle.alert`.
    Alert,
    /// `environment.air.temp`.
    AirTemp,
}

/// The kind of value an operand has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandKind {
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Alert names.
    Text,
}

impl Operand {
    /// Every operand, with its name.
    pub const ALL: [(Operand, &'static str); 8] = [
        (Operand::Odometer, "vehicle.odometer"),
        (Operand::Speed, "vehicle.kinetic.speed"),
        (Operand::ElectricLevel, "vehicle.energy.electric.level"),
        (Operand::FuelLevel, "vehicle.energy.fuel.level"),
        (Operand::Ignition, "vehicle.engines.running"),
        (Operand::DoorsOpening, "vehicle.doorsState.opening"),
        (Operand::Alert, "vehicle.alert"),
        (Operand::AirTemp, "environment.air.temp"),
    ];

    /// The operand named `name` (by its name in [`Operand::ALL`], or a former one).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "vehicle.ignition" {
            return Some(Operand::Ignition);
        }
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(o, _)| *o)
    }

    /// Its name in a monitor's `data`.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("", |(_, n)| n)
    }

    /// The kind of its values.
    #[must_use]
    pub fn kind(self) -> OperandKind {
        match self {
            Operand::Ignition | Operand::DoorsOpening => OperandKind::Boolean,
            Operand::Alert => OperandKind::Text,
            _ => OperandKind::Number,
        }
    }

    /// A bit for this operand in a set of changed operands.
    #[must_use]
    pub fn bit(self) -> u16 {
        1 << self as u16
    }

    /// Its current value in `status`, as JSON (`null` when never measured).
    #[must_use]
    pub fn json(self, status: &VehicleStatus) -> serde_json::Value {
        use serde_json::Value;
        let number = |n: Option<f64>| n.map_or(Value::Null, Value::from);
        match self {
            Operand::Odometer => number(status.odometer),
            Operand::Speed => number(status.speed),
            Operand::ElectricLevel => number(status.electric_level),
            Operand::FuelLevel => number(status.fuel_level),
            Operand::AirTemp => number(status.air_temp),
            Operand::Ignition => status.ignition.map_or(Value::Null, Value::Bool),
            Operand::DoorsOpening => status.doors_open.map_or(Value::Null, Value::Bool),
            Operand::Alert => status.alerts.clone().map_or(Value::Null, Value::from),
        }
    }
}

/// What applying a sample changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Operands whose value changed from a known one ([`Operand::bit`]): what `onChange` sees.
    pub operands: u16,
    /// Operands whose value differs from before, also when it was unknown.
    pub values: u16,
    /// Whether the sample carried a position.
    pub moved: bool,
}

impl VehicleStatus {
    /// Applies `sample`: each measurement it carries replaces the last one.
    pub fn apply(&mut self, sample: &Sample) -> Changes {
        let mut changes = Changes {
            operands: 0,
            values: 0,
            moved: sample.position.is_some(),
        };
        fn update<T: PartialEq + Copy>(
            slot: &mut Option<T>,
            value: Option<T>,
            operand: Operand,
            changes: &mut Changes,
        ) {
            if let Some(value) = value {
                if slot.is_some_and(|old| old != value) {
                    changes.operands |= operand.bit();
                }
                if *slot != Some(value) {
                    changes.values |= operand.bit();
                }
                *slot = Some(value);
            }
        }
        self.recorded_at = Some(sample.recorded_at);
        if sample.position.is_some() {
            self.position = sample.position;
        }
        update(
            &mut self.speed,
            sample.speed(),
            Operand::Speed,
            &mut changes,
        );
        update(
            &mut self.odometer,
            sample.odometer,
            Operand::Odometer,
            &mut changes,
        );
        update(
            &mut self.electric_level,
            sample.electric_level(),
            Operand::ElectricLevel,
            &mut changes,
        );
        update(
            &mut self.fuel_level,
            sample.fuel_level(),
            Operand::FuelLevel,
            &mut changes,
        );
        update(
            &mut self.air_temp,
            sample.air_temp(),
            Operand::AirTemp,
            &mut changes,
        );
        update(
            &mut self.ignition,
            sample.ignition,
            Operand::Ignition,
            &mut changes,
        );
        update(
            &mut self.doors_open,
            sample.doors_state.and_then(|d| d.opening),
            Operand::DoorsOpening,
            &mut changes,
        );
        if let Some(alerts) = &sample.alerts {
            if self.alerts.as_ref().is_some_and(|old| old != alerts) {
                changes.operands |= Operand::Alert.bit();
            }
            if self.alerts.as_ref() != Some(alerts) {
                changes.values |= Operand::Alert.bit();
            }
            self.alerts = Some(alerts.clone());
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample(value: serde_json::Value) -> Sample {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn the_issue_example_reads_and_applies() {
        let s = sample(
            json!({"recordedAt": "2030-03-17T10:00:00Z", "position": {"type": "Point",
            "coordinates": [2.35, 48.85]}, "kinetic": {"speed": 42.0}, "odometer": 12345.6, "energy":
            {"electric": {"level": 80}, "fuel": {"level": 35}}, "ignition": true, "doorsState": {"opening":
            false}, "alerts": ["tyrePressureLow"], "environment": {"air": {"temp": 12.5}}}),
        );
        assert_eq!(hal_core::forms::Validate::validate(&s), Ok(()));
        let mut status = VehicleStatus::default();
        let first = status.apply(&s);
        assert_eq!(first.operands, 0, "first values are not changes");
        assert_eq!(first.values.count_ones(), 8, "but they are new values");
        assert!(first.moved);
        assert_eq!(status.speed, Some(42.0));
        assert_eq!(status.alerts, Some(vec!["tyrePressureLow".to_owned()]));
        let later = sample(
            json!({"recordedAt": "2030-03-17T10:00:10Z", "kinetic": {"speed": 50.0}, "ignition": true}),
        );
        let changes = status.apply(&later);
        assert_eq!(changes.operands, Operand::Speed.bit());
        assert_eq!(changes.values, Operand::Speed.bit(), "ignition stayed on");
        assert!(!changes.moved);
        assert_eq!(status.position, Some(GeoPoint::new(2.35, 48.85)), "kept");
    }

    #[test]
    fn values_out_of_range_name_their_member() {
        let cases = [
            (
                json!({"recordedAt": "2030-03-17T10:00:00Z", "position": {"type": "Point", "coordinates": [200.0, 0.0]}}),
                "/position/coordinates/0",
            ),
            (
                json!({"recordedAt": "2030-03-17T10:00:00Z", "energy": {"fuel": {"level": 101}}}),
                "/energy/fuel/level",
            ),
            (
                json!({"recordedAt": "2030-03-17T10:00:00Z", "kinetic": {"speed": -1}}),
                "/kinetic/speed",
            ),
        ];
        for (value, pointer) in cases {
            let errors = hal_core::forms::Validate::validate(&sample(value)).unwrap_err();
            assert_eq!(hal_core::forms::violations(&errors)[0].pointer, pointer);
        }
        assert!(
            serde_json::from_value::<Sample>(
                json!({"position": {"type": "Point", "coordinates": [0, 0]}})
            )
            .is_err(),
            "recordedAt is required"
        );
        assert!(serde_json::from_value::<Sample>(json!({"recordedAt": "2030-03-17T10:00:00Z", "position": {"type": "Polygon", "coordinates": [0, 0]}})).is_err());
    }

    #[test]
    fn operands_have_names_and_kinds() {
        for (operand, name) in Operand::ALL {
            assert_eq!(Operand::from_name(name), Some(operand));
            assert_eq!(operand.name(), name);
        }
        assert_eq!(Operand::from_name("vehicle.colour"), None);
        // Monitors stored with the service's former name still read.
        assert_eq!(
            Operand::from_name("vehicle.ignition"),
            Some(Operand::Ignition)
        );
        assert_eq!(Operand::Ignition.name(), "vehicle.engines.running");
        assert_eq!(Operand::Alert.kind(), OperandKind::Text);
        assert_eq!(Operand::Ignition.kind(), OperandKind::Boolean);
        assert_eq!(Operand::Speed.kind(), OperandKind::Number);
    }
}
