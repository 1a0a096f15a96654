//! The monitor as clients write it (`MonitorParameter`, the origin API's camelCase JSON), and
//! its checks: a parameter either compiles into a [`Rule`] the engine evaluates, or is refused
//! with the JSON pointer of the member at fault.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;
use hal_core::forms::{HalForm, Validate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::engine::{
    Condition, Extension, Rule, Scalar, TimeTrigger as CompiledTime, Trigger as CompiledTrigger,
};
use super::expr::{self, MAX_VARIABLES};
use super::geo::{Circle, Point, Polygon, PolygonError, Zone};
use super::window::{self, Days, EVERY_DAY, EVERY_WEEK, Interval, Slot, Windows};
use crate::telemetry::Operand;

/// What a client sends to create or replace a monitor. Its HAL-FORMS properties are derived
/// from these fields (the placeholders are examples that pass every check), so the forms the
/// monitors offer are what the handlers read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "label": "Over 130 km/h",
    "subscribeParam": {"callback": {"webhook": {"target": "https://hooks.example.com/cc"}}},
    "triggerParam": {
        "triggers": [{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [130]}}],
        "boolExp": "fast"
    }
}))]
pub struct MonitorParameter {
    /// A name for people, 1 to 200 characters, not all spaces.
    #[hal_form(
        prompt = "Label",
        placeholder = "Leaving Paris too fast",
        min_length = 1,
        max_length = 200,
        regex = "[\\s\\S]*\\S[\\s\\S]*"
    )]
    pub label: String,
    /// The language of texts in events (BCP 47), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(
        prompt = "Language of event texts (BCP 47)",
        placeholder = "fr-FR",
        max_length = 35,
        regex = "[A-Za-z0-9]+(-[A-Za-z0-9]+)*"
    )]
    pub locale: Option<String>,
    /// Where and how events are delivered.
    #[hal_form(nested)]
    pub subscribe_param: SubscribeParam,
    /// When events are raised.
    #[hal_form(nested)]
    pub trigger_param: TriggerParam,
    /// Data added to each event, any of the origin's nine (`vehicle.position`,
    /// `vehicle.alerts`, `vehicle.status`, `vehicle.telemetry`, `vehicle.doorsState`,
    /// `vehicle.maintenance`, `vehicle.collisions`, `vehicle.trip`, `vehicle.stolen`), or a part
    /// of the telemetry (`vehicle.telemetry.environment`, `vehicle.telemetry.vehicle.safety`…);
    /// a name given twice adds its data once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[hal_form(
        json,
        prompt = "Data added to each event (JSON array)",
        placeholder = r#"["vehicle.position", "vehicle.alerts"]"#,
        max_items = 16
    )]
    pub extended_event_param: Vec<Extension>,
}

/// Delivery of a monitor's events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscribeParam {
    /// The receiver.
    #[hal_form(nested)]
    pub callback: Callback,
    /// What to do when the receiver fails (`Bounded`, 3 retries 10 s apart, when left out).
    #[serde(default)]
    #[hal_form(nested)]
    pub retry_policy: RetryPolicy,
    /// Events sent together, if at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub batch_notify: Option<BatchNotify>,
    /// While the condition stays true, a reminder event every this many seconds (60 to a
    /// week).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(prompt = "Reminder every (seconds)", min = 60, max = 604_800)]
    pub refresh_event: Option<u64>,
}

/// The receiver of events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct Callback {
    /// An HTTP endpoint.
    #[hal_form(nested)]
    pub webhook: Webhook,
}

/// An HTTP endpoint that receives events by `POST`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct Webhook {
    /// An `http` or `https` URL with a host, without credentials or a fragment.
    #[hal_form(
        prompt = "Webhook URL",
        input_type = "url",
        regex = "https?://[^/?#@\\s]+([/?][^#\\s]*)?",
        placeholder = "https://hooks.example.com/cc",
        max_length = 2000,
        check = check_target
    )]
    pub target: String,
    /// A name for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(prompt = "Webhook name")]
    pub name: Option<String>,
    /// Headers, query parameters and body members sent with each delivery, at most 20.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[hal_form(
        json,
        dive,
        max_items = 20,
        prompt = "Attributes sent with each delivery (JSON array)",
        placeholder = r#"[{"type": "Header", "key": "X-Vin", "value": "$vin"}]"#
    )]
    pub attributes: Vec<WebhookAttribute>,
}

/// One attribute sent with each delivery; `value` is a literal or a [`Variable`]. Names and values are visible ASCII (spaces and tabs inside values), so that
/// each is usable wherever its `type` puts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct WebhookAttribute {
    /// Where it goes.
    #[serde(rename = "type")]
    pub kind: AttributeType,
    /// Its name: a header name's characters (RFC 9110 `token`).
    #[hal_form(
        min_length = 1,
        max_length = 100,
        regex = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
    )]
    pub key: String,
    /// Its value; one starting with `$` is one of the variables.
    #[hal_form(
        max_length = 1000,
        regex = "\\$(vin|vid|monitorID|monitorId|fleetID|fleetId)|([\\t !-#%-~][\\t -~]*)?"
    )]
    pub value: String,
}

/// An attribute value the service replaces at each delivery, as the origin spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    /// `$vin`: the vehicle's VIN.
    Vin,
    /// `$vid`: the vehicle's `id`.
    VehicleId,
    /// `$monitorID` (or `$monitorId`): the monitor's id.
    MonitorId,
    /// `$fleetID` (or `$fleetId`): the fleet's id.
    FleetId,
}

impl Variable {
    /// Every spelling the service replaces: the origin's documents use both cases of `ID`.
    /// An attribute's `value` pattern admits exactly these.
    pub const SPELLINGS: [(&'static str, Variable); 6] = [
        ("$vin", Variable::Vin),
        ("$vid", Variable::VehicleId),
        ("$monitorID", Variable::MonitorId),
        ("$monitorId", Variable::MonitorId),
        ("$fleetID", Variable::FleetId),
        ("$fleetId", Variable::FleetId),
    ];

    /// The variable `value` names, if it is one.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        Self::SPELLINGS
            .iter()
            .find(|(spelling, _)| *spelling == value)
            .map(|(_, variable)| *variable)
    }

    /// Whether `value` names a variable whose value differs from one vehicle to another.
    #[must_use]
    pub fn names_the_vehicle(value: &str) -> bool {
        matches!(
            Self::parse(value),
            Some(Variable::Vin | Variable::VehicleId)
        )
    }
}

/// Where a webhook attribute goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
pub enum AttributeType {
    /// A request header.
    Header,
    /// A member of the body's `attributes`.
    Body,
    /// A query parameter of the target.
    Query,
}

/// Retries of a failed delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RetryPolicy {
    /// `None`, `Bounded` or `Always`.
    #[hal_form(prompt = "Retries")]
    pub policy: RetryKind,
    /// Retries for `Bounded`, 1 to 100.
    #[serde(default = "default_retry_number")]
    #[hal_form(prompt = "Retries for Bounded", min = 1, max = 100)]
    pub retry_number: u32,
    /// Seconds between attempts, 1 to a day.
    #[serde(default = "default_retry_delay")]
    #[hal_form(prompt = "Seconds between attempts", min = 1, max = 86_400)]
    pub retry_delay: u64,
}

fn default_retry_number() -> u32 {
    3
}

fn default_retry_delay() -> u64 {
    10
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            policy: RetryKind::Bounded,
            retry_number: default_retry_number(),
            retry_delay: default_retry_delay(),
        }
    }
}

/// How often a failed delivery is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
pub enum RetryKind {
    /// One attempt.
    None,
    /// `retryNumber` retries.
    Bounded,
    /// Until three days after the event.
    Always,
}

/// Events sent together: up to `size`, or what arrived within `timeWindow` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BatchNotify {
    /// 1 to 1000.
    #[hal_form(prompt = "Events per batch", min = 1, max = 1000)]
    pub size: u32,
    /// Seconds, 5 to a day.
    #[serde(default = "default_time_window")]
    #[hal_form(prompt = "Batch window (seconds)", min = 5, max = 86_400)]
    pub time_window: u64,
}

fn default_time_window() -> u64 {
    60
}

/// When events are raised. Also read in the origin's v2 shape, `timeZoneTriggers`
/// (`timeTrigger`, `zoneTrigger`) and `dataTriggers`, all of which must hold: stored as the
/// equivalent triggers (`zone`, `time`, `data1`, `data2`…) and their conjunction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase", try_from = "TriggerParamWire")]
pub struct TriggerParam {
    /// 1 to 5 named conditions.
    #[hal_form(
        json,
        dive,
        min_items = 1,
        max_items = 5,
        prompt = "Conditions (JSON array of zone, time or data triggers)",
        rows = 8,
        placeholder = r#"[{"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [110]}}]"#
    )]
    pub triggers: Vec<TriggerInput>,
    /// A boolean expression over their names (`&`, `|`, `!`, parentheses).
    #[hal_form(prompt = "When (over the conditions' names)", placeholder = "fast")]
    pub bool_exp: String,
}

/// `triggerParam` as written: the v3 shape (`triggers`, `boolExp`) or the v2 one.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TriggerParamWire {
    #[serde(default)]
    triggers: Option<Vec<TriggerInput>>,
    #[serde(default)]
    bool_exp: Option<String>,
    #[serde(default)]
    time_zone_triggers: Option<TimeZoneTriggers>,
    #[serde(default)]
    data_triggers: Option<Vec<DataInput>>,
}

/// v2's time and zone conditions.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TimeZoneTriggers {
    #[serde(default)]
    time_trigger: Option<TimeInput>,
    #[serde(default)]
    zone_trigger: Option<ZoneInput>,
}

impl TryFrom<TriggerParamWire> for TriggerParam {
    type Error = String;

    fn try_from(wire: TriggerParamWire) -> Result<Self, String> {
        // v3 when it has `triggers`; v2's members beside them are ignored, as other members are.
        if let Some(triggers) = wire.triggers {
            let bool_exp = wire.bool_exp.ok_or("missing field `boolExp`")?;
            return Ok(Self { triggers, bool_exp });
        }
        if wire.time_zone_triggers.is_none() && wire.data_triggers.is_none() {
            return Err(
                "missing field `triggers` (or v2's `timeZoneTriggers`, `dataTriggers`)".into(),
            );
        }
        let condition = |name: &str| TriggerInput {
            name: name.to_owned(),
            zone: None,
            time: None,
            data: None,
        };
        let mut triggers = Vec::new();
        if let Some(both) = wire.time_zone_triggers {
            if let Some(zone) = both.zone_trigger {
                triggers.push(TriggerInput {
                    zone: Some(zone),
                    ..condition("zone")
                });
            }
            if let Some(time) = both.time_trigger {
                triggers.push(TriggerInput {
                    time: Some(time),
                    ..condition("time")
                });
            }
        }
        for (index, data) in wire.data_triggers.into_iter().flatten().enumerate() {
            let name = format!("data{}", index + 1);
            triggers.push(TriggerInput {
                data: Some(data),
                ..condition(&name)
            });
        }
        let bool_exp = triggers
            .iter()
            .map(|trigger| trigger.name.as_str())
            .collect::<Vec<_>>()
            .join(" & ");
        // An empty list or more than five is refused with the others' rules, at `triggers`.
        Ok(Self { triggers, bool_exp })
    }
}

/// A named condition: exactly one of `zone`, `time`, `data`. Its declared rules are checked
/// with the parameter's (`dive`); which of the three it is, and what each means, the engine
/// checks when it compiles it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct TriggerInput {
    /// Its name in `boolExp`: 1 to 64 letters, digits, `_`, `.` or `-`.
    #[hal_form(regex = "[A-Za-z0-9_.\\-]{1,64}")]
    pub name: String,
    /// Entering or leaving a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub zone: Option<ZoneInput>,
    /// Inside time windows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(json, dive)]
    pub time: Option<TimeInput>,
    /// A measurement's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(json)]
    pub data: Option<DataInput>,
}

/// Entering (`In`) or leaving (`Out`) a place; true at the crossing only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct ZoneInput {
    /// Which crossing.
    pub transition: Transition,
    /// A circle (`center`, `radius` in km) or a GeoJSON Polygon.
    #[hal_form(nested)]
    pub place: PlaceInput,
}

/// Which crossing of a zone's boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
pub enum Transition {
    /// Entering.
    In,
    /// Leaving.
    Out,
}

/// A place: `{center, radius}` or `{type: "Polygon", coordinates}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct PlaceInput {
    /// A circle's center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub center: Option<Center>,
    /// A circle's radius, in km: more than 0 (the engine refuses 0), at most 20 000. The
    /// origin's schema makes it an integer; a fraction is taken, and a whole number is written
    /// as an integer (`20`, not `20.0`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_as_integer"
    )]
    #[hal_form(min = 0, max = 20_000)]
    pub radius: Option<f64>,
    /// `Polygon`, for a polygon.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A polygon's rings: one, closed, `[longitude, latitude]` positions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(json, min_items = 1, max_items = 1)]
    pub coordinates: Option<Vec<Vec<[f64; 2]>>>,
}

fn whole_as_integer<S: serde::Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match *value {
        Some(number) => match super::whole(number) {
            Some(integer) => serializer.serialize_i64(integer),
            None => serializer.serialize_f64(number),
        },
        None => serializer.serialize_none(),
    }
}

/// A circle's center, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct Center {
    /// -180 to 180.
    #[hal_form(min = -180, max = 180)]
    pub longitude: f64,
    /// -90 to 90.
    #[hal_form(min = -90, max = 90)]
    pub latitude: f64,
}

/// Time windows in a time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimeInput {
    /// 1 to 10 windows.
    #[hal_form(json, dive, min_items = 1, max_items = 10)]
    pub times: Vec<TimeSlotInput>,
    /// An IANA time zone; the origin's default, `Europe/Paris`, when left out.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
}

fn default_time_zone() -> String {
    "Europe/Paris".to_owned()
}

/// One window: `start` (after local midnight) and `duration`, ISO 8601 in whole minutes; or,
/// with recurrence `None`, an interval from an RFC 3339 instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct TimeSlotInput {
    /// `Daily` (the default) repeats on the `occurence` days (every day without them); `None`
    /// opens once: from an RFC 3339 `start`, or on the first such day from the monitor's
    /// creation or last change for a `start` after midnight.
    #[serde(default = "default_recurrence")]
    pub recurrence: Recurrence,
    /// From local midnight, under a day: `PT14H30M`; with recurrence `None`, also an RFC 3339
    /// instant: `2026-07-01T08:00:00+02:00`.
    pub start: String,
    /// More than zero, at most a day: `PT4H30M`. Required but for an RFC 3339 `start`, where
    /// it may be longer, and without it the interval never closes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The days (spelled as in the origin API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(nested)]
    pub occurence: Option<Occurrence>,
}

fn default_recurrence() -> Recurrence {
    Recurrence::Daily
}

/// Whether a window repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
pub enum Recurrence {
    /// Once.
    None,
    /// Every (chosen) day.
    Daily,
}

/// Days of the week, and weeks of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, HalForm, ToSchema)]
pub struct Occurrence {
    /// At least one day.
    #[hal_form(json, min_items = 1)]
    pub day: Vec<Weekday>,
    /// ISO weeks of the year, one (`w1`) or a range (`w34-w46`), 1 to 52 of them; every week
    /// when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[hal_form(json, min_items = 1, max_items = 52)]
    pub week: Option<Vec<String>>,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[allow(missing_docs)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// A measurement compared with values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DataInput {
    /// The measurement (`vehicle.kinetic.speed`, …).
    pub data: String,
    /// The comparison.
    pub op: DataOp,
    /// One value for comparisons, at least one for `includedIn`, none for `onChange`; as
    /// the origin writes them, text (`"75"`, `"true"`), or as JSON numbers and booleans, which
    /// are kept as their text, as the origin's schema types every value.
    #[serde(default, deserialize_with = "values_as_text")]
    pub value: Vec<serde_json::Value>,
}

/// A data trigger's values, numbers and booleans as the text events give them (`75`, `87.5`,
/// `true`); anything else as given, for the trigger's check to refuse with its position.
fn values_as_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<serde_json::Value>, D::Error> {
    use serde_json::Value;
    let values = Vec::<Value>::deserialize(deserializer)?;
    Ok(values
        .into_iter()
        .map(|value| match value {
            Value::Number(_) | Value::Bool(_) => Value::String(super::event::literal(&value)),
            other => other,
        })
        .collect())
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum DataOp {
    /// Equal to the value (for alerts: that alert is active).
    EqualsTo,
    /// Above the value (numbers).
    GreaterThan,
    /// Below the value (numbers).
    LowerThan,
    /// One of the values (for alerts: one of them is active).
    IncludedIn,
    /// Changed with the last sample.
    OnChange,
}

/// A parameter's problem: the member (RFC 6901 pointer) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The member at fault, from the parameter's root (`/triggerParam/boolExp`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

fn fail<T>(pointer: impl Into<String>, message: impl Into<String>) -> Result<T, FieldError> {
    Err(FieldError {
        pointer: pointer.into(),
        message: message.into(),
    })
}

// `triggers`' `max_items` is a literal, as attributes are; it must say what the engine holds.
const _: () = assert!(MAX_VARIABLES == 5, "`triggers` declares `max_items = 5`");

impl MonitorParameter {
    /// Checks every member and compiles the triggers. `changed_at` (the creation or the last
    /// change) dates one-off time windows.
    ///
    /// # Errors
    ///
    /// The first member at fault, as a [`FieldError`].
    pub fn compile(&self, changed_at: DateTime<Utc>) -> Result<Rule, FieldError> {
        // The declared rules first (the extractor has told a client all of them already; a
        // parameter that did not come through it, such as a patched one, is held to them too).
        if let Err(errors) = self.validate()
            && let Some(first) = hal_core::forms::violations(&errors).into_iter().next()
        {
            return fail(first.pointer, first.detail);
        }
        let extensions = self.extensions();
        let trigger_param = &self.trigger_param;
        let count = trigger_param.triggers.len();
        let mut triggers = Vec::with_capacity(count);
        for (index, trigger) in trigger_param.triggers.iter().enumerate() {
            let pointer = format!("/triggerParam/triggers/{index}");
            if trigger_param.triggers[..index]
                .iter()
                .any(|t| t.name == trigger.name)
            {
                return fail(
                    format!("{pointer}/name"),
                    format!("`{}` names two triggers", trigger.name),
                );
            }
            triggers.push(trigger.compile(&pointer, changed_at)?);
        }
        let names: Vec<&str> = trigger_param
            .triggers
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        let parsed = expr::parse(&trigger_param.bool_exp, &names).map_err(|error| FieldError {
            pointer: "/triggerParam/boolExp".into(),
            message: error.to_string(),
        })?;
        let table = parsed.truth_table(count);
        if table.is_always_true() {
            return fail(
                "/triggerParam/boolExp",
                "is true whatever the triggers say, so it would never change",
            );
        }
        if table.is_always_false() {
            return fail(
                "/triggerParam/boolExp",
                "is false whatever the triggers say, so it would never fire",
            );
        }
        Ok(Rule::new(
            trigger_param
                .triggers
                .iter()
                .map(|t| t.name.clone())
                .zip(triggers)
                .collect(),
            table,
            self.subscribe_param
                .refresh_event
                .map(|seconds| Duration::seconds(i64::try_from(seconds).unwrap_or(i64::MAX))),
            extensions,
        ))
    }

    /// The data to add, each once, in the order first named.
    fn extensions(&self) -> Vec<Extension> {
        let mut extensions = Vec::new();
        for extension in &self.extended_event_param {
            if !extensions.contains(extension) {
                extensions.push(*extension);
            }
        }
        extensions
    }
}

/// An `http` or `https` URL with a host and no credentials (`target`'s custom check).
fn check_target(target: &str) -> Result<(), String> {
    let url = url::Url::parse(target).map_err(|e| format!("is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("must be http or https, not `{}`", url.scheme()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry credentials; use a Header attribute".into());
    }
    if url.host().is_none() {
        return Err("must name a host".into());
    }
    if url.fragment().is_some() {
        return Err("must not have a fragment".into());
    }
    Ok(())
}

impl TriggerInput {
    fn compile(
        &self,
        pointer: &str,
        changed_at: DateTime<Utc>,
    ) -> Result<CompiledTrigger, FieldError> {
        match (&self.zone, &self.time, &self.data) {
            (Some(zone), None, None) => zone.compile(&format!("{pointer}/zone")),
            (None, Some(time), None) => time.compile(&format!("{pointer}/time"), changed_at),
            (None, None, Some(data)) => data.compile(&format!("{pointer}/data")),
            _ => fail(
                pointer,
                "a trigger has exactly one of `zone`, `time` and `data`",
            ),
        }
    }
}

impl ZoneInput {
    fn compile(&self, pointer: &str) -> Result<CompiledTrigger, FieldError> {
        let place = &self.place;
        let pointer = format!("{pointer}/place");
        let zone = match (place.center, place.radius, &place.kind, &place.coordinates) {
            (Some(center), Some(radius), None, None) => {
                let center = Point {
                    longitude: center.longitude,
                    latitude: center.latitude,
                };
                // The center's bounds and the radius' are declared; a radius of 0 is a
                // bound HAL-FORMS cannot state (its `min` is inclusive).
                if radius <= 0.0 {
                    return fail(
                        format!("{pointer}/radius"),
                        format!("must be a positive number of km, got {radius}"),
                    );
                }
                Zone::Circle(Circle::new(center, radius))
            }
            (None, None, Some(kind), Some(rings)) => {
                if kind != "Polygon" {
                    return fail(
                        format!("{pointer}/type"),
                        format!("must be `Polygon`, not `{kind}`"),
                    );
                }
                // One ring, as declared (holes are not supported).
                let [ring] = rings.as_slice() else {
                    return fail(format!("{pointer}/coordinates"), "must hold one ring");
                };
                if ring.len() > 1_000 {
                    return fail(format!("{pointer}/coordinates/0"), "at most 1000 positions");
                }
                let points: Vec<Point> = ring
                    .iter()
                    .map(|[longitude, latitude]| Point {
                        longitude: *longitude,
                        latitude: *latitude,
                    })
                    .collect();
                match Polygon::new(&points) {
                    Ok(polygon) => Zone::Polygon(polygon),
                    Err(PolygonError::NotClosed) => {
                        return fail(
                            format!("{pointer}/coordinates/0"),
                            "the ring is open: its last position must be its first",
                        );
                    }
                    Err(PolygonError::TooFewPositions) => {
                        return fail(
                            format!("{pointer}/coordinates/0"),
                            "a ring has at least 4 positions (the last one closing it)",
                        );
                    }
                    Err(PolygonError::BadPosition(index)) => {
                        return fail(
                            format!("{pointer}/coordinates/0/{index}"),
                            "longitude and latitude must be within [-180, 180] and [-90, 90]",
                        );
                    }
                }
            }
            _ => {
                return fail(
                    pointer,
                    "a place is either `center` and `radius`, or a GeoJSON Polygon (`type`, `coordinates`)",
                );
            }
        };
        Ok(CompiledTrigger::Zone {
            zone,
            transition: self.transition,
        })
    }
}

impl TimeInput {
    fn compile(
        &self,
        pointer: &str,
        changed_at: DateTime<Utc>,
    ) -> Result<CompiledTrigger, FieldError> {
        let zone: Tz = self.time_zone.parse().map_err(|_| FieldError {
            pointer: format!("{pointer}/timeZone"),
            message: format!("`{}` is not an IANA time zone", self.time_zone),
        })?;
        let mut slots = Vec::with_capacity(self.times.len());
        let mut intervals = Vec::new();
        for (index, time) in self.times.iter().enumerate() {
            let pointer = format!("{pointer}/times/{index}");
            let absolute = match time.recurrence {
                Recurrence::None => DateTime::parse_from_rfc3339(&time.start).ok(),
                Recurrence::Daily => None,
            };
            if let Some(from) = absolute {
                intervals.push(time.interval(&pointer, from.with_timezone(&Utc))?);
                continue;
            }
            let start = window::parse_duration(&time.start)
                .or_else(|m| fail(format!("{pointer}/start"), m))?;
            if start >= Duration::days(1) {
                return fail(
                    format!("{pointer}/start"),
                    "must be less than a day after midnight, or with recurrence None an \
                     RFC 3339 instant",
                );
            }
            let Some(duration) = &time.duration else {
                return fail(
                    format!("{pointer}/duration"),
                    "is required, but for an interval from an RFC 3339 `start` with recurrence \
                     None",
                );
            };
            let length = window::parse_duration(duration)
                .or_else(|m| fail(format!("{pointer}/duration"), m))?;
            if length <= Duration::zero() || length > Duration::days(1) {
                return fail(
                    format!("{pointer}/duration"),
                    "must be more than zero and at most a day",
                );
            }
            // At least one day, as declared.
            let days: Days = match &time.occurence {
                None => EVERY_DAY,
                Some(occurrence) => occurrence
                    .day
                    .iter()
                    .fold(0, |days, day| days | 1 << *day as u8),
            };
            let mut weeks = EVERY_WEEK;
            if let Some(listed) = time.occurence.as_ref().and_then(|o| o.week.as_ref()) {
                weeks = 0;
                for (n, text) in listed.iter().enumerate() {
                    weeks |= window::parse_weeks(text)
                        .or_else(|m| fail(format!("{pointer}/occurence/week/{n}"), m))?;
                }
            }
            let once_on = match time.recurrence {
                Recurrence::Daily => None,
                Recurrence::None => {
                    // The first chosen day, from the change's local date on.
                    let mut date = changed_at.with_timezone(&zone).date_naive();
                    for _ in 0..7 {
                        if days >> date.weekday().num_days_from_monday() & 1 == 1 {
                            break;
                        }
                        date = date.succ_opt().unwrap_or(date);
                    }
                    Some(date)
                }
            };
            slots.push(Slot {
                start,
                length,
                days,
                weeks,
                once_on,
            });
        }
        Ok(CompiledTrigger::Time(CompiledTime::new(
            Windows::new(zone, slots).with_intervals(intervals),
        )))
    }
}

impl TimeSlotInput {
    /// The interval from `from` (this entry's RFC 3339 `start`) for its `duration`, or with
    /// none, from then on. The origin refuses days with it, so this does too.
    fn interval(&self, pointer: &str, from: DateTime<Utc>) -> Result<Interval, FieldError> {
        if self.occurence.is_some() {
            return fail(
                format!("{pointer}/occurence"),
                "is given only with recurrence Daily, or a `start` after midnight",
            );
        }
        let until = match &self.duration {
            None => None,
            Some(duration) => {
                let length = window::parse_duration(duration)
                    .or_else(|m| fail(format!("{pointer}/duration"), m))?;
                if length <= Duration::zero() {
                    return fail(format!("{pointer}/duration"), "must be more than zero");
                }
                Some(from + length)
            }
        };
        Ok(Interval { from, until })
    }
}

impl DataInput {
    fn compile(&self, pointer: &str) -> Result<CompiledTrigger, FieldError> {
        let Some(operand) = Operand::from_name(&self.data) else {
            let known: Vec<&str> = Operand::ALL.iter().map(|(_, n)| *n).collect();
            return fail(
                format!("{pointer}/data"),
                format!("`{}` is not one of {}", self.data, known.join(", ")),
            );
        };
        let arity = |expected: &str, ok: bool| {
            if ok {
                Ok(())
            } else {
                fail(
                    format!("{pointer}/value"),
                    format!("`{:?}` takes {expected}, got {}", self.op, self.value.len()),
                )
            }
        };
        let kind = operand.kind();
        let scalars = || -> Result<Vec<Scalar>, FieldError> {
            self.value
                .iter()
                .enumerate()
                .map(|(index, value)| {
                    Scalar::from_json(value, kind).ok_or_else(|| FieldError {
                        pointer: format!("{pointer}/value/{index}"),
                        message: format!("`{}` takes {}", self.data, kind.describe()),
                    })
                })
                .collect()
        };
        let condition = match self.op {
            DataOp::OnChange => {
                arity("no value", self.value.is_empty())?;
                Condition::OnChange
            }
            DataOp::IncludedIn => {
                arity("1 to 100 values", (1..=100).contains(&self.value.len()))?;
                Condition::IncludedIn(scalars()?)
            }
            DataOp::EqualsTo | DataOp::GreaterThan | DataOp::LowerThan => {
                arity("exactly one value", self.value.len() == 1)?;
                let value = scalars()?.remove(0);
                match (self.op, value) {
                    (DataOp::EqualsTo, value) => Condition::Equals(value),
                    (DataOp::GreaterThan, Scalar::Number(n)) => Condition::Greater(n),
                    (DataOp::LowerThan, Scalar::Number(n)) => Condition::Lower(n),
                    _ => {
                        return fail(
                            format!("{pointer}/op"),
                            format!(
                                "`{:?}` compares numbers; `{}` is not one",
                                self.op, self.data
                            ),
                        );
                    }
                }
            }
        };
        Ok(CompiledTrigger::Data { operand, condition })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// A valid parameter, to break one member at a time.
    pub(crate) fn example() -> Value {
        json!({
            "label": "Leaving Paris too fast",
            "locale": "fr-FR",
            "subscribeParam": {
                "callback": {"webhook": {"target": "https://hooks.example.com/cc", "name": "ops",
                    "attributes": [{"type": "Header", "key": "X-Vin", "value": "$vin"},
                                   {"type": "Body", "key": "team", "value": "night"}]}},
                "retryPolicy": {"policy": "Bounded", "retryNumber": 3, "retryDelay": 10},
                "batchNotify": {"size": 10, "timeWindow": 60},
                "refreshEvent": 300
            },
            "triggerParam": {
                "triggers": [
                    {"name": "out", "zone": {"transition": "Out", "place": {"center": {"longitude": 2.35, "latitude": 48.85}, "radius": 20}}},
                    {"name": "fast", "data": {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": [110]}},
                    {"name": "night", "time": {"times": [{"recurrence": "Daily", "start": "PT22H", "duration": "PT8H", "occurence": {"day": ["Mon", "Fri"]}}], "timeZone": "Europe/Paris"}}
                ],
                "boolExp": "out | fast & !night"
            },
            "extendedEventParam": ["vehicle.position", "vehicle.alerts"]
        })
    }

    fn compile(value: Value) -> Result<Rule, FieldError> {
        let parameter: MonitorParameter = serde_json::from_value(value).unwrap();
        parameter.compile(Utc::now())
    }

    fn refused(mut value: Value, pointer: &str, replacement: Value) -> FieldError {
        *value.pointer_mut(pointer).unwrap() = replacement;
        compile(value).unwrap_err()
    }

    #[test]
    fn time_entries_as_the_origin_writes_them() {
        let at = "/triggerParam/triggers/2/time/times/0";
        let with_entry = |entry: Value| {
            let mut value = example();
            *value.pointer_mut(at).unwrap() = entry;
            value
        };
        // An interval from an RFC 3339 instant, closed or not; weeks of the year.
        for entry in [
            json!({"recurrence": "None", "start": "2026-07-01T08:00:00+02:00", "duration": "P3D"}),
            json!({"recurrence": "None", "start": "2026-07-01T08:00:00Z"}),
            json!({"start": "PT8H", "duration": "PT1H", "occurence": {"day": ["Mon"], "week": ["w1-w25", "W30", "w52"]}}),
        ] {
            assert!(compile(with_entry(entry.clone())).is_ok(), "{entry}");
        }
        let cases = [
            (
                json!({"recurrence": "Daily", "start": "PT8H"}),
                "/duration",
                "is required",
            ),
            (
                json!({"recurrence": "None", "start": "PT8H"}),
                "/duration",
                "is required",
            ),
            (
                json!({"recurrence": "Daily", "start": "2026-07-01T08:00:00Z", "duration": "PT1H"}),
                "/start",
                "",
            ),
            (
                json!({"recurrence": "None", "start": "2026-07-01T08:00:00Z", "occurence": {"day": ["Mon"]}}),
                "/occurence",
                "is given only with recurrence Daily",
            ),
            (
                json!({"recurrence": "None", "start": "2026-07-01T08:00:00Z", "duration": "PT0M"}),
                "/duration",
                "must be more than zero",
            ),
            (
                json!({"start": "PT8H", "duration": "PT1H", "occurence": {"day": ["Mon"], "week": ["w1", "w60"]}}),
                "/occurence/week/1",
                "",
            ),
        ];
        for (entry, member, message) in cases {
            let error = compile(with_entry(entry.clone())).unwrap_err();
            assert_eq!(error.pointer, format!("{at}{member}"), "{entry}: {error}");
            assert!(error.message.starts_with(message), "{entry}: {error}");
        }
    }

    #[test]
    fn the_example_compiles_and_round_trips() {
        let parameter: MonitorParameter = serde_json::from_value(example()).unwrap();
        assert!(parameter.compile(Utc::now()).is_ok());
        // Kept as the origin's schema types it: a data trigger's values as text.
        let mut expected = example();
        expected["triggerParam"]["triggers"][1]["data"]["value"] = json!(["110"]);
        assert_eq!(serde_json::to_value(&parameter).unwrap(), expected);
    }

    #[test]
    fn each_bad_member_is_named_by_its_pointer() {
        let cases = [
            (
                "/triggerParam/boolExp",
                json!("out & nope"),
                "/triggerParam/boolExp",
                "no trigger is named `nope` (at position 6)",
            ),
            (
                "/triggerParam/boolExp",
                json!("out & (fast"),
                "/triggerParam/boolExp",
                "expected `)` (at position 11)",
            ),
            (
                "/triggerParam/boolExp",
                json!("out | !out"),
                "/triggerParam/boolExp",
                "is true whatever the triggers say, so it would never change",
            ),
            (
                "/triggerParam/boolExp",
                json!("fast & !fast"),
                "/triggerParam/boolExp",
                "is false whatever the triggers say, so it would never fire",
            ),
            (
                "/triggerParam/triggers/0/zone/place/radius",
                json!(-1),
                "/triggerParam/triggers/0/zone/place/radius",
                "must be between 0 and 20000, not -1",
            ),
            (
                "/triggerParam/triggers/1/data/value",
                json!([1, 2]),
                "/triggerParam/triggers/1/data/value",
                "`GreaterThan` takes exactly one value, got 2",
            ),
            (
                "/triggerParam/triggers/1/data/value",
                json!(["fast"]),
                "/triggerParam/triggers/1/data/value/0",
                "`vehicle.kinetic.speed` takes number values",
            ),
            (
                "/triggerParam/triggers/1/data/data",
                json!("vehicle.colour"),
                "/triggerParam/triggers/1/data/data",
                "",
            ),
            (
                "/triggerParam/triggers/2/time/timeZone",
                json!("Mars/Olympus"),
                "/triggerParam/triggers/2/time/timeZone",
                "`Mars/Olympus` is not an IANA time zone",
            ),
            (
                "/triggerParam/triggers/2/time/times/0/start",
                json!("14:30"),
                "/triggerParam/triggers/2/time/times/0/start",
                "",
            ),
            (
                "/triggerParam/triggers/2/time/times/0/duration",
                json!("PT0M"),
                "/triggerParam/triggers/2/time/times/0/duration",
                "must be more than zero and at most a day",
            ),
            (
                "/subscribeParam/callback/webhook/target",
                json!("ftp://example.com/x"),
                "/subscribeParam/callback/webhook/target",
                "must be http or https, not `ftp`",
            ),
            (
                "/subscribeParam/callback/webhook/target",
                json!("https://user:pw@example.com/"),
                "/subscribeParam/callback/webhook/target",
                "must not carry credentials; use a Header attribute",
            ),
            (
                "/subscribeParam/callback/webhook/target",
                json!("not a url"),
                "/subscribeParam/callback/webhook/target",
                "",
            ),
            (
                "/subscribeParam/callback/webhook/attributes/0/value",
                json!("$colour"),
                "/subscribeParam/callback/webhook/attributes/0/value",
                "",
            ),
            (
                "/subscribeParam/retryPolicy/retryNumber",
                json!(0),
                "/subscribeParam/retryPolicy/retryNumber",
                "must be between 1 and 100, not 0",
            ),
            (
                "/subscribeParam/batchNotify/timeWindow",
                json!(4),
                "/subscribeParam/batchNotify/timeWindow",
                "must be between 5 and 86400, not 4",
            ),
            (
                "/subscribeParam/refreshEvent",
                json!(59),
                "/subscribeParam/refreshEvent",
                "must be between 60 and 604800, not 59",
            ),
            (
                "/label",
                json!(" "),
                "/label",
                "must match the pattern `[\\s\\S]*\\S[\\s\\S]*`",
            ),
        ];
        for (at, replacement, pointer, message) in cases {
            let error = refused(example(), at, replacement.clone());
            assert_eq!(error.pointer, pointer, "{at} = {replacement}: {error}");
            if !message.is_empty() {
                assert_eq!(error.message, message, "{at} = {replacement}");
            }
        }
        // An unknown name of data to add is not even read.
        let mut unknown = example();
        unknown["extendedEventParam"][1] = json!("vehicle.colour");
        let error = serde_json::from_value::<MonitorParameter>(unknown).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("unknown extension `vehicle.colour`"),
            "{error}"
        );
    }

    #[test]
    fn every_variable_spelling_is_admitted_and_no_other() {
        for (spelling, variable) in Variable::SPELLINGS {
            let mut parameter = example();
            parameter["subscribeParam"]["callback"]["webhook"]["attributes"][0]["value"] =
                json!(spelling);
            assert!(compile(parameter).is_ok(), "{spelling}");
            assert_eq!(Variable::parse(spelling), Some(variable));
        }
        for unknown in ["$VIN", "$monitorid", "$vin ", "$"] {
            assert_eq!(Variable::parse(unknown), None);
            let error = refused(
                example(),
                "/subscribeParam/callback/webhook/attributes/0/value",
                json!(unknown),
            );
            assert_eq!(
                error.pointer,
                "/subscribeParam/callback/webhook/attributes/0/value"
            );
        }
        assert!(Variable::names_the_vehicle("$vid"));
        assert!(!Variable::names_the_vehicle("$fleetID"));
    }

    #[test]
    fn polygons_must_be_closed_and_triggers_well_formed() {
        let open = json!({"type": "Polygon", "coordinates": [[[2.0, 48.0], [3.0, 48.0], [3.0, 49.0], [2.0, 49.0]]]});
        let error = refused(example(), "/triggerParam/triggers/0/zone/place", open);
        assert_eq!(
            error.pointer,
            "/triggerParam/triggers/0/zone/place/coordinates/0"
        );
        assert!(error.message.contains("open"), "{error}");
        let closed = json!({"type": "Polygon", "coordinates": [[[2.0, 48.0], [3.0, 48.0], [3.0, 49.0], [2.0, 49.0], [2.0, 48.0]]]});
        let mut value = example();
        *value
            .pointer_mut("/triggerParam/triggers/0/zone/place")
            .unwrap() = closed;
        assert!(compile(value).is_ok());
        let both = json!({"name": "x", "data": {"data": "vehicle.engines.running", "op": "onChange"}, "time": {"times": [{"recurrence": "Daily", "start": "PT1H", "duration": "PT1H"}], "timeZone": "UTC"}});
        let error = refused(example(), "/triggerParam/triggers/0", both);
        assert_eq!(error.pointer, "/triggerParam/triggers/0");
        let error = refused(example(), "/triggerParam/triggers/1/name", json!("out"));
        assert_eq!(
            (error.pointer.as_str(), error.message.as_str()),
            ("/triggerParam/triggers/1/name", "`out` names two triggers")
        );
        let six: Vec<Value> = (0..6).map(|i| json!({"name": format!("t{i}"), "data": {"data": "vehicle.engines.running", "op": "onChange"}})).collect();
        let error = refused(example(), "/triggerParam/triggers", json!(six));
        assert_eq!(error.pointer, "/triggerParam/triggers");
        let error = refused(
            example(),
            "/triggerParam/triggers/1/data",
            json!({"data": "vehicle.engines.running", "op": "greaterThan", "value": [true]}),
        );
        assert_eq!(error.pointer, "/triggerParam/triggers/1/data/op");
        let error = refused(
            example(),
            "/triggerParam/triggers/1/data",
            json!({"data": "vehicle.alert", "op": "onChange", "value": ["x"]}),
        );
        assert_eq!(error.pointer, "/triggerParam/triggers/1/data/value");
    }

    #[test]
    fn defaults_fill_what_is_left_out() {
        let mut value = example();
        let subscribe = value
            .pointer_mut("/subscribeParam")
            .unwrap()
            .as_object_mut()
            .unwrap();
        subscribe.remove("retryPolicy");
        subscribe.remove("batchNotify");
        let parameter: MonitorParameter = serde_json::from_value(value).unwrap();
        assert_eq!(
            parameter.subscribe_param.retry_policy,
            RetryPolicy::default()
        );
        let batch: BatchNotify = serde_json::from_value(json!({"size": 5})).unwrap();
        assert_eq!(batch.time_window, 60);
        // The origin's time trigger defaults: Europe/Paris, Daily.
        let time: TimeInput =
            serde_json::from_value(json!({"times": [{"start": "PT8H", "duration": "PT1H"}]}))
                .unwrap();
        assert_eq!(
            (time.time_zone.as_str(), time.times[0].recurrence),
            ("Europe/Paris", Recurrence::Daily)
        );
    }

    #[test]
    fn the_v2_trigger_shape_is_stored_as_its_conjunction() {
        let mut v2 = example();
        v2["triggerParam"] = json!({
            "timeZoneTriggers": {
                "zoneTrigger": {"transition": "In", "place": {"radius": 5, "center": {"longitude": 4.83, "latitude": 45.76}}},
                "timeTrigger": {"times": [{"start": "PT8H", "duration": "PT10H", "occurence": {"day": ["Mon", "Tue"]}}]}
            },
            "dataTriggers": [
                {"data": "vehicle.kinetic.speed", "op": "greaterThan", "value": ["90"]},
                {"data": "vehicle.energy.fuel.level", "op": "lowerThan", "value": ["15"]}
            ]
        });
        let parameter: MonitorParameter = serde_json::from_value(v2.clone()).unwrap();
        assert!(parameter.compile(Utc::now()).is_ok());
        let stored = serde_json::to_value(&parameter.trigger_param).unwrap();
        assert_eq!(stored["boolExp"], "zone & time & data1 & data2");
        let names: Vec<&str> = parameter
            .trigger_param
            .triggers
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["zone", "time", "data1", "data2"]);
        assert_eq!(
            stored["triggers"][1]["time"]["timeZone"], "Europe/Paris",
            "the origin's default"
        );
        // Written back in v3's shape, it reads back the same.
        let again: TriggerParam = serde_json::from_value(stored).unwrap();
        assert_eq!(again, parameter.trigger_param);

        // Only data triggers; then neither shape.
        v2["triggerParam"] =
            json!({"dataTriggers": [{"data": "vehicle.kinetic.speed", "op": "onChange"}]});
        let parameter: MonitorParameter = serde_json::from_value(v2.clone()).unwrap();
        assert_eq!(parameter.trigger_param.bool_exp, "data1");
        v2["triggerParam"] = json!({"boolExp": "a"});
        let error = serde_json::from_value::<MonitorParameter>(v2.clone()).unwrap_err();
        assert!(
            error.to_string().contains("missing field `triggers`"),
            "{error}"
        );
        // v3 with its expression missing is named so.
        v2["triggerParam"] = json!({"triggers": []});
        let error = serde_json::from_value::<MonitorParameter>(v2).unwrap_err();
        assert!(
            error.to_string().contains("missing field `boolExp`"),
            "{error}"
        );
    }

    #[test]
    fn values_are_read_as_the_origin_writes_them_and_unknown_members_ignored() {
        let mut origin = example();
        origin["triggerParam"]["triggers"][1]["data"]["value"] = json!(["110.5"]);
        origin["triggerParam"]["triggers"].as_array_mut().unwrap().push(json!(
            {"name": "open", "data": {"data": "vehicle.doorsState.opening", "op": "equalsTo", "value": ["true"]}}
        ));
        origin["triggerParam"]["boolExp"] = json!("out | fast & !night | open");
        // Members the origin's schema has and this service does not use, or that its own
        // examples add, are ignored.
        origin["subscribeParam"]["callback"]["webhook"]["kind"] = json!("https");
        origin["triggerParam"]["triggers"][0]["zone"]["place"]["shape"] = json!("circle");
        origin["unknown"] = json!({"any": ["thing"]});
        assert!(compile(origin.clone()).is_ok());
        let parameter: MonitorParameter = serde_json::from_value(origin).unwrap();
        assert_eq!(
            parameter.trigger_param.triggers[1]
                .data
                .as_ref()
                .unwrap()
                .value,
            [json!("110.5")],
            "kept as given"
        );
        for (data, value) in [
            ("vehicle.kinetic.speed", json!("inf")),
            ("vehicle.kinetic.speed", json!("NaN")),
            ("vehicle.kinetic.speed", json!(" 75")),
            ("vehicle.kinetic.speed", json!("+75")),
            ("vehicle.kinetic.speed", json!("")),
            ("vehicle.doorsState.opening", json!("True")),
            ("vehicle.doorsState.opening", json!("1")),
        ] {
            let error = refused(
                example(),
                "/triggerParam/triggers/1/data",
                json!({"data": data, "op": "equalsTo", "value": [value]}),
            );
            assert_eq!(
                error.pointer, "/triggerParam/triggers/1/data/value/0",
                "{value}"
            );
        }
    }
}
