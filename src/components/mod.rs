//! The tab's views, one component per file.
//!
//! - [`host`]: [`host::ApiTokensTab`], the tab as a host mounts it, following its config.
//! - [`tab`]: [`tab::ApiTokensTabWith`], the whole tab: runs the load and lays out the parts that
//!   render the [`crate::state::TabState`]; [`dialogs`] routes its open dialog, [`notices`]
//!   says what changed.
//! - [`token_list`]: the combined table and its paging, under [`list_toolbar`] (search, sort,
//!   filters);
//!   [`token_row`]: one row; [`menu_button`]: the accessible "⋯" menu of a row.
//! - [`generate_dialog`]: the generate form; [`role_picker`]: its level-limited role picker;
//!   [`expiration_field`]: its expiry choice; [`draft`]: what it holds across openings.
//! - [`secret_dialog`]: the one-time secret; [`delete_dialog`], [`edit_dialog`].
//! - Our extension: [`roll_dialog`] (a new secret with a grace window),
//!   [`expire_previous_dialog`], [`renew_dialog`] (a new expiry, same id and secret),
//!   [`enable_dialog`] (a token the idle policy disabled works again),
//!   [`details_dialog`] (everything about a token, its history).
//! - [`dialog`]: the modal shell they share; [`dialog_actions`]: the foot of those that act;
//!   [`copy_button`]: copy with feedback.
//! - [`store`]: [`store::TabStore`], the tab's state shared by its components.
//! - [`request`]: a call's life (rate-limit waits with a countdown, the user stopping it);
//!   [`wave`]: the requests the tab loads with.

pub mod allowlist_field;
pub mod bulk_revoke_dialog;
pub mod columns;
pub mod copy_button;
pub mod delete_dialog;
pub mod details_dialog;
pub mod dialog;
pub mod dialog_actions;
pub mod dialogs;
pub mod draft;
pub mod edit_dialog;
pub mod enable_dialog;
pub mod expiration_field;
pub mod expire_previous_dialog;
pub mod generate_dialog;
pub mod host;
pub mod lazy_dialog;
pub mod list_toolbar;
pub mod menu_button;
pub mod notices;
pub mod renew_dialog;
pub mod request;
pub mod role_picker;
pub mod roll_dialog;
pub mod row_checkbox;
pub mod secret_dialog;
pub mod selection_bar;
pub mod sign_in;
pub mod store;
pub mod tab;
pub mod token_list;
pub mod token_row;
pub mod usage_panel;
pub mod wave;

use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;

use crate::api::events::ObservedApi;
use crate::api::{HttpApi, TokenApi};
use crate::config::ApiTokensConfig;
use crate::events::EventHandler;

/// The API the components call, provided as context by [`tab::ApiTokensTabWith`] so that tests can
/// mount any component with an in-memory fake.
#[derive(Clone, Copy)]
pub struct ApiContext(pub StoredValue<Rc<dyn TokenApi>, LocalStorage>);

impl ApiContext {
    /// Stores `api` under the current reactive owner.
    pub fn new(api: Rc<dyn TokenApi>) -> Self {
        Self(StoredValue::new_local(api))
    }

    /// The API of the nearest enclosing tab.
    pub fn expect() -> Rc<dyn TokenApi> {
        expect_context::<ApiContext>().0.get_value()
    }
}

/// The real client for `config`, owned by the current view: its requests in flight are
/// cancelled when the view is cleaned up, and its mutations reported to `on_event`.
pub fn live_api(config: &ApiTokensConfig, on_event: Option<EventHandler>) -> Rc<dyn TokenApi> {
    let http = HttpApi::new(config);
    let abort = send_wrapper::SendWrapper::new(http.clone());
    on_cleanup(move || abort.abort_all());
    match on_event {
        Some(on_event) => Rc::new(ObservedApi {
            inner: Rc::new(http),
            on_event,
        }),
        None => Rc::new(http),
    }
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The viewer's time zone as minutes east of UTC.
pub fn tz_offset_min() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// A document-unique id for `for`/`aria-labelledby` pairs (two tabs on a page stay apart).
pub fn unique_id(prefix: &str) -> String {
    format!("att-{prefix}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// The focused element, looking inside shadow roots (where `document.activeElement` only
/// names the shadow host, e.g. the `<api-tokens-tab>` element).
pub fn active_element() -> Option<web_sys::Element> {
    let mut el = document().active_element()?;
    while let Some(inner) = el.shadow_root().and_then(|r| r.active_element()) {
        el = inner;
    }
    Some(el)
}
