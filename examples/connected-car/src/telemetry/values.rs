//! The named values vehicles report, spelled as the origin's status and telemetry schemas
//! spell them, so that a data trigger written for the origin (`"value": ["InProgress"]`)
//! compares with what the vehicle sent.

use hal_core::forms::HalForm;
use serde::{Deserialize, Serialize};

/// An enum of the origin's names: each variant serializes as its name, [`names`](Self::NAMES)
/// lists them for the data triggers that compare with them, and [`name`](Self::name) gives
/// one.
macro_rules! origin_names {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, HalForm,
            utoipa::ToSchema,
        )]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`.")]
                #[serde(rename = $text)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, as the origin spells it.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// This value, as the origin spells it.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }
    };
}

origin_names! {
    /// The powertrain's state (`vehicle.powertrain.status`).
    PowertrainStatus {
        NotRunning = "NotRunning",
        Starting = "Starting",
        Running = "Running",
        Stopping = "Stopping",
        Stopped = "Stopped",
    }
}

origin_names! {
    /// What the charging system is doing (`vehicle.energy.charging.status`).
    ChargingStatus {
        Disconnected = "Disconnected",
        InProgress = "InProgress",
        Failure = "Failure",
        Stopped = "Stopped",
        Finished = "Finished",
    }
}

origin_names! {
    /// Whether charging stops when full (`vehicle.energy.charging.type`).
    ChargingType {
        Partial = "Partial",
        Full = "Full",
    }
}

origin_names! {
    /// Which doors are locked (`vehicle.doorsState.lockedState`).
    LockedState {
        Unlocked = "Unlocked",
        Locked = "Locked",
        SuperLocked = "SuperLocked",
        DriverDoorUnlocked = "DriverDoorUnlocked",
        CabinDoorsUnlocked = "CabinDoorsUnlocked",
        CargoDoorsLocked = "CargoDoorsLocked",
        CargoDoorsUnlocked = "CargoDoorsUnlocked",
        RearDoorsUnlocked = "RearDoorsUnlocked",
        RearDoorsLocked = "RearDoorsLocked",
        TrunkLocked = "TrunkLocked",
        TrunkUnlocked = "TrunkUnLocked",
    }
}

origin_names! {
    /// Whether a trip's data is complete (`vehicle.trip.state`).
    TripState {
        Nominal = "Nominal",
        Unstarted = "Unstarted",
        DataLacking = "DataLacking",
        Unfinished = "Unfinished",
    }
}

origin_names! {
    /// Whether a seat belt is left unfastened (`vehicle.safety.beltWarning`).
    BeltWarning {
        Normal = "Normal",
        Omission = "Omission",
    }
}

origin_names! {
    /// Whether a shock called the emergency services (`vehicle.safety.autoECallTriggering`).
    ECallTriggering {
        NotDetected = "NotDetected",
        Detected = "Detected",
        ShockDetectionUnabled = "ShockDetectionUnabled",
    }
}

origin_names! {
    /// What the driver keeps private (`privacy.state`).
    PrivacyState {
        None = "None",
        Geolocation = "Geolocation",
        Full = "Full",
    }
}

origin_names! {
    /// The driving mode the driver selected (`vehicle.drivingBehavior.mode`).
    DrivingMode {
        Normal = "Normal",
        Sport = "Sport",
        Comfort = "Comfort",
        Eco = "Eco",
        Sand = "Sand",
        Mud = "Mud",
        Snow = "Snow",
        Zev = "ZEV",
        Hybrid = "Hybrid",
        ZevEco = "ZEVEco",
        HybridEco = "HybridEco",
        EcoPlus = "EcoPlus",
        ElectricAllWheelDrive = "eAWD",
        FourWheelDrive = "4AWD",
        ReinforcedLoad = "ReinforcedLoad",
    }
}

origin_names! {
    /// Where a collision hit the vehicle (`vehicle.collision.side`).
    CollisionSide {
        Front = "Front",
        Rear = "Rear",
        Lateral = "Lateral",
    }
}

origin_names! {
    /// Which restraint systems a collision set off (`vehicle.collision.severity`): none,
    /// the pretensioners, or airbags and pretensioners.
    CollisionSeverity {
        Minimal = "Minimal",
        Minor = "Minor",
        Major = "Major",
    }
}

origin_names! {
    /// The air conditioning's preconditioning (`vehicle.preconditioning.airConditioning`).
    AirConditioningStatus {
        Enabled = "Enabled",
        Disabled = "Disabled",
        Finished = "Finished",
        Failure = "Failure",
    }
}

origin_names! {
    /// What set the anti-theft alarm off (`vehicle.alarm.trigger.type`).
    AlarmTriggerType {
        NoBreakIn = "NoBreakIn",
        FrontRightDoorBreakIn = "FrontRightDoorBreakIn",
        FrontLeftDoorBreakIn = "FrontLeftDoorBreakIn",
        RearRightFrontDoorBreakIn = "RearRightFrontDoorBreakIn",
        RearLeftFrontDoorBreakIn = "RearLeftFrontDoorBreakIn",
        HoodDoorBreakIn = "HoodDoorBreakIn",
        TrunkDoorBreakIn = "TrunkDoorBreakIn",
        BackliteDoorBreakIn = "BackliteDoorBreakIn",
        RoofBreakIn = "RoofBreakIn",
        VolumetricBreakIn = "VolumetricBreakIn",
        VehicleLifting = "VehicleLifting",
        ElectricalSystemBreakIn = "ElectricalsystemBreakIn",
        KeyLearning = "KeyLearning",
        UnauthenticatedStartup = "UnauthenticatedStartup",
    }
}

origin_names! {
    /// Whether the anti-theft alarm is armed (`vehicle.alarm.status.activation`).
    AlarmActivation {
        Inactive = "Inactive",
        Active = "Active",
    }
}

origin_names! {
    /// A part of the telemetry, as `vehicle.telemetry.<part>` in `extendedEventParam` names it.
    TelemetryPart {
        Environment = "environment",
        Privacy = "privacy",
        Vehicle = "vehicle",
        Adas = "vehicle.adas",
        Battery = "vehicle.battery",
        DoorsState = "vehicle.doorsState",
        Energies = "vehicle.energies",
        Engines = "vehicle.engines",
        Ignition = "vehicle.ignition",
        Lighting = "vehicle.lighting",
        LightingSystem = "vehicle.lightingSystem",
        Safety = "vehicle.safety",
        Transmission = "vehicle.transmission",
        DrivingBehavior = "vehicle.drivingBehavior",
        AlarmStatus = "vehicle.alarm.status",
        AlarmTrigger = "vehicle.alarm.trigger",
        WipingBlades = "vehicle.wipingBlades",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_what_serde_writes() {
        for (value, name) in [
            (
                serde_json::to_value(DrivingMode::FourWheelDrive).unwrap(),
                DrivingMode::FourWheelDrive.name(),
            ),
            (
                serde_json::to_value(LockedState::TrunkUnlocked).unwrap(),
                LockedState::TrunkUnlocked.name(),
            ),
            (
                serde_json::to_value(PrivacyState::None).unwrap(),
                PrivacyState::None.name(),
            ),
        ] {
            assert_eq!(value, name);
        }
        assert_eq!(DrivingMode::NAMES.len(), 15);
        assert_eq!(AlarmTriggerType::NAMES.len(), 14);
        for name in ChargingStatus::NAMES {
            let value: ChargingStatus = serde_json::from_value((*name).into()).unwrap();
            assert_eq!(value.name(), *name);
        }
    }
}
