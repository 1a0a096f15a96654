//! The engine: evaluates each vehicle sample against the running monitors of the vehicle's
//! fleet, and raises an event when a monitor's expression goes from false to true (then every
//! `refreshEvent` while it stays true).
//!
//! Work is partitioned by fleet: a sample locks and visits only its own fleet's monitors, so its
//! cost does not grow with other fleets' monitors. Within the fleet, an index picks the monitors
//! whose value can have changed: those testing a measurement the sample changed, those with a
//! zone near the vehicle's old or new position (a grid of 0.1° cells), those whose time window
//! opened or closed since the vehicle's last sample, and those a one-sample trigger (a crossing,
//! a change) or a refresh period concerns. The others keep their value without being looked at.
//! Per monitor and vehicle the engine keeps 24 bytes ([`PerVehicle`]): the monitor revision it
//! belongs to, whether the expression was true, which zones the vehicle was inside, and when the
//! last event was raised. Everything is evaluated at the sample's `recordedAt`, so a replayed or
//! simulated stream behaves as a live one; time triggers are evaluated when samples arrive.
//!
//! The database holds the truth: a vehicle's status and its monitors' states are stored with
//! the events they raised ([`Engine::ingest_stored`]), and what the engine keeps in memory is a
//! copy, used only while it is the stored one (the vehicle row's version says so). A monitor
//! of a new revision starts afresh for a vehicle when the vehicle's next sample comes, from the
//! stored status, so every instance computes the same state.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::expr::TruthTable;
use super::geo::{Point, Zone};
use super::model::Transition;
use super::window::Windows;
use crate::telemetry::{Changes, GeoPoint, Operand, OperandKind, Reading, Sample, VehicleStatus};

use super::event::EventValue;
pub use super::event::{Extension, MonitorEvent};

/// A value a data trigger compares with.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A number.
    Number(f64),
    /// A boolean.
    Boolean(bool),
    /// A name (one of the origin's, or an alert's) or an identifier.
    Text(String),
}

impl Scalar {
    /// `value` as an operand of `kind` takes it, if it fits: the origin writes every value as
    /// text (`"75"`, `"true"`), and JSON numbers and booleans are taken too.
    #[must_use]
    pub fn from_json(value: &Value, kind: OperandKind) -> Option<Self> {
        match (kind, value) {
            (OperandKind::Number, Value::Number(n)) => {
                n.as_f64().filter(|n| n.is_finite()).map(Scalar::Number)
            }
            // Rust's float syntax, finite: `75`, `-3.5`, `1e3`; not `inf`, `NaN` or ` 75`.
            (OperandKind::Number, Value::String(text)) => text
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && !text.starts_with('+'))
                .map(Scalar::Number),
            (OperandKind::Boolean, Value::Bool(b)) => Some(Scalar::Boolean(*b)),
            (OperandKind::Boolean, Value::String(text)) => match text.as_str() {
                "true" => Some(Scalar::Boolean(true)),
                "false" => Some(Scalar::Boolean(false)),
                _ => None,
            },
            (OperandKind::Choice(names), Value::String(s)) if names.contains(&s.as_str()) => {
                Some(Scalar::Text(s.clone()))
            }
            (OperandKind::Literal | OperandKind::Names, Value::String(s))
                if !s.is_empty() && s.chars().count() <= 64 =>
            {
                Some(Scalar::Text(s.clone()))
            }
            _ => None,
        }
    }

    /// Whether the operand's current value in `status` equals this (alerts: is among them).
    fn matches(&self, operand: Operand, status: &VehicleStatus) -> bool {
        match (self, operand.read(status)) {
            (Scalar::Number(n), Some(Reading::Number(value))) => value == *n,
            (Scalar::Boolean(b), Some(Reading::Boolean(value))) => value == *b,
            (Scalar::Text(text), Some(Reading::Text(value))) => value == text,
            (Scalar::Text(alert), Some(Reading::Names(active))) => {
                active.iter().any(|a| a == alert)
            }
            _ => false,
        }
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
            Condition::Greater(limit) => operand.number(status).is_some_and(|n| n > *limit),
            Condition::Lower(limit) => operand.number(status).is_some_and(|n| n < *limit),
            Condition::IncludedIn(values) => values.iter().any(|v| v.matches(operand, status)),
            Condition::OnChange => changes.operands & operand.bit() != 0,
        }
    }
}

/// A time trigger, remembering its last answer and the span over which it holds, so that the
/// time-zone arithmetic runs at a window's edges, not at every sample.
#[derive(Debug, Clone)]
pub struct TimeTrigger {
    windows: Windows,
    /// Seconds since the epoch: the span's start (included) and end (excluded), and the answer.
    cached: Option<(i64, i64, bool)>,
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

    /// Whether `instant` is inside, and the span (seconds) over which that holds.
    fn span(&mut self, instant: DateTime<Utc>) -> (bool, i64, i64) {
        let seconds = instant.timestamp();
        match self.cached {
            Some((from, until, inside)) if from <= seconds && seconds < until => {
                (inside, from, until)
            }
            _ => {
                let span = self.windows.span_at(instant);
                let cached = (span.from.timestamp(), span.until.timestamp(), span.inside);
                self.cached = Some(cached);
                (cached.2, cached.0, cached.1)
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
    /// The monitor revision this state belongs to: a state of another revision (or 0, none
    /// yet) is started afresh before the vehicle's next sample.
    revision: i64,
    /// The expression's value at the last evaluation.
    active: bool,
    /// Bit `i`: inside zone trigger `i` at the last position.
    inside: u8,
    /// Bit `i`: whether `inside` is known for trigger `i`.
    known: u8,
    /// When the last event was raised (seconds since the epoch).
    last_event: i64,
}

struct EngineMonitor {
    id: String,
    /// The stored monitor's revision, which the vehicles' states of it carry.
    revision: i64,
    rule: Rule,
    running: bool,
}

/// How the engine's copy of a vehicle stands against the database's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cached {
    /// Not known to match: read the stored state before using it.
    Unknown,
    /// Matches the stored state of this version.
    Committed(i64),
    /// Changed by the request holding this ticket, whose transaction has not committed yet.
    Uncommitted(u64),
}

struct Vehicle {
    vin: String,
    /// The status the vehicle starts from before any sample is stored.
    seed: VehicleStatus,
    status: VehicleStatus,
    /// Whether `status` and `states` are the stored ones.
    cached: Cached,
    /// The fleet's monitor generation `states` were last brought up to.
    generation: u64,
    /// By monitor index.
    states: Vec<PerVehicle>,
    /// Monitors to evaluate at the next sample: a zone crossing or a change held at this one,
    /// and such a trigger is true for one sample only.
    pending: Vec<u32>,
    /// Active monitors with a refresh period.
    refreshing: Vec<u32>,
    /// Set when the monitors changed: the next sample evaluates all of them.
    evaluate_all: bool,
}

/// Side length of the grid that finds zones near a position, in degrees.
const CELL_DEGREES: f64 = 0.1;
const GRID_COLUMNS: i64 = (360.0 / CELL_DEGREES) as i64;
/// A zone whose box covers more cells than this is checked at every move instead.
const MAX_ZONE_CELLS: i64 = 400;

/// The monitors testing one measurement.
#[derive(Default)]
struct OperandIndex {
    /// Comparisons with a number, by that number: a change from `a` to `b` can only affect
    /// those whose number lies between them.
    thresholds: Vec<(f64, u32)>,
    /// Every other test (booleans, alerts, `onChange`): affected by any change.
    any_change: Vec<u32>,
}

impl OperandIndex {
    fn add(&mut self, m: u32, condition: &Condition) {
        let numbers: Vec<f64> = match condition {
            Condition::Greater(n) | Condition::Lower(n) | Condition::Equals(Scalar::Number(n)) => {
                vec![*n]
            }
            Condition::IncludedIn(values) => values
                .iter()
                .map(|v| match v {
                    Scalar::Number(n) => Some(*n),
                    _ => None,
                })
                .collect::<Option<Vec<f64>>>()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if numbers.is_empty() {
            if self.any_change.last() != Some(&m) {
                self.any_change.push(m);
            }
        } else {
            self.thresholds.extend(numbers.into_iter().map(|n| (n, m)));
        }
    }

    /// The monitors a change from `before` to `after` can affect.
    fn affected(&self, before: Option<f64>, after: Option<f64>, mut add: impl FnMut(u32)) {
        self.any_change.iter().copied().for_each(&mut add);
        let (Some(before), Some(after)) = (before, after) else {
            // From or to unknown: every comparison may change.
            self.thresholds.iter().for_each(|(_, m)| add(*m));
            return;
        };
        let (low, high) = (before.min(after), before.max(after));
        let start = self.thresholds.partition_point(|(n, _)| *n < low);
        let end = self.thresholds.partition_point(|(n, _)| *n <= high);
        self.thresholds[start..end.max(start)]
            .iter()
            .for_each(|(_, m)| add(*m));
    }
}

/// Which monitors a change can affect, rebuilt whenever the fleet's monitors change.
#[derive(Default)]
struct Index {
    /// Monitors with a data trigger on each operand.
    by_operand: Vec<OperandIndex>,
    /// Monitors with a zone whose box meets each grid cell.
    grid: HashMap<(i64, i64), Vec<u32>>,
    /// Monitors with a zone too large (or too near a pole) for the grid.
    wide_zones: Vec<u32>,
    /// Monitors with any zone.
    zoned: Vec<u32>,
    /// Monitors with time triggers, with the span (seconds) over which their time triggers
    /// all keep their answers, as of their last evaluation.
    timed: Vec<(u32, i64, i64)>,
    /// Each monitor's place in `timed`, if it has one.
    timed_at: Vec<Option<usize>>,
}

fn cell(point: Point) -> (i64, i64) {
    (
        ((point.longitude / CELL_DEGREES).floor() as i64).rem_euclid(GRID_COLUMNS),
        (point.latitude / CELL_DEGREES).floor() as i64,
    )
}

impl Index {
    fn build(monitors: &[EngineMonitor]) -> Self {
        let mut index = Index {
            timed_at: vec![None; monitors.len()],
            by_operand: std::iter::repeat_with(OperandIndex::default)
                .take(Operand::COUNT)
                .collect(),
            ..Index::default()
        };
        for (position, monitor) in monitors.iter().enumerate() {
            let m = position as u32;
            let mut zoned = false;
            let mut timed = false;
            for trigger in &monitor.rule.triggers {
                match trigger {
                    Trigger::Data { operand, condition } => {
                        index.by_operand[operand.index()].add(m, condition);
                    }
                    Trigger::Time(_) => timed = true,
                    Trigger::Zone { zone, .. } => {
                        zoned = true;
                        index.add_zone(m, zone);
                    }
                }
            }
            if zoned {
                index.zoned.push(m);
            }
            if timed {
                // An empty span: evaluated at the first sample.
                index.timed_at[position] = Some(index.timed.len());
                index.timed.push((m, 0, 0));
            }
        }
        for operand in &mut index.by_operand {
            operand.thresholds.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        index
    }

    fn add_zone(&mut self, m: u32, zone: &Zone) {
        let Some((min, max)) = zone.bounds() else {
            self.wide_zones.push(m);
            return;
        };
        let west = (min.longitude / CELL_DEGREES).floor() as i64;
        let east = (max.longitude / CELL_DEGREES).floor() as i64;
        let south = (min.latitude / CELL_DEGREES).floor() as i64;
        let north = (max.latitude / CELL_DEGREES).floor() as i64;
        if (east - west + 1).saturating_mul(north - south + 1) > MAX_ZONE_CELLS {
            self.wide_zones.push(m);
            return;
        }
        for column in west..=east {
            for row in south..=north {
                let list = self
                    .grid
                    .entry((column.rem_euclid(GRID_COLUMNS), row))
                    .or_default();
                if list.last() != Some(&m) {
                    list.push(m);
                }
            }
        }
    }
}

/// One fleet's vehicles and monitors.
struct FleetEngine {
    fleet_id: String,
    slots: HashMap<String, usize>,
    vehicles: Vec<Vehicle>,
    monitors: Vec<EngineMonitor>,
    index: Index,
    /// Marks the monitors already picked for the sample being evaluated.
    picked: Vec<u32>,
    round: u32,
    /// Evaluate every monitor at every sample: the reference the index is tested against.
    exhaustive: bool,
    /// Counts changes to the monitors, so that a vehicle knows when to check its states.
    generation: u64,
}

impl FleetEngine {
    /// After the monitors changed: indices move, so every vehicle evaluates all of them next.
    fn reindex(&mut self) {
        self.index = Index::build(&self.monitors);
        self.picked = vec![0; self.monitors.len()];
        for vehicle in &mut self.vehicles {
            vehicle.pending.clear();
            vehicle.refreshing.clear();
            vehicle.evaluate_all = true;
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.monitors.iter().position(|m| m.id == id)
    }

    /// Starts afresh every state of vehicle `slot` that belongs to another revision of its
    /// monitor than the current one, judging zones from the vehicle's status before its next
    /// sample: the same on every instance, since that status is the stored one.
    fn reconcile(&mut self, slot: usize) {
        let vehicle = &mut self.vehicles[slot];
        if vehicle.generation == self.generation {
            return;
        }
        vehicle.generation = self.generation;
        for (state, monitor) in vehicle.states.iter_mut().zip(&self.monitors) {
            if state.revision != monitor.revision {
                *state = initial_state(&monitor.rule, &vehicle.status);
                state.revision = monitor.revision;
            }
        }
    }

    /// Replaces vehicle `slot`'s status and states by the stored ones (`None`: nothing stored
    /// yet, so the seed status and no state).
    fn load(&mut self, slot: usize, record: Option<VehicleRecord>) {
        let vehicle = &mut self.vehicles[slot];
        let record = record.unwrap_or_else(|| VehicleRecord {
            status: vehicle.seed.clone(),
            monitors: Vec::new(),
        });
        let stored: HashMap<&str, &StoredState> = record
            .monitors
            .iter()
            .map(|state| (state.0.as_str(), state))
            .collect();
        vehicle.states = self
            .monitors
            .iter()
            .map(|monitor| {
                stored
                    .get(monitor.id.as_str())
                    .map_or_else(PerVehicle::default, |state| PerVehicle::unpack(state))
            })
            .collect();
        vehicle.status = record.status;
        vehicle.pending.clear();
        vehicle.refreshing.clear();
        vehicle.evaluate_all = true;
        vehicle.generation = self.generation.wrapping_sub(1);
        self.reconcile(slot);
    }

    /// Vehicle `slot`'s status and states, as the database stores them (JSON).
    fn record(&self, slot: usize) -> String {
        let vehicle = &self.vehicles[slot];
        let record = RecordRef {
            status: &vehicle.status,
            monitors: self
                .monitors
                .iter()
                .zip(&vehicle.states)
                .map(|(monitor, state)| state.pack(&monitor.id))
                .collect(),
        };
        // Plain data with string keys: serialising it cannot fail.
        serde_json::to_string(&record).unwrap_or_default()
    }

    /// Applies `samples` (sorted by `recordedAt`) to vehicle `slot` and evaluates the monitors.
    fn apply(&mut self, slot: usize, samples: &[Sample]) -> Ingested {
        self.reconcile(slot);
        let mut ingested = Ingested::default();
        let mut picked = Vec::new();
        for sample in samples {
            let vehicle = &mut self.vehicles[slot];
            let previous = Previous {
                time: vehicle.status.recorded_at,
                position: vehicle.status.position,
                numbers: {
                    let mut numbers = [None; Operand::COUNT];
                    for operand in Operand::NUMERIC {
                        numbers[operand.index()] = operand.number(&vehicle.status);
                    }
                    numbers
                },
            };
            match previous.time {
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
            self.pick(slot, changes, &previous, &mut picked);
            self.evaluate(slot, changes, &picked, &mut ingested.events);
        }
        ingested
    }
}

/// One monitor's state for a vehicle, as stored: the monitor's id and revision, the flags
/// (bit 0 active, bits 8–15 inside, bits 16–23 known) and the last event (seconds).
type StoredState = (String, i64, u32, i64);

impl PerVehicle {
    fn pack<'a>(&self, id: &'a str) -> (&'a str, i64, u32, i64) {
        let flags =
            u32::from(self.active) | u32::from(self.inside) << 8 | u32::from(self.known) << 16;
        (id, self.revision, flags, self.last_event)
    }

    fn unpack(&(_, revision, flags, last_event): &StoredState) -> Self {
        Self {
            revision,
            active: flags & 1 != 0,
            inside: (flags >> 8) as u8,
            known: (flags >> 16) as u8,
            last_event,
        }
    }
}

/// A vehicle's state as the database stores it: its status and its monitors' states.
#[derive(Debug, Deserialize)]
struct VehicleRecord {
    status: VehicleStatus,
    monitors: Vec<StoredState>,
}

/// [`VehicleRecord`], borrowed for writing.
#[derive(Serialize)]
struct RecordRef<'a> {
    status: &'a VehicleStatus,
    monitors: Vec<(&'a str, i64, u32, i64)>,
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
    /// The vehicle's stored state cannot be read (a bug or a hand-edited row); the message
    /// says why.
    UnreadableState(String),
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::UnknownVehicle => f.write_str("no such vehicle"),
            Self::UnreadableState(why) => {
                write!(f, "the vehicle's stored state is unreadable: {why}")
            }
        }
    }
}

impl std::error::Error for IngestError {}

/// What [`Engine::ingest_stored`] did, and what the transaction must store for it.
#[derive(Debug)]
pub struct StoredIngest {
    /// The samples' outcome and the events raised.
    pub ingested: Ingested,
    /// The vehicle's state after the samples, to store (JSON).
    pub record: String,
    /// Its latest applied `recordedAt`.
    pub watermark: Option<DateTime<Utc>>,
    /// What to hand back to [`Engine::committed`] once the transaction committed.
    pub ticket: CommitTicket,
}

/// Proof of one request's change to a vehicle, for [`Engine::committed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitTicket {
    ticket: u64,
    version: i64,
}

/// Every fleet's monitors, compiled, and the status of every vehicle.
pub struct Engine {
    fleets: HashMap<String, Mutex<FleetEngine>>,
    /// Numbers each request's change to a vehicle.
    tickets: std::sync::atomic::AtomicU64,
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
                    monitors: Vec::new(),
                    index: Index::default(),
                    picked: Vec::new(),
                    round: 0,
                    exhaustive: false,
                    generation: 0,
                });
            fleet.slots.insert(vin.clone(), fleet.vehicles.len());
            fleet.vehicles.push(Vehicle {
                vin,
                seed: status.clone(),
                status,
                cached: Cached::Unknown,
                generation: 0,
                states: Vec::new(),
                pending: Vec::new(),
                refreshing: Vec::new(),
                evaluate_all: false,
            });
        }
        Self {
            fleets: fleets
                .into_iter()
                .map(|(id, fleet)| (id, Mutex::new(fleet)))
                .collect(),
            tickets: std::sync::atomic::AtomicU64::new(1),
        }
    }

    /// An engine that evaluates every monitor at every sample, for tests of the index.
    #[cfg(test)]
    fn exhaustive(vehicles: impl IntoIterator<Item = (String, String, VehicleStatus)>) -> Self {
        let engine = Self::new(vehicles);
        for fleet in engine.fleets.values() {
            fleet
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .exhaustive = true;
        }
        engine
    }

    fn fleet(&self, fleet_id: &str) -> Option<MutexGuard<'_, FleetEngine>> {
        // A panic while holding the lock leaves plain data behind; carry on with it.
        self.fleets.get(fleet_id).map(|fleet| {
            fleet
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        })
    }

    /// Adds or replaces monitor `id` of `fleet_id` as of its stored `revision`. A monitor of a
    /// new revision starts afresh for each vehicle at its next sample: no expression is active
    /// and zones are judged from the vehicle's position before that sample.
    pub fn upsert(&self, fleet_id: &str, id: &str, revision: i64, rule: Rule, running: bool) {
        let Some(mut fleet) = self.fleet(fleet_id) else {
            return;
        };
        let fleet = &mut *fleet;
        let monitor = EngineMonitor {
            id: id.to_owned(),
            revision,
            rule,
            running,
        };
        match fleet.position(id) {
            Some(position) => fleet.monitors[position] = monitor,
            None => {
                fleet.monitors.push(monitor);
                for vehicle in &mut fleet.vehicles {
                    vehicle.states.push(PerVehicle::default());
                }
            }
        }
        fleet.generation += 1;
        fleet.reindex();
    }

    /// Runs or pauses monitor `id`. A paused monitor raises nothing; resumed, it starts from
    /// "not active", so a condition still true raises an event at the next sample.
    pub fn set_running(&self, fleet_id: &str, id: &str, running: bool) {
        let Some(mut fleet) = self.fleet(fleet_id) else {
            return;
        };
        let Some(position) = fleet.position(id) else {
            return;
        };
        if running && !fleet.monitors[position].running {
            for vehicle in &mut fleet.vehicles {
                vehicle.states[position].active = false;
            }
        }
        fleet.monitors[position].running = running;
        fleet.reindex();
    }

    /// Forgets monitor `id`.
    pub fn remove(&self, fleet_id: &str, id: &str) {
        let Some(mut fleet) = self.fleet(fleet_id) else {
            return;
        };
        let Some(position) = fleet.position(id) else {
            return;
        };
        fleet.monitors.swap_remove(position);
        for vehicle in &mut fleet.vehicles {
            vehicle.states.swap_remove(position);
        }
        fleet.generation += 1;
        fleet.reindex();
    }

    /// The status vehicle `vin` of `fleet_id` reported last.
    #[must_use]
    pub fn status(&self, fleet_id: &str, vin: &str) -> Option<VehicleStatus> {
        let fleet = self.fleet(fleet_id)?;
        let slot = *fleet.slots.get(vin)?;
        Some(fleet.vehicles[slot].status.clone())
    }

    /// Whether `fleet_id` has vehicle `vin`.
    #[must_use]
    pub fn has_vehicle(&self, fleet_id: &str, vin: &str) -> bool {
        self.fleet(fleet_id)
            .is_some_and(|fleet| fleet.slots.contains_key(vin))
    }

    /// The status vehicle `vin` of `fleet_id` starts from before anything is stored.
    #[must_use]
    pub fn seed_status(&self, fleet_id: &str, vin: &str) -> Option<VehicleStatus> {
        let fleet = self.fleet(fleet_id)?;
        let slot = *fleet.slots.get(vin)?;
        Some(fleet.vehicles[slot].seed.clone())
    }

    /// The status in a stored vehicle state (as [`StoredIngest::record`] wrote it).
    ///
    /// # Errors
    ///
    /// [`IngestError::UnreadableState`] when it is not such a state.
    pub fn stored_status(record: &str) -> Result<VehicleStatus, IngestError> {
        serde_json::from_str::<VehicleRecord>(record)
            .map(|record| record.status)
            .map_err(|error| IngestError::UnreadableState(error.to_string()))
    }

    /// Applies `samples` of vehicle `vin` in `recordedAt` order and evaluates the fleet's
    /// running monitors at each, in memory only; see the [module](self) docs for late and
    /// duplicate samples. The service goes through [`Engine::ingest_stored`] instead.
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
        fleet.vehicles[slot].cached = Cached::Unknown;
        Ok(fleet.apply(slot, &samples))
    }

    /// As [`Engine::ingest`], for a transaction that holds vehicle `vin`'s row: `version` is the
    /// row's version after this request's increment, `stored` the state it holds (`None` when
    /// nothing is stored yet). The engine's copy is used when it is the stored one of
    /// `version - 1`; otherwise the stored state is read first. The state to store comes back
    /// with the events; once the transaction commits, hand the ticket to
    /// [`Engine::committed`]. If it does not, the engine's copy is read again next time.
    ///
    /// # Errors
    ///
    /// [`IngestError::UnknownVehicle`] when the fleet has no vehicle `vin`;
    /// [`IngestError::UnreadableState`] when `stored` must be read and cannot be.
    pub fn ingest_stored(
        &self,
        fleet_id: &str,
        vin: &str,
        mut samples: Vec<Sample>,
        version: i64,
        stored: Option<&str>,
    ) -> Result<StoredIngest, IngestError> {
        let mut fleet = self.fleet(fleet_id).ok_or(IngestError::UnknownVehicle)?;
        let slot = *fleet.slots.get(vin).ok_or(IngestError::UnknownVehicle)?;
        if fleet.vehicles[slot].cached != Cached::Committed(version - 1) {
            let record = stored
                .map(serde_json::from_str::<VehicleRecord>)
                .transpose()
                .map_err(|error| IngestError::UnreadableState(error.to_string()))?;
            fleet.load(slot, record);
        }
        samples.sort_by_key(|sample| sample.recorded_at);
        let ingested = fleet.apply(slot, &samples);
        let record = fleet.record(slot);
        let ticket = self
            .tickets
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let vehicle = &mut fleet.vehicles[slot];
        vehicle.cached = Cached::Uncommitted(ticket);
        Ok(StoredIngest {
            ingested,
            record,
            watermark: vehicle.status.recorded_at,
            ticket: CommitTicket { ticket, version },
        })
    }

    /// Marks the engine's copy of vehicle `vin` as the stored one, after the transaction of
    /// `ticket` committed, unless another request changed it since.
    pub fn committed(&self, fleet_id: &str, vin: &str, ticket: CommitTicket) {
        let Some(mut fleet) = self.fleet(fleet_id) else {
            return;
        };
        let Some(&slot) = fleet.slots.get(vin) else {
            return;
        };
        let vehicle = &mut fleet.vehicles[slot];
        if vehicle.cached == Cached::Uncommitted(ticket.ticket) {
            vehicle.cached = Cached::Committed(ticket.version);
        }
    }
}

/// A vehicle's status before a sample, as far as picking monitors needs it.
struct Previous {
    time: Option<DateTime<Utc>>,
    position: Option<GeoPoint>,
    /// Numeric measurements, by [`Operand::bit`] position.
    numbers: [Option<f64>; Operand::COUNT],
}

impl FleetEngine {
    /// The monitors whose value can differ from the last sample's: those with a trigger on a
    /// measurement that changed, a zone near the old or new position, a time window that opened
    /// or closed since, a one-sample trigger that held last time, or a refresh due.
    fn pick(&mut self, slot: usize, changes: Changes, previous: &Previous, picked: &mut Vec<u32>) {
        picked.clear();
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.picked.fill(0);
            self.round = 1;
        }
        let (round, marks) = (self.round, &mut self.picked);
        let mut add = |m: u32| {
            if let Some(mark) = marks.get_mut(m as usize)
                && *mark != round
            {
                *mark = round;
                picked.push(m);
            }
        };
        let vehicle = &mut self.vehicles[slot];
        if std::mem::take(&mut vehicle.evaluate_all) || self.exhaustive {
            (0..self.monitors.len() as u32).for_each(&mut add);
            vehicle.pending.clear();
            return;
        }
        vehicle.pending.drain(..).for_each(&mut add);
        vehicle.refreshing.iter().copied().for_each(&mut add);
        let index = &self.index;
        let mut operands = changes.values | changes.operands;
        while operands != 0 {
            let bit = operands.trailing_zeros() as usize;
            operands &= operands - 1;
            if let (Some(list), Some((operand, _))) =
                (index.by_operand.get(bit), Operand::ALL.get(bit))
            {
                let after = operand.number(&vehicle.status);
                list.affected(previous.numbers[bit], after, &mut add);
            }
        }
        if changes.moved {
            match (previous.position, vehicle.status.position) {
                (Some(before), Some(now)) => {
                    for point in [before.point(), now.point()] {
                        if let Some(list) = index.grid.get(&cell(point)) {
                            list.iter().copied().for_each(&mut add);
                        }
                    }
                    index.wide_zones.iter().copied().for_each(&mut add);
                }
                _ => index.zoned.iter().copied().for_each(&mut add),
            }
        }
        let now = vehicle.status.recorded_at.map_or(0, |t| t.timestamp());
        let before = previous.time.map_or(now, |t| t.timestamp());
        for &(m, from, until) in &index.timed {
            if !(from <= before && now < until) {
                add(m);
            }
        }
        // Events of one sample come in the monitors' order, however they were picked.
        picked.sort_unstable();
    }

    fn evaluate(
        &mut self,
        slot: usize,
        changes: Changes,
        picked: &[u32],
        events: &mut Vec<MonitorEvent>,
    ) {
        let vehicle = &mut self.vehicles[slot];
        let status = &vehicle.status;
        let Some(now) = status.recorded_at else {
            return;
        };
        let seconds = now.timestamp();
        let position = status.position.map(|p| p.point());
        for &m in picked {
            let Some(monitor) = self.monitors.get_mut(m as usize) else {
                continue;
            };
            let Some(state) = vehicle.states.get_mut(m as usize) else {
                continue;
            };
            if !monitor.running {
                continue;
            }
            let mut inputs = 0u32;
            let mut transient = false;
            let mut span = (i64::MIN, i64::MAX);
            for (index, trigger) in monitor.rule.triggers.iter_mut().enumerate() {
                let holds = match trigger {
                    Trigger::Data { operand, condition } => {
                        let holds = condition.holds(*operand, status, changes);
                        transient |= holds && matches!(condition, Condition::OnChange);
                        holds
                    }
                    Trigger::Time(time) => {
                        let (inside, from, until) = time.span(now);
                        span = (span.0.max(from), span.1.min(until));
                        inside
                    }
                    Trigger::Zone { zone, transition } => match (changes.moved, position) {
                        (true, Some(point)) => {
                            let bit = 1u8 << index;
                            let was_inside = state.inside & bit != 0;
                            let was_known = state.known & bit != 0;
                            let inside = zone.contains(point);
                            state.known |= bit;
                            state.inside = state.inside & !bit | u8::from(inside) << index;
                            let crossed = was_known
                                && match transition {
                                    Transition::In => !was_inside && inside,
                                    Transition::Out => was_inside && !inside,
                                };
                            transient |= crossed;
                            crossed
                        }
                        _ => false,
                    },
                };
                inputs |= u32::from(holds) << index;
            }
            if let Some(at) = self.index.timed_at.get(m as usize).copied().flatten()
                && let Some(entry) = self.index.timed.get_mut(at)
            {
                (entry.1, entry.2) = span;
            }
            let active = monitor.rule.table.evaluate(inputs);
            let refresh = match (active, state.active, monitor.rule.refresh) {
                (true, false, _) => Some(false),
                (true, true, Some(period))
                    if seconds - state.last_event >= period.num_seconds() =>
                {
                    Some(true)
                }
                _ => None,
            };
            state.active = active;
            if transient {
                vehicle.pending.push(m);
            }
            let listed = vehicle.refreshing.iter().position(|r| *r == m);
            match (active && monitor.rule.refresh.is_some(), listed) {
                (true, None) => vehicle.refreshing.push(m),
                (false, Some(at)) => {
                    vehicle.refreshing.swap_remove(at);
                }
                _ => {}
            }
            if let Some(refresh) = refresh {
                state.last_event = seconds;
                events.push(event(
                    &self.fleet_id,
                    &monitor.id,
                    &vehicle.vin,
                    status,
                    &monitor.rule,
                    inputs,
                    refresh,
                ));
            }
        }
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

fn event(
    fleet_id: &str,
    monitor_id: &str,
    vin: &str,
    status: &VehicleStatus,
    rule: &Rule,
    inputs: u32,
    refresh: bool,
) -> MonitorEvent {
    let triggers = rule
        .names
        .iter()
        .enumerate()
        .filter(|(index, _)| inputs >> index & 1 == 1)
        .map(|(_, name)| name.clone())
        .collect();
    let values = rule
        .triggers
        .iter()
        .filter_map(|trigger| match trigger {
            Trigger::Data { operand, .. } => EventValue::of(*operand, status),
            // The origin's templates name no position operand: a zone's crossing is in
            // `triggers`, and the position in the `vehicle.position` extension when asked for.
            Trigger::Zone { .. } | Trigger::Time(_) => None,
        })
        .collect();
    let extensions = Extension::all_of(&rule.extensions, status);
    MonitorEvent {
        // Time-ordered (UUIDv7): stored events' primary-key index grows at its end rather
        // than at a random page per event, which is most of what storing an event costs.
        event_id: uuid::Uuid::now_v7().simple().to_string(),
        monitor_id: monitor_id.to_owned(),
        fleet_id: fleet_id.to_owned(),
        vin: vin.to_owned(),
        event_date: status.recorded_at.unwrap_or_default(),
        triggers,
        values,
        extensions,
        refresh,
    }
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
        engine.upsert(FLEET, "m1", 1, speeding(None), true);
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
        assert_eq!(
            serde_json::to_value(&event.values).unwrap(),
            json!([{"data": "vehicle.kinetic.speed",
                    "value": {"type": "string", "body": {"literalValue": "120"}}}])
        );
        assert_eq!(event.triggers, ["fast"]);
        assert_eq!(event.extensions[0].kind, Extension::Position);
        assert_eq!(event.extensions[0].body["position"]["type"], "Point");
        assert!(!event.refresh);
        assert_ne!(ingested.events[0].event_id, ingested.events[1].event_id);
    }

    #[test]
    fn refresh_events_follow_the_period_on_the_samples_clock() {
        let engine = engine();
        engine.upsert(FLEET, "m1", 1, speeding(Some(60)), true);
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
        engine.upsert(FLEET, "in", 1, rule_in, true);
        engine.upsert(FLEET, "out", 1, rule_out, true);
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
        engine.upsert(FLEET, "m1", 1, speeding(None), false);
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
        engine.upsert(FLEET, "m1", 1, speeding(None), true);
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
            {"name": "ignition", "data": {"data": "vehicle.engines.running", "op": "onChange"}},
            {"name": "night", "time": {"times": [{"recurrence": "Daily", "start": "PT22H", "duration": "PT8H"}], "timeZone": "UTC"}},
            {"name": "doors", "data": {"data": "vehicle.doorsState.opening", "op": "equalsTo", "value": [true]}},
            {"name": "alert", "data": {"data": "vehicle.alert", "op": "includedIn", "value": ["tyrePressureLow", "oilLow"]}}
        ]);
        engine.upsert(
            FLEET,
            "m",
            1,
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
            .map(|e| (e.event_date, json!(e.triggers)))
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

    mod index {
        use super::*;
        use proptest::prelude::*;

        fn trigger_strategy() -> impl Strategy<Value = Value> {
            prop_oneof![
                (0.0f64..0.2, 0.0f64..0.2, 0.5f64..8.0, any::<bool>()).prop_map(|(dx, dy, radius, entering)| json!({
                    "zone": {"transition": if entering { "In" } else { "Out" },
                             "place": {"center": {"longitude": 2.25 + dx, "latitude": 48.75 + dy}, "radius": radius}}})),
                (0u32..24, 1u32..6, any::<bool>()).prop_map(|(start, hours, weekdays)| {
                    let mut slot = json!({"recurrence": "Daily", "start": format!("PT{start}H"), "duration": format!("PT{hours}H")});
                    if weekdays {
                        slot["occurence"] = json!({"day": ["Mon", "Wed", "Sat"]});
                    }
                    json!({"time": {"times": [slot], "timeZone": "Europe/Paris"}})
                }),
                (40u32..120).prop_map(|limit| json!({"data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [limit]}})),
                Just(json!({"data": {"data": "vehicle.engines.running", "op": "onChange"}})),
                Just(json!({"data": {"data": "vehicle.alert", "op": "equalsTo", "value": ["oilLow"]}})),
                (5u32..60).prop_map(|limit| json!({"data": {"data": "vehicle.energy.fuel.level", "op": "lowerThan", "value": [limit]}})),
            ]
        }

        fn monitor_strategy() -> impl Strategy<Value = Value> {
            (
                prop::collection::vec(trigger_strategy(), 1..=4),
                prop::collection::vec((any::<bool>(), any::<bool>()), 4),
                prop::option::of(60u64..3_600),
            )
                .prop_map(|(triggers, operators, refresh)| {
                    let mut expression = String::new();
                    let mut named = Vec::new();
                    for (index, mut trigger) in triggers.into_iter().enumerate() {
                        let name = format!("t{index}");
                        let (and, not) = operators[index];
                        if index > 0 {
                            expression.push_str(if and { " & " } else { " | " });
                        }
                        if not && index > 0 {
                            expression.push('!');
                        }
                        expression.push_str(&name);
                        trigger["name"] = json!(name);
                        named.push(trigger);
                    }
                    let mut subscribe =
                        json!({"callback": {"webhook": {"target": "http://127.0.0.1:9/"}}});
                    if let Some(seconds) = refresh {
                        subscribe["refreshEvent"] = json!(seconds);
                    }
                    json!({"label": "p", "subscribeParam": subscribe,
                           "triggerParam": {"triggers": named, "boolExp": expression}})
                })
        }

        fn sample_strategy() -> impl Strategy<Value = (i64, Value)> {
            (
                10i64..7_200,
                prop::option::of((0.0f64..0.3, 0.0f64..0.3)),
                prop::option::of(0.0f64..150.0),
                prop::option::of(any::<bool>()),
                prop::option::of(any::<bool>()),
                prop::option::of(0.0f64..100.0),
            )
                .prop_map(|(gap, position, speed, ignition, alert, fuel)| {
                    let mut sample = json!({});
                    if let Some((dx, dy)) = position {
                        sample["position"] =
                            json!({"type": "Point", "coordinates": [2.2 + dx, 48.7 + dy]});
                    }
                    if let Some(speed) = speed {
                        sample["kinetic"] = json!({"speed": speed});
                    }
                    if let Some(ignition) = ignition {
                        sample["ignition"] = json!(ignition);
                    }
                    if let Some(alert) = alert {
                        sample["alerts"] = if alert { json!(["oilLow"]) } else { json!([]) };
                    }
                    if let Some(fuel) = fuel {
                        sample["energy"] = json!({"fuel": {"level": fuel}});
                    }
                    (gap, sample)
                })
        }

        /// Events without their random ids, for comparison.
        fn comparable(events: Vec<MonitorEvent>) -> Vec<(String, DateTime<Utc>, bool, Value)> {
            events
                .into_iter()
                .map(|e| {
                    (
                        e.monitor_id,
                        e.event_date,
                        e.refresh,
                        json!({"triggers": e.triggers, "values": e.values}),
                    )
                })
                .collect()
        }

        /// A vehicle's stored row, as the database keeps it.
        #[derive(Default)]
        struct Row {
            version: i64,
            state: Option<String>,
        }

        /// One request through `ingest_stored`, as the service's transaction runs it; the row
        /// is written only if the transaction `commits`.
        fn request(
            engine: &Engine,
            row: &mut Row,
            samples: Vec<Sample>,
            commits: bool,
        ) -> Vec<MonitorEvent> {
            let version = row.version + 1;
            let outcome = engine
                .ingest_stored(FLEET, VIN, samples, version, row.state.as_deref())
                .unwrap();
            if !commits {
                return Vec::new();
            }
            *row = Row {
                version,
                state: Some(outcome.record),
            };
            engine.committed(FLEET, VIN, outcome.ticket);
            outcome.ingested.events
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            /// Samples spread over two engines (two instances) through one stored row, some
            /// requests failing to commit and being sent again, raise exactly what one engine
            /// fed every sample once raises.
            #[test]
            fn prop_engines_sharing_the_stored_state_raise_what_one_engine_raises(
                monitors in prop::collection::vec(monitor_strategy(), 1..8),
                samples in prop::collection::vec(sample_strategy(), 1..40),
                routing in prop::collection::vec((any::<bool>(), 0u8..5), 40),
            ) {
                let vehicles = || [(FLEET.to_owned(), VIN.to_owned(), VehicleStatus::default())];
                let (single, first, second) = (Engine::new(vehicles()), Engine::new(vehicles()), Engine::new(vehicles()));
                for (index, value) in monitors.iter().enumerate() {
                    let Some(rule) = serde_json::from_value::<MonitorParameter>(value.clone())
                        .ok()
                        .and_then(|parameter| parameter.compile(at(0)).ok())
                    else {
                        continue;
                    };
                    for engine in [&single, &first, &second] {
                        engine.upsert(FLEET, &format!("m{index}"), 1, rule.clone(), true);
                    }
                }
                let mut row = Row::default();
                let mut time = 0;
                let (mut expected, mut got) = (Vec::new(), Vec::new());
                for ((gap, body), (to_second, fate)) in samples.iter().zip(&routing) {
                    time += gap;
                    let sample = sample(time, body.clone());
                    expected.extend(single.ingest(FLEET, VIN, vec![sample.clone()]).unwrap().events);
                    let engine = if *to_second { &second } else { &first };
                    // One request in five fails to commit and is sent again (to the same
                    // instance); one in five is a resent batch after a commit.
                    if *fate == 0 {
                        request(engine, &mut row, vec![sample.clone()], false);
                    }
                    got.extend(request(engine, &mut row, vec![sample.clone()], true));
                    if *fate == 1 {
                        let again = request(engine, &mut row, vec![sample], true);
                        prop_assert!(again.is_empty(), "a resent sample raised {:?}", again);
                    }
                }
                prop_assert_eq!(comparable(got), comparable(expected));
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]
            #[test]
            fn prop_the_index_raises_exactly_what_evaluating_everything_raises(
                monitors in prop::collection::vec(monitor_strategy(), 1..12),
                samples in prop::collection::vec(sample_strategy(), 1..60),
                changes in prop::collection::vec((0usize..60, 0usize..12, 0u8..3), 0..4),
            ) {
                // Two vehicles on clocks of their own: a span cached for one must not
                // decide for the other.
                const OTHER: &str = "VF31000000000000B";
                let vehicles = || {
                    [VIN, OTHER].map(|vin| (FLEET.to_owned(), vin.to_owned(), VehicleStatus::default()))
                };
                let (indexed, reference) = (Engine::new(vehicles()), Engine::exhaustive(vehicles()));
                let rules: Vec<Option<Rule>> = monitors
                    .iter()
                    .map(|value| serde_json::from_value::<MonitorParameter>(value.clone()).ok()?.compile(at(0)).ok())
                    .collect();
                for engine in [&indexed, &reference] {
                    for (index, rule) in rules.iter().enumerate() {
                        if let Some(rule) = rule {
                            engine.upsert(FLEET, &format!("m{index}"), 1, rule.clone(), true);
                        }
                    }
                }
                let mut times = [0, 0];
                for (step, (gap, body)) in samples.iter().enumerate() {
                    let which = usize::from(gap % 3 == 0);
                    times[which] += gap;
                    let (vin, time) = ([VIN, OTHER][which], times[which]);
                    // Monitors paused, resumed or removed along the way.
                    for (at_step, monitor, change) in &changes {
                        if *at_step == step && let Some(Some(_)) = rules.get(*monitor) {
                            for engine in [&indexed, &reference] {
                                let id = format!("m{monitor}");
                                match change {
                                    0 => engine.set_running(FLEET, &id, false),
                                    1 => engine.set_running(FLEET, &id, true),
                                    _ => engine.remove(FLEET, &id),
                                }
                            }
                        }
                    }
                    let run = |engine: &Engine| {
                        comparable(engine.ingest(FLEET, vin, vec![sample(time, body.clone())]).unwrap().events)
                    };
                    let (got, expected) = (run(&indexed), run(&reference));
                    prop_assert_eq!(got, expected, "step {} at +{}s", step, time);
                }
            }
        }
    }
}
