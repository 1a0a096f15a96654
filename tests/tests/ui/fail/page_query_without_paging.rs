//! A handler reading `PageQuery` on a state with no `Paging`: the error names the fix.

#[derive(Clone)]
struct AppState {
    name: String,
}

#[axum::debug_handler(state = AppState)]
async fn books(page: hal_axum::PageQuery) -> String {
    page.0.limit().to_string()
}

fn main() {
    let state = AppState { name: "books".into() };
    let _app: axum::Router = axum::Router::new()
        .route("/books", axum::routing::get(books))
        .with_state(state);
}
