//! A vehicle's status as the origin's `Status` shapes it: a part per system, each stamped with
//! `createdAt` (the time of the sample that reported it last), energies and engines as lists.
//! What the vehicle never reported is left out.

use chrono::{DateTime, Utc};
use hal_core::HalResource;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::paths;
use crate::telemetry::{
    AirConditioningStatus, AlarmActivation, AlarmTriggerType, BeltWarning, ChargingStatus,
    ChargingType, DrivingMode, ECallTriggering, LockedState, PowertrainStatus, PrivacyState,
    VehicleStatus,
};

/// What a vehicle's samples add up to, as the origin's `Status`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, HalResource, ToSchema)]
#[hal(openapi)]
#[serde(rename_all = "camelCase")]
#[hal(curie(name = "cc", href = paths::RELATION_DOCS))]
#[hal(self_link = "/connectedcar/v2/vehicles/{vin}/status")]
#[hal(link(rel = "vehicle", href = paths::VEHICLE))]
#[hal(link(
    rel = "lastPosition",
    href = "/connectedcar/v2/vehicles/{vin}/position"
))]
pub struct VehicleStatusDocument {
    pub vin: String,
    /// The latest sample's time.
    #[serde(
        with = "hal_core::time::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub created_at: Option<DateTime<Utc>>,
    /// On or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignition: Option<Ignition>,
    /// Battery and tank.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub energies: Vec<Energy>,
    /// The combustion engine.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub engines: Vec<Engine>,
    /// The powertrain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub powertrain: Option<Powertrain>,
    /// Locks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors_state: Option<DoorsState>,
    /// What the driver keeps private.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy: Option<Privacy>,
    /// Seat belts and emergency call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<Safety>,
    /// The odometer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odometer: Option<Odometer>,
    /// Movement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinetic: Option<Kinetic>,
    /// Surroundings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// The driving mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driving_behavior: Option<DrivingBehavior>,
    /// The anti-theft alarm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm: Option<Alarm>,
    /// Air conditioning before the drive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preconditioning: Option<Preconditioning>,
}

/// The ignition.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusIgnition)]
#[serde(rename_all = "camelCase")]
pub struct Ignition {
    /// `Start` or `Stop`.
    #[serde(rename = "type")]
    pub kind: IgnitionType,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// The ignition's state, as the origin names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusIgnitionType)]
pub enum IgnitionType {
    /// On.
    Start,
    /// Off.
    Stop,
}

/// One energy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusEnergy)]
#[serde(rename_all = "camelCase")]
pub struct Energy {
    /// `Fuel` or `Electric`.
    #[serde(rename = "type")]
    pub kind: EnergyType,
    /// Percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<f64>,
    /// Km on this energy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autonomy: Option<f64>,
    /// The battery's charging, for `Electric`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<EnergyExtension>,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// An energy's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusEnergyType)]
pub enum EnergyType {
    /// The tank.
    Fuel,
    /// The battery.
    Electric,
}

/// What is particular to an energy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusEnergyExtension)]
pub struct EnergyExtension {
    /// The battery's.
    pub electric: ElectricExtension,
}

/// What is particular to the battery.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusElectricExtension)]
pub struct ElectricExtension {
    /// Its charging.
    pub charging: Charging,
}

/// The battery's charging.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusCharging)]
pub struct Charging {
    /// A cable is plugged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plugged: Option<bool>,
    /// What the charging system is doing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ChargingStatus>,
    /// Whether it stops when full.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ChargingType>,
}

/// The combustion engine.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusEngine)]
#[serde(rename_all = "camelCase")]
pub struct Engine {
    /// Always `Thermic` here.
    #[serde(rename = "type")]
    pub kind: EngineType,
    /// Its oil.
    pub extension: EngineExtension,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// An engine's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusEngineType)]
pub enum EngineType {
    /// Combustion.
    Thermic,
}

/// What is particular to the combustion engine.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusEngineExtension)]
pub struct EngineExtension {
    /// Its parts.
    pub thermic: Thermic,
}

/// The combustion engine's parts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusThermic)]
pub struct Thermic {
    /// Its oil.
    pub oil: Oil,
}

/// Engine oil.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusOil)]
pub struct Oil {
    /// °C.
    pub temp: f64,
}

/// The powertrain.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusPowertrain)]
#[serde(rename_all = "camelCase")]
pub struct Powertrain {
    /// Running, stopped, or between.
    pub status: PowertrainStatus,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// Locks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusDoorsState)]
#[serde(rename_all = "camelCase")]
pub struct DoorsState {
    /// The lock state reported.
    pub locked_states: Vec<LockedState>,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// What the driver keeps private.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusPrivacy)]
#[serde(rename_all = "camelCase")]
pub struct Privacy {
    /// Nothing, the position, or everything.
    pub state: PrivacyState,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// Seat belts and emergency call.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusSafety)]
#[serde(rename_all = "camelCase")]
pub struct Safety {
    /// The driver's belt.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub belt_status: Vec<BeltStatus>,
    /// An emergency call a shock set off.
    #[serde(
        rename = "autoECallTriggering",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_e_call_triggering: Option<ECallTriggering>,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// A seat belt.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusBeltStatus)]
pub struct BeltStatus {
    /// `Normal` or `Omission`.
    pub belt: BeltWarning,
    /// The seat: the vehicles report the driver's.
    pub id: Seat,
}

/// A seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusSeat)]
pub enum Seat {
    /// The driver's.
    Driver,
}

/// The odometer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusOdometer)]
#[serde(rename_all = "camelCase")]
pub struct Odometer {
    /// Km.
    pub mileage: f64,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// Movement.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusKinetic)]
#[serde(rename_all = "camelCase")]
pub struct Kinetic {
    /// Km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
    /// Whether it moves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moving: Option<bool>,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// Surroundings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusEnvironment)]
pub struct Environment {
    /// The air outside.
    pub air: Air,
}

/// The air outside.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusAir)]
#[serde(rename_all = "camelCase")]
pub struct Air {
    /// °C.
    pub temp: f64,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// The driving mode.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusDrivingBehavior)]
#[serde(rename_all = "camelCase")]
pub struct DrivingBehavior {
    /// The mode the driver selected.
    pub mode: DrivingMode,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// The anti-theft alarm.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusAlarm)]
pub struct Alarm {
    /// Whether it is armed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AlarmStatus>,
    /// What set it off last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<AlarmTrigger>,
}

/// Whether the alarm is armed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusAlarmStatus)]
#[serde(rename_all = "camelCase")]
pub struct AlarmStatus {
    /// `Active` or `Inactive`.
    pub activation: AlarmActivation,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// What set the alarm off.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusAlarmTrigger)]
#[serde(rename_all = "camelCase")]
pub struct AlarmTrigger {
    /// The kind of break-in.
    #[serde(rename = "type")]
    pub kind: AlarmTriggerType,
    /// When it was reported (the vehicles report no earlier start).
    #[serde(with = "hal_core::time::rfc3339")]
    pub start_at: DateTime<Utc>,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

/// Air conditioning before the drive.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusPreconditioning)]
#[serde(rename_all = "camelCase")]
pub struct Preconditioning {
    /// The air conditioning.
    pub air_conditioning: AirConditioning,
}

/// The air conditioning's preconditioning.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = StatusAirConditioning)]
#[serde(rename_all = "camelCase")]
pub struct AirConditioning {
    /// Enabled, disabled, finished or failed.
    pub status: AirConditioningStatus,
    /// When it was reported.
    #[serde(with = "hal_core::time::rfc3339")]
    pub created_at: DateTime<Utc>,
}

impl VehicleStatusDocument {
    /// Vehicle `vin`'s `status`, in the origin's shape.
    #[must_use]
    pub fn new(vin: String, status: &VehicleStatus) -> Self {
        let Some(at) = status.recorded_at else {
            return Self {
                vin,
                ..Self::default()
            };
        };
        let s = status;
        let charging = (s.charging_plugged.is_some()
            || s.charging_status.is_some()
            || s.charging_type.is_some())
        .then_some(EnergyExtension {
            electric: ElectricExtension {
                charging: Charging {
                    plugged: s.charging_plugged,
                    status: s.charging_status,
                    kind: s.charging_type,
                },
            },
        });
        let energy = |kind,
                      level: Option<f64>,
                      autonomy: Option<f64>,
                      extension: Option<EnergyExtension>| {
            (level.is_some() || autonomy.is_some() || extension.is_some()).then_some(Energy {
                kind,
                level,
                autonomy,
                extension,
                created_at: at,
            })
        };
        let energies = [
            energy(EnergyType::Fuel, s.fuel_level, s.fuel_autonomy, None),
            energy(
                EnergyType::Electric,
                s.electric_level,
                s.electric_autonomy,
                charging,
            ),
        ];
        Self {
            vin,
            created_at: Some(at),
            ignition: s.ignition.map(|on| Ignition {
                kind: if on {
                    IgnitionType::Start
                } else {
                    IgnitionType::Stop
                },
                created_at: at,
            }),
            energies: energies.into_iter().flatten().collect(),
            engines: s
                .oil_temp
                .map(|temp| Engine {
                    kind: EngineType::Thermic,
                    extension: EngineExtension {
                        thermic: Thermic { oil: Oil { temp } },
                    },
                    created_at: at,
                })
                .into_iter()
                .collect(),
            powertrain: s.powertrain_status.map(|status| Powertrain {
                status,
                created_at: at,
            }),
            doors_state: s.locked_state.map(|locked| DoorsState {
                locked_states: vec![locked],
                created_at: at,
            }),
            privacy: s.privacy_state.map(|state| Privacy {
                state,
                created_at: at,
            }),
            safety: (s.belt_warning.is_some() || s.auto_e_call_triggering.is_some()).then(|| {
                Safety {
                    belt_status: s
                        .belt_warning
                        .map(|belt| BeltStatus {
                            belt,
                            id: Seat::Driver,
                        })
                        .into_iter()
                        .collect(),
                    auto_e_call_triggering: s.auto_e_call_triggering,
                    created_at: at,
                }
            }),
            odometer: s.odometer.map(|mileage| Odometer {
                mileage,
                created_at: at,
            }),
            kinetic: (s.speed.is_some() || s.moving.is_some()).then_some(Kinetic {
                speed: s.speed,
                moving: s.moving,
                created_at: at,
            }),
            environment: s.air_temp.map(|temp| Environment {
                air: Air {
                    temp,
                    created_at: at,
                },
            }),
            driving_behavior: s.driving_mode.map(|mode| DrivingBehavior {
                mode,
                created_at: at,
            }),
            alarm: (s.alarm_activation.is_some() || s.alarm_trigger.is_some()).then(|| Alarm {
                status: s.alarm_activation.map(|activation| AlarmStatus {
                    activation,
                    created_at: at,
                }),
                trigger: s.alarm_trigger.map(|kind| AlarmTrigger {
                    kind,
                    start_at: at,
                    created_at: at,
                }),
            }),
            preconditioning: s.air_conditioning.map(|status| Preconditioning {
                air_conditioning: AirConditioning {
                    status,
                    created_at: at,
                },
            }),
        }
    }
}
