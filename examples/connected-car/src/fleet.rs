//! The in-memory fleet: generated from a fixed seed, so every run serves the same data.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use hal_core::time::Timestamps;

use crate::resources::{Alert, AlertSeverity, Fleet, Position, Trip, Vehicle, WayPoint};

/// SplitMix64: a tiny, well-known generator; enough to make demo data reproducible.
pub(crate) struct Seeded(pub(crate) u64);

impl Seeded {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A vehicle's `id`: opaque, stable, derived from its VIN (the first 16 bytes of a SHA-256,
/// in hex), so that every instance and every run gives a vehicle the same one.
#[must_use]
pub(crate) fn vehicle_id(vin: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::new()
        .chain_update(b"connected-car vehicle ")
        .chain_update(vin.as_bytes())
        .finalize();
    digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

const BRANDS: [(&str, &[&str]); 3] = [
    ("Peugeot", &["208", "308", "e-2008", "3008"]),
    ("Citroën", &["C3", "C4", "ë-C4", "Berlingo"]),
    ("DS", &["DS 3", "DS 4", "DS 7"]),
];

/// Everything the service serves.
pub struct FleetData {
    /// The seed the data was generated from: its only version, since it never changes while
    /// the service runs (the validators of what is served from it are made of it).
    pub seed: u64,
    /// The fleets.
    pub fleets: Vec<Fleet>,
    /// Vehicles by VIN, in VIN order.
    pub vehicles: BTreeMap<String, Vehicle>,
    /// VINs by the vehicles' `id` (the origin addresses a vehicle by it).
    pub vins_by_id: BTreeMap<String, String>,
    /// Trips by id, in id order.
    pub trips: BTreeMap<u64, Trip>,
    /// Alerts by id.
    pub alerts: BTreeMap<u64, Alert>,
    /// Last positions by VIN.
    pub positions: BTreeMap<String, Position>,
}

impl FleetData {
    /// Three fleets (120, 100 and 80 vehicles), a dozen trips per vehicle, a few alerts.
    #[must_use]
    pub fn generate(seed: u64) -> Self {
        let mut rng = Seeded(seed);
        let epoch: DateTime<Utc> = Utc
            .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
            .single()
            .unwrap_or_default();
        let mut data = FleetData {
            seed,
            fleets: Vec::new(),
            vehicles: BTreeMap::new(),
            vins_by_id: BTreeMap::new(),
            trips: BTreeMap::new(),
            alerts: BTreeMap::new(),
            positions: BTreeMap::new(),
        };
        let (mut trip_id, mut alert_id) = (1u64, 1u64);
        for (fleet_index, (fleet_id, name, size)) in [
            ("f1", "Paris deliveries", 120u64),
            ("f2", "Lyon taxis", 100),
            ("f3", "Lille rentals", 80),
        ]
        .into_iter()
        .enumerate()
        {
            let created = epoch - Duration::days(400 - 30 * fleet_index as i64);
            data.fleets.push(Fleet {
                id: fleet_id.into(),
                fleet_id: fleet_id.into(),
                name: name.into(),
                vehicle_count: size,
                timestamps: Timestamps::created(created),
            });
            for n in 0..size {
                let (brand, models) = BRANDS[rng.below(BRANDS.len() as u64) as usize];
                let model = models[rng.below(models.len() as u64) as usize];
                // A 17-character VIN: manufacturer, fleet, serial.
                let vin = format!("VF3{}{:013}", fleet_index + 1, n * 7919 + rng.below(7));
                let since = created + Duration::days(rng.below(300) as i64);
                let vehicle = Vehicle {
                    id: vehicle_id(&vin),
                    vin: vin.clone(),
                    fleet_id: fleet_id.into(),
                    brand: brand.into(),
                    model: model.into(),
                    year: 2019 + rng.below(7) as u16,
                    mileage_km: 5_000 + rng.below(150_000),
                    timestamps: Timestamps {
                        created_at: since,
                        updated_at: since + Duration::days(rng.below(60) as i64),
                    },
                };
                let (mut lat, mut lon) = (48.85 + rng.unit() - 0.5, 2.35 + rng.unit() - 0.5);
                for t in 0..12 {
                    let started = since + Duration::hours(36 * t + rng.below(24) as i64);
                    let minutes = 10 + rng.below(80) as i64;
                    let way_points: Vec<WayPoint> = (0..(3 + rng.below(5)) as u32)
                        .map(|seq| {
                            lat += (rng.unit() - 0.5) / 50.0;
                            lon += (rng.unit() - 0.5) / 50.0;
                            WayPoint {
                                trip_id,
                                seq,
                                latitude: (lat * 1e5).round() / 1e5,
                                longitude: (lon * 1e5).round() / 1e5,
                                recorded_at: started
                                    + Duration::minutes(i64::from(seq) * minutes / 4),
                            }
                        })
                        .collect();
                    let ended = started + Duration::minutes(minutes);
                    data.trips.insert(
                        trip_id,
                        Trip {
                            id: trip_id,
                            vin: vin.clone(),
                            started_at: started,
                            stopped_at: ended,
                            distance: (rng.unit() * 60.0 * 10.0).round() / 10.0 + 1.0,
                            duration: (ended - started).num_seconds(),
                            done: true,
                            timestamps: Timestamps::created(ended),
                            way_points,
                        },
                    );
                    trip_id += 1;
                }
                for _ in 0..rng.below(4) {
                    let raised = since + Duration::hours(rng.below(5_000) as i64);
                    let end_at = (rng.below(2) == 0).then(|| raised + Duration::hours(2));
                    data.alerts.insert(
                        alert_id,
                        Alert {
                            id: alert_id,
                            vin: vin.clone(),
                            kind: [
                                "BatteryChargeOrElectricalCircuitSystemFailure",
                                "ReplaceBrakePads",
                                "LeftFrontTireUnderInflated",
                                "LeftFrontDoorOpen",
                            ][rng.below(4) as usize]
                                .into(),
                            severity: [
                                AlertSeverity::Information,
                                AlertSeverity::Warning,
                                AlertSeverity::Critical,
                            ][rng.below(3) as usize],
                            started_at: raised,
                            end_at,
                            active: end_at.is_none(),
                            timestamps: Timestamps::created(raised),
                        },
                    );
                    alert_id += 1;
                }
                data.positions.insert(
                    vin.clone(),
                    Position {
                        vin: vin.clone(),
                        latitude: (lat * 1e5).round() / 1e5,
                        longitude: (lon * 1e5).round() / 1e5,
                        speed_kmh: rng.below(90) as f64,
                        recorded_at: vehicle.timestamps.updated_at,
                    },
                );
                data.vins_by_id.insert(vehicle.id.clone(), vin.clone());
                data.vehicles.insert(vin, vehicle);
            }
        }
        data
    }
}
