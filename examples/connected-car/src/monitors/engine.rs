//! The engine: evaluates each vehicle sample against the running monitors of the vehicle's
//! fleet, and raises an event when a monitor's expression goes from false to true (then every
//! `refreshEvent` while it stays true).
//!
//! Work is partitioned by fleet: a sample locks and visits only its own fleet's monitors, so its
//! cost does not grow with other fleets' monitors. Per monitor and vehicle the engine keeps a few
//! bytes ([`PerVehicle`]): whether the expression was true, which zones the vehicle was inside,
//! and when the last event was raised. Everything is evaluated at the sample's `recordedAt`, so
//! a replayed or simulated stream behaves as a live one; time triggers are evaluated when samples
//! arrive.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::expr::TruthTable;
use super::geo::Zone;
use super::model::Transition;
use super::window::Windows;
use crate::telemetry::{Changes, Operand, OperandKind, Sample, VehicleStatus};

/// An event a monitor raised, as stored and as delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitorEvent {
    /// Stable across retries and restarts, for idempotent receivers.
    pub event_id: String,
    /// The monitor.
    pub monitor_id: String,
    /// The monitor's fleet.
    pub fleet_id: String,
    /// The vehicle.
    pub vin: String,
    /// The sample's `recordedAt`.
    #[serde(with = "hal_core::time::rfc3339")]
    pub event_date: DateTime<Utc>,
    /// What caused it: the triggers that held, and the values the monitor tests.
    pub values: Map<String, Value>,
    /// The data `extendedEventParam` asked for.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extensions: Map<String, Value>,
    /// A reminder that the condition still holds, not a new occurrence.
    pub refresh: bool,
}

/// Data added to events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    /// `vehicle.position`: the last position, GeoJSON.
    Position,
    /// `vehicle.alerts`: active alerts.
    Alerts,
    /// `vehicle.status`: ignition, doors, speed, energy.
    Status,
    /// `vehicle.telemetry`: everything known.
    Telemetry,
}

/// A value a data trigger compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
    /// An alert name.
    Text(String),
}

impl Scalar {
    /// `value` as an operand of `kind` takes it, if it fits.
    #[must_use]
    pub fn from_json(value: &Value, kind: OperandKind) -> Option<Self> {
        match (kind, value) {
            (OperandKind::Number, Value::Number(n)) => {
                n.as_f64().filter(|n| n.is_finite()).map(Scalar::Number)
            }
            (OperandKind::Boolean, Value::Bool(b)) => Some(Scalar::Boolean(*b)),
            (OperandKind::Text, Value::String(s)) if !s.is_empty() && s.len() <= 64 => {
                Some(Scalar::Text(s.clone()))
            }
            _ => None,
        }
    }

    /// Whether the operand's current value in `status` equals this.
    fn matches(&self, operand: Operand, status: &VehicleStatus) -> bool {
        match (self, operand) {
            (Scalar::Text(alert), Operand::Alert) => {
                status.alerts.iter().flatten().any(|a| a == alert)
            }
            (Scalar::Boolean(b), Operand::Ignition) => status.ignition == Some(*b),
            (Scalar::Boolean(b), Operand::DoorsOpening) => status.doors_open == Some(*b),
            (Scalar::Number(n), operand) => number(operand, status) == Some(*n),
            _ => false,
        }
    }
}

fn number(operand: Operand, status: &VehicleStatus) -> Option<f64> {
    match operand {
        Operand::Odometer => status.odometer,
        Operand::Speed => status.speed,
        Operand::ElectricLevel => status.electric_level,
        Operand::FuelLevel => status.fuel_level,
        Operand::AirTemp => status.air_temp,
        Operand::Ignition | Operand::DoorsOpening | Operand::Alert => None,
    }
}

/// A data trigger's test.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Equal (an alert: active).
    Equals(Scalar),
    /// Above.
    Greater(f64),
    /// Below.
    Lower(f64),
    /// One of (alerts: one of them active).
    IncludedIn(Vec<Scalar>),
    /// Changed with this sample.
    OnChange,
}

impl Condition {
    fn holds(&self, operand: Operand, status: &VehicleStatus, changes: Changes) -> bool {
        match self {
            Condition::Equals(value) => value.matches(operand, status),
            Condition::Greater(limit) => number(operand, status).is_some_and(|n| n > *limit),
            Condition::Lower(limit) => number(operand, status).is_some_and(|n| n < *limit),
            Condition::IncludedIn(values) => values.iter().any(|v| v.matches(operand, status)),
            Condition::OnChange => changes.operands & operand.bit() != 0,
        }
    }
}

/// A time trigger, remembering its last answer for the minute it was asked about: windows
/// open and close on whole minutes, so the answer holds for the whole minute.
#[derive(Debug, Clone)]
pub struct TimeTrigger {
    windows: Windows,
    cached: Option<(i64, bool)>,
}

impl TimeTrigger {
    /// A trigger over `windows`.
    #[must_use]
    pub fn new(windows: Windows) -> Self {
        Self {
            windows,
            cached: None,
        }
    }

    fn contains(&mut self, instant: DateTime<Utc>) -> bool {
        let minute = instant.timestamp().div_euclid(60);
        match self.cached {
            Some((cached_minute, value)) if cached_minute == minute => value,
            _ => {
                let value = self.windows.contains(instant);
                self.cached = Some((minute, value));
                value
            }
        }
    }
}

/// A compiled trigger.
#[derive(Debug, Clone)]
pub enum Trigger {
    /// True at the sample that crosses the zone's boundary in the given direction.
    Zone {
        /// The place.
        zone: Zone,
        /// Entering or leaving.
        transition: Transition,
    },
    /// True inside the windows.
    Time(TimeTrigger),
    /// True while the condition holds.
    Data {
        /// The measurement.
        operand: Operand,
        /// The test.
        condition: Condition,
    },
}

/// A monitor compiled for evaluation.
#[derive(Debug, Clone)]
pub struct Rule {
    names: Vec<String>,
    triggers: Vec<Trigger>,
    table: TruthTable,
    refresh: Option<Duration>,
    extensions: Vec<Extension>,
}

impl Rule {
    /// A rule from named triggers (at most five), their expression's truth table, the refresh
    /// period and the event extensions.
    #[must_use]
    pub fn new(
        triggers: Vec<(String, Trigger)>,
        table: TruthTable,
        refresh: Option<Duration>,
        extensions: Vec<Extension>,
    ) -> Self {
        let (names, triggers) = triggers.into_iter().unzip();
        Self {
            names,
            triggers,
            table,
            refresh,
            extensions,
        }
    }
}

/// What the engine keeps per monitor and vehicle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerVehicle {
    /// The expression's value at the last sample.
    active: bool,
    /// Bit `i`: inside zone trigger `i` at the last position.
    inside: u8,
    /// Bit `i`: whether `inside` is known for trigger `i`.
    known: u8,
    /// When the last event was raised (seconds since the epoch).
    last_event: i64,
}

struct EngineMonitor {
    rule: Rule,
    running: bool,
    vehicles: Vec<PerVehicle>,
}

struct Vehicle {
    vin: String,
    status: VehicleStatus,
}

/// One fleet's vehicles and monitors.
struct FleetEngine {
    fleet_id: String,
    slots: HashMap<String, usize>,
    vehicles: Vec<Vehicle>,
    monitors: IndexMap<String, EngineMonitor>,
}

/// What ingesting samples did.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Samples applied.
    pub accepted: usize,
    /// Samples at the same `recordedAt` as one already applied: not applied again.
    pub duplicates: usize,
    /// Samples older than the vehicle's latest: not applied.
    pub late: usize,
    /// Events raised, oldest first.
    pub events: Vec<MonitorEvent>,
}

/// Why samples could not be ingested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    /// The fleet has no such vehicle.
    UnknownVehicle,
}

/// Every fleet's monitors, compiled, and the status of every vehicle.
pub struct Engine {
    fleets: HashMap<String, Mutex<FleetEngine>>,
}

impl Engine {
    /// An engine for `vehicles` (fleet, VIN, initial status), with no monitors.
    pub fn new(vehicles: impl IntoIterator<Item = (String, String, VehicleStatus)>) -> Self {
        let mut fleets: HashMap<String, FleetEngine> = HashMap::new();
        for (fleet_id, vin, status) in vehicles {
            let fleet = fleets
                .entry(fleet_id.clone())
                .or_insert_with(|| FleetEngine {
                    fleet_id,
                    slots: HashMap::new(),
                    vehicles: Vec::new(),
                    monitors: IndexMap::new(),
                });
            fleet.slots.insert(vin.clone(), fleet.vehicles.len());
            fleet.vehicles.push(Vehicle { vin, status });
        }
        Self {
            fleets: fleets
                .into_iter()
                .map(|(id, fleet)| (id, Mutex::new(fleet)))
                .collect(),
        }
    }

    fn fleet(&self, fleet_id: &str) -> Option<MutexGuard<'_, FleetEngine>> {
        // A panic while holding the lock leaves plain data behind; carry on with it.
        self.fleets.get(fleet_id).map(|fleet| {
            fleet
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        })
    }

    /// Adds or replaces monitor `id` of `fleet_id`. A replaced monitor starts afresh: no
    /// expression is active and zones are judged from each vehicle's current position.
    pub fn upsert(&self, fleet_id: &str, id: &str, rule: Rule, running: bool) {
        let Some(mut fleet) = self.fleet(fleet_id) else {
            return;
        };
        let vehicles = fleet
            .vehicles
            .iter()
            .map(|vehicle| initial_state(&rule, &vehicle.status))
            .collect();
        fleet.monitors.insert(
            id.to_owned(),
            EngineMonitor {
                rule,
                running,
                vehicles,
            },
        );
    }

    /// Runs or pauses monitor `id`. A paused monitor raises nothing; resumed, it starts from
    /// "not active", so a condition still true raises an event at the next sample.
    pub fn set_running(&self, fleet_id: &str, id: &str, running: bool) {
        if let Some(mut fleet) = self.fleet(fleet_id)
            && let Some(monitor) = fleet.monitors.get_mut(id)
        {
            if running && !monitor.running {
                for state in &mut monitor.vehicles {
                    state.active = false;
                }
            }
            monitor.running = running;
        }
    }

    /// Forgets monitor `id`.
    pub fn remove(&self, fleet_id: &str, id: &str) {
        if let Some(mut fleet) = self.fleet(fleet_id) {
            fleet.monitors.shift_remove(id);
        }
    }

    /// The status vehicle `vin` of `fleet_id` reported last.
    #[must_use]
    pub fn status(&self, fleet_id: &str, vin: &str) -> Option<VehicleStatus> {
        let fleet = self.fleet(fleet_id)?;
        let slot = *fleet.slots.get(vin)?;
        Some(fleet.vehicles[slot].status.clone())
    }

    /// Applies `samples` of vehicle `vin` in `recordedAt` order and evaluates the fleet's
    /// running monitors at each; see the [module](self) docs for late and duplicate samples.
    ///
    /// # Errors
    ///
    /// [`IngestError::UnknownVehicle`] when the fleet has no vehicle `vin`.
    pub fn ingest(
        &self,
        fleet_id: &str,
        vin: &str,
        mut samples: Vec<Sample>,
    ) -> Result<Ingested, IngestError> {
        let mut fleet = self.fleet(fleet_id).ok_or(IngestError::UnknownVehicle)?;
        let slot = *fleet.slots.get(vin).ok_or(IngestError::UnknownVehicle)?;
        samples.sort_by_key(|sample| sample.recorded_at);
        let mut ingested = Ingested::default();
        let fleet = &mut *fleet;
        for sample in &samples {
            let vehicle = &mut fleet.vehicles[slot];
            match vehicle.status.recorded_at {
                Some(latest) if sample.recorded_at == latest => {
                    ingested.duplicates += 1;
                    continue;
                }
                Some(latest) if sample.recorded_at < latest => {
                    ingested.late += 1;
                    continue;
                }
                _ => {}
            }
            let changes = vehicle.status.apply(sample);
            ingested.accepted += 1;
            evaluate(
                &fleet.fleet_id,
                vehicle,
                slot,
                &mut fleet.monitors,
                changes,
                &mut ingested.events,
            );
        }
        Ok(ingested)
    }
}

/// A monitor's state for a vehicle it has not evaluated yet: inactive, zones judged from the
/// vehicle's position if known.
fn initial_state(rule: &Rule, status: &VehicleStatus) -> PerVehicle {
    let mut state = PerVehicle::default();
    if let Some(position) = status.position {
        for (index, trigger) in rule.triggers.iter().enumerate() {
            if let Trigger::Zone { zone, .. } = trigger {
                state.known |= 1 << index;
                state.inside |= u8::from(zone.contains(position.point())) << index;
            }
        }
    }
    state
}

fn evaluate(
    fleet_id: &str,
    vehicle: &Vehicle,
    slot: usize,
    monitors: &mut IndexMap<String, EngineMonitor>,
    changes: Changes,
    events: &mut Vec<MonitorEvent>,
) {
    let status = &vehicle.status;
    let Some(now) = status.recorded_at else {
        return;
    };
    let position = status.position.map(|p| p.point());
    for (id, monitor) in monitors.iter_mut() {
        if !monitor.running {
            continue;
        }
        let Some(state) = monitor.vehicles.get_mut(slot) else {
            continue;
        };
        let mut inputs = 0u32;
        for (index, trigger) in monitor.rule.triggers.iter_mut().enumerate() {
            let holds = match trigger {
                Trigger::Data { operand, condition } => condition.holds(*operand, status, changes),
                Trigger::Time(time) => time.contains(now),
                Trigger::Zone { zone, transition } => match (changes.moved, position) {
                    (true, Some(point)) => {
                        let bit = 1u8 << index;
                        let was_inside = state.inside & bit != 0;
                        let was_known = state.known & bit != 0;
                        let inside = zone.contains(point);
                        state.known |= bit;
                        state.inside = state.inside & !bit | u8::from(inside) << index;
                        was_known
                            && match transition {
                                Transition::In => !was_inside && inside,
                                Transition::Out => was_inside && !inside,
                            }
                    }
                    _ => false,
                },
            };
            inputs |= u32::from(holds) << index;
        }
        let active = monitor.rule.table.evaluate(inputs);
        let seconds = now.timestamp();
        let refresh = match (active, state.active, monitor.rule.refresh) {
            (true, false, _) => Some(false),
            (true, true, Some(period)) if seconds - state.last_event >= period.num_seconds() => {
                Some(true)
            }
            _ => None,
        };
        state.active = active;
        if let Some(refresh) = refresh {
            state.last_event = seconds;
            events.push(event(fleet_id, id, vehicle, &monitor.rule, inputs, refresh));
        }
    }
}

fn event(
    fleet_id: &str,
    monitor_id: &str,
    vehicle: &Vehicle,
    rule: &Rule,
    inputs: u32,
    refresh: bool,
) -> MonitorEvent {
    let status = &vehicle.status;
    let mut values = Map::new();
    let held: Vec<Value> = rule
        .names
        .iter()
        .enumerate()
        .filter(|(index, _)| inputs >> index & 1 == 1)
        .map(|(_, name)| Value::from(name.as_str()))
        .collect();
    values.insert("triggers".into(), Value::from(held));
    for trigger in &rule.triggers {
        match trigger {
            Trigger::Data { operand, .. } => {
                values.insert(operand.name().into(), operand.json(status));
            }
            Trigger::Zone { .. } => {
                values.insert("vehicle.position".into(), json_of(&status.position));
            }
            Trigger::Time(_) => {}
        }
    }
    let mut extensions = Map::new();
    for extension in &rule.extensions {
        let (name, value) = match extension {
            Extension::Position => ("vehicle.position", json_of(&status.position)),
            Extension::Alerts => ("vehicle.alerts", json_of(&status.alerts)),
            Extension::Status => (
                "vehicle.status",
                serde_json::json!({
                    "ignition": status.ignition,
                    "doorsOpen": status.doors_open,
                    "speed": status.speed,
                    "electricLevel": status.electric_level,
                    "fuelLevel": status.fuel_level,
                }),
            ),
            Extension::Telemetry => ("vehicle.telemetry", json_of(status)),
        };
        extensions.insert(name.into(), value);
    }
    MonitorEvent {
        event_id: uuid::Uuid::new_v4().simple().to_string(),
        monitor_id: monitor_id.to_owned(),
        fleet_id: fleet_id.to_owned(),
        vin: vehicle.vin.clone(),
        event_date: status.recorded_at.unwrap_or_default(),
        values,
        extensions,
        refresh,
    }
}

fn json_of<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitors::model::MonitorParameter;
    use crate::telemetry::GeoPoint;
    use serde_json::json;

    const FLEET: &str = "f1";
    const VIN: &str = "VF31000000000000A";

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_900_000_000 + seconds, 0).unwrap()
    }

    fn sample(seconds: i64, value: Value) -> Sample {
        let mut object = value.as_object().cloned().unwrap_or_default();
        object.insert(
            "recordedAt".into(),
            hal_core::time::format(&at(seconds)).into(),
        );
        serde_json::from_value(Value::Object(object)).unwrap()
    }

    fn engine() -> Engine {
        Engine::new([(
            FLEET.to_owned(),
            VIN.to_owned(),
            VehicleStatus {
                position: Some(GeoPoint::new(2.35, 48.85)),
                ..VehicleStatus::default()
            },
        )])
    }

    fn rule(triggers: Value, bool_exp: &str, refresh: Option<u64>) -> Rule {
        let mut parameter = crate::monitors::model::tests::example();
        parameter["triggerParam"] = json!({"triggers": triggers, "boolExp": bool_exp});
        match refresh {
            Some(seconds) => parameter["subscribeParam"]["refreshEvent"] = json!(seconds),
            None => {
                parameter["subscribeParam"]
                    .as_object_mut()
                    .unwrap()
                    .remove("refreshEvent");
            }
        }
        parameter["extendedEventParam"] = json!(["vehicle.position"]);
        let parameter: MonitorParameter = serde_json::from_value(parameter).unwrap();
        parameter.compile(at(0)).unwrap()
    }

    fn speeding(refresh: Option<u64>) -> Rule {
        rule(
            json!([{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [110]}}]),
            "fast",
            refresh,
        )
    }

    fn feed(engine: &Engine, samples: Vec<Sample>) -> Ingested {
        engine.ingest(FLEET, VIN, samples).unwrap()
    }

    #[test]
    fn an_event_is_raised_on_the_rising_edge_only() {
        let engine = engine();
        engine.upsert(FLEET, "m1", speeding(None), true);
        let speeds = [90.0, 120.0, 130.0, 100.0, 115.0];
        let samples = speeds
            .iter()
            .enumerate()
            .map(|(i, speed)| sample(i as i64 * 10, json!({"kinetic": {"speed": speed}})))
            .collect();
        let ingested = feed(&engine, samples);
        assert_eq!(ingested.accepted, 5);
        let dates: Vec<_> = ingested.events.iter().map(|e| e.event_date).collect();
        assert_eq!(dates, [at(10), at(40)]);
        let event = &ingested.events[0];
        assert_eq!(
            (
                event.vin.as_str(),
                event.monitor_id.as_str(),
                event.fleet_id.as_str()
            ),
            (VIN, "m1", FLEET)
        );
        assert_eq!(event.values["vehicle.kinetic.speed"], 120.0);
        assert_eq!(event.values["triggers"], json!(["fast"]));
        assert_eq!(event.extensions["vehicle.position"]["type"], "Point");
        assert!(!event.refresh);
        assert_ne!(ingested.events[0].event_id, ingested.events[1].event_id);
    }

    #[test]
    fn refresh_events_follow_the_period_on_the_samples_clock() {
        let engine = engine();
        engine.upsert(FLEET, "m1", speeding(Some(60)), true);
        let samples = (0..=13)
            .map(|i| sample(i * 10, json!({"kinetic": {"speed": 130}})))
            .collect();
        let events = feed(&engine, samples).events;
        let got: Vec<_> = events.iter().map(|e| (e.event_date, e.refresh)).collect();
        assert_eq!(got, [(at(0), false), (at(60), true), (at(120), true)]);
    }

    #[test]
    fn zones_fire_on_the_crossing_not_while_inside() {
        let engine = engine();
        let zone = json!({"center": {"longitude": 2.35, "latitude": 48.85}, "radius": 5});
        let rule_in = rule(
            json!([{"name": "in", "zone": {"transition": "In", "place": zone}}]),
            "in",
            None,
        );
        let rule_out = rule(
            json!([{"name": "out", "zone": {"transition": "Out", "place": zone}}]),
            "out",
            None,
        );
        engine.upsert(FLEET, "in", rule_in, true);
        engine.upsert(FLEET, "out", rule_out, true);
        let route = [
            (2.35, 48.85),
            (2.36, 48.85),
            (2.60, 48.85),
            (2.70, 48.85),
            (2.36, 48.85),
            (2.35, 48.86),
        ];
        let samples = route
            .iter()
            .enumerate()
            .map(|(i, (lon, lat))| {
                sample(
                    i as i64,
                    json!({"position": {"type": "Point", "coordinates": [lon, lat]}}),
                )
            })
            .collect();
        let events = feed(&engine, samples).events;
        let got: Vec<_> = events
            .iter()
            .map(|e| (e.monitor_id.as_str(), e.event_date))
            .collect();
        // The vehicle starts inside (its known position): it leaves at 2 and comes back at 4.
        assert_eq!(got, [("out", at(2)), ("in", at(4))]);
    }

    #[test]
    fn paused_monitors_raise_nothing_and_resume_afresh() {
        let engine = engine();
        engine.upsert(FLEET, "m1", speeding(None), false);
        assert!(
            feed(&engine, vec![sample(0, json!({"kinetic": {"speed": 130}}))])
                .events
                .is_empty()
        );
        engine.set_running(FLEET, "m1", true);
        let events = feed(
            &engine,
            vec![sample(10, json!({"kinetic": {"speed": 131}}))],
        )
        .events;
        assert_eq!(
            events.len(),
            1,
            "resumed while the condition holds: one event"
        );
        engine.remove(FLEET, "m1");
        assert!(
            feed(
                &engine,
                vec![
                    sample(20, json!({"kinetic": {"speed": 10}})),
                    sample(30, json!({"kinetic": {"speed": 130}}))
                ]
            )
            .events
            .is_empty()
        );
    }

    #[test]
    fn late_and_duplicate_samples_are_not_applied() {
        let engine = engine();
        engine.upsert(FLEET, "m1", speeding(None), true);
        let first = feed(
            &engine,
            vec![
                sample(20, json!({"kinetic": {"speed": 50}})),
                sample(10, json!({"kinetic": {"speed": 40}})),
            ],
        );
        assert_eq!(
            (first.accepted, first.late, first.duplicates),
            (2, 0, 0),
            "a batch is sorted first"
        );
        let again = feed(
            &engine,
            vec![
                sample(20, json!({"kinetic": {"speed": 150}})),
                sample(5, json!({"kinetic": {"speed": 150}})),
            ],
        );
        assert_eq!((again.accepted, again.late, again.duplicates), (0, 1, 1));
        assert!(again.events.is_empty());
        assert_eq!(engine.status(FLEET, VIN).unwrap().speed, Some(50.0));
        assert_eq!(
            engine
                .ingest(FLEET, "VF30000000000000X", vec![])
                .unwrap_err(),
            IngestError::UnknownVehicle
        );
        assert_eq!(
            engine.ingest("f9", VIN, vec![]).unwrap_err(),
            IngestError::UnknownVehicle
        );
    }

    #[test]
    fn expressions_combine_data_time_and_change() {
        let engine = engine();
        // Ignition switched on (a change) outside the night window, or doors open at night.
        let triggers = json!([
            {"name": "ignition", "data": {"data": "vehicle.ignition", "op": "onChange"}},
            {"name": "night", "time": {"times": [{"recurrence": "Daily", "start": "PT22H", "duration": "PT8H"}], "timeZone": "UTC"}},
            {"name": "doors", "data": {"data": "vehicle.doorsState.opening", "op": "equalsTo", "value": [true]}},
            {"name": "alert", "data": {"data": "vehicle.alert", "op": "includedIn", "value": ["tyrePressureLow", "oilLow"]}}
        ]);
        engine.upsert(
            FLEET,
            "m",
            rule(triggers, "ignition & !night | doors & night | alert", None),
            true,
        );
        // at(0) is 2030-03-17T17:46:40Z: daytime.
        let events = feed(
            &engine,
            vec![
                sample(
                    0,
                    json!({"ignition": false, "doorsState": {"opening": true}}),
                ),
                sample(10, json!({"ignition": true})),
                sample(20, json!({"ignition": true})),
                sample(30, json!({"alerts": ["oilLow"]})),
                sample(40, json!({"alerts": []})),
                sample(5 * 3600, json!({"doorsState": {"opening": true}})),
            ],
        )
        .events;
        let got: Vec<_> = events
            .iter()
            .map(|e| (e.event_date, e.values["triggers"].clone()))
            .collect();
        assert_eq!(
            got,
            [
                // Every trigger that held is listed, also one outside the conjunction that held.
                (at(10), json!(["ignition", "doors"])),
                (at(30), json!(["doors", "alert"])),
                (at(5 * 3600), json!(["night", "doors"])),
            ]
        );
    }
}
