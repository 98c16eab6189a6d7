//! The standalone app: the tab on its own page, served by the reference backend.
//!
//! Reads an optional `config.json` beside index.html (`baseUrl`, `urlPrefix`, `accessToken`,
//! `tenantId`, `locale`, `theme`). Without an `accessToken` it shows the reference backend's
//! demo sign-in and keeps the session token in memory only.

use api_tokens_tab::components::sign_in::SignIn;
use api_tokens_tab::config::RuntimeConfig;
use api_tokens_tab::model::Secret;
use api_tokens_tab::{ApiTokensConfig, ApiTokensTab};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

fn main() {
    leptos::mount::mount_to_body(App);
}

/// `config.json` next to the page: absent is fine (defaults), broken is reported.
async fn load_runtime_config() -> Result<RuntimeConfig, String> {
    let resp = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .map_err(|e| format!("config.json could not be fetched: {e}"))?;
    match resp.status() {
        200 => {}
        404 => return Ok(RuntimeConfig::default()),
        s => return Err(format!("config.json could not be fetched (HTTP {s})")),
    }
    let text = resp.text().await.map_err(|e| e.to_string())?;
    // A server's SPA fallback may answer index.html for a missing config.json.
    if text.trim_start().starts_with('<') {
        return Ok(RuntimeConfig::default());
    }
    RuntimeConfig::parse(&text)
}

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <main class="att-page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Standalone />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Standalone() -> impl IntoView {
    let runtime = LocalResource::new(load_runtime_config);
    view! {
        {move || runtime.get().map(|r| match r {
            Ok(cfg) => view! { <Configured config=cfg.to_config() /> }.into_any(),
            Err(e) => view! {
                <section class="att" aria-label="Configuration error">
                    <h1 class="att-title">"This page is misconfigured"</h1>
                    <p class="att-error" role="alert">{e}</p>
                </section>
            }.into_any(),
        })}
    }
}

#[component]
fn Configured(config: ApiTokensConfig) -> impl IntoView {
    if !config.access_token.is_none() {
        return view! { <ApiTokensTab config=config /> }.into_any();
    }
    // The session lives in this signal only: no storage, no URL.
    let session = RwSignal::new_local(None::<Secret>);
    let config = StoredValue::new_local(config);
    view! {
        {move || {
            let signed_in = session.with(|s| s.as_ref().map(|t| t.expose().to_string()));
            match signed_in {
                Some(token) => {
                    let cfg = config.get_value().with_access_token(token);
                    view! {
                        <div class="att-session">
                            <button type="button" class="att-link-button" on:click=move |_| session.set(None)>"Sign out"</button>
                        </div>
                        <ApiTokensTab config=cfg />
                    }.into_any()
                }
                None => view! {
                    <SignIn config=config.get_value() on_signed_in=Callback::new(move |t| session.set(Some(t))) />
                }.into_any(),
            }
        }}
    }
    .into_any()
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
