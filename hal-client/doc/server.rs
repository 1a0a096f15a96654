// A small HAL API on loopback for the documentation's examples: a block whose value is the
// function that starts it, so that an example can write
// `let root = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/doc/server.rs"))().await;`.
// Not part of the crate.
{
/// Starts the API and returns its root's URL.
async fn doc_server() -> url::Url {
    use axum::http::{StatusCode, header};
    use axum::routing::get;

    fn hal(body: String) -> ([(header::HeaderName, &'static str); 1], String) {
        ([(header::CONTENT_TYPE, "application/hal+json")], body)
    }
    let app = axum::Router::new()
        .route(
            "/",
            get(|| async {
                hal(r#"{"_links":{"self":{"href":"/"},"items":{"href":"/items"},"item":{"href":"/items/{id}","templated":true}}}"#.into())
            }),
        )
        .route(
            "/items",
            get(|query: axum::extract::RawQuery, headers: axum::http::HeaderMap| async move {
                let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
                if query.0.as_deref() == Some("page=2") {
                    hal(r#"{"_links":{"self":{"href":"/items?page=2"}},"_embedded":{"items":[{"_links":{"self":{"href":"/items/3"}},"id":3}]}}"#.into())
                } else if accept.starts_with("application/prs.hal-forms+json") {
                    // Sent as HAL-FORMS: the same page with the form that adds an item.
                    ([(header::CONTENT_TYPE, "application/prs.hal-forms+json")], r#"{"_links":{"self":{"href":"/items"}},"_templates":{"default":{"method":"POST","properties":[{"name":"id","required":true,"type":"number"}]}}}"#.into())
                } else {
                    hal(r#"{"_links":{"self":{"href":"/items"},"next":{"href":"/items?page=2"}},"_embedded":{"items":[{"_links":{"self":{"href":"/items/1"}},"id":1},{"_links":{"self":{"href":"/items/2"}},"id":2}]}}"#.into())
                }
            })
            .post(|| async { (StatusCode::CREATED, [(header::LOCATION, "/items/4")]) }),
        )
        .route(
            "/items/{id}",
            get(|axum::extract::Path(id): axum::extract::Path<u32>| async move {
                hal(format!(r#"{{"_links":{{"self":{{"href":"/items/{id}"}}}},"id":{id}}}"#))
            })
            .put(|| async { StatusCode::NO_CONTENT })
            .patch(|axum::extract::Path(id): axum::extract::Path<u32>| async move {
                hal(format!(r#"{{"_links":{{"self":{{"href":"/items/{id}"}}}},"id":{id},"patched":true}}"#))
            })
            .delete(|| async { StatusCode::NO_CONTENT }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let root = url::Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    root
}
doc_server
}
