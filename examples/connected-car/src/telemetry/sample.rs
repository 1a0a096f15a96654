//! One sample, as a vehicle sends it.

use chrono::{DateTime, Utc};
use hal_core::forms::HalForm;
use serde::{Deserialize, Serialize};

use super::values::{
    AirConditioningStatus, AlarmActivation, AlarmTriggerType, BeltWarning, ChargingStatus,
    ChargingType, CollisionSeverity, CollisionSide, DrivingMode, ECallTriggering, LockedState,
    PowertrainStatus, PrivacyState, TripState,
};
use crate::monitors::geo::Point;

/// One sample, as `POST /vehicles/{vin}/telemetry` takes it. Its bounds are declared once,
/// here: they make its `Validate` check and its OpenAPI schema.
///
/// Each measurement sits where a monitor's operand names it, less the leading `vehicle.`:
/// `vehicle.energy.charging.status` is `energy.charging.status`, `privacy.state` is
/// `privacy.state`. Some differ: `ignition` (the operand `vehicle.engines.running`), `alerts`
/// (`vehicle.alert`), `preconditioning.airConditioning.status`
/// (`vehicle.preconditioning.airConditioning`), and `trip`, reported whole, from which
/// `vehicle.trip.start` and `vehicle.trip.stop` follow (`done`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
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
    /// How far the vehicle can go on all its energies, in km, 0 to 10 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 10_000)]
    pub autonomy: Option<f64>,
    /// Energy levels, autonomies and charging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub energy: Option<Energy>,
    /// Whether the ignition is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignition: Option<bool>,
    /// The powertrain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub powertrain: Option<Powertrain>,
    /// The engines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub engines: Option<Engines>,
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
    /// The trip under way, or the one that just ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub trip: Option<TripReport>,
    /// Maintenance counters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub maintenance: Option<Maintenance>,
    /// Seat belts and emergency call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub safety: Option<Safety>,
    /// What the driver lets the vehicle share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub privacy: Option<Privacy>,
    /// The driving mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub driving_behavior: Option<DrivingBehavior>,
    /// A collision, reported in the sample taken when it happened: unlike the other
    /// measurements it does not carry over to the next sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub collision: Option<Collision>,
    /// Air conditioning before the drive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub preconditioning: Option<Preconditioning>,
    /// The anti-theft alarm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub alarm: Option<Alarm>,
    /// Whether the vehicle is reported stolen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub stolen: Option<Stolen>,
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
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Kinetic {
    /// Speed, in km/h, 0 to 1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 1000)]
    pub speed: Option<f64>,
    /// Whether the vehicle is moving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moving: Option<bool>,
}

/// Energy levels, autonomies and charging.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
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
    /// The battery's charging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub charging: Option<Charging>,
}

/// One energy's level and how far it takes the vehicle.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Percent, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 100)]
    pub level: Option<f64>,
    /// Km on this energy, 0 to 10 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 10_000)]
    pub autonomy: Option<f64>,
}

/// The battery's charging.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Charging {
    /// What the charging system is doing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ChargingStatus>,
    /// Whether a cable is plugged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plugged: Option<bool>,
    /// Whether charging stops when full or before, to spare the battery.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ChargingType>,
}

/// The powertrain.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Powertrain {
    /// Running, stopped, or between.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PowertrainStatus>,
}

/// The engines.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Engines {
    /// The combustion engine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub thermic: Option<Thermic>,
}

/// The combustion engine.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Thermic {
    /// Its oil.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub oil: Option<Oil>,
}

/// Engine oil.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Oil {
    /// Temperature, in °C, -60 to 300.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = -60, max = 300)]
    pub temp: Option<f64>,
}

/// Doors.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DoorsState {
    /// Whether a door is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<bool>,
    /// Which doors are locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_state: Option<LockedState>,
}

/// The trip under way, or the one that just ended, as the vehicle reports it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TripReport {
    /// The trip's identifier, 1 to 64 characters.
    #[hal_form(min_length = 1, max_length = 64)]
    pub id: String,
    /// Whether the trip has ended.
    #[serde(default)]
    pub done: bool,
    /// Seconds since it started, 0 to 1 000 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 1_000_000)]
    pub duration: Option<f64>,
    /// Km driven, 0 to 100 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = 0, max = 100_000)]
    pub distance: Option<f64>,
    /// Whether the data the trip is made of is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<TripState>,
}

/// Maintenance counters; negative once the maintenance is overdue.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Maintenance {
    /// Days until the next maintenance, -10 000 to 10 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = -10_000, max = 10_000)]
    pub days_before_maintenance: Option<f64>,
    /// Km until the next maintenance, -1 000 000 to 1 000 000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = -1_000_000, max = 1_000_000)]
    pub mileage_before_maintenance: Option<f64>,
}

/// Seat belts and emergency call.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Safety {
    /// Whether a belt is left unfastened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub belt_warning: Option<BeltWarning>,
    /// Whether a shock called the emergency services.
    #[serde(
        default,
        rename = "autoECallTriggering",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_e_call_triggering: Option<ECallTriggering>,
}

/// What the driver lets the vehicle share.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Nothing private, the position private, or everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<PrivacyState>,
}

/// The driving mode.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct DrivingBehavior {
    /// The mode the driver selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<DrivingMode>,
}

/// A collision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Collision {
    /// Where the vehicle was hit.
    pub side: CollisionSide,
    /// Which restraint systems went off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<CollisionSeverity>,
}

/// Air conditioning before the drive.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Preconditioning {
    /// The air conditioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub air_conditioning: Option<AirConditioning>,
}

/// The air conditioning's preconditioning.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct AirConditioning {
    /// Enabled, disabled, finished or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AirConditioningStatus>,
}

/// The anti-theft alarm.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    /// What set it off last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub trigger: Option<AlarmTrigger>,
    /// Whether it is armed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub status: Option<AlarmStatus>,
}

/// What set the alarm off.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlarmTrigger {
    /// The kind of break-in.
    #[serde(rename = "type")]
    pub kind: AlarmTriggerType,
}

/// Whether the alarm is armed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AlarmStatus {
    /// Active or inactive.
    pub activation: AlarmActivation,
}

/// Whether the vehicle is reported stolen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Stolen {
    /// `true` while it is.
    pub state: bool,
}

/// Surroundings.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// The air outside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub air: Option<Air>,
}

/// The air outside.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, HalForm, utoipa::ToSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Air {
    /// Temperature, in °C, -100 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(min = -100, max = 100)]
    pub temp: Option<f64>,
}
