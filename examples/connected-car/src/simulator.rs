//! A simulator that drives the seeded fleet on an accelerated clock, through the same
//! ingestion path as `POST /vehicles/{vin}/telemetry`, so that monitors fire without a client.
//!
//! Each vehicle loops around its home position: parked for a while (ignition off, doors open
//! and unlocked at first, then locked with the alarm armed, the air conditioning on just before
//! leaving, an electric one plugged in when low), then driving a circle of a few km, one trip
//! per loop, at a speed that rises and falls (sport mode when fast) while the oil warms up. On
//! some loops: a tyre under-inflated, a belt fastened late, the position kept private, a knock
//! from behind (hard enough, an emergency call), a break-in attempt while parked, the vehicle
//! reported stolen, a trip with data missing. Fuel or battery runs down over a dozen loops, then
//! is topped up, and the maintenance counters count down. Every second of real time, each
//! vehicle sends one sample stamped with the simulated time, carrying every measurement a
//! monitor can test, so that a monitor on any operand can fire.

use std::f64::consts::TAU;
use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};

use crate::fleet::Seeded;
use crate::monitors::geo::Point;
use crate::state::AppState;
use crate::telemetry::{
    Air, AirConditioning, AirConditioningStatus, Alarm, AlarmActivation, AlarmStatus, AlarmTrigger,
    AlarmTriggerType, BeltWarning, Charging, ChargingStatus, ChargingType, Collision,
    CollisionSeverity, CollisionSide, DoorsState, DrivingBehavior, DrivingMode, ECallTriggering,
    Energy, Engines, Environment, GeoPoint, Kinetic, Level, LockedState, Maintenance, Oil,
    Powertrain, PowertrainStatus, Preconditioning, Privacy, PrivacyState, Safety, Sample, Stolen,
    Thermic, TripReport, TripState,
};

/// Kilometres per degree of latitude.
const KM_PER_DEGREE: f64 = 111.32;

/// One vehicle's loop.
#[derive(Debug, Clone)]
pub struct Route {
    vin: String,
    fleet_id: String,
    home: Point,
    radius_km: f64,
    /// Seconds per loop, parked time included.
    period: f64,
    /// Where in its loop the vehicle is at the start, 0 to 1.
    phase: f64,
    /// The part of a loop spent parked.
    parked: f64,
    electric: bool,
    odometer: f64,
}

impl Route {
    /// A loop for `vin` around `home`, varied by a generator seeded from the VIN.
    #[must_use]
    pub fn new(fleet_id: &str, vin: &str, home: Point, electric: bool, odometer: f64) -> Self {
        let seed = vin.bytes().fold(0xCAFE_u64, |h, b| {
            h.wrapping_mul(31).wrapping_add(u64::from(b))
        });
        let mut rng = Seeded(seed);
        Self {
            vin: vin.to_owned(),
            fleet_id: fleet_id.to_owned(),
            home,
            radius_km: 1.0 + rng.unit() * 6.0,
            period: 1_800.0 + rng.unit() * 3_600.0,
            phase: rng.unit(),
            parked: 0.2 + rng.unit() * 0.3,
            electric,
            odometer,
        }
    }

    /// The vehicle.
    #[must_use]
    pub fn vin(&self) -> &str {
        &self.vin
    }

    /// Its fleet.
    #[must_use]
    pub fn fleet_id(&self) -> &str {
        &self.fleet_id
    }

    /// The sample this vehicle sends `elapsed` simulated seconds after the start, at `now`.
    #[must_use]
    pub fn sample(&self, elapsed: f64, now: DateTime<Utc>) -> Sample {
        let cycles = elapsed / self.period + self.phase;
        let lap = cycles.floor();
        let within = cycles - lap;
        let circumference = TAU * self.radius_km;
        let driving_seconds = self.period * (1.0 - self.parked);
        let (angle, speed, ignition) = if within < self.parked {
            (0.0, 0.0, false)
        } else {
            let progress = (within - self.parked) / (1.0 - self.parked);
            let average = circumference / driving_seconds * 3_600.0;
            let angle = TAU * progress;
            (
                angle,
                average * (1.0 + 0.6 * (2.0 * angle).sin().abs()),
                true,
            )
        };
        // Home is on the circle; its center lies east of it.
        let degrees_east = self.radius_km / (KM_PER_DEGREE * self.home.latitude.to_radians().cos());
        let longitude = self.home.longitude + degrees_east * (1.0 - angle.cos());
        let latitude = self.home.latitude + self.radius_km / KM_PER_DEGREE * angle.sin();
        let laps_driven = lap + ((within - self.parked) / (1.0 - self.parked)).max(0.0);
        let percent = (90.0 - 80.0 * (laps_driven / 12.0).fract()).round();
        let hour = f64::from(now.hour()) + f64::from(now.minute()) / 60.0;
        let lap_number = lap as u64;
        let alert = lap_number.wrapping_mul(7) % 10 == 3;
        let odometer = ((self.odometer + laps_driven * circumference) * 10.0).round() / 10.0;
        let doors_open = !ignition && within < self.parked * 0.25;
        // Seconds into this lap's drive, or after it.
        let driven = ((within - self.parked) * self.period).max(0.0);
        // Autonomy: 4 km per percent of battery, 8 per percent of fuel.
        let autonomy = percent * if self.electric { 4.0 } else { 8.0 };
        let level = Some(Level {
            level: Some(percent),
            autonomy: Some(autonomy),
        });
        let plugged = self.electric && !ignition && percent < 40.0;
        let sporty = ignition && (2.0 * angle).sin().abs() > 0.8;
        // A knock from behind at mid-drive on one loop in 23: light, or on every other such
        // loop hard enough to set the airbags off.
        let collision =
            (ignition && lap_number % 23 == 11 && (driven - driving_seconds / 2.0).abs() < 15.0)
                .then_some(if lap_number % 46 == 11 {
                    CollisionSeverity::Minimal
                } else {
                    CollisionSeverity::Major
                });
        Sample {
            recorded_at: now,
            position: Some(GeoPoint::new(
                (longitude * 1e5).round() / 1e5,
                (latitude * 1e5).round() / 1e5,
            )),
            kinetic: Some(Kinetic {
                speed: Some((speed * 10.0).round() / 10.0),
                moving: Some(speed > 0.0),
            }),
            odometer: Some(odometer),
            autonomy: Some(autonomy),
            energy: Some(Energy {
                electric: level.filter(|_| self.electric),
                fuel: level.filter(|_| !self.electric),
                charging: self.electric.then_some(Charging {
                    status: Some(if plugged {
                        ChargingStatus::InProgress
                    } else {
                        ChargingStatus::Disconnected
                    }),
                    plugged: Some(plugged),
                    // Full on even loops, partial (sparing the battery) on odd ones.
                    kind: Some(if lap_number.is_multiple_of(2) {
                        ChargingType::Full
                    } else {
                        ChargingType::Partial
                    }),
                }),
            }),
            ignition: Some(ignition),
            powertrain: Some(Powertrain {
                status: Some(if ignition {
                    PowertrainStatus::Running
                } else {
                    PowertrainStatus::Stopped
                }),
            }),
            engines: (!self.electric).then_some(Engines {
                thermic: Some(Thermic {
                    oil: Some(Oil {
                        // Warms up over the first ten minutes of a drive.
                        temp: Some(if ignition {
                            (20.0 + 70.0 * (driven / 600.0).min(1.0)).round()
                        } else {
                            20.0
                        }),
                    }),
                }),
            }),
            doors_state: Some(DoorsState {
                opening: Some(doors_open),
                locked_state: Some(if doors_open {
                    LockedState::Unlocked
                } else {
                    LockedState::Locked
                }),
            }),
            alerts: Some(if alert && ignition {
                vec!["LeftFrontTireUnderInflated".to_owned()]
            } else {
                Vec::new()
            }),
            environment: Some(Environment {
                air: Some(Air {
                    temp: Some((12.0 + 8.0 * (TAU * (hour - 9.0) / 24.0).sin()).round()),
                }),
            }),
            trip: self.trip(lap_number, ignition, driven, driving_seconds, circumference),
            maintenance: Some(Maintenance {
                // A service every 30 000 km or every year, whichever comes first.
                mileage_before_maintenance: Some((30_000.0 - odometer % 30_000.0).round()),
                days_before_maintenance: Some((365.0 - (elapsed / 86_400.0) % 365.0).floor()),
            }),
            safety: Some(Safety {
                // A belt fastened late, in the first minute of every fifth drive.
                belt_warning: Some(if ignition && lap_number % 5 == 1 && driven < 60.0 {
                    BeltWarning::Omission
                } else {
                    BeltWarning::Normal
                }),
                // The airbags' shock calls the emergency services.
                auto_e_call_triggering: Some(if collision == Some(CollisionSeverity::Major) {
                    ECallTriggering::Detected
                } else {
                    ECallTriggering::NotDetected
                }),
            }),
            // The position kept private on one drive in seven.
            privacy: Some(Privacy {
                state: Some(if ignition && lap_number % 7 == 4 {
                    PrivacyState::Geolocation
                } else {
                    PrivacyState::None
                }),
            }),
            // Sport while the speed is well above the loop's average.
            driving_behavior: Some(DrivingBehavior {
                mode: Some(if sporty {
                    DrivingMode::Sport
                } else if self.electric {
                    DrivingMode::Eco
                } else {
                    DrivingMode::Normal
                }),
            }),
            collision: collision.map(|severity| Collision {
                side: CollisionSide::Rear,
                severity: Some(severity),
            }),
            preconditioning: Some(Preconditioning {
                air_conditioning: Some(AirConditioning {
                    // On for the last tenth of the stay, before the drive.
                    status: Some(if ignition {
                        AirConditioningStatus::Finished
                    } else if within > self.parked * 0.9 {
                        AirConditioningStatus::Enabled
                    } else {
                        AirConditioningStatus::Disabled
                    }),
                }),
            }),
            alarm: Some(Alarm {
                // Someone tries the parked vehicle on one stay in 17.
                trigger: Some(AlarmTrigger {
                    kind: if !ignition && !doors_open && lap_number % 17 == 5 {
                        AlarmTriggerType::VolumetricBreakIn
                    } else {
                        AlarmTriggerType::NoBreakIn
                    },
                }),
                status: Some(AlarmStatus {
                    activation: if ignition || doors_open {
                        AlarmActivation::Inactive
                    } else {
                        AlarmActivation::Active
                    },
                }),
            }),
            // Reported stolen for one loop in 31.
            stolen: Some(Stolen {
                state: lap_number % 31 == 13,
            }),
        }
    }

    /// The trip of lap `lap`: under way while driving, and once parked, the last one ended.
    fn trip(
        &self,
        lap: u64,
        driving: bool,
        driven: f64,
        driving_seconds: f64,
        circumference: f64,
    ) -> Option<TripReport> {
        let (lap, done, seconds) = if driving {
            (lap, false, driven)
        } else {
            (lap.checked_sub(1)?, true, driving_seconds)
        };
        Some(TripReport {
            id: format!("{}-{lap}", self.vin),
            done,
            duration: Some(seconds.round()),
            distance: Some((circumference * seconds / driving_seconds * 10.0).round() / 10.0),
            // The data of one trip in nine came in with gaps.
            state: Some(if lap % 9 == 2 {
                TripState::DataLacking
            } else {
                TripState::Nominal
            }),
        })
    }
}

/// The routes of every vehicle the engine knows a position for.
#[must_use]
pub fn routes(state: &AppState) -> Vec<Route> {
    let Ok(data) = state.read() else {
        return Vec::new();
    };
    data.vehicles
        .values()
        .filter_map(|vehicle| {
            let status = state.engine().status(&vehicle.fleet_id, &vehicle.vin)?;
            let home = status.position?.point();
            let electric = vehicle.model.starts_with("e-") || vehicle.model.starts_with("ë-");
            Some(Route::new(
                &vehicle.fleet_id,
                &vehicle.vin,
                home,
                electric,
                vehicle.mileage_km as f64,
            ))
        })
        .collect()
}

/// Drives every vehicle, `speed` simulated seconds per real second, until the task is dropped.
pub async fn run(state: AppState, speed: f64) {
    let routes = routes(&state);
    let start = Utc::now();
    let mut ticks = tokio::time::interval(Duration::from_secs(1));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut elapsed = 0.0;
    loop {
        ticks.tick().await;
        let now = start + chrono::Duration::milliseconds((elapsed * 1_000.0) as i64);
        let mut raised = 0;
        for route in &routes {
            match state
                .ingest(
                    &route.fleet_id,
                    &route.vin,
                    vec![route.sample(elapsed, now)],
                )
                .await
            {
                Ok(receipt) => raised += receipt.events_raised,
                Err(error) => {
                    tracing::warn!(vin = %route.vin, "simulator: {}", error.problem().detail().unwrap_or(""))
                }
            }
        }
        if raised > 0 {
            tracing::info!(events = raised, at = %hal_core::time::format(&now), "simulator: monitors raised events");
        }
        elapsed += speed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitors::geo::distance_km;

    #[test]
    fn every_operand_changes_over_fifty_loops() {
        use crate::telemetry::{Operand, VehicleStatus};
        use std::collections::{BTreeSet, HashMap};

        let home = Point {
            longitude: 2.35,
            latitude: 48.85,
        };
        let now = Utc::now();
        let mut seen: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for electric in [false, true] {
            let route = Route::new("f1", "VF31000000000000A", home, electric, 1_000.0);
            let mut status = VehicleStatus::default();
            // Samples 20 s apart: closer than the shortest event (a knock, 30 s).
            let steps = (route.period * 50.0 / 20.0) as u32;
            for step in 0..steps {
                let elapsed = f64::from(step) * 20.0;
                let sample =
                    route.sample(elapsed, now + chrono::Duration::seconds(i64::from(step)));
                status.apply(&sample);
                for (operand, name) in Operand::ALL {
                    seen.entry(name)
                        .or_default()
                        .insert(operand.json(&status).to_string());
                }
            }
        }
        for (_, name) in Operand::ALL {
            let values = &seen[name];
            assert!(values.len() >= 2, "{name} only ever reads {values:?}");
        }
    }

    #[test]
    fn a_route_parks_drives_a_loop_and_comes_home() {
        let home = Point {
            longitude: 2.35,
            latitude: 48.85,
        };
        let route = Route::new("f1", "VF31000000000000A", home, false, 1_000.0);
        let now = Utc::now();
        let mut parked = 0;
        let mut farthest: f64 = 0.0;
        let mut previous_odometer = 0.0;
        let steps = 600;
        for step in 0..=steps {
            let elapsed = route.period * f64::from(step) / f64::from(steps);
            let sample = route.sample(elapsed, now);
            assert_eq!(
                hal_core::forms::Validate::validate(&sample),
                Ok(()),
                "step {step}"
            );
            let position = sample.position.unwrap().point();
            farthest = farthest.max(distance_km(home, position));
            let odometer = sample.odometer.unwrap();
            assert!(
                odometer >= previous_odometer,
                "the odometer never goes back"
            );
            previous_odometer = odometer;
            if sample.ignition == Some(false) {
                parked += 1;
                assert_eq!(sample.kinetic.unwrap().speed, Some(0.0));
                assert!(distance_km(home, position) < 0.01, "parked at home");
            }
        }
        assert!(
            parked > 0 && parked < steps,
            "{parked} of {steps} steps parked"
        );
        let diameter = 2.0 * route.radius_km;
        assert!(
            (farthest - diameter).abs() < 0.1,
            "{farthest} km from home, diameter {diameter}"
        );
    }
}
