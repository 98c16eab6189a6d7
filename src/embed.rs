//! The door for pages that are not Leptos apps: `mountApiTokens(element, options)`, exported to
//! JavaScript by `scripts/build-embed` as `dist/embed/api-tokens-tab.js` (an ES module whose
//! default export `init()` loads the wasm). `element.js` beside this file wraps it as the
//! `<api-tokens-tab>` custom element.
//!
//! The tab renders inside a shadow root on `element`, with its stylesheet adopted there, so the
//! host's CSS cannot reach in and ours cannot leak out. It adds no window or document listeners
//! of its own and no globals; its only timers are a request's timeout and a rate-limit
//! countdown, both gone with the request. `unmount()` cancels requests in flight and leaves
//! nothing behind.
//!
//! Options: the host options of [`crate::config::options`] (all optional; an invalid or
//! unknown one throws an `Error` naming it and what was expected), checked there as for every
//! door. See docs/embedding.md.

use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::components::host::ApiTokensTab;
use crate::config::js::value;
use crate::config::options::{parse, Door, Value, GET_ACCESS_TOKEN, HOST_OPTIONS, ON_EVENT};
use crate::config::{AccessToken, ApiTokensConfig};
use crate::events::{EventHandler, TabEvent};
use crate::model::{Owner, TokenType};

/// Where the host's token comes from.
#[derive(Clone, Default)]
enum TokenSource {
    #[default]
    None,
    Fixed(String),
    Getter(Function),
}

/// `"a string"`, `"a number"`, `"an object"`: what the host passed, without its value (it
/// may be a token).
fn describe(v: &JsValue) -> &'static str {
    value(v).describe()
}

/// The option `name` of the options object; `null` and `undefined` are absent.
fn field(options: &JsValue, name: &str) -> Value {
    match Reflect::get(options, &name.into()) {
        Ok(v) if !(v.is_undefined() || v.is_null()) => value(&v),
        _ => Value::Absent,
    }
}

fn function(options: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(options, &name.into()).ok()?.dyn_into().ok()
}

/// Reads and checks the options object through the one host options parser: the config
/// [`ApiTokensTab`] follows, its token always asked for (`getAccessToken`, or the fixed
/// `accessToken`: either may change in place) and its events told to `onEvent`.
fn parse_options(options: &JsValue) -> Result<ApiTokensConfig, JsError> {
    let mut config = ApiTokensConfig::default();
    let mut token = TokenSource::None;
    if !(options.is_undefined() || options.is_null()) {
        let prefix = Door::Script.prefix();
        if !options.is_object() || options.is_function() || js_sys::Array::is_array(options) {
            return Err(JsError::new(&format!(
                "{prefix}options must be an object like {{ baseUrl: \"https://...\" }} (got {})",
                describe(options)
            )));
        }
        for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !HOST_OPTIONS.iter().any(|o| o.name == key) {
                let known: Vec<&str> = HOST_OPTIONS.iter().map(|o| o.name).collect();
                return Err(JsError::new(&format!(
                    "{prefix}unknown option \"{key}\" (known: {})",
                    known.join(", ")
                )));
            }
        }
        config =
            parse(Door::Script, &mut |name| field(options, name)).map_err(|m| JsError::new(&m))?;
        token = match (
            function(options, GET_ACCESS_TOKEN),
            std::mem::take(&mut config.access_token),
        ) {
            (Some(f), _) => TokenSource::Getter(f),
            (None, AccessToken::Fixed(t)) => TokenSource::Fixed(t),
            (None, _) => TokenSource::None,
        };
        config.on_event = function(options, ON_EVENT).map(|f| -> EventHandler {
            Rc::new(move |e: &TabEvent| {
                // A host handler that throws must not break the tab.
                let _ = f.call1(&JsValue::NULL, &event_object(e));
            })
        });
    }
    config.access_token = AccessToken::Provider(Rc::new(move || {
        let source = token.clone();
        Box::pin(async move {
            match source {
                TokenSource::None => Ok(String::new()),
                TokenSource::Fixed(t) => Ok(t),
                TokenSource::Getter(f) => call_getter(f).await,
            }
        })
    }));
    Ok(config)
}

/// Asks the host's `getAccessToken` (a string or a Promise of one).
async fn call_getter(f: Function) -> Result<String, String> {
    let value = f
        .call0(&JsValue::NULL)
        .map_err(|e| format!("getAccessToken threw: {}", error_text(&e)))?;
    let value = JsFuture::from(Promise::resolve(&value))
        .await
        .map_err(|e| format!("getAccessToken failed: {}", error_text(&e)))?;
    match value.as_string() {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(format!(
            "getAccessToken must return a non-empty string or a Promise of one (got {})",
            describe(&value)
        )),
    }
}

fn error_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| describe(e).to_string())
}

/// The event as a plain JS object for `onEvent`: ids, kinds, messages; never a secret.
fn event_object(e: &TabEvent) -> Object {
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &k.into(), &v);
    };
    set("type", e.kind().into());
    let owner = |o: &Owner| match o {
        Owner::Account => "account",
        Owner::Personal => "personal",
    };
    let kind = |t: &TokenType| match t {
        TokenType::ClientCredentials => "clientCredentials",
        TokenType::AccessToken => "accessToken",
    };
    match e {
        TabEvent::Created {
            id,
            owner: o,
            token_type,
        }
        | TabEvent::Rotated {
            id,
            owner: o,
            token_type,
        } => {
            set("id", id.into());
            set("owner", owner(o).into());
            set("tokenType", kind(token_type).into());
        }
        TabEvent::Deleted {
            id,
            owner: o,
            token_type,
            already_gone,
        } => {
            set("id", id.into());
            set("owner", owner(o).into());
            set("tokenType", kind(token_type).into());
            set("alreadyGone", (*already_gone).into());
        }
        TabEvent::Updated { id } => set("id", id.into()),
        TabEvent::Error {
            operation,
            message,
            status,
        } => {
            set("operation", (*operation).into());
            set("message", message.into());
            set(
                "status",
                status
                    .map(|s| JsValue::from(s as u32))
                    .unwrap_or(JsValue::NULL),
            );
        }
    }
    o
}

/// A mounted tab. `unmount()` removes it; `update(options)` replaces its options in place.
#[wasm_bindgen]
pub struct EmbedHandle {
    host: web_sys::Element,
    container: web_sys::HtmlElement,
    /// What the mounted [`ApiTokensTab`] follows; `update()` replaces it.
    config: RwSignal<ApiTokensConfig, LocalStorage>,
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl EmbedHandle {
    /// Removes the tab and everything it added; cancels requests in flight. Safe to call twice.
    pub fn unmount(&mut self) {
        if let Some(m) = self.mounted.take() {
            drop(m);
            self.container.remove();
            if let Some(root) = self.host.shadow_root() {
                Reflect::set(&root, &"adoptedStyleSheets".into(), &js_sys::Array::new()).ok();
            }
        }
    }

    /// Replaces the options (the same ones `mountApiTokens` takes). Theme, locale, messages and
    /// the token source change in place, keeping what the user typed; a new backend, prefix,
    /// tenant or token type reloads the tab.
    pub fn update(&self, options: JsValue) -> Result<(), JsError> {
        if self.mounted.is_none() {
            return Err(JsError::new("api-tokens-tab: update() after unmount()"));
        }
        self.config.try_set(parse_options(&options)?);
        Ok(())
    }

    /// Whether the tab is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.mounted.is_some()
    }
}

impl Drop for EmbedHandle {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// Mounts the API Tokens tab into `element` (inside a shadow root on it).
#[wasm_bindgen(js_name = mountApiTokens)]
pub fn mount_api_tokens(element: JsValue, options: JsValue) -> Result<EmbedHandle, JsError> {
    let host: web_sys::Element = element.dyn_into().map_err(|v| {
        JsError::new(&format!(
            "api-tokens-tab: mountApiTokens(element, options) needs a DOM element first (got {})",
            describe(&v)
        ))
    })?;
    let config = parse_options(&options)?;
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .map_err(|_| {
                JsError::new(&format!(
                    "api-tokens-tab: <{}> cannot hold the tab; mount it into a <div> or similar",
                    host.tag_name().to_ascii_lowercase()
                ))
            })?,
    };
    match crate::style::sheet() {
        Some(sheet) => {
            root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
        }
        None => return Err(JsError::new("api-tokens-tab: this browser cannot style a shadow root (constructable stylesheets are missing)")),
    }
    // A previous mount on the same element leaves nothing; clear whatever else is there.
    root.set_inner_html("");
    let container: web_sys::HtmlElement = document()
        .create_element("div")
        .map_err(|_| JsError::new("api-tokens-tab: could not create the container"))?
        .unchecked_into();
    container.set_class_name("att-host");
    root.append_child(&container)
        .map_err(|_| JsError::new("api-tokens-tab: could not attach the container"))?;

    // The signal is made under the mount's owner (gone with it), and handed out to the handle.
    let made = Rc::new(std::cell::Cell::new(None));
    let mounted = leptos::mount::mount_to(container.clone(), {
        let made = made.clone();
        move || {
            let config = RwSignal::new_local(config);
            made.set(Some(config));
            view! { <ApiTokensTab config=config /> }
        }
    });
    let config = made
        .take()
        .ok_or_else(|| JsError::new("api-tokens-tab: mounting failed"))?;
    Ok(EmbedHandle {
        host,
        container,
        config,
        mounted: Some(Box::new(mounted)),
    })
}
