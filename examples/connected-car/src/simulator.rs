//! A simulator that drives the seeded fleet on an accelerated clock, through the same
//! ingestion path as `POST /vehicles/{vin}/telemetry`, so that monitors fire without a client.
//!
//! Each vehicle loops around its home position: parked for a while (ignition off, doors open at
//! first), then driving a circle of a few km at a speed that rises and falls, and on some loops
//! with a tyre-pressure alert. Fuel or battery runs down over a dozen loops, then is topped up.
//! Every second of real time, each vehicle sends one sample stamped with the simulated time.

use std::f64::consts::TAU;
use std::time::Duration;

use chrono::{DateTime, Timelike, Utc};

use crate::fleet::Seeded;
use crate::monitors::geo::Point;
use crate::state::AppState;
use crate::telemetry::{Air, DoorsState, Energy, Environment, GeoPoint, Kinetic, Level, Sample};

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
        let level = 90.0 - 80.0 * (laps_driven / 12.0).fract();
        let hour = f64::from(now.hour()) + f64::from(now.minute()) / 60.0;
        let alert = (lap as u64).wrapping_mul(7) % 10 == 3;
        Sample {
            recorded_at: now,
            position: Some(GeoPoint::new(
                (longitude * 1e5).round() / 1e5,
                (latitude * 1e5).round() / 1e5,
            )),
            kinetic: Some(Kinetic {
                speed: Some((speed * 10.0).round() / 10.0),
            }),
            odometer: Some(((self.odometer + laps_driven * circumference) * 10.0).round() / 10.0),
            energy: Some(if self.electric {
                Energy {
                    electric: Some(Level {
                        level: Some(level.round()),
                    }),
                    fuel: None,
                }
            } else {
                Energy {
                    electric: None,
                    fuel: Some(Level {
                        level: Some(level.round()),
                    }),
                }
            }),
            ignition: Some(ignition),
            doors_state: Some(DoorsState {
                opening: Some(!ignition && within < self.parked * 0.25),
            }),
            alerts: Some(if alert && ignition {
                vec!["tyrePressureLow".to_owned()]
            } else {
                Vec::new()
            }),
            environment: Some(Environment {
                air: Some(Air {
                    temp: Some((12.0 + 8.0 * (TAU * (hour - 9.0) / 24.0).sin()).round()),
                }),
            }),
        }
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
