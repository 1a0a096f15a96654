//! Vehicle data: the samples vehicles send, and the status they add up to.
//!
//! A sample carries `recordedAt` and any of the measurements; what it leaves out keeps its last
//! known value (but a collision, which lasts one sample). Samples of one vehicle are applied in
//! `recordedAt` order: a sample older than the vehicle's latest one, or at the same instant (a
//! duplicate, as when a batch is sent again), is not applied and is counted as late or
//! duplicate, so that state and monitor edges only ever move forward in time.
//!
//! - [`Sample`]: one sample, as `POST /vehicles/{vin}/telemetry` takes it;
//! - `values`: the origin's named values ([`ChargingStatus`], [`PrivacyState`]…);
//! - [`VehicleStatus`]: what the samples add up to, and the [`Changes`] each one made;
//! - [`Operand`]: the measurements a data trigger tests, by the origin's names.

mod operand;
mod sample;
mod status;
mod values;

pub use operand::{Operand, OperandKind, Reading};
pub use sample::{
    Air, AirConditioning, Alarm, AlarmStatus, AlarmTrigger, Charging, Collision, Coordinates,
    DoorsState, DrivingBehavior, Energy, Engines, Environment, GeoPoint, Kinetic, Level,
    Maintenance, Oil, PointType, Powertrain, Preconditioning, Privacy, Safety, Sample, Stolen,
    Thermic, TripReport,
};
pub use status::{Changes, VehicleStatus};
pub use values::{
    AirConditioningStatus, AlarmActivation, AlarmTriggerType, BeltWarning, ChargingStatus,
    ChargingType, CollisionSeverity, CollisionSide, DrivingMode, ECallTriggering, LockedState,
    PowertrainStatus, PrivacyState, TelemetryPart, TripState,
};

#[cfg(test)]
mod tests;
