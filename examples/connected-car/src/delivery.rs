//! Delivery of events to monitors' webhooks, with the origin API's contract and retry policy.
//!
//! Every instance runs a [`Deliverer`]. It leases monitors whose oldest pending event is due
//! ([`Store::claim`]): a monitor is delivered by one instance at a time, its events strictly in
//! the order they were raised, and monitors are delivered concurrently, so a slow receiver
//! delays only its own monitor. An attempt `POST`s `MonitorEvents` to the target:
//!
//! - `Header` attributes become request headers, `Query` attributes query parameters, and
//!   `Body` attributes go in the body's `attributes`; the variables `$vin`, `$vid` (the
//!   vehicle's `id`), `$monitorID` and `$fleetID` (also spelt `$monitorId`, `$fleetId`) are
//!   replaced by the batch's values.
//! - `Idempotency-Key` carries the batch's id: the first event's `eventId`, which a retry
//!   sends again unchanged.
//! - Without `batchNotify` a batch is one event. With it, a batch is up to `size` consecutive
//!   events of the monitor, whatever their vehicles, sent when full or when its first event is
//!   `timeWindow` old. An attribute that names the vehicle (`$vin`, `$vid`) holds one value per
//!   request, so such a monitor's batches hold one vehicle's events.
//!
//! A 2xx answer marks the batch delivered. Anything else, a connection error or the timeout,
//! is a failed attempt: retried after `retryDelay` seconds up to `retryNumber` times
//! (`Bounded`), never (`None`), or until three days after the event (`Always`, then dropped).
//! A monitor whose deliveries end failed or dropped [`FAILED_AFTER`] times in a row becomes
//! `Failed`: it is no longer evaluated until a client sets it `Running` again.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::monitors::engine::MonitorEvent;
use crate::monitors::model::{AttributeType, MonitorParameter, RetryKind, Variable};
use crate::signing::Signer;
use crate::store::{DeliveryState, Lease, Recorded, Store, StoreError, StoredEvent};
use crate::targets::TargetPolicy;

/// Deliveries ending failed or dropped in a row that make a monitor `Failed`.
pub const FAILED_AFTER: i64 = 5;

/// How long `Always` retries.
const ALWAYS_FOR: chrono::Duration = chrono::Duration::days(3);

/// How the deliverer works.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// This instance's name in leases.
    pub owner: String,
    /// How long an attempt may take.
    pub timeout: Duration,
    /// How often to look for due work when there was none.
    pub poll: Duration,
    /// Monitors delivered at once.
    pub concurrency: usize,
    /// How long a lease lasts without renewal. An attempt renews it while it runs, so it may
    /// be shorter than `timeout`.
    pub lease: Duration,
    /// A CA (PEM) to trust for HTTPS webhooks besides the usual roots (`--webhook-ca`).
    pub webhook_ca: Option<std::path::PathBuf>,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        Self {
            owner: uuid::Uuid::new_v4().simple().to_string(),
            timeout: Duration::from_secs(10),
            poll: Duration::from_millis(200),
            concurrency: 64,
            lease: Duration::from_secs(30),
            webhook_ca: None,
        }
    }
}

/// The body a webhook receives.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitorEvents<'a> {
    /// The monitor.
    pub monitor_id: &'a str,
    /// The `Body` attributes.
    pub attributes: Vec<Attribute>,
    /// The batch's events, oldest first.
    pub events: Vec<&'a MonitorEvent>,
}

/// A `Body` attribute, with its value substituted.
#[derive(Debug, Serialize)]
pub struct Attribute {
    /// Its name.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// The HTTP client for webhooks: rustls with the usual roots and the CA in `extra_ca` (PEM, for
/// test receivers), connections bounded by `timeout`, no redirects (a target cannot send the
/// service elsewhere), and names resolved through `targets`, which refuses what it must.
///
/// # Errors
///
/// A message naming the CA file when it cannot be read or holds no certificate.
pub fn webhook_client(
    timeout: Duration,
    extra_ca: Option<&std::path::Path>,
    targets: &TargetPolicy,
) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .redirect(reqwest::redirect::Policy::none())
        // Names resolve only to addresses the target policy admits: the check on the address
        // each delivery actually connects to.
        .dns_resolver(targets.connector_resolver())
        .connect_timeout(timeout)
        .pool_max_idle_per_host(16);
    if let Some(file) = extra_ca {
        let pem =
            std::fs::read(file).map_err(|e| format!("--webhook-ca {}: {e}", file.display()))?;
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("--webhook-ca {}: {e}", file.display()))?;
        if certificates.is_empty() {
            return Err(format!(
                "--webhook-ca {}: no certificate in the file",
                file.display()
            ));
        }
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder
        .build()
        .map_err(|e| format!("the webhook client: {e}"))
}

/// Delivers events until dropped.
pub struct Deliverer {
    store: Store,
    client: reqwest::Client,
    config: DeliveryConfig,
    targets: Arc<TargetPolicy>,
    signer: Arc<Signer>,
    /// Told when a monitor becomes `Failed`, so the engine stops evaluating it.
    on_failed: Arc<dyn Fn() + Send + Sync>,
}

impl Deliverer {
    /// A deliverer over `store`, sending with `client` (whose TLS roots and proxies apply);
    /// `on_failed` is called when a monitor becomes `Failed`.
    #[must_use]
    pub fn new(
        store: Store,
        client: reqwest::Client,
        config: DeliveryConfig,
        targets: Arc<TargetPolicy>,
        signer: Arc<Signer>,
        on_failed: Arc<dyn Fn() + Send + Sync>,
    ) -> Self {
        Self {
            store,
            client,
            config,
            targets,
            signer,
            on_failed,
        }
    }

    /// Leases and delivers due monitors until the task is dropped. Database errors are logged
    /// and retried at the next poll.
    pub async fn run(self: Arc<Self>) {
        let slots = Arc::new(Semaphore::new(self.config.concurrency.max(1)));
        loop {
            let free = slots.available_permits();
            let claimed = if free == 0 {
                Vec::new()
            } else {
                match self
                    .store
                    .claim(&self.config.owner, Utc::now(), self.config.lease, free)
                    .await
                {
                    Ok(claimed) => claimed,
                    Err(error) => {
                        tracing::warn!(%error, "delivery: cannot claim work");
                        Vec::new()
                    }
                }
            };
            if claimed.is_empty() {
                tokio::time::sleep(self.config.poll).await;
                continue;
            }
            for lease in claimed {
                let Ok(permit) = slots.clone().acquire_owned().await else {
                    return;
                };
                let deliverer = self.clone();
                tokio::spawn(async move {
                    if let Err(error) = deliverer.deliver_monitor(&lease).await {
                        tracing::warn!(%error, monitor = %lease.monitor_id, "delivery: stopped");
                    }
                    let _ = deliverer.store.release(&lease).await;
                    drop(permit);
                });
            }
        }
    }

    /// Delivers the leased monitor's due batches in order, until one fails, none is due or
    /// the lease is lost.
    async fn deliver_monitor(&self, held: &Lease) -> Result<(), StoreError> {
        let monitor_id = held.monitor_id.as_str();
        let lease = self.lease_length();
        let mut renewed = Utc::now();
        let Some((monitor, deleted)) = self.store.monitor_by_id(monitor_id).await? else {
            return Ok(());
        };
        if deleted {
            return Ok(());
        }
        let parameter = &monitor.monitor;
        let batch = parameter.subscribe_param.batch_notify;
        let size = batch.map_or(1, |b| b.size as usize).max(1);
        let per_vehicle = parameter
            .subscribe_param
            .callback
            .webhook
            .attributes
            .iter()
            .any(|attribute| Variable::names_the_vehicle(&attribute.value));
        // Read ahead: one query serves many batches.
        let fetch = size.max(100) + 1;
        loop {
            let pending = self.store.pending(monitor_id, fetch).await?;
            if pending.is_empty() {
                return Ok(());
            }
            let mut next = 0;
            while next < pending.len() {
                let now = Utc::now();
                // Renew well before the lease runs out; another instance may take it after.
                if now - renewed > lease / 3 {
                    if !self.store.renew(held, now, now + lease).await? {
                        return Ok(());
                    }
                    renewed = now;
                }
                let rest = &pending[next..];
                let head = &rest[0];
                if head.delivery.next_attempt_at.is_some_and(|at| at > now) {
                    return Ok(());
                }
                let batch_events: Vec<&StoredEvent> = match &head.batch_id {
                    // A retry sends the same batch again.
                    Some(batch_id) => rest
                        .iter()
                        .take_while(|e| e.batch_id.as_deref() == Some(batch_id.as_str()))
                        .collect(),
                    None => {
                        let run: Vec<&StoredEvent> = rest
                            .iter()
                            .take_while(|e| {
                                e.batch_id.is_none()
                                    && (!per_vehicle || e.event.vin == head.event.vin)
                            })
                            .take(size)
                            .collect();
                        if let Some(batch) = batch {
                            let window_ends = raised(head)
                                + chrono::Duration::seconds(
                                    i64::try_from(batch.time_window).unwrap_or(i64::MAX / 1000),
                                );
                            let full = run.len() >= size;
                            // Stopped at another batch or vehicle: this one can grow no more.
                            let closed = run.len() < rest.len();
                            if !full && !closed && now < window_ends {
                                self.store
                                    .postpone(&head.event.event_id, window_ends)
                                    .await?;
                                return Ok(());
                            }
                        }
                        run
                    }
                };
                let delivered = self
                    .attempt(held, renewed, &monitor.fleet_id, parameter, &batch_events)
                    .await?;
                if !delivered {
                    return Ok(());
                }
                next += batch_events.len();
            }
            if pending.len() < fetch {
                return Ok(());
            }
        }
    }

    /// How long a lease lasts.
    fn lease_length(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.config.lease).unwrap_or(chrono::Duration::seconds(30))
    }

    /// Keeps `held`, last renewed at `renewed`, while a request runs: renews it a third of its
    /// length after the last renewal, and returns once it can no longer be sure to hold it
    /// (renewal refused, or the database unreachable until two thirds of it have passed).
    /// Racing the request against this abandons the request while the lease is still this
    /// instance's, so no two instances ever have one monitor's request in flight, however slow
    /// the receiver.
    async fn keep(&self, held: &Lease, mut renewed: DateTime<Utc>) {
        let lease = self.lease_length();
        let retry = (lease / 12).to_std().unwrap_or(Duration::from_secs(1));
        loop {
            let due = renewed + lease / 3;
            let wait = (due - Utc::now()).to_std().unwrap_or(retry).max(retry);
            tokio::time::sleep(wait).await;
            let now = Utc::now();
            match self.store.renew(held, now, now + lease).await {
                Ok(true) => renewed = now,
                Ok(false) => return,
                Err(error) => {
                    tracing::warn!(%error, monitor = %held.monitor_id, "delivery: cannot renew the lease");
                    if Utc::now() - renewed >= lease * 2 / 3 {
                        return;
                    }
                }
            }
        }
    }

    /// One attempt at a batch; records it and returns whether it was delivered. The request
    /// runs only while the lease is held ([`Deliverer::keep`]); abandoned, or recorded after
    /// the lease was lost, it counts as not delivered and records nothing: the holder sends
    /// the batch again, with the same `Idempotency-Key`.
    async fn attempt(
        &self,
        held: &Lease,
        renewed: DateTime<Utc>,
        fleet_id: &str,
        parameter: &MonitorParameter,
        batch: &[&StoredEvent],
    ) -> Result<bool, StoreError> {
        let monitor_id = held.monitor_id.as_str();
        let Some(head) = batch.first() else {
            return Ok(true);
        };
        let outcome = tokio::select! {
            outcome = self.send(fleet_id, monitor_id, parameter, batch) => outcome,
            () = self.keep(held, renewed) => {
                tracing::warn!(monitor = %monitor_id, "delivery: lease lost during an attempt; abandoned");
                metrics::counter!("connected_car_delivery_attempts_total", "outcome" => "abandoned")
                    .increment(1);
                return Ok(false);
            }
        };
        let now = Utc::now();
        let attempts = head.delivery.attempts + 1;
        let retry = parameter.subscribe_param.retry_policy;
        let delay =
            chrono::Duration::seconds(i64::try_from(retry.retry_delay).unwrap_or(i64::MAX / 1000));
        let (state, next) = match &outcome {
            Ok(_) => (DeliveryState::Delivered, now),
            Err(_) => match retry.policy {
                RetryKind::None => (DeliveryState::Failed, now),
                RetryKind::Bounded if attempts > i64::from(retry.retry_number) => {
                    (DeliveryState::Failed, now)
                }
                RetryKind::Bounded => (DeliveryState::Pending, now + delay),
                RetryKind::Always if now >= raised(head) + ALWAYS_FOR => {
                    (DeliveryState::Dropped, now)
                }
                RetryKind::Always => (DeliveryState::Pending, now + delay),
            },
        };
        let (status, error) = match &outcome {
            Ok(status) => (Some(*status), None),
            Err(Failure { status, reason }) => (*status, Some(reason.as_str())),
        };
        let ids: Vec<String> = batch.iter().map(|e| e.event.event_id.clone()).collect();
        let outcome = match state {
            DeliveryState::Delivered => "delivered",
            DeliveryState::Pending => "retry",
            DeliveryState::Failed => "failed",
            DeliveryState::Dropped => "dropped",
        };
        metrics::counter!("connected_car_delivery_attempts_total", "outcome" => outcome)
            .increment(1);
        if state == DeliveryState::Dropped {
            tracing::warn!(monitor = %monitor_id, events = ids.len(), "delivery: dropped after three days of retries");
        }
        let batch_id = head.batch_id.as_deref().unwrap_or(&head.event.event_id);
        let recorded = self
            .store
            .record_attempt(
                held,
                batch_id,
                &ids,
                state,
                status,
                error,
                next,
                FAILED_AFTER,
                now,
            )
            .await?;
        let failed = match recorded {
            Recorded::Done { failed } => failed,
            Recorded::LeaseLost => {
                tracing::warn!(monitor = %monitor_id, "delivery: lease lost before the attempt was recorded; void");
                return Ok(false);
            }
        };
        if failed.is_some() {
            tracing::warn!(monitor = %monitor_id, "delivery: monitor failed after {FAILED_AFTER} failed deliveries in a row");
            (self.on_failed)();
        }
        Ok(state == DeliveryState::Delivered)
    }

    /// Sends a batch: `Ok(status)` for a 2xx answer.
    async fn send(
        &self,
        fleet_id: &str,
        monitor_id: &str,
        parameter: &MonitorParameter,
        batch: &[&StoredEvent],
    ) -> Result<u16, Failure> {
        let webhook = &parameter.subscribe_param.callback.webhook;
        let vin = batch.first().map_or("", |e| e.event.vin.as_str());
        let substitute = |value: &str| -> String {
            match Variable::parse(value) {
                Some(Variable::Vin) => vin.to_owned(),
                Some(Variable::VehicleId) => crate::fleet::vehicle_id(vin),
                Some(Variable::MonitorId) => monitor_id.to_owned(),
                Some(Variable::FleetId) => fleet_id.to_owned(),
                None => value.to_owned(),
            }
        };
        let mut url = url::Url::parse(&webhook.target)
            .map_err(|e| Failure::reason(format!("bad target: {e}")))?;
        // Names reached over https are checked by the client's resolver, on the addresses it
        // connects to; literal addresses and plain http need the whole check here.
        let literal = !matches!(url.host(), Some(url::Host::Domain(_)));
        if literal || url.scheme() != "https" {
            self.targets
                .check(&url)
                .await
                .map_err(|refused| Failure::reason(format!("target refused: {refused}")))?;
        }
        let mut attributes = Vec::new();
        let mut headers = reqwest::header::HeaderMap::new();
        for attribute in &webhook.attributes {
            let value = substitute(&attribute.value);
            match attribute.kind {
                AttributeType::Body => attributes.push(Attribute {
                    key: attribute.key.clone(),
                    value,
                }),
                AttributeType::Query => {
                    url.query_pairs_mut().append_pair(&attribute.key, &value);
                }
                AttributeType::Header => {
                    let name = reqwest::header::HeaderName::from_bytes(attribute.key.as_bytes())
                        .map_err(|e| Failure::reason(format!("header {}: {e}", attribute.key)))?;
                    let value = reqwest::header::HeaderValue::from_str(&value)
                        .map_err(|e| Failure::reason(format!("header {}: {e}", attribute.key)))?;
                    headers.append(name, value);
                }
            }
        }
        let batch_key = batch
            .first()
            .map_or("", |e| e.batch_id.as_deref().unwrap_or(&e.event.event_id));
        let body = MonitorEvents {
            monitor_id,
            attributes,
            events: batch.iter().map(|e| &e.event).collect(),
        };
        let body = serde_json::to_vec(&body)
            .map_err(|e| Failure::reason(format!("cannot write the events: {e}")))?;
        // Signed as sent: the same bytes, the same id as the Idempotency-Key.
        let signing = async {
            let signing_key = self.signer.key().await.ok()?;
            let generation = self.store.secret_generation(monitor_id).await.ok()??;
            let now = Utc::now();
            let signature = signing_key.signature(
                monitor_id,
                generation.generation,
                generation.rotated_at,
                now,
                batch_key,
                now.timestamp(),
                &body,
            );
            Some((now.timestamp(), signature))
        };
        let (timestamp, signature) = signing.await.ok_or_else(|| {
            Failure::reason("cannot sign: the signing key or the monitor is unavailable".into())
        })?;
        let response = self
            .client
            .post(url)
            .headers(headers)
            .header("idempotency-key", batch_key)
            .header(standardwebhooks::HEADER_WEBHOOK_ID, batch_key)
            .header(standardwebhooks::HEADER_WEBHOOK_TIMESTAMP, timestamp)
            .header(standardwebhooks::HEADER_WEBHOOK_SIGNATURE, signature)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .timeout(self.config.timeout)
            .body(body)
            .send()
            .await
            .map_err(|e| Failure::reason(describe(&e)))?;
        let status = response.status();
        if status.is_success() {
            Ok(status.as_u16())
        } else {
            Err(Failure {
                status: Some(status.as_u16()),
                reason: format!("the receiver answered {status}"),
            })
        }
    }
}

/// When the event was stored as raised (its `eventDate` is the sample's time, which a replayed
/// or simulated stream sets).
fn raised(event: &StoredEvent) -> DateTime<Utc> {
    event.raised_at
}

/// A failed attempt.
struct Failure {
    status: Option<u16>,
    reason: String,
}

impl Failure {
    fn reason(reason: String) -> Self {
        Self {
            status: None,
            reason,
        }
    }
}

/// reqwest's error with its causes, which say what actually went wrong.
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        "cannot connect".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
