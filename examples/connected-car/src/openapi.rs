//! The API's OpenAPI 3.1 document, built from the same declarations as the bytes: each HAL
//! response's schema is `Hal<T>`'s (what the derive writes), each path is the router's, each
//! request body is the type its handler reads. Served at `/connectedcar/v2/openapi.json`, with a
//! Swagger UI whose assets are inside the binary at `/connectedcar/v2/docs/api`.

use std::borrow::Cow;

use hal_core::forms::HAL_FORMS_JSON;
use hal_core::media_type::HAL_JSON;
use hal_core::problem::PROBLEM_JSON;
use hal_core::{Hal, Problem};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathItem,
    PathsBuilder, Ref, RefOr, Required, ResponseBuilder,
};
use utoipa::{PartialSchema, ToSchema};

use crate::monitors::model::{
    MonitorParameter, TimeInput, TimeSlotInput, TriggerInput, WebhookAttribute,
};
use crate::paths;
use crate::resources::*;
use crate::telemetry::Sample;

/// Where the document is served.
pub const DOCUMENT: &str = "/connectedcar/v2/openapi.json";
/// Where its Swagger UI is served.
pub const DOCS: &str = "/connectedcar/v2/docs/api";

const GEO_JSON: &str = "application/geo+json";
const VND_GEO_JSON: &str = "application/vnd.geo+json";
const MERGE_PATCH: &str = "application/merge-patch+json";

/// The security scheme of development mode: the fleet named by a header.
const FLEET_ID_SCHEME: &str = "fleetId";
/// The security scheme of production: the fleet named by the client certificate.
const CERTIFICATE_SCHEME: &str = "clientCertificate";
/// Operations any caller may make.
const PUBLIC_OPERATIONS: [&str; 1] = ["relationDocs"];

/// The document.
pub fn document() -> OpenApi {
    let mut api = Api::default();
    api.operations();
    let mut components = api
        .components
        .security_scheme(
            FLEET_ID_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Fleet-Id",
                "The caller's fleet, in plain-HTTP development mode (served without `--tls-cert`)",
            ))),
        )
        .security_scheme(
            CERTIFICATE_SCHEME,
            SecurityScheme::MutualTls {
                description: Some(
                    "A client certificate the service's CA issued, naming the fleet".into(),
                ),
                deprecated: None,
                extensions: None,
            },
        )
        .build();
    complete_components(&mut components.schemas);
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("connected-car fleet API")
                .version("2")
                .description(Some(
                    "A carmaker's B2B connected-car API in HAL (`application/hal+json`): a fleet's \
                     vehicles, trips, alerts and positions, and monitors that send events to the \
                     customer's webhook. Every resource links to the next; start at the root. The \
                     caller is named by its client certificate, or by `X-Fleet-Id` in plain-HTTP mode. \
                     Errors are RFC 9457 problem documents. Monitors offer HAL-FORMS \
                     (`application/prs.hal-forms+json`) to clients that ask for it.",
                )),
        )
        .tags(Some(
            [
                ("fleet", "The caller's fleet, its vehicles, trips, alerts and positions"),
                ("monitors", "Rules on vehicle data that send events to a webhook"),
            ]
            .map(|(name, description)| {
                utoipa::openapi::tag::TagBuilder::new()
                    .name(name)
                    .description(Some(description))
                    .build()
            }),
        ))
        .paths(link_new_monitors(api.paths.build()))
        .components(Some(components))
        .build()
}

/// The operations on a monitor, each reached from the `202` that creates it (OpenAPI links), so
/// that a client or a stateful test chains them with the new monitor's id.
fn link_new_monitors(mut document: utoipa::openapi::Paths) -> utoipa::openapi::Paths {
    const ON_A_MONITOR: [&str; 8] = [
        "monitor",
        "replaceMonitor",
        "patchMonitor",
        "deleteMonitor",
        "monitorStatus",
        "setMonitorStatus",
        "rotateMonitorSecret",
        "monitorEvents",
    ];
    let created = document
        .paths
        .get_mut(paths::MONITORS)
        .and_then(|item| item.post.as_mut())
        .and_then(|operation| operation.responses.responses.get_mut("202"));
    if let Some(RefOr::T(response)) = created {
        for operation in ON_A_MONITOR {
            let link = utoipa::openapi::link::LinkBuilder::new()
                .operation_id(operation)
                .parameter("fleet_id", "$request.path.fleet_id")
                .parameter("monitor_id", "$response.body#/monitorId")
                .build();
            response.links.insert(operation.to_owned(), RefOr::T(link));
        }
    }
    document
}

/// Each input type's form rules, written into its component and the components it refers to,
/// so the document states every bound the handlers enforce; and HAL documents that may carry
/// transcluded resources.
fn complete_components(schemas: &mut std::collections::BTreeMap<String, RefOr<Schema>>) {
    hal_core::openapi::apply_form::<MonitorParameter>(schemas);
    hal_core::openapi::apply_form::<WebhookAttribute>(schemas);
    // The triggers' own rules (a `json` member's items, checked with `dive`).
    hal_core::openapi::apply_form::<TriggerInput>(schemas);
    hal_core::openapi::apply_form::<TimeInput>(schemas);
    hal_core::openapi::apply_form::<TimeSlotInput>(schemas);
    hal_core::openapi::apply_form::<MonitorStatusInput>(schemas);
    hal_core::openapi::apply_form::<Sample>(schemas);
    // Every HAL read answers `Prefer: transclude`.
    hal_core::openapi::allow_transclusion(schemas);
}

#[derive(Default)]
struct Api {
    paths: PathsBuilder,
    components: ComponentsBuilder,
    registered: Vec<String>,
}

/// The errors an operation answers with, besides the ones every operation can.
#[derive(Clone, Copy)]
enum Errors {
    /// Reads of one resource: 400 (a malformed identifier), 403, 404.
    Item,
    /// Reads of a collection: 400 (a bad paging or filter parameter), 403, 404.
    Collection,
    /// Writes: 400 (the body, with the member's JSON pointer), 403, 404, 409, 413, 415.
    Write,
    /// Conditional writes: as writes, and 412 and 428 (`If-Match`).
    ConditionalWrite,
}

impl Errors {
    fn statuses(self) -> &'static [(u16, &'static str)] {
        match self {
            Errors::Item => &[
                (
                    400,
                    "An identifier is malformed; the problem's `parameter` names it",
                ),
                (403, "The resource is another fleet's"),
                (404, "There is no such resource"),
            ],
            Errors::Collection => &[
                (
                    400,
                    "A paging or filter parameter is invalid; the problem's `parameter` names it",
                ),
                (403, "The collection is another fleet's"),
                (404, "There is no such collection"),
            ],
            Errors::Write => &[
                (
                    400,
                    "The body is invalid; the problem's `pointer` names the member",
                ),
                (403, "The resource is another fleet's"),
                (404, "There is no such resource"),
                (
                    409,
                    "The change conflicts with the resource's state (a cap reached, a concurrent change)",
                ),
                (413, "The body is too large"),
                (415, "The body is not JSON"),
            ],
            Errors::ConditionalWrite => &[
                (
                    400,
                    "The body is invalid; the problem's `pointer` names the member",
                ),
                (403, "The resource is another fleet's"),
                (404, "There is no such resource"),
                (409, "The resource changed meanwhile"),
                (412, "`If-Match` names another revision"),
                (413, "The body is too large"),
                (415, "The body is not JSON"),
                (428, "The service requires `If-Match` on changes"),
            ],
        }
    }
}

/// One operation, described.
struct Op<'a> {
    method: HttpMethod,
    path: &'a str,
    id: &'a str,
    tag: &'a str,
    summary: &'a str,
    parameters: Vec<utoipa::openapi::path::Parameter>,
    body: Option<(RefOr<Schema>, &'a str)>,
    /// Status, description, schema and its media types.
    ok: (u16, &'a str, Option<RefOr<Schema>>, &'a [&'a str]),
    errors: Errors,
}

/// `{name}` in the path.
fn path_parameter(name: &str, description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

fn vin() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("vin")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some("A vehicle identification number (ISO 3779)"))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[A-HJ-NPR-Z0-9]{17}$")),
        ))
        .build()
}

fn id(name: &str, description: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                // What the store's 64-bit ids hold.
                .pattern(Some("^(0|[1-9][0-9]{0,17})$")),
        ))
        .build()
}

fn query(name: &str, description: &str, schema: ObjectBuilder) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// `Prefer` (RFC 7240) with its `transclude` preference: the linked resources named are
/// embedded in the answer, each under its relation.
fn prefer() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("Prefer")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "`transclude=\"fleet status\"` embeds the resources those links lead to (at most 8 \
             relations, one level, this service's own resources); other preferences are ignored",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

/// `offset` and `limit`, with their bounds, and the origin's spelling of the same,
/// `indexRange` and `pageSize`.
fn paging() -> Vec<utoipa::openapi::path::Parameter> {
    let page_length = || {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1))
            .maximum(Some(100))
    };
    vec![
        query(
            "offset",
            "How many items to skip (default 0)",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0))
                .maximum(Some(u64::MAX)),
        ),
        query(
            "limit",
            "How many items a page holds (default 10, at most 100: more is a 400)",
            page_length(),
        ),
        query(
            "indexRange",
            "The origin's spelling of `offset`: the items from START (0-based) to END \
             (included, optional; no page goes past it), `START-` or `START-END`. Not with \
             `offset` or `limit`; the page's links keep this spelling",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[0-9]{1,19}-[0-9]{0,19}$")),
        ),
        query(
            "pageSize",
            "The origin's spelling of `limit` (default 10, at most 100: more is a 400). Not \
             with `offset` or `limit`",
            page_length(),
        ),
    ]
}

impl Api {
    /// `S` as a component (with what it refers to), by reference.
    fn schema<S: ToSchema>(&mut self) -> RefOr<Schema> {
        let name = S::name().into_owned();
        if !self.registered.contains(&name) {
            self.registered.push(name.clone());
            let mut dependencies = Vec::new();
            S::schemas(&mut dependencies);
            let components = std::mem::take(&mut self.components).schema(name.clone(), S::schema());
            self.components = dependencies.into_iter().fold(components, |c, (n, s)| {
                self.registered.push(n.clone());
                c.schema(n, s)
            });
        }
        RefOr::Ref(Ref::from_schema_name(name))
    }

    fn add(&mut self, op: Op<'_>) {
        let problem = self.schema::<Problem>();
        let (status, description, schema, media_types) = op.ok;
        let mut ok = ResponseBuilder::new().description(description);
        if let Some(schema) = schema {
            for media_type in media_types {
                ok = ok.content(
                    *media_type,
                    ContentBuilder::new().schema(Some(schema.clone())).build(),
                );
            }
        }
        if status == 202 || (status == 201) {
            ok = ok.header(
                "Location",
                utoipa::openapi::HeaderBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .description(Some("Where the new resource is"))
                    .build(),
            );
        }
        let mut parameters = op.parameters;
        // Every HAL read answers `Prefer: transclude` (hal_axum::transclude).
        let transcludes = matches!(op.method, HttpMethod::Get) && media_types.contains(&HAL_JSON);
        if transcludes {
            parameters.push(prefer());
            ok = ok.header(
                "Preference-Applied",
                utoipa::openapi::HeaderBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                    .description(Some(
                        "The relations transcluded, as `transclude=\"…\"`, when some were",
                    ))
                    .build(),
            );
        }
        let mut operation = OperationBuilder::new()
            .operation_id(Some(op.id))
            .tag(op.tag)
            .summary(Some(op.summary))
            .parameters(Some(parameters))
            .response(status.to_string(), ok.build());
        if !PUBLIC_OPERATIONS.contains(&op.id) {
            // Either names the caller: alternatives, as OpenAPI lists them.
            for scheme in [CERTIFICATE_SCHEME, FLEET_ID_SCHEME] {
                operation =
                    operation.security(SecurityRequirement::new(scheme, Vec::<String>::new()));
            }
        }
        if let Some((schema, media_type)) = op.body {
            operation = operation.request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        media_type,
                        ContentBuilder::new().schema(Some(schema)).build(),
                    )
                    .build(),
            ));
        }
        let common = [
            (
                406,
                "The `Accept` header admits none of the operation's media types",
            ),
            (500, "The service failed"),
        ];
        for (status, description) in op.errors.statuses().iter().chain(common.iter()) {
            operation = operation.response(
                status.to_string(),
                ResponseBuilder::new()
                    .description(*description)
                    .content(
                        PROBLEM_JSON,
                        ContentBuilder::new().schema(Some(problem.clone())).build(),
                    )
                    .build(),
            );
        }
        let item = PathItem::new(op.method, operation.build());
        self.paths = std::mem::take(&mut self.paths).path(op.path, item);
    }

    fn operations(&mut self) {
        let hal: &[&str] = &[HAL_JSON];
        let forms: &[&str] = &[HAL_JSON, HAL_FORMS_JSON];
        let fleet_id = || path_parameter("fleet_id", "The fleet (the caller's own)");
        let monitor_id = || path_parameter("monitor_id", "The monitor");

        let root = self.schema::<Hal<Root>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::ROOT,
            id: "root",
            tag: "fleet",
            summary: "The root: links to every collection",
            parameters: vec![],
            body: None,
            ok: (200, "The root", Some(root), hal),
            errors: Errors::Item,
        });
        let html = ObjectBuilder::new().schema_type(Type::String).into();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::RELATION_DOCS,
            id: "relationDocs",
            tag: "fleet",
            summary: "What a `cc:` relation means (where the `cc` curie points)",
            parameters: vec![path_parameter("rel", "The relation, without `cc:`")],
            body: None,
            ok: (200, "A page for people", Some(html), &["text/html"]),
            errors: Errors::Item,
        });
        let fleets = self.schema::<Hal<FleetPage>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEETS,
            id: "fleets",
            tag: "fleet",
            summary: "The fleets the caller can see (its own), paged",
            parameters: paging(),
            body: None,
            ok: (200, "A page of fleets", Some(fleets), hal),
            errors: Errors::Collection,
        });
        let fleet = self.schema::<Hal<Fleet>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET,
            id: "fleet",
            tag: "fleet",
            summary: "A fleet",
            parameters: vec![fleet_id()],
            body: None,
            ok: (200, "The fleet", Some(fleet), hal),
            errors: Errors::Item,
        });
        let vehicles = self.schema::<Hal<VehiclePage>>();
        let mut parameters = vec![query(
            "brand",
            "Only vehicles of this brand (any letter case)",
            ObjectBuilder::new().schema_type(Type::String),
        )];
        parameters.extend(paging());
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::VEHICLES,
            id: "vehicles",
            tag: "fleet",
            summary: "The fleet's vehicles, paged",
            parameters,
            body: None,
            ok: (200, "A page of vehicles", Some(vehicles.clone()), hal),
            errors: Errors::Collection,
        });
        let vehicle = self.schema::<Hal<Vehicle>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::VEHICLE,
            id: "vehicle",
            tag: "fleet",
            summary: "A vehicle",
            parameters: vec![vin()],
            body: None,
            ok: (200, "The vehicle", Some(vehicle.clone()), hal),
            errors: Errors::Item,
        });
        let trips = self.schema::<Hal<TripPage>>();
        let since = || {
            query(
                "since",
                "Only trips that started at this time or later (RFC 3339)",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::Custom("date-time".into()))),
            )
        };
        let mut parameters = vec![vin(), since()];
        parameters.extend(paging());
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::VEHICLE_TRIPS,
            id: "vehicleTrips",
            tag: "fleet",
            summary: "A vehicle's trips, paged",
            parameters,
            body: None,
            ok: (200, "A page of trips", Some(trips.clone()), hal),
            errors: Errors::Collection,
        });
        let alerts = self.schema::<Hal<AlertPage>>();
        let mut parameters = vec![vin()];
        parameters.extend(paging());
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::VEHICLE_ALERTS,
            id: "vehicleAlerts",
            tag: "fleet",
            summary: "A vehicle's alerts, paged",
            parameters,
            body: None,
            ok: (200, "A page of alerts", Some(alerts.clone()), hal),
            errors: Errors::Collection,
        });
        let position = self.schema::<PositionDocument>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::VEHICLE_POSITION,
            id: "vehiclePosition",
            tag: "fleet",
            summary: "A vehicle's last position: a GeoJSON Feature, as HAL or as `application/geo+json`",
            parameters: vec![vin()],
            body: None,
            ok: (200, "The position", Some(position.clone()), &[HAL_JSON, GEO_JSON]),
            errors: Errors::Item,
        });
        let trip = self.schema::<Hal<Trip>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::TRIP,
            id: "trip",
            tag: "fleet",
            summary: "A trip, its way points embedded",
            parameters: vec![id("id", "The trip")],
            body: None,
            ok: (200, "The trip", Some(trip), hal),
            errors: Errors::Item,
        });
        let way_point = self.schema::<Hal<WayPoint>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::WAY_POINT,
            id: "wayPoint",
            tag: "fleet",
            summary: "A point a trip went through",
            parameters: vec![
                id("id", "The trip"),
                id("seq", "The point's place in the trip"),
            ],
            body: None,
            ok: (200, "The way point", Some(way_point), hal),
            errors: Errors::Item,
        });
        let alert = self.schema::<Hal<Alert>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::ALERT,
            id: "alert",
            tag: "fleet",
            summary: "An alert",
            parameters: vec![id("id", "The alert")],
            body: None,
            ok: (200, "The alert", Some(alert), hal),
            errors: Errors::Item,
        });
        let status = self.schema::<Hal<VehicleStatusDocument>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::VEHICLE_STATUS,
            id: "vehicleStatus",
            tag: "monitors",
            summary: "What a vehicle's data adds up to: the latest value of each measurement",
            parameters: vec![vin()],
            body: None,
            ok: (200, "The vehicle's status", Some(status.clone()), hal),
            errors: Errors::Item,
        });
        // The origin's paths of the same resources, a vehicle addressed by its `id`.
        let vehicle_id = || path_parameter("id", "A vehicle's `id` (as its `id` member gives it)");
        let mut parameters = vec![fleet_id()];
        parameters.extend(paging());
        parameters.push(query(
            "brand",
            "Only vehicles of this brand (any letter case)",
            ObjectBuilder::new().schema_type(Type::String),
        ));
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET_VEHICLES,
            id: "fleetVehicles",
            tag: "fleet",
            summary: "The fleet's vehicles at the origin's path, paged (links to the same pages at `/vehicles`)",
            parameters,
            body: None,
            ok: (200, "A page of vehicles", Some(vehicles), hal),
            errors: Errors::Collection,
        });
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET_VEHICLE,
            id: "fleetVehicle",
            tag: "fleet",
            summary: "A vehicle at the origin's path, by its `id`",
            parameters: vec![fleet_id(), vehicle_id()],
            body: None,
            ok: (200, "The vehicle", Some(vehicle), hal),
            errors: Errors::Item,
        });
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET_VEHICLE_LAST_POSITION,
            id: "fleetVehicleLastPosition",
            tag: "fleet",
            summary: "A vehicle's last position at the origin's path: a GeoJSON Feature, as HAL, \
                      `application/geo+json` or the origin's `application/vnd.geo+json`",
            parameters: vec![fleet_id(), vehicle_id()],
            body: None,
            ok: (
                200,
                "The position",
                Some(position),
                &[HAL_JSON, GEO_JSON, VND_GEO_JSON],
            ),
            errors: Errors::Item,
        });
        let mut parameters = vec![fleet_id(), vehicle_id(), since()];
        parameters.extend(paging());
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET_VEHICLE_TRIPS,
            id: "fleetVehicleTrips",
            tag: "fleet",
            summary: "A vehicle's trips at the origin's path, by its `id`, paged",
            parameters,
            body: None,
            ok: (200, "A page of trips", Some(trips), hal),
            errors: Errors::Collection,
        });
        let mut parameters = vec![fleet_id(), vehicle_id()];
        parameters.extend(paging());
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET_VEHICLE_ALERTS,
            id: "fleetVehicleAlerts",
            tag: "fleet",
            summary: "A vehicle's alerts at the origin's path, by its `id`, paged",
            parameters,
            body: None,
            ok: (200, "A page of alerts", Some(alerts), hal),
            errors: Errors::Collection,
        });
        let maintenance = self.schema::<Hal<MaintenanceDocument>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::VEHICLE_MAINTENANCE,
            id: "vehicleMaintenance",
            tag: "fleet",
            summary: "A vehicle's maintenance counters, as it reported them last",
            parameters: vec![vin()],
            body: None,
            ok: (200, "The counters", Some(maintenance.clone()), hal),
            errors: Errors::Item,
        });
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET_VEHICLE_MAINTENANCE,
            id: "fleetVehicleMaintenance",
            tag: "fleet",
            summary: "A vehicle's maintenance counters at the origin's path, by its `id`",
            parameters: vec![fleet_id(), vehicle_id()],
            body: None,
            ok: (200, "The counters", Some(maintenance), hal),
            errors: Errors::Item,
        });
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::FLEET_VEHICLE_STATUS,
            id: "fleetVehicleStatus",
            tag: "monitors",
            summary: "A vehicle's status at the origin's path, by its `id`",
            parameters: vec![fleet_id(), vehicle_id()],
            body: None,
            ok: (200, "The vehicle's status", Some(status), hal),
            errors: Errors::Item,
        });
        let samples = self.schema::<Samples>();
        let receipt = self.schema::<Hal<TelemetryReceipt>>();
        self.add(Op {
            method: HttpMethod::Post,
            path: paths::VEHICLE_TELEMETRY,
            id: "telemetry",
            tag: "monitors",
            summary: "Vehicle data: one sample or an array of up to 1 000; the monitors evaluate it",
            parameters: vec![vin()],
            body: Some((samples, "application/json")),
            ok: (200, "What the samples did", Some(receipt), hal),
            errors: Errors::Write,
        });

        let monitors = self.schema::<Hal<MonitorPage>>();
        let parameter = self.schema::<MonitorParameter>();
        let monitor_ref = self.schema::<Hal<MonitorRef>>();
        let monitor = self.schema::<Hal<Monitor>>();
        let mut parameters = vec![fleet_id()];
        parameters.extend(paging());
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::MONITORS,
            id: "monitors",
            tag: "monitors",
            summary: "The fleet's monitors, paged (with the form that creates one, as HAL-FORMS)",
            parameters,
            body: None,
            ok: (200, "A page of monitors", Some(monitors), forms),
            errors: Errors::Collection,
        });
        self.add(Op {
            method: HttpMethod::Post,
            path: paths::MONITORS,
            id: "createMonitor",
            tag: "monitors",
            summary: "Creates a monitor; it runs from now on",
            parameters: vec![fleet_id()],
            body: Some((parameter.clone(), "application/json")),
            ok: (
                202,
                "The monitor, running; `Location` names it",
                Some(monitor_ref.clone()),
                hal,
            ),
            errors: Errors::Write,
        });
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::MONITOR,
            id: "monitor",
            tag: "monitors",
            summary: "A monitor (with the forms that change and delete it, as HAL-FORMS)",
            parameters: vec![fleet_id(), monitor_id()],
            body: None,
            ok: (
                200,
                "The monitor; `ETag` is its revision",
                Some(monitor.clone()),
                forms,
            ),
            errors: Errors::Item,
        });
        self.add(Op {
            method: HttpMethod::Put,
            path: paths::MONITOR,
            id: "replaceMonitor",
            tag: "monitors",
            summary: "Replaces a monitor's parameter (`If-Match` to change only the revision read)",
            parameters: vec![fleet_id(), monitor_id()],
            body: Some((parameter.clone(), "application/json")),
            ok: (
                202,
                "Changed, as the origin answers: where the monitor is, and its state; `ETag` is \
                 the monitor's new tag",
                Some(monitor_ref.clone()),
                hal,
            ),
            errors: Errors::ConditionalWrite,
        });
        let patch = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("An RFC 7396 merge patch of the monitor's parameter"))
            .into();
        self.add(Op {
            method: HttpMethod::Patch,
            path: paths::MONITOR,
            id: "patchMonitor",
            tag: "monitors",
            summary: "Patches a monitor's parameter; the result is checked as a whole parameter",
            parameters: vec![fleet_id(), monitor_id()],
            body: Some((patch, MERGE_PATCH)),
            ok: (200, "The changed monitor", Some(monitor), forms),
            errors: Errors::ConditionalWrite,
        });
        self.add(Op {
            method: HttpMethod::Delete,
            path: paths::MONITOR,
            id: "deleteMonitor",
            tag: "monitors",
            summary: "Deletes a monitor and its events",
            parameters: vec![fleet_id(), monitor_id()],
            body: None,
            ok: (204, "Deleted", None, &[]),
            errors: Errors::ConditionalWrite,
        });
        let status_document = self.schema::<Hal<MonitorStatusDocument>>();
        let status_input = self.schema::<MonitorStatusInput>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::MONITOR_STATUS,
            id: "monitorStatus",
            tag: "monitors",
            summary: "Whether a monitor runs (with the form that sets it, as HAL-FORMS)",
            parameters: vec![fleet_id(), monitor_id()],
            body: None,
            ok: (200, "The status", Some(status_document.clone()), forms),
            errors: Errors::Item,
        });
        self.add(Op {
            method: HttpMethod::Put,
            path: paths::MONITOR_STATUS,
            id: "setMonitorStatus",
            tag: "monitors",
            summary: "Pauses or resumes a monitor",
            parameters: vec![fleet_id(), monitor_id()],
            body: Some((status_input, "application/json")),
            ok: (
                202,
                "Set, as the origin answers: the monitor's reference with its status; `ETag` is \
                 the status's new tag",
                Some(monitor_ref),
                hal,
            ),
            errors: Errors::ConditionalWrite,
        });
        let secret = self.schema::<Hal<MonitorSecret>>();
        self.add(Op {
            method: HttpMethod::Post,
            path: paths::MONITOR_SECRET,
            id: "rotateMonitorSecret",
            tag: "monitors",
            summary: "Rotates the secret that signs a monitor's deliveries; for a day they carry signatures by both",
            parameters: vec![fleet_id(), monitor_id()],
            body: None,
            ok: (200, "The new secret", Some(secret), hal),
            errors: Errors::Item,
        });
        let events = self.schema::<Hal<EventPage>>();
        let mut parameters = vec![fleet_id(), monitor_id()];
        parameters.extend(paging());
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::MONITOR_EVENTS,
            id: "monitorEvents",
            tag: "monitors",
            summary: "The events a monitor raised, with their delivery, paged",
            parameters,
            body: None,
            ok: (200, "A page of events", Some(events), hal),
            errors: Errors::Collection,
        });
        let event = self.schema::<Hal<Event>>();
        self.add(Op {
            method: HttpMethod::Get,
            path: paths::MONITOR_EVENT,
            id: "monitorEvent",
            tag: "monitors",
            summary: "An event and its delivery",
            parameters: vec![
                fleet_id(),
                monitor_id(),
                path_parameter("event_id", "The event"),
            ],
            body: None,
            ok: (200, "The event", Some(event), hal),
            errors: Errors::Item,
        });
    }
}

/// `POST …/telemetry`'s body: a sample, or an array of them.
struct Samples;

impl PartialSchema for Samples {
    fn schema() -> RefOr<Schema> {
        let sample: RefOr<Schema> = RefOr::Ref(Ref::from_schema_name(Sample::name()));
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(sample.clone())
            .item(ArrayBuilder::new().items(sample).max_items(Some(1_000)))
            .into()
    }
}

impl ToSchema for Samples {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Samples")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((Sample::name().into_owned(), Sample::schema()));
        Sample::schemas(schemas);
    }
}

/// A vehicle's position: a GeoJSON Feature (RFC 7946) with a Point geometry; as HAL, with
/// `_links` (`self`, `up`, `alternate`).
struct PositionDocument;

impl PartialSchema for PositionDocument {
    fn schema() -> RefOr<Schema> {
        let link: RefOr<Schema> = RefOr::Ref(Ref::from_schema_name("Link"));
        let number = || ObjectBuilder::new().schema_type(Type::Number);
        let links = ObjectBuilder::new()
            .schema_type(Type::Object)
            .property("self", link.clone())
            .property("up", link.clone())
            .property("alternate", link)
            .required("self")
            .required("up")
            .required("alternate")
            .additional_properties(Some(
                utoipa::openapi::schema::AdditionalProperties::<Schema>::FreeForm(false),
            ));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "A GeoJSON Feature (RFC 7946): as `application/geo+json` without `_links`, as HAL with them",
            ))
            .property("_links", links)
            .property("type", ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["Feature"])))
            .required("type")
            .property(
                "geometry",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property("type", ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["Point"])))
                    // What telemetry takes is what the position gives back: with the
                    // altitude when a sample had one.
                    .property(
                        "coordinates",
                        <crate::telemetry::Coordinates as PartialSchema>::schema(),
                    )
                    .required("type")
                    .required("coordinates"),
            )
            .required("geometry")
            .property(
                "properties",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property("vin", ObjectBuilder::new().schema_type(Type::String))
                    .property("speedKmh", number())
                    .property(
                        "recordedAt",
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .format(Some(SchemaFormat::Custom("date-time".into()))),
                    )
                    .property(
                        "createdAt",
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .format(Some(SchemaFormat::Custom("date-time".into()))),
                    )
                    .property(
                        "heading",
                        ObjectBuilder::new()
                            .schema_type(Type::Integer)
                            .minimum(Some(0))
                            .maximum(Some(359))
                            .description(Some(
                                "Degrees clockwise from north, once the vehicle has moved",
                            )),
                    )
                    .property(
                        "type",
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some(["Acquire", "Estimated"])),
                    )
                    .required("vin")
                    .required("speedKmh")
                    .required("recordedAt"),
            )
            .required("properties")
            .into()
    }
}

impl ToSchema for PositionDocument {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Position")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push(("Link".into(), hal_core::Link::schema()));
    }
}
