//! [`ApiTokensTab`]: the whole tab, the one component a host mounts.

use std::rc::Rc;

use leptos::prelude::*;

use super::ApiContext;
use crate::api::{HttpApi, TokenApi};
use crate::config::ApiTokensConfig;
use crate::model::TokenType;

/// The API Tokens tab, talking over `fetch` to the backend `config` names.
#[component]
pub fn ApiTokensTab(config: ApiTokensConfig) -> impl IntoView {
    let api: Rc<dyn TokenApi> = Rc::new(HttpApi::new(&config));
    view! { <ApiTokensTabWith api=api /> }
}

/// The tab over any [`TokenApi`]: tests pass an in-memory fake here.
#[component]
pub fn ApiTokensTabWith(api: Rc<dyn TokenApi>) -> impl IntoView {
    provide_context(ApiContext::new(api));

    let settings = LocalResource::new(move || {
        let api = ApiContext::expect();
        async move { api.public_configuration().await }
    });

    let status = move || {
        settings.get().map(|result| match result {
            Ok(cfg) => {
                let kind =
                    TokenType::from_strategy(cfg.machine_to_machine_auth_strategy.as_deref());
                view! {
                    <p class="att-status" role="status">
                        "Connected. New tokens are of type: " {kind.label()} "."
                    </p>
                }
                .into_any()
            }
            Err(err) => view! {
                <div class="att-error" role="alert">
                    <p>{err.to_string()}</p>
                    <button type="button" class="att-button" on:click=move |_| settings.refetch()>
                        "Retry"
                    </button>
                </div>
            }
            .into_any(),
        })
    };

    view! {
        <section class="att" aria-label="API Tokens">
            <header class="att-header">
                <h2 class="att-title">"API Tokens"</h2>
                <p class="att-lead">
                    "Tokens let your services call the API on behalf of your account or of you. "
                    "Treat their secrets like passwords."
                </p>
            </header>
            {move || status().unwrap_or_else(|| {
                view! { <p class="att-status att-loading" role="status">"Loading…"</p> }.into_any()
            })}
        </section>
    }
}
