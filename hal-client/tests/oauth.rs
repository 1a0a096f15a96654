//! The OAuth2 middleware against a token endpoint and an API on loopback: tokens from the
//! client-credentials and password grants, cached per client, renewed with the refresh token
//! when they expire or when the API answers `401` once, and sent to the API's origin only.
#![cfg(feature = "oauth2")]

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use hal_client::Client;
use hal_client::oauth::OAuth2;
use url::Url;

/// The authorization server's and the API's shared state.
#[derive(Clone, Default)]
struct Auth {
    /// Tokens the API accepts.
    valid: Arc<Mutex<HashSet<String>>>,
    /// Refresh tokens the server accepts.
    refresh: Arc<Mutex<HashSet<String>>>,
    /// Every grant asked for, in order (`client_credentials`, `password`, `refresh_token`).
    grants: Arc<Mutex<Vec<String>>>,
    /// How long the tokens it issues last.
    lifetime: Arc<Mutex<u64>>,
}

impl Auth {
    fn grants(&self) -> Vec<String> {
        self.grants.lock().unwrap().clone()
    }

    fn revoke_all(&self) {
        self.valid.lock().unwrap().clear();
    }
}

async fn token(
    State(auth): State<Auth>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let grant = form.get("grant_type").cloned().unwrap_or_default();
    let allowed = match grant.as_str() {
        // The client authenticates with HTTP Basic, as `oauth2` does by default.
        "client_credentials" => headers
            .get(header::AUTHORIZATION)
            .is_some_and(|v| v.to_str().unwrap().starts_with("Basic ")),
        "password" => {
            form.get("username").map(String::as_str) == Some("ada")
                && form.get("password").map(String::as_str) == Some("correct horse")
        }
        "refresh_token" => form
            .get("refresh_token")
            .is_some_and(|r| auth.refresh.lock().unwrap().remove(r)),
        _ => false,
    };
    auth.grants.lock().unwrap().push(grant.clone());
    if !allowed {
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({"error": "invalid_grant"})),
        )
            .into_response();
    }
    let n = auth.grants.lock().unwrap().len();
    let (access, refresh) = (format!("{grant}-{n}"), format!("refresh-{n}"));
    auth.valid.lock().unwrap().insert(access.clone());
    auth.refresh.lock().unwrap().insert(refresh.clone());
    let lifetime = *auth.lifetime.lock().unwrap();
    Json(serde_json::json!({
        "access_token": access, "token_type": "bearer", "expires_in": lifetime, "refresh_token": refresh
    }))
    .into_response()
}

async fn api(State(auth): State<Auth>, headers: HeaderMap) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    match bearer {
        Some(token) if auth.valid.lock().unwrap().contains(&token) => (
            [(header::CONTENT_TYPE, "application/hal+json")],
            format!(r#"{{"token":"{token}"}}"#),
        )
            .into_response(),
        _ => StatusCode::UNAUTHORIZED.into_response(),
    }
}

async fn start(lifetime: u64) -> (Url, Url, Auth) {
    let auth = Auth::default();
    *auth.lifetime.lock().unwrap() = lifetime;
    let app = Router::new()
        .route("/token", post(token))
        .route("/api", get(api))
        .with_state(auth.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (
        base.join("/token").unwrap(),
        base.join("/api").unwrap(),
        auth,
    )
}

fn client(api: &Url, oauth: OAuth2) -> Client {
    Client::builder()
        .middleware_for(api, oauth)
        .build()
        .unwrap()
}

#[tokio::test]
async fn client_credentials_are_asked_for_once_and_the_token_kept() {
    let (token_url, api, auth) = start(3600).await;
    let oauth = OAuth2::client_credentials(token_url, "sync", Some("s3cr3t".into()));
    let client = client(&api, oauth);
    let first = client.root(api.clone()).refresh().await.unwrap();
    let second = client.root(api.clone()).refresh().await.unwrap();
    assert_eq!(first.resource().state()["token"], "client_credentials-1");
    assert_eq!(second.resource().state()["token"], "client_credentials-1");
    assert_eq!(
        auth.grants(),
        ["client_credentials"],
        "one token for the client"
    );
}

#[tokio::test]
async fn one_401_renews_the_token_with_its_refresh_token_and_sends_again() {
    let (token_url, api, auth) = start(3600).await;
    let client = client(
        &api,
        OAuth2::password(token_url, "app", None, "ada", "correct horse"),
    );
    client.root(api.clone()).refresh().await.unwrap();
    auth.revoke_all();
    let after = client.root(api.clone()).refresh().await.unwrap();
    assert_eq!(after.resource().state()["token"], "refresh_token-2");
    assert_eq!(auth.grants(), ["password", "refresh_token"]);
}

#[tokio::test]
async fn an_expired_token_is_renewed_before_it_is_sent() {
    // Tokens that last a second: within the renewal margin from the start.
    let (token_url, api, auth) = start(1).await;
    let client = client(
        &api,
        OAuth2::client_credentials(token_url, "sync", Some("s".into())),
    );
    client.root(api.clone()).refresh().await.unwrap();
    let renewed = client.root(api.clone()).refresh().await.unwrap();
    assert_eq!(renewed.resource().state()["token"], "refresh_token-2");
    assert_eq!(auth.grants(), ["client_credentials", "refresh_token"]);
}

#[tokio::test]
async fn a_refused_grant_is_an_auth_error_and_the_token_goes_to_its_api_only() {
    let (token_url, api, auth) = start(3600).await;
    let wrong = client(
        &api,
        OAuth2::password(token_url.clone(), "app", None, "ada", "wrong"),
    );
    let error = wrong.root(api.clone()).get().await.unwrap_err();
    assert!(
        matches!(error.kind(), hal_client::ErrorKind::Auth),
        "{error}"
    );
    assert!(error.to_string().contains("no access token"), "{error}");

    // Registered for another origin, the middleware stays out: no token, a plain 401.
    let elsewhere = Url::parse("http://192.0.2.1/").unwrap();
    let other = client(
        &elsewhere,
        OAuth2::client_credentials(token_url, "sync", Some("s".into())),
    );
    let error = other.root(api).get().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(auth.grants(), ["password"], "no grant for the other origin");
}
