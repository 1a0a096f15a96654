//! What a vehicle's samples add up to, and what each sample changed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::operand::Operand;
use super::sample::{GeoPoint, Sample};
use super::values::{
    AirConditioningStatus, AlarmActivation, AlarmTriggerType, BeltWarning, ChargingStatus,
    ChargingType, CollisionSeverity, CollisionSide, DrivingMode, ECallTriggering, LockedState,
    PowertrainStatus, PrivacyState, TripState,
};
use crate::monitors::geo;

/// What a vehicle's samples add up to: the latest value of each measurement (a collision only
/// until the next sample).
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<GeoPoint>,
    /// Degrees clockwise from north, from the position before the last to the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<f64>,
    /// km/h.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
    /// Whether it is moving.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moving: Option<bool>,
    /// km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub odometer: Option<f64>,
    /// km on all energies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autonomy: Option<f64>,
    /// Percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electric_level: Option<f64>,
    /// km on the battery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electric_autonomy: Option<f64>,
    /// Percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel_level: Option<f64>,
    /// km on the tank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fuel_autonomy: Option<f64>,
    /// The charging system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charging_status: Option<ChargingStatus>,
    /// A cable is plugged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charging_plugged: Option<bool>,
    /// Partial or full charging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charging_type: Option<ChargingType>,
    /// On or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignition: Option<bool>,
    /// The powertrain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub powertrain_status: Option<PowertrainStatus>,
    /// °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oil_temp: Option<f64>,
    /// A door is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors_open: Option<bool>,
    /// Which doors are locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_state: Option<LockedState>,
    /// Active alerts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alerts: Option<Vec<String>>,
    /// °C.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air_temp: Option<f64>,
    /// The trip last reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip_id: Option<String>,
    /// The last trip reported under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip_started: Option<String>,
    /// The last trip reported ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip_stopped: Option<String>,
    /// Seconds, of the trip last reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip_duration: Option<f64>,
    /// km, of the trip last reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip_distance: Option<f64>,
    /// Whether the data of the trip last reported is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip_state: Option<TripState>,
    /// Days until the next maintenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_before_maintenance: Option<f64>,
    /// km until the next maintenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mileage_before_maintenance: Option<f64>,
    /// A seat belt left unfastened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub belt_warning: Option<BeltWarning>,
    /// An emergency call a shock set off.
    #[serde(
        default,
        rename = "autoECallTriggering",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_e_call_triggering: Option<ECallTriggering>,
    /// What the driver keeps private.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_state: Option<PrivacyState>,
    /// The driving mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driving_mode: Option<DrivingMode>,
    /// Where the collision the latest sample reported hit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collision_side: Option<CollisionSide>,
    /// How severe that collision was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collision_severity: Option<CollisionSeverity>,
    /// The air conditioning's preconditioning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air_conditioning: Option<AirConditioningStatus>,
    /// What set the alarm off last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_trigger: Option<AlarmTriggerType>,
    /// Whether the alarm is armed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_activation: Option<AlarmActivation>,
    /// Reported stolen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stolen: Option<bool>,
}

/// What applying a sample changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Operands whose value changed from a known one ([`Operand::bit`]): what `onChange` sees.
    pub operands: u64,
    /// Operands whose value differs from before, also when it was unknown.
    pub values: u64,
    /// Whether the sample carried a position.
    pub moved: bool,
}

impl Changes {
    /// Records `operand` going from `old` to `new`.
    fn record<T: PartialEq + ?Sized>(
        &mut self,
        operand: Operand,
        old: Option<&T>,
        new: Option<&T>,
    ) {
        if old != new {
            self.values |= operand.bit();
            if old.is_some() && new.is_some() {
                self.operands |= operand.bit();
            }
        }
    }
}

/// `value` replaces `slot` when the sample carries it; the change goes into `changes`.
fn keep<T: PartialEq>(
    slot: &mut Option<T>,
    value: Option<T>,
    operand: Operand,
    changes: &mut Changes,
) {
    if let Some(value) = value {
        changes.record(operand, slot.as_ref(), Some(&value));
        *slot = Some(value);
    }
}

/// As [`keep`], for a value that owns memory (alert names, a trip's id): copied only when it
/// changed, since most samples repeat it.
fn keep_owned<B>(
    slot: &mut Option<B::Owned>,
    value: Option<&B>,
    operand: Operand,
    changes: &mut Changes,
) where
    B: PartialEq + ToOwned + ?Sized,
    B::Owned: std::borrow::Borrow<B>,
{
    use std::borrow::Borrow;
    if let Some(value) = value {
        let old = slot.as_ref().map(Borrow::borrow);
        if old != Some(value) {
            changes.record(operand, old, Some(value));
            *slot = Some(value.to_owned());
        }
    }
}

/// As [`keep_owned`], for an occurrence (a trip starting): a new value is a change even when
/// there was none before, so that `onChange` sees the first trip too.
fn occurs(slot: &mut Option<String>, value: Option<&str>, operand: Operand, changes: &mut Changes) {
    if let Some(value) = value
        && slot.as_deref() != Some(value)
    {
        changes.values |= operand.bit();
        changes.operands |= operand.bit();
        *slot = Some(value.to_owned());
    }
}

/// `value` replaces `slot` whether the sample carries it or not: for what a sample reports
/// once (a collision), not a state that lasts.
fn once<T: PartialEq>(
    slot: &mut Option<T>,
    value: Option<T>,
    operand: Operand,
    changes: &mut Changes,
) {
    changes.record(operand, slot.as_ref(), value.as_ref());
    *slot = value;
}

impl VehicleStatus {
    /// Applies `sample`: each measurement it carries replaces the last one, and a collision
    /// lasts one sample.
    pub fn apply(&mut self, sample: &Sample) -> Changes {
        let mut changes = Changes {
            operands: 0,
            values: 0,
            moved: sample.position.is_some(),
        };
        let c = &mut changes;
        self.recorded_at = Some(sample.recorded_at);
        if let Some(position) = sample.position {
            if let Some(before) = self.position {
                let course = geo::heading_degrees(before.point(), position.point());
                self.heading = course.or(self.heading);
            }
            self.position = Some(position);
        }
        let kinetic = sample.kinetic.unwrap_or_default();
        keep(&mut self.speed, kinetic.speed, Operand::Speed, c);
        keep(&mut self.moving, kinetic.moving, Operand::Moving, c);
        keep(&mut self.odometer, sample.odometer, Operand::Odometer, c);
        keep(&mut self.autonomy, sample.autonomy, Operand::Autonomy, c);
        let energy = sample.energy.unwrap_or_default();
        let electric = energy.electric.unwrap_or_default();
        keep(
            &mut self.electric_level,
            electric.level,
            Operand::ElectricLevel,
            c,
        );
        let electric_autonomy = Operand::ElectricAutonomy;
        keep(
            &mut self.electric_autonomy,
            electric.autonomy,
            electric_autonomy,
            c,
        );
        let fuel = energy.fuel.unwrap_or_default();
        keep(&mut self.fuel_level, fuel.level, Operand::FuelLevel, c);
        keep(
            &mut self.fuel_autonomy,
            fuel.autonomy,
            Operand::FuelAutonomy,
            c,
        );
        let charging = energy.charging.unwrap_or_default();
        keep(
            &mut self.charging_status,
            charging.status,
            Operand::ChargingStatus,
            c,
        );
        keep(
            &mut self.charging_plugged,
            charging.plugged,
            Operand::ChargingPlugged,
            c,
        );
        keep(
            &mut self.charging_type,
            charging.kind,
            Operand::ChargingType,
            c,
        );
        keep(
            &mut self.ignition,
            sample.ignition,
            Operand::EnginesRunning,
            c,
        );
        let powertrain = sample.powertrain.unwrap_or_default().status;
        keep(
            &mut self.powertrain_status,
            powertrain,
            Operand::PowertrainStatus,
            c,
        );
        let oil = sample
            .engines
            .and_then(|e| e.thermic)
            .and_then(|t| t.oil)
            .and_then(|o| o.temp);
        keep(&mut self.oil_temp, oil, Operand::OilTemp, c);
        let doors = sample.doors_state.unwrap_or_default();
        keep(
            &mut self.doors_open,
            doors.opening,
            Operand::DoorsOpening,
            c,
        );
        keep(
            &mut self.locked_state,
            doors.locked_state,
            Operand::LockedState,
            c,
        );
        keep_owned(
            &mut self.alerts,
            sample.alerts.as_deref(),
            Operand::Alert,
            c,
        );
        let air = sample.environment.and_then(|e| e.air).and_then(|a| a.temp);
        keep(&mut self.air_temp, air, Operand::AirTemp, c);
        if let Some(trip) = &sample.trip {
            keep_owned(&mut self.trip_id, Some(trip.id.as_str()), Operand::Trip, c);
            let (started, stopped) = if trip.done {
                (None, Some(trip.id.as_str()))
            } else {
                (Some(trip.id.as_str()), None)
            };
            occurs(&mut self.trip_started, started, Operand::TripStart, c);
            occurs(&mut self.trip_stopped, stopped, Operand::TripStop, c);
            keep(
                &mut self.trip_duration,
                trip.duration,
                Operand::TripDuration,
                c,
            );
            keep(
                &mut self.trip_distance,
                trip.distance,
                Operand::TripDistance,
                c,
            );
            keep(&mut self.trip_state, trip.state, Operand::TripState, c);
        }
        let maintenance = sample.maintenance.unwrap_or_default();
        let days = maintenance.days_before_maintenance;
        keep(
            &mut self.days_before_maintenance,
            days,
            Operand::DaysBeforeMaintenance,
            c,
        );
        let mileage = maintenance.mileage_before_maintenance;
        let operand = Operand::MileageBeforeMaintenance;
        keep(&mut self.mileage_before_maintenance, mileage, operand, c);
        let safety = sample.safety.unwrap_or_default();
        keep(
            &mut self.belt_warning,
            safety.belt_warning,
            Operand::BeltWarning,
            c,
        );
        let e_call = safety.auto_e_call_triggering;
        keep(
            &mut self.auto_e_call_triggering,
            e_call,
            Operand::AutoECallTriggering,
            c,
        );
        let privacy = sample.privacy.unwrap_or_default().state;
        keep(&mut self.privacy_state, privacy, Operand::PrivacyState, c);
        let mode = sample.driving_behavior.unwrap_or_default().mode;
        keep(&mut self.driving_mode, mode, Operand::DrivingMode, c);
        let collision = sample.collision;
        once(
            &mut self.collision_side,
            collision.map(|c| c.side),
            Operand::CollisionSide,
            c,
        );
        let severity = collision.and_then(|c| c.severity);
        once(
            &mut self.collision_severity,
            severity,
            Operand::CollisionSeverity,
            c,
        );
        let conditioning = sample
            .preconditioning
            .and_then(|p| p.air_conditioning)
            .and_then(|a| a.status);
        keep(
            &mut self.air_conditioning,
            conditioning,
            Operand::AirConditioning,
            c,
        );
        let alarm = sample.alarm.unwrap_or_default();
        let trigger = alarm.trigger.map(|t| t.kind);
        keep(
            &mut self.alarm_trigger,
            trigger,
            Operand::AlarmTriggerType,
            c,
        );
        let activation = alarm.status.map(|s| s.activation);
        keep(
            &mut self.alarm_activation,
            activation,
            Operand::AlarmActivation,
            c,
        );
        keep(
            &mut self.stolen,
            sample.stolen.map(|s| s.state),
            Operand::StolenState,
            c,
        );
        changes
    }
}
