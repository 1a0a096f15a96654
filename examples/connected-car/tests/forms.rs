//! HAL-FORMS on the demo: the monitors offer their forms to clients that ask for
//! `application/prs.hal-forms+json`, and each form accepts exactly what its handler accepts.

mod support;

use hal_core::Resource;
use hal_core::forms::{HAL_FORMS_JSON, InputType, JSON_VALUE, Property, Template};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Map, Value, json};

const MONITORS: &str = "/connectedcar/v2/fleets/f1/monitors";

struct Service {
    base: String,
    client: Client,
}

struct Answer {
    status: StatusCode,
    content_type: String,
    vary: Vec<String>,
    location: Option<String>,
    body: Value,
}

impl Service {
    async fn start() -> Self {
        let state = support::test_state().await;
        Self {
            base: support::serve_in_process(state).await,
            client: Client::new(),
        }
    }

    async fn call(&self, method: Method, href: &str, accept: &str, body: Option<&Value>) -> Answer {
        let mut request = self
            .client
            .request(method, format!("{}{href}", self.base))
            .header("x-fleet-id", "f1")
            .header("accept", accept);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        let (content_type, vary, location) = (
            header("content-type").concat(),
            header("vary"),
            header("location").pop(),
        );
        let status = response.status();
        let body = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null);
        Answer {
            status,
            content_type,
            vary,
            location,
            body,
        }
    }

    /// A document read as HAL-FORMS, checked against every rule `validate` knows.
    async fn form(&self, href: &str) -> Resource {
        let answer = self.call(Method::GET, href, HAL_FORMS_JSON, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{href}: {}", answer.body);
        assert_eq!(answer.content_type, HAL_FORMS_JSON, "{href}");
        assert!(
            answer.vary.iter().any(|v| v.contains("accept")),
            "{href}: {:?}",
            answer.vary
        );
        let unexpected = support::deviations_aside(&answer.body);
        assert!(unexpected.is_empty(), "{href}: {unexpected:?}");
        hal_core::from_value(&answer.body).unwrap()
    }

    /// Sends what `template` describes, to its target or `self`.
    async fn submit(&self, resource: &Resource, template: &Template, body: &Value) -> Answer {
        let target = template
            .target()
            .or_else(|| resource.self_link().map(|l| l.href()))
            .unwrap()
            .to_owned();
        assert_eq!(template.content_type(), "application/json");
        let method = Method::from_bytes(template.http_method().as_bytes()).unwrap();
        self.call(method, &target, "application/hal+json", Some(body))
            .await
    }
}

/// A value for `property` from what the form says of it: its placeholder (an example), its
/// first option, its least value; JSON text for `x-json` properties, numbers for `number`.
fn sample(property: &Property) -> Value {
    let text = property
        .placeholder()
        .or(property.value())
        .map(str::to_owned)
        .or_else(|| {
            property
                .options()
                .and_then(|o| o.values().next())
                .map(|(_, v)| v.to_owned())
        });
    let is_json = property.extensions().get(JSON_VALUE) == Some(&Value::Bool(true));
    match (text, property.input_type()) {
        (Some(text), _) if is_json => serde_json::from_str(&text).unwrap(),
        (Some(text), InputType::Number) => serde_json::from_str(&text).unwrap(),
        (Some(text), _) => Value::String(text),
        (None, InputType::Number) => Value::Number(property.min().cloned().unwrap_or(0.into())),
        (None, _) => Value::String("x".into()),
    }
}

/// A JSON body from `(property path, value)` pairs (`a.b` is member `b` of member `a`).
fn body<'a>(values: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
    let mut body = Value::Object(Map::new());
    for (path, value) in values {
        let mut at = &mut body;
        let mut names = path.split('.').peekable();
        while let Some(name) = names.next() {
            let object = at.as_object_mut().unwrap();
            if names.peek().is_none() {
                object.insert(name.to_owned(), value);
                break;
            }
            at = object.entry(name).or_insert_with(|| json!({}));
        }
    }
    body
}

/// The JSON pointer and name of the first member on `path` that `body` lacks.
fn first_missing(body: &Value, path: &str) -> (String, String) {
    let mut pointer = String::new();
    let mut at = body;
    for name in path.split('.') {
        pointer = format!("{pointer}/{name}");
        match at.get(name) {
            Some(inner) => at = inner,
            None => return (pointer, name.to_owned()),
        }
    }
    panic!("{path} is in {body}")
}

fn required(template: &Template) -> Vec<&Property> {
    template
        .properties()
        .iter()
        .filter(|p| p.is_required())
        .collect()
}

#[tokio::test]
async fn plain_hal_has_no_templates_and_forms_have_them() {
    let service = Service::start().await;
    let plain = service
        .call(Method::GET, MONITORS, "application/hal+json", None)
        .await;
    assert_eq!(plain.content_type, "application/hal+json");
    assert!(plain.body.get("_templates").is_none());
    assert!(plain.vary.iter().any(|v| v.contains("accept")));
    let any = service.call(Method::GET, MONITORS, "*/*", None).await;
    assert!(
        any.body.get("_templates").is_none(),
        "forms only when asked for by name"
    );

    let monitors = service.form(MONITORS).await;
    let create = monitors.template("default").unwrap();
    assert_eq!(
        (create.http_method().as_str(), create.target()),
        ("POST", Some(MONITORS))
    );
}

/// The form a client sees for creating a monitor is the one its handler reads: a body made of
/// its required properties is accepted, and leaving any of them out is a 400 that names it.
#[tokio::test]
async fn a_forms_client_asking_a_resource_without_forms_gets_its_hal_document() {
    let service = Service::start().await;
    let vehicles = "/connectedcar/v2/vehicles";
    let answer = service
        .call(
            Method::GET,
            vehicles,
            "application/prs.hal-forms+json",
            None,
        )
        .await;
    assert_eq!(answer.content_type, "application/hal+json");
    assert!(answer.body.get("_links").is_some(), "{}", answer.body);
    assert!(answer.vary.iter().any(|v| v.contains("accept")));
}

#[tokio::test]
async fn the_create_form_accepts_exactly_what_the_handler_accepts() {
    let service = Service::start().await;
    let monitors = service.form(MONITORS).await;
    let create = monitors.template("default").unwrap();
    let required = required(create);
    let names: Vec<&str> = required.iter().map(|p| p.name()).collect();
    assert_eq!(
        names,
        [
            "label",
            "subscribeParam.callback.webhook.target",
            "triggerParam.triggers",
            "triggerParam.boolExp"
        ]
    );

    let minimal = body(required.iter().map(|p| (p.name(), sample(p))));
    let created = service.submit(&monitors, create, &minimal).await;
    assert_eq!(
        created.status,
        StatusCode::ACCEPTED,
        "{minimal}: {}",
        created.body
    );
    assert!(created.location.is_some());

    for left_out in &required {
        let partial = body(
            required
                .iter()
                .filter(|p| p.name() != left_out.name())
                .map(|p| (p.name(), sample(p))),
        );
        let refused = service.submit(&monitors, create, &partial).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "without {}",
            left_out.name()
        );
        // The first member on the property's path that the body lacks: the property itself,
        // or the object that would hold it when nothing else fills that object.
        let (pointer, member) = first_missing(&partial, left_out.name());
        assert_eq!(
            refused.body["pointer"],
            pointer,
            "without {}: {}",
            left_out.name(),
            refused.body
        );
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap()
                .contains(&format!("`{member}`")),
            "without {}: {}",
            left_out.name(),
            refused.body
        );
    }

    // Every property, each from what the form says of it, is accepted too.
    let full = body(create.properties().iter().map(|p| (p.name(), sample(p))));
    let created = service.submit(&monitors, create, &full).await;
    assert_eq!(
        created.status,
        StatusCode::ACCEPTED,
        "{full}: {}",
        created.body
    );
}

#[tokio::test]
async fn a_monitor_offers_update_and_delete_and_its_status_offers_its_put() {
    let service = Service::start().await;
    let monitors = service.form(MONITORS).await;
    let create = monitors.template("default").unwrap();
    let minimal = body(required(create).into_iter().map(|p| (p.name(), sample(p))));
    let location = service
        .submit(&monitors, create, &minimal)
        .await
        .location
        .unwrap();

    let monitor = service.form(&location).await;
    let names: Vec<&str> = monitor.templates().names().collect();
    assert_eq!(names, ["update", "delete"]);
    let update = monitor.template("update").unwrap();
    assert_eq!(
        update.properties(),
        create.properties(),
        "one input type, one form"
    );
    let renamed = body(required(update).into_iter().map(|p| {
        let value = if p.name() == "label" {
            json!("Renamed")
        } else {
            sample(p)
        };
        (p.name(), value)
    }));
    let replaced = service.submit(&monitor, update, &renamed).await;
    // As the origin answers a change: 202 and the monitor's reference.
    assert_eq!(replaced.status, StatusCode::ACCEPTED, "{}", replaced.body);
    assert_eq!(replaced.body["monitorId"], monitor.state()["monitorId"]);
    let renamed_monitor = service.form(monitor.self_link().unwrap().href()).await;
    assert_eq!(renamed_monitor.state()["monitor"]["label"], "Renamed");

    let status_href = monitor.link("status").unwrap().href().to_owned();
    let status = service.form(&status_href).await;
    let put = status.template("default").unwrap();
    assert_eq!(put.http_method(), "PUT");
    let choice = put.property("status").unwrap().options().unwrap();
    assert_eq!(
        choice.values().map(|(_, v)| v).collect::<Vec<_>>(),
        ["Running", "Paused"],
        "`Failed` is not offered: the handler refuses it"
    );
    let paused = service
        .submit(&status, put, &json!({"status": "Paused"}))
        .await;
    assert_eq!(
        (paused.status, paused.body["status"].as_str()),
        (StatusCode::ACCEPTED, Some("Paused"))
    );
    let failed = service
        .submit(&status, put, &json!({"status": "Failed"}))
        .await;
    assert_eq!(failed.status, StatusCode::BAD_REQUEST);

    let delete = monitor.template("delete").unwrap();
    assert!(delete.properties().is_empty());
    let target = monitor.self_link().unwrap().href().to_owned();
    let deleted = service
        .call(Method::DELETE, &target, "application/hal+json", None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

/// The forms on the wire, reviewed as they change.
#[tokio::test]
async fn forms_snapshots() {
    let service = Service::start().await;
    let monitors = service
        .call(Method::GET, MONITORS, HAL_FORMS_JSON, None)
        .await;
    insta::assert_json_snapshot!("monitors_templates", monitors.body["_templates"]);

    let create = monitors.body["_templates"]["default"].clone();
    let resource: Resource = hal_core::from_value(&monitors.body).unwrap();
    let template = resource.template("default").unwrap();
    let minimal = body(
        required(template)
            .into_iter()
            .map(|p| (p.name(), sample(p))),
    );
    let location = service
        .submit(&resource, template, &minimal)
        .await
        .location
        .unwrap();
    let monitor = service
        .call(Method::GET, &location, HAL_FORMS_JSON, None)
        .await;
    let mut templates = monitor.body["_templates"].clone();
    assert_eq!(templates["update"]["properties"], create["properties"]);
    templates["update"]["properties"] = json!("(the create form's)");
    insta::assert_json_snapshot!("monitor_templates", templates);
    let status = service
        .call(
            Method::GET,
            &format!("{location}/status"),
            HAL_FORMS_JSON,
            None,
        )
        .await;
    insta::assert_json_snapshot!("status_templates", status.body["_templates"]);
}

/// `hal get --templates`: the forms a person reads, from the demo itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hal_get_prints_the_templates() {
    let service = Service::start().await;
    let args = |url: String| hal_cli::get::Args {
        url,
        headers: vec!["X-Fleet-Id: f1".into()],
        follow: vec![],
        items: None,
        all_pages: false,
        templates: true,
        lenient: false,
        color: hal_cli::get::Colour::Never,
        cacert: None,
        cert: None,
        key: None,
    };
    // `hal get` runs its own runtime: on a thread of its own.
    let run = |args: hal_cli::get::Args| {
        std::thread::spawn(move || {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let outcome = hal_cli::get::run(&args, &mut out, &mut err);
            (
                outcome,
                String::from_utf8(out).unwrap(),
                String::from_utf8(err).unwrap(),
            )
        })
        .join()
        .unwrap()
    };
    let base = service.base.clone();
    let (outcome, out, err) = run(args(format!("{base}{MONITORS}")));
    assert_eq!(outcome, hal_cli::Outcome::Ok, "{err}");
    insta::assert_snapshot!("hal_get_templates", out.replace(&base, "http://demo"));

    let (outcome, _, err) = run(args(format!("{base}/connectedcar/v2")));
    assert_eq!(outcome, hal_cli::Outcome::Invalid);
    assert!(err.ends_with("no templates\n"), "{err}");
}
