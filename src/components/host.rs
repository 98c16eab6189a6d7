//! [`ApiTokensTab`]: the tab as a Leptos app mounts it, following the host's
//! [`ApiTokensConfig`] as it changes. The JavaScript doors ([`crate::embed`]'s `update()`) hand
//! their options in through it too, so every door changes the same things in place.

use std::rc::Rc;

use leptos::prelude::*;

use super::live_api;
use super::tab::ApiTokensTabWith;
use crate::config::{AccessToken, ApiTokensConfig, TokenFuture};
use crate::events::{EventHandler, TabEvent};
use crate::model::TokenType;

/// The API Tokens tab, talking over `fetch` to the backend `config` names.
///
/// `config` may be a plain [`ApiTokensConfig`] or any signal of one (a
/// `Signal::derive_local(move || ApiTokensConfig { theme: theme.get(), .. })`). When it
/// changes, the theme, the locale, the `messages`, the `on_event` handler and an
/// [`AccessToken::Provider`] take effect in place, keeping what the user typed and the dialog
/// open; another backend, prefix, tenant, token type, timeout or fixed token reloads the tab.
///
/// Requests still in flight are cancelled when it is unmounted. It renders a
/// `<section class="att">`, styled by the crate's stylesheet ([`crate::STYLESHEET`]).
#[component]
pub fn ApiTokensTab(
    /// Where the tab's backend is, who the user is, and how the tab looks and speaks.
    #[prop(into)]
    config: Signal<ApiTokensConfig, LocalStorage>,
) -> impl IntoView {
    let theme = Memo::new(move |_| config.with(|c| c.theme));
    let locale = Memo::new(move |_| config.with(|c| c.locale.clone()));
    let messages = Memo::new(move |_| config.with(|c| c.messages.clone()));
    let connection = Memo::new(move |_| config.with(Connection::of));
    // The handler and a token getter are read when they are needed: the latest one the host
    // gave, none once the tab is gone.
    let on_event: EventHandler = Rc::new(move |e: &TabEvent| {
        if let Some(Some(tell)) = config.try_with_untracked(|c| c.on_event.clone()) {
            tell(e);
        }
    });
    let on_event = StoredValue::new_local(on_event);
    move || {
        let on_event = on_event.get_value();
        let Connection { token_type, .. } = connection.get();
        let mut now = config.get_untracked();
        if let AccessToken::Provider(_) = now.access_token {
            now.access_token = AccessToken::Provider(Rc::new(move || {
                latest_token(config.try_with_untracked(|c| c.access_token.clone()))
            }));
        }
        let api = live_api(&now, Some(on_event.clone()));
        view! {
            <ApiTokensTabWith
                api=api
                token_type=token_type
                theme=theme
                locale=locale
                messages=messages
                on_event=Some(on_event.clone())
            />
        }
    }
}

/// What a tab is loaded for: a change of any of it reloads the tab. A token getter is not part
/// of it (a host's closure is new on every change of its config; the latest one is asked), a
/// fixed token is.
#[derive(Clone, PartialEq)]
struct Connection {
    base_url: Option<String>,
    url_prefix: String,
    tenant_id: Option<String>,
    token_type: Option<TokenType>,
    request_timeout_ms: u32,
    token: Option<Option<String>>,
}

impl Connection {
    fn of(c: &ApiTokensConfig) -> Connection {
        Connection {
            base_url: c.base_url.clone(),
            url_prefix: c.url_prefix.clone(),
            tenant_id: c.tenant_id.clone(),
            token_type: c.token_type,
            request_timeout_ms: c.request_timeout_ms,
            token: match &c.access_token {
                AccessToken::None => None,
                AccessToken::Fixed(t) => Some(Some(t.clone())),
                AccessToken::Provider(_) => Some(None),
            },
        }
    }
}

/// The host's token now: what its getter answers.
fn latest_token(token: Option<AccessToken>) -> TokenFuture {
    match token {
        Some(AccessToken::Provider(get)) => get(),
        Some(AccessToken::Fixed(t)) => Box::pin(std::future::ready(Ok(t))),
        Some(AccessToken::None) | None => Box::pin(std::future::ready(Err(
            "the page gave no access token".to_string(),
        ))),
    }
}
