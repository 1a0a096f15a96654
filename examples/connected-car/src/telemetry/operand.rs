//! The measurements a data trigger tests, by the names the origin gives them.

use super::status::VehicleStatus;
use super::values::{
    AirConditioningStatus, AlarmActivation, AlarmTriggerType, BeltWarning, ChargingStatus,
    ChargingType, CollisionSeverity, CollisionSide, DrivingMode, ECallTriggering, LockedState,
    PowertrainStatus, PrivacyState, TripState,
};

/// The measurements monitors can test, by their `data` names: the origin's 35 (v3), and v2's
/// `vehicle.engines.running`. The variants are in [`Operand::ALL`]'s order, which gives each
/// its [`bit`](Operand::bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operand {
    /// `vehicle.alert`: the active alerts.
    Alert,
    /// `vehicle.odometer`, km.
    Odometer,
    /// `vehicle.powertrain.status`.
    PowertrainStatus,
    /// `vehicle.engines.thermic.oil.temp`, °C.
    OilTemp,
    /// `vehicle.energy.electric.level`, percent.
    ElectricLevel,
    /// `vehicle.energy.electric.autonomy`, km.
    ElectricAutonomy,
    /// `vehicle.energy.fuel.level`, percent.
    FuelLevel,
    /// `vehicle.energy.fuel.autonomy`, km.
    FuelAutonomy,
    /// `vehicle.autonomy`, km on all energies.
    Autonomy,
    /// `vehicle.energy.charging.status`.
    ChargingStatus,
    /// `vehicle.energy.charging.plugged`.
    ChargingPlugged,
    /// `vehicle.energy.charging.type`.
    ChargingType,
    /// `vehicle.doorsState.lockedState`.
    LockedState,
    /// `vehicle.doorsState.opening`: whether a door is open.
    DoorsOpening,
    /// `vehicle.kinetic.moving`.
    Moving,
    /// `vehicle.kinetic.speed`, km/h.
    Speed,
    /// `vehicle.trip`: the trip last reported (the origin deprecates it for the next two).
    Trip,
    /// `vehicle.trip.start`: the last trip reported under way.
    TripStart,
    /// `vehicle.trip.stop`: the last trip reported ended.
    TripStop,
    /// `vehicle.trip.duration`, seconds.
    TripDuration,
    /// `vehicle.trip.distance`, km.
    TripDistance,
    /// `vehicle.trip.state`.
    TripState,
    /// `vehicle.maintenance.daysBeforeMaintenance`.
    DaysBeforeMaintenance,
    /// `vehicle.maintenance.mileageBeforeMaintenance`, km.
    MileageBeforeMaintenance,
    /// `vehicle.safety.beltWarning`.
    BeltWarning,
    /// `environment.air.temp`, °C.
    AirTemp,
    /// `privacy.state`.
    PrivacyState,
    /// `vehicle.drivingBehavior.mode`.
    DrivingMode,
    /// `vehicle.collision.side`, for the sample that reports the collision.
    CollisionSide,
    /// `vehicle.collision.severity`, likewise.
    CollisionSeverity,
    /// `vehicle.safety.autoECallTriggering`.
    AutoECallTriggering,
    /// `vehicle.preconditioning.airConditioning`.
    AirConditioning,
    /// `vehicle.alarm.trigger.type`.
    AlarmTriggerType,
    /// `vehicle.alarm.status.activation`.
    AlarmActivation,
    /// `stolen.state`.
    StolenState,
    /// `vehicle.engines.running`, v2's name for the ignition; also read as `vehicle.ignition`,
    /// the name monitors stored by earlier versions use.
    EnginesRunning,
}

// A set of operands is a `u64`, one bit each.
const _: () = assert!(Operand::COUNT <= 64);

/// The kind of value an operand has, which says how a trigger's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandKind {
    /// A finite number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// One of the origin's names.
    Choice(&'static [&'static str]),
    /// An identifier, 1 to 64 characters (a trip's).
    Literal,
    /// Alert names, 1 to 64 characters each.
    Names,
}

impl OperandKind {
    /// What a trigger's values must be, for an error message: `number values`,
    /// `values among Partial, Full`.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            OperandKind::Number => "number values".to_owned(),
            OperandKind::Boolean => "boolean values".to_owned(),
            OperandKind::Choice(names) => format!("values among {}", names.join(", ")),
            OperandKind::Literal => "identifiers of 1 to 64 characters".to_owned(),
            OperandKind::Names => "alert names of 1 to 64 characters".to_owned(),
        }
    }
}

/// An operand's value in a vehicle's status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading<'a> {
    /// A number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
    /// A name or an identifier.
    Text(&'a str),
    /// The active alerts.
    Names(&'a [String]),
}

impl Operand {
    /// How many there are.
    pub const COUNT: usize = Self::ALL.len();

    /// Every operand, with its name, in declaration order.
    pub const ALL: [(Operand, &'static str); 36] = [
        (Operand::Alert, "vehicle.alert"),
        (Operand::Odometer, "vehicle.odometer"),
        (Operand::PowertrainStatus, "vehicle.powertrain.status"),
        (Operand::OilTemp, "vehicle.engines.thermic.oil.temp"),
        (Operand::ElectricLevel, "vehicle.energy.electric.level"),
        (
            Operand::ElectricAutonomy,
            "vehicle.energy.electric.autonomy",
        ),
        (Operand::FuelLevel, "vehicle.energy.fuel.level"),
        (Operand::FuelAutonomy, "vehicle.energy.fuel.autonomy"),
        (Operand::Autonomy, "vehicle.autonomy"),
        (Operand::ChargingStatus, "vehicle.energy.charging.status"),
        (Operand::ChargingPlugged, "vehicle.energy.charging.plugged"),
        (Operand::ChargingType, "vehicle.energy.charging.type"),
        (Operand::LockedState, "vehicle.doorsState.lockedState"),
        (Operand::DoorsOpening, "vehicle.doorsState.opening"),
        (Operand::Moving, "vehicle.kinetic.moving"),
        (Operand::Speed, "vehicle.kinetic.speed"),
        (Operand::Trip, "vehicle.trip"),
        (Operand::TripStart, "vehicle.trip.start"),
        (Operand::TripStop, "vehicle.trip.stop"),
        (Operand::TripDuration, "vehicle.trip.duration"),
        (Operand::TripDistance, "vehicle.trip.distance"),
        (Operand::TripState, "vehicle.trip.state"),
        (
            Operand::DaysBeforeMaintenance,
            "vehicle.maintenance.daysBeforeMaintenance",
        ),
        (
            Operand::MileageBeforeMaintenance,
            "vehicle.maintenance.mileageBeforeMaintenance",
        ),
        (Operand::BeltWarning, "vehicle.safety.beltWarning"),
        (Operand::AirTemp, "environment.air.temp"),
        (Operand::PrivacyState, "privacy.state"),
        (Operand::DrivingMode, "vehicle.drivingBehavior.mode"),
        (Operand::CollisionSide, "vehicle.collision.side"),
        (Operand::CollisionSeverity, "vehicle.collision.severity"),
        (
            Operand::AutoECallTriggering,
            "vehicle.safety.autoECallTriggering",
        ),
        (
            Operand::AirConditioning,
            "vehicle.preconditioning.airConditioning",
        ),
        (Operand::AlarmTriggerType, "vehicle.alarm.trigger.type"),
        (Operand::AlarmActivation, "vehicle.alarm.status.activation"),
        (Operand::StolenState, "stolen.state"),
        (Operand::EnginesRunning, "vehicle.engines.running"),
    ];

    /// The operands whose values are numbers (of [`OperandKind::Number`]), for the engine's
    /// thresholds.
    pub const NUMERIC: [Operand; 13] = [
        Operand::Odometer,
        Operand::OilTemp,
        Operand::ElectricLevel,
        Operand::ElectricAutonomy,
        Operand::FuelLevel,
        Operand::FuelAutonomy,
        Operand::Autonomy,
        Operand::Speed,
        Operand::TripDuration,
        Operand::TripDistance,
        Operand::DaysBeforeMaintenance,
        Operand::MileageBeforeMaintenance,
        Operand::AirTemp,
    ];

    /// The operand named `name` (by its name in [`Operand::ALL`], or a former one).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "vehicle.ignition" {
            return Some(Operand::EnginesRunning);
        }
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(o, _)| *o)
    }

    /// Its name in a monitor's `data`.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL[self.index()].1
    }

    /// Its position in [`Operand::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }

    /// A bit for this operand in a set of operands.
    #[must_use]
    pub fn bit(self) -> u64 {
        1 << self.index()
    }

    /// The kind of its values.
    #[must_use]
    pub fn kind(self) -> OperandKind {
        use OperandKind::{Boolean, Choice, Literal, Names, Number};
        match self {
            Operand::Alert => Names,
            Operand::Odometer
            | Operand::OilTemp
            | Operand::ElectricLevel
            | Operand::ElectricAutonomy
            | Operand::FuelLevel
            | Operand::FuelAutonomy
            | Operand::Autonomy
            | Operand::Speed
            | Operand::TripDuration
            | Operand::TripDistance
            | Operand::DaysBeforeMaintenance
            | Operand::MileageBeforeMaintenance
            | Operand::AirTemp => Number,
            Operand::ChargingPlugged
            | Operand::DoorsOpening
            | Operand::Moving
            | Operand::StolenState
            | Operand::EnginesRunning => Boolean,
            Operand::Trip | Operand::TripStart | Operand::TripStop => Literal,
            Operand::PowertrainStatus => Choice(PowertrainStatus::NAMES),
            Operand::ChargingStatus => Choice(ChargingStatus::NAMES),
            Operand::ChargingType => Choice(ChargingType::NAMES),
            Operand::LockedState => Choice(LockedState::NAMES),
            Operand::TripState => Choice(TripState::NAMES),
            Operand::BeltWarning => Choice(BeltWarning::NAMES),
            Operand::PrivacyState => Choice(PrivacyState::NAMES),
            Operand::DrivingMode => Choice(DrivingMode::NAMES),
            Operand::CollisionSide => Choice(CollisionSide::NAMES),
            Operand::CollisionSeverity => Choice(CollisionSeverity::NAMES),
            Operand::AutoECallTriggering => Choice(ECallTriggering::NAMES),
            Operand::AirConditioning => Choice(AirConditioningStatus::NAMES),
            Operand::AlarmTriggerType => Choice(AlarmTriggerType::NAMES),
            Operand::AlarmActivation => Choice(AlarmActivation::NAMES),
        }
    }

    /// Its current value in `status`; `None` while the vehicle has not reported it.
    #[must_use]
    pub fn read(self, status: &VehicleStatus) -> Option<Reading<'_>> {
        let s = status;
        let number = |n: Option<f64>| n.map(Reading::Number);
        let boolean = |b: Option<bool>| b.map(Reading::Boolean);
        let text = |t: Option<&'static str>| t.map(Reading::Text);
        match self {
            Operand::Alert => s.alerts.as_deref().map(Reading::Names),
            Operand::Odometer => number(s.odometer),
            Operand::PowertrainStatus => text(s.powertrain_status.map(PowertrainStatus::name)),
            Operand::OilTemp => number(s.oil_temp),
            Operand::ElectricLevel => number(s.electric_level),
            Operand::ElectricAutonomy => number(s.electric_autonomy),
            Operand::FuelLevel => number(s.fuel_level),
            Operand::FuelAutonomy => number(s.fuel_autonomy),
            Operand::Autonomy => number(s.autonomy),
            Operand::ChargingStatus => text(s.charging_status.map(ChargingStatus::name)),
            Operand::ChargingPlugged => boolean(s.charging_plugged),
            Operand::ChargingType => text(s.charging_type.map(ChargingType::name)),
            Operand::LockedState => text(s.locked_state.map(LockedState::name)),
            Operand::DoorsOpening => boolean(s.doors_open),
            Operand::Moving => boolean(s.moving),
            Operand::Speed => number(s.speed),
            Operand::Trip => s.trip_id.as_deref().map(Reading::Text),
            Operand::TripStart => s.trip_started.as_deref().map(Reading::Text),
            Operand::TripStop => s.trip_stopped.as_deref().map(Reading::Text),
            Operand::TripDuration => number(s.trip_duration),
            Operand::TripDistance => number(s.trip_distance),
            Operand::TripState => text(s.trip_state.map(TripState::name)),
            Operand::DaysBeforeMaintenance => number(s.days_before_maintenance),
            Operand::MileageBeforeMaintenance => number(s.mileage_before_maintenance),
            Operand::BeltWarning => text(s.belt_warning.map(BeltWarning::name)),
            Operand::AirTemp => number(s.air_temp),
            Operand::PrivacyState => text(s.privacy_state.map(PrivacyState::name)),
            Operand::DrivingMode => text(s.driving_mode.map(DrivingMode::name)),
            Operand::CollisionSide => text(s.collision_side.map(CollisionSide::name)),
            Operand::CollisionSeverity => text(s.collision_severity.map(CollisionSeverity::name)),
            Operand::AutoECallTriggering => {
                text(s.auto_e_call_triggering.map(ECallTriggering::name))
            }
            Operand::AirConditioning => text(s.air_conditioning.map(AirConditioningStatus::name)),
            Operand::AlarmTriggerType => text(s.alarm_trigger.map(AlarmTriggerType::name)),
            Operand::AlarmActivation => text(s.alarm_activation.map(AlarmActivation::name)),
            Operand::StolenState => boolean(s.stolen),
            Operand::EnginesRunning => boolean(s.ignition),
        }
    }

    /// Its current value in `status`, if a number.
    #[must_use]
    pub fn number(self, status: &VehicleStatus) -> Option<f64> {
        match self.read(status) {
            Some(Reading::Number(n)) => Some(n),
            _ => None,
        }
    }

    /// Its current value in `status`, as JSON (`null` when never measured).
    #[must_use]
    pub fn json(self, status: &VehicleStatus) -> serde_json::Value {
        use serde_json::Value;
        match self.read(status) {
            None => Value::Null,
            Some(Reading::Number(n)) => Value::from(n),
            Some(Reading::Boolean(b)) => Value::Bool(b),
            Some(Reading::Text(t)) => Value::from(t),
            Some(Reading::Names(names)) => Value::from(names.to_vec()),
        }
    }
}
