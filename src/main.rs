//! The standalone app: the tab on its own page, served by the reference backend.

use api_tokens_tab::{ApiTokensConfig, ApiTokensTab};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

fn main() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <main class="att-page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <ApiTokensTab config=ApiTokensConfig::default() /> } />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="att" aria-label="Page not found">
            <h1 class="att-title">"Page not found"</h1>
            <p><a href="/">"Go to API Tokens"</a></p>
        </section>
    }
}
