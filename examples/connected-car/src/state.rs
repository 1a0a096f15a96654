//! What every handler shares: the fleet's data, the monitor engine and the store, and the
//! protocol that keeps the engine in step with the stored monitors.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::FromRef;
use hal_axum::ApiError;
use hal_paging::{OverMaximum, Paging};

use crate::delivery::{Deliverer, DeliveryConfig, webhook_client};
use crate::fleet::FleetData;
use crate::monitors::engine::{Engine, IngestError};
use crate::resources::*;
use crate::signing::{Signer, SigningKey};
use crate::store::{MonitorChange, Store, StoreError};
use crate::targets::{NameResolver, TargetPolicy, WebhookAllow};
use crate::telemetry::{GeoPoint, PrivacyState, Sample, VehicleStatus};

/// How far in the future a sample may be dated, unless configured otherwise, in minutes.
pub const DEFAULT_MAX_CLOCK_SKEW_MINUTES: i64 = 5;

/// The monitors a fleet may have at once, unless configured otherwise.
pub const DEFAULT_MAX_MONITORS_PER_FLEET: usize = 1_000;

/// What every handler shares: one `Arc`, so that the clone axum makes for each request's
/// `State` extractor is one reference count, not one per field (which the page's profile showed
/// at 6 % under load, the counts' cache lines bouncing between cores).
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.shared
    }
}

/// The fields of an [`AppState`].
#[derive(Clone)]
pub struct Shared {
    pub(crate) data: Arc<RwLock<FleetData>>,
    pub(crate) engine: Arc<Engine>,
    pub(crate) store: Store,
    /// Which monitor changes the engine has applied.
    applied: Arc<Mutex<Applied>>,
    pub(crate) paging: Paging,
    pub(crate) max_monitors_per_fleet: usize,
    /// Where webhooks may go.
    pub(crate) targets: Arc<TargetPolicy>,
    /// What signs deliveries and derives monitors' secrets.
    pub(crate) signer: Arc<Signer>,
    pub(crate) require_if_match: bool,
    /// How far in the future a sample's `recordedAt` may be.
    pub(crate) max_clock_skew: chrono::Duration,
    pub(crate) metrics: Option<hal_axum::metrics::PrometheusHandle>,
    /// The fleet the explorer offers when a request lacks `X-Fleet-Id` (development only).
    pub(crate) explorer_identity: Option<String>,
    /// Pages and resources as last serialized, by URI and validator.
    pub(crate) representations: hal_axum::cache::RepresentationCache,
}

/// What the representation cache holds by default: every page of every fleet, several times.
pub const DEFAULT_REPRESENTATION_CACHE_BYTES: u64 = 32 << 20;

/// The engine's view of the stored monitors: the last revision loaded, and each monitor's.
#[derive(Default)]
struct Applied {
    revision: i64,
    monitors: HashMap<String, i64>,
}

impl AppState {
    /// A state over `data` and `store`, pages of 10 by default and 100 at most (larger is
    /// refused), and at most [`DEFAULT_MAX_MONITORS_PER_FLEET`] monitors per fleet. The
    /// vehicles' last positions move into the monitor engine, which keeps each vehicle's status
    /// from then on. Call [`AppState::sync_monitors`] to load the stored monitors.
    pub fn new(mut data: FleetData, store: Store) -> Self {
        let positions = std::mem::take(&mut data.positions);
        let engine = Engine::new(data.vehicles.values().map(|vehicle| {
            let status = positions
                .get(&vehicle.vin)
                .map(|position| VehicleStatus {
                    recorded_at: Some(position.recorded_at),
                    position: Some(GeoPoint::new(position.longitude, position.latitude)),
                    speed: Some(position.speed_kmh),
                    moving: Some(position.speed_kmh > 0.0),
                    odometer: Some(vehicle.mileage_km as f64),
                    // A service every 30 000 km.
                    mileage_before_maintenance: Some(
                        30_000.0 - (vehicle.mileage_km % 30_000) as f64,
                    ),
                    privacy_state: Some(PrivacyState::None),
                    stolen: Some(false),
                    ..VehicleStatus::default()
                })
                .unwrap_or_default();
            (vehicle.fleet_id.clone(), vehicle.vin.clone(), status)
        }));
        let signer = Arc::new(Signer::new(store.clone(), None));
        Self {
            shared: Arc::new(Shared {
                data: Arc::new(RwLock::new(data)),
                engine: Arc::new(engine),
                store,
                applied: Arc::new(Mutex::new(Applied::default())),
                // The seed's offset/limit and the origin's indexRange/pageSize.
                paging: Paging::offset_limit()
                    .with_index_range()
                    .with_default_limit(10)
                    .with_max_limit(100, OverMaximum::Reject),
                max_monitors_per_fleet: DEFAULT_MAX_MONITORS_PER_FLEET,
                targets: Arc::new(TargetPolicy::default()),
                signer,
                require_if_match: false,
                max_clock_skew: chrono::Duration::minutes(DEFAULT_MAX_CLOCK_SKEW_MINUTES),
                metrics: None,
                explorer_identity: None,
                representations: hal_axum::cache::RepresentationCache::new(
                    DEFAULT_REPRESENTATION_CACHE_BYTES,
                ),
            }),
        }
    }

    /// The fields, to change while the state is being built (copied if already shared).
    fn shared_mut(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.shared)
    }

    /// The cache of serialized representations, with its hit and miss counts.
    #[must_use]
    pub fn representation_cache(&self) -> &hal_axum::cache::RepresentationCache {
        &self.representations
    }

    /// The same state, keeping up to `bytes` of serialized representations (0: none), each
    /// under the validator it was built for, so that it is sent again only while current.
    #[must_use]
    pub fn with_representation_cache(mut self, bytes: u64) -> Self {
        self.shared_mut().representations = hal_axum::cache::RepresentationCache::new(bytes);
        self
    }

    /// The same state, its explorer offering `fleet` as the `X-Fleet-Id` a request lacks: for
    /// development, where the service is on loopback and trusts the header anyway.
    #[must_use]
    pub fn with_explorer_identity(mut self, fleet: impl Into<String>) -> Self {
        self.shared_mut().explorer_identity = Some(fleet.into());
        self
    }

    /// The same state, serving what `handle` recorded at `/metrics` (Prometheus' text format):
    /// requests by route and status, latencies, and the monitors' events and deliveries.
    #[must_use]
    pub fn with_metrics(mut self, handle: hal_axum::metrics::PrometheusHandle) -> Self {
        self.shared_mut().metrics = Some(handle);
        self
    }

    /// The same state, refusing (`428`) a change to a monitor without `If-Match`. Without
    /// this, `If-Match` is honoured when sent (`412` when stale) and a change without it
    /// replaces whatever is there.
    #[must_use]
    pub fn with_if_match_required(mut self, required: bool) -> Self {
        self.shared_mut().require_if_match = required;
        self
    }

    /// The same state, refusing (`400`) a sample dated more than `skew` after the service's
    /// clock: accepted, it would make every real sample after it late. Five minutes by default.
    #[must_use]
    pub fn with_max_clock_skew(mut self, skew: std::time::Duration) -> Self {
        self.shared_mut().max_clock_skew =
            chrono::Duration::from_std(skew).unwrap_or(chrono::Duration::MAX);
        self
    }

    /// The same state, letting webhooks also reach what `allow` names: internal hosts and
    /// networks, over plain `http` too. By default only public `https` targets are accepted.
    #[must_use]
    pub fn with_webhook_allow(mut self, allow: WebhookAllow) -> Self {
        self.shared_mut().targets = Arc::new((*self.targets).clone().with_allow(allow));
        self
    }

    /// The same state, signing deliveries with secrets derived from `key` rather than from a
    /// key made and kept in the database. Every instance sharing a database needs the same.
    #[must_use]
    pub fn with_signing_key(mut self, key: SigningKey) -> Self {
        self.shared_mut().signer = Arc::new(Signer::new(self.store.clone(), Some(key)));
        self
    }

    /// The same state, resolving webhook hosts with `resolver` (the system's by default), for
    /// the checks when a monitor is created or changed and for the deliveries' connections.
    #[must_use]
    pub fn with_resolver(mut self, resolver: Arc<dyn NameResolver>) -> Self {
        self.shared_mut().targets = Arc::new((*self.targets).clone().with_resolver(resolver));
        self
    }

    /// The seeded demo fleet over an empty database in memory, for tests and examples.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the memory database cannot be made.
    pub async fn in_memory() -> Result<Self, StoreError> {
        Ok(Self::new(
            FleetData::generate(crate::SEED),
            Store::memory().await?,
        ))
    }

    /// The monitor engine, which the simulator feeds too.
    #[must_use]
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The database.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The same state with another cap on the monitors of one fleet; creating one more is a
    /// `409` problem document.
    #[must_use]
    pub fn with_max_monitors_per_fleet(mut self, max: usize) -> Self {
        self.shared_mut().max_monitors_per_fleet = max;
        self
    }

    pub(crate) fn read(&self) -> Result<std::sync::RwLockReadGuard<'_, FleetData>, ApiError> {
        self.data
            .read()
            .map_err(|_| ApiError::internal("the fleet store is unavailable"))
    }

    /// Loads into the engine the monitor changes it has not applied yet: all of them at
    /// start, then what other instances (and the deliverer, marking a monitor `Failed`) wrote.
    /// Requests that apply samples do the same inside their transaction, so this only keeps
    /// idle instances close to the database.
    ///
    /// # Errors
    ///
    /// [`StoreError`] when the database fails; what was applied stays applied.
    pub async fn sync_monitors(&self) -> Result<usize, StoreError> {
        let since = self.applied().revision;
        let changes = self.store.changes_since(since).await?;
        Ok(self.apply_changes(changes))
    }

    /// The revision of the last monitor change the engine holds.
    pub(crate) fn applied_revision(&self) -> i64 {
        self.applied().revision
    }

    /// Gives `changes` to the engine, skipping what it already holds; returns how many it took.
    pub(crate) fn apply_changes(&self, changes: Vec<MonitorChange>) -> usize {
        let mut count = 0;
        for change in changes {
            let monitor = &change.monitor;
            let edit = if change.deleted {
                EngineEdit::Remove
            } else {
                match monitor.monitor.compile(monitor.timestamps.updated_at) {
                    Ok(rule) => EngineEdit::Upsert(rule, monitor.status == MonitorStatus::Running),
                    Err(error) => {
                        tracing::error!(monitor = %monitor.monitor_id, %error, "a stored monitor no longer compiles");
                        EngineEdit::Remove
                    }
                }
            };
            count += usize::from(self.edit_engine(
                &monitor.fleet_id,
                &monitor.monitor_id,
                change.revision,
                edit,
            ));
        }
        count
    }

    /// Applies one stored change of monitor `id` (its `revision`) to the engine, unless the
    /// engine holds that revision or a later one already. The check and the edit happen under
    /// one lock, so that a change loaded a moment earlier can never undo a later one.
    pub(crate) fn edit_engine(
        &self,
        fleet_id: &str,
        id: &str,
        revision: i64,
        edit: EngineEdit,
    ) -> bool {
        let mut applied = self.applied();
        if applied
            .monitors
            .get(id)
            .is_some_and(|held| *held >= revision)
        {
            return false;
        }
        match edit {
            EngineEdit::Upsert(rule, running) => {
                self.engine.upsert(fleet_id, id, revision, rule, running);
            }
            EngineEdit::Remove => self.engine.remove(fleet_id, id),
        }
        applied.revision = applied.revision.max(revision);
        applied.monitors.insert(id.to_owned(), revision);
        true
    }

    /// The one ingestion path, for HTTP and the simulator. One transaction holds the vehicle's
    /// row from before its state is read until the new state and the events it raised are stored:
    ///
    /// 1. take the row (requests for the vehicle on every instance wait for each other here);
    /// 2. read the monitor revision and load the changes the engine lacks, so that a monitor
    ///    change answered before this request is evaluated by it, on whatever instance;
    /// 3. apply the samples to the stored state (the engine's copy when it is that state);
    /// 4. store the events and the new state, and commit.
    ///
    /// If any step fails nothing of it happened: the engine reads the stored state again next
    /// time, the client gets a `503` and its retry raises the events.
    ///
    /// # Errors
    ///
    /// A `404` problem when the fleet has no vehicle `vin`; a `503` when the database fails; a
    /// `500` when the stored state cannot be read.
    pub async fn ingest(
        &self,
        fleet_id: &str,
        vin: &str,
        samples: Vec<Sample>,
    ) -> Result<TelemetryReceipt, ApiError> {
        if !self.engine.has_vehicle(fleet_id, vin) {
            return Err(ApiError::not_found(format!("no vehicle `{vin}`")));
        }
        let mut transaction = self.store.lock_vehicle(vin).await?;
        let revision = transaction.monitor_revision().await?;
        if revision > self.applied_revision() {
            let changes = transaction.changes_since(self.applied_revision()).await?;
            self.apply_changes(changes);
        }
        let outcome = self
            .engine
            .ingest_stored(
                fleet_id,
                vin,
                samples,
                transaction.version(),
                transaction.state(),
            )
            .map_err(|error| match error {
                IngestError::UnknownVehicle => ApiError::not_found(format!("no vehicle `{vin}`")),
                IngestError::UnreadableState(_) => {
                    tracing::error!(%vin, %error, "cannot read a stored vehicle state");
                    ApiError::internal("the vehicle's stored state cannot be read")
                }
            })?;
        let ingested = &outcome.ingested;
        let stored = transaction
            .insert_events(&ingested.events, chrono::Utc::now())
            .await?;
        transaction
            .commit(&outcome.record, outcome.watermark)
            .await?;
        self.engine.committed(fleet_id, vin, outcome.ticket);
        for (result, count) in [
            ("accepted", ingested.accepted),
            ("duplicate", ingested.duplicates),
            ("late", ingested.late),
        ] {
            metrics::counter!("connected_car_samples_total", "result" => result)
                .increment(count as u64);
        }
        metrics::counter!("connected_car_events_raised_total").increment(stored as u64);
        Ok(TelemetryReceipt {
            vin: vin.to_owned(),
            accepted: ingested.accepted,
            duplicates: ingested.duplicates,
            late: ingested.late,
            events_raised: stored,
        })
    }

    /// The status stored for vehicle `vin` of `fleet_id`: what its latest applied sample left, or
    /// its seeded status when none was stored.
    ///
    /// # Errors
    ///
    /// A `503` problem when the database fails; a `500` when the stored state cannot be read.
    pub async fn vehicle_status(
        &self,
        fleet_id: &str,
        vin: &str,
    ) -> Result<VehicleStatus, ApiError> {
        match self.store.vehicle_state(vin).await? {
            Some(record) => Engine::stored_status(&record).map_err(|error| {
                tracing::error!(%vin, %error, "cannot read a stored vehicle state");
                ApiError::internal("the vehicle's stored state cannot be read")
            }),
            None => Ok(self.engine.seed_status(fleet_id, vin).unwrap_or_default()),
        }
    }

    /// Starts what runs beside the API: the deliverer, sending with a client whose connections
    /// the target policy checks ([`webhook_client`]), and the loop that brings other instances'
    /// monitor changes into this engine every `sync` (a monitor the deliverer marks `Failed` is
    /// applied at once).
    ///
    /// # Errors
    ///
    /// A message when the webhook client cannot be made (an unreadable `webhook_ca`).
    pub fn start_background(
        &self,
        config: DeliveryConfig,
        sync: std::time::Duration,
    ) -> Result<(), String> {
        let client = webhook_client(config.timeout, config.webhook_ca.as_deref(), &self.targets)?;
        let state = self.clone();
        let on_failed: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            let state = state.clone();
            tokio::spawn(async move {
                let _ = state.sync_monitors().await;
            });
        });
        let deliverer = Deliverer::new(
            self.store.clone(),
            client,
            config,
            self.targets.clone(),
            self.signer.clone(),
            on_failed,
        );
        tokio::spawn(Arc::new(deliverer).run());
        let state = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(sync);
            loop {
                ticks.tick().await;
                if let Err(error) = state.sync_monitors().await {
                    tracing::warn!(%error, "cannot load monitor changes");
                }
            }
        });
        Ok(())
    }

    fn applied(&self) -> std::sync::MutexGuard<'_, Applied> {
        // Plain data: a panic elsewhere cannot leave it half-written.
        self.applied
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A change to one monitor, for [`AppState::edit_engine`].
pub(crate) enum EngineEdit {
    /// Add or replace it with this rule, running or not.
    Upsert(crate::monitors::engine::Rule, bool),
    /// Forget it.
    Remove,
}

impl FromRef<AppState> for Paging {
    fn from_ref(state: &AppState) -> Paging {
        state.paging.clone()
    }
}
