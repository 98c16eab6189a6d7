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
//! Options (all optional; an invalid one throws an `Error` naming it and what was expected):
//! `baseUrl`, `urlPrefix`, `accessToken` | `getAccessToken`, `tenantId`, `tokenTypes`,
//! `locale`, `theme`, `onEvent`, `requestTimeoutMs`. See the README's "Embed it".

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::components::tab::{live_api, ApiTokensTabWith};
use crate::config::{is_language_tag, AccessToken, ApiTokensConfig, Theme};
use crate::events::{EventHandler, TabEvent};
use crate::model::{Owner, TokenType};

/// The tab's stylesheet, adopted by every shadow root the embed creates.
const CSS: &str = include_str!("../style/tab.css");

const KNOWN: [&str; 10] = [
    "baseUrl",
    "urlPrefix",
    "accessToken",
    "getAccessToken",
    "tenantId",
    "tokenTypes",
    "locale",
    "theme",
    "onEvent",
    "requestTimeoutMs",
];

/// Where requests go; changing any of it reloads the tab.
#[derive(Clone, Debug, Default, PartialEq)]
struct Connection {
    base_url: Option<String>,
    url_prefix: Option<String>,
    tenant_id: Option<String>,
    token_type: Option<TokenType>,
    request_timeout_ms: Option<u32>,
}

/// What the host can hand in, validated.
#[derive(Default)]
struct Options {
    connection: Connection,
    token: TokenSource,
    locale: Option<String>,
    theme: Theme,
    on_event: Option<Function>,
}

#[derive(Clone, Default)]
enum TokenSource {
    #[default]
    None,
    Fixed(String),
    Getter(Function),
}

fn invalid(field: &str, expected: &str, got: &JsValue) -> JsError {
    JsError::new(&format!(
        "api-tokens-tab: option \"{field}\" must be {expected} (got {})",
        describe(got)
    ))
}

/// `"a string"`, `"the number 5"`, `"an object"`: what the host passed, without its value (it
/// may be a token).
fn describe(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if v.is_undefined() {
        "undefined".into()
    } else if v.is_string() {
        "a string".into()
    } else if v.as_f64().is_some() {
        "a number".into()
    } else if v.as_bool().is_some() {
        "a boolean".into()
    } else if v.is_function() {
        "a function".into()
    } else if js_sys::Array::is_array(v) {
        "an array".into()
    } else {
        "an object".into()
    }
}

fn string(options: &JsValue, field: &str) -> Result<Option<String>, JsError> {
    let v = Reflect::get(options, &field.into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| invalid(field, "a string", &v))
}

fn function(options: &JsValue, field: &str) -> Result<Option<Function>, JsError> {
    let v = Reflect::get(options, &field.into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.dyn_into::<Function>()
        .map(Some)
        .map_err(|v| invalid(field, "a function", &v))
}

fn token_type(s: &str) -> Option<TokenType> {
    match s.to_ascii_lowercase().as_str() {
        "clientcredentials" | "client-credentials" => Some(TokenType::ClientCredentials),
        "accesstoken" | "accesstokens" | "access-token" => Some(TokenType::AccessToken),
        _ => None,
    }
}

/// Reads and checks the options object.
fn parse_options(options: &JsValue) -> Result<Options, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    if !options.is_object() || options.is_function() || js_sys::Array::is_array(options) {
        return Err(JsError::new(&format!(
            "api-tokens-tab: options must be an object like {{ baseUrl: \"https://...\" }} (got {})",
            describe(options)
        )));
    }
    for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !KNOWN.contains(&key.as_str()) {
            return Err(JsError::new(&format!(
                "api-tokens-tab: unknown option \"{key}\" (known: {})",
                KNOWN.join(", ")
            )));
        }
    }
    let base_url = string(options, "baseUrl")?.filter(|s| !s.is_empty());
    if let Some(b) = &base_url {
        let ok = (b.starts_with("https://") || b.starts_with("http://"))
            && b.len() > "https://".len()
            && !b.contains(char::is_whitespace);
        if !ok {
            return Err(JsError::new(&format!(
                "api-tokens-tab: option \"baseUrl\" must be an http(s) URL like \"https://api.example.com\" (got {b:?})"
            )));
        }
    }
    let url_prefix = string(options, "urlPrefix")?;
    let access_token = string(options, "accessToken")?;
    let getter = function(options, "getAccessToken")?;
    let token = match (access_token, getter) {
        (Some(_), Some(_)) => return Err(JsError::new(
            "api-tokens-tab: give either option \"accessToken\" or \"getAccessToken\", not both",
        )),
        (Some(t), None) if t.trim().is_empty() => return Err(JsError::new(
            "api-tokens-tab: option \"accessToken\" must be a non-empty string (the user's JWT)",
        )),
        (Some(t), None) => TokenSource::Fixed(t),
        (None, Some(f)) => TokenSource::Getter(f),
        (None, None) => TokenSource::None,
    };
    let tenant_id = string(options, "tenantId")?;
    if tenant_id.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(JsError::new(
            "api-tokens-tab: option \"tenantId\" must be a non-empty string",
        ));
    }
    let types = Reflect::get(options, &"tokenTypes".into()).unwrap_or(JsValue::UNDEFINED);
    let expected_types = "\"clientCredentials\" or \"accessToken\" (or an array holding one)";
    let token_type = if types.is_undefined() || types.is_null() {
        None
    } else {
        let one = if js_sys::Array::is_array(&types) {
            let arr: &js_sys::Array = types.unchecked_ref();
            if arr.length() != 1 {
                return Err(invalid("tokenTypes", expected_types, &types));
            }
            arr.get(0)
        } else {
            types.clone()
        };
        match one.as_string().as_deref().and_then(token_type) {
            Some(t) => Some(t),
            None => {
                return Err(JsError::new(&format!(
                    "api-tokens-tab: option \"tokenTypes\" must be {expected_types} (got {})",
                    one.as_string()
                        .map(|s| format!("{s:?}"))
                        .unwrap_or_else(|| describe(&one))
                )))
            }
        }
    };
    let locale = string(options, "locale")?.filter(|l| !l.is_empty());
    if let Some(l) = &locale {
        if !is_language_tag(l) {
            return Err(JsError::new(&format!(
                "api-tokens-tab: option \"locale\" must be a language tag like \"en\" or \"de-CH\" (got {l:?})"
            )));
        }
    }
    let theme = match string(options, "theme")?.filter(|t| !t.is_empty()) {
        None => Theme::Auto,
        Some(t) => Theme::parse(&t).ok_or_else(|| {
            JsError::new(&format!(
                "api-tokens-tab: option \"theme\" must be \"light\", \"dark\" or \"auto\" (got {t:?})"
            ))
        })?,
    };
    let timeout_v = Reflect::get(options, &"requestTimeoutMs".into()).unwrap_or(JsValue::UNDEFINED);
    let request_timeout_ms = if timeout_v.is_undefined() || timeout_v.is_null() {
        None
    } else {
        let range = crate::config::REQUEST_TIMEOUT_RANGE_MS;
        match timeout_v.as_f64() {
            Some(ms)
                if ms.fract() == 0.0
                    && range.contains(&(ms.clamp(0.0, u32::MAX.into()) as u32)) =>
            {
                Some(ms as u32)
            }
            _ => {
                return Err(invalid(
                    "requestTimeoutMs",
                    &format!(
                        "a whole number of milliseconds from {} to {}",
                        range.start(),
                        range.end()
                    ),
                    &timeout_v,
                ))
            }
        }
    };
    Ok(Options {
        connection: Connection {
            base_url,
            url_prefix,
            tenant_id,
            token_type,
            request_timeout_ms,
        },
        token,
        locale,
        theme,
        on_event: function(options, "onEvent")?,
    })
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
        .unwrap_or_else(|| describe(e))
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

thread_local! {
    /// One parsed stylesheet, shared by every widget on the page.
    static SHEET: RefCell<Option<web_sys::CssStyleSheet>> = const { RefCell::new(None) };
}

fn sheet() -> Option<web_sys::CssStyleSheet> {
    SHEET.with(|s| {
        if s.borrow().is_none() {
            let sheet = web_sys::CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            *s.borrow_mut() = Some(sheet);
        }
        s.borrow().clone()
    })
}

/// What a mounted widget's reactive parts read; the host's later `update()` writes it.
struct Live {
    token: RefCell<TokenSource>,
    on_event: RefCell<Option<Function>>,
}

/// Handles into the mounted view, filled in while it mounts.
#[derive(Clone, Copy)]
struct Controls {
    connection: RwSignal<Connection>,
    theme: RwSignal<Theme>,
    locale: RwSignal<Option<String>>,
}

/// A mounted tab. `unmount()` removes it; `update(options)` replaces its options in place.
#[wasm_bindgen]
pub struct EmbedHandle {
    host: web_sys::Element,
    container: web_sys::HtmlElement,
    live: Rc<Live>,
    controls: Controls,
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
            *self.live.token.borrow_mut() = TokenSource::None;
            *self.live.on_event.borrow_mut() = None;
        }
    }

    /// Replaces the options (the same ones `mountApiTokens` takes). Theme, locale and the
    /// token source change in place, keeping what the user typed; a new backend, prefix,
    /// tenant or token type reloads the tab.
    pub fn update(&self, options: JsValue) -> Result<(), JsError> {
        if self.mounted.is_none() {
            return Err(JsError::new("api-tokens-tab: update() after unmount()"));
        }
        let o = parse_options(&options)?;
        *self.live.token.borrow_mut() = o.token;
        *self.live.on_event.borrow_mut() = o.on_event;
        let c = self.controls;
        c.theme.try_set(o.theme);
        c.locale.try_set(o.locale);
        if c.connection.try_get_untracked().as_ref() != Some(&o.connection) {
            c.connection.try_set(o.connection);
        }
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
    let o = parse_options(&options)?;
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
    match sheet() {
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

    let live = Rc::new(Live {
        token: RefCell::new(o.token),
        on_event: RefCell::new(o.on_event),
    });
    let controls = Rc::new(RefCell::new(None::<Controls>));
    let mounted = {
        let live = live.clone();
        let controls = controls.clone();
        let (connection, theme, locale) = (o.connection, o.theme, o.locale);
        leptos::mount::mount_to(container.clone(), move || {
            let c = Controls {
                connection: RwSignal::new(connection),
                theme: RwSignal::new(theme),
                locale: RwSignal::new(locale),
            };
            *controls.borrow_mut() = Some(c);
            view! { <Embedded live=live controls=c /> }
        })
    };
    let controls = controls
        .borrow_mut()
        .take()
        .ok_or_else(|| JsError::new("api-tokens-tab: mounting failed"))?;
    Ok(EmbedHandle {
        host,
        container,
        live,
        controls,
        mounted: Some(Box::new(mounted)),
    })
}

/// The tab for the current connection; rebuilt (and its requests cancelled) when it changes.
#[component]
fn Embedded(live: Rc<Live>, controls: Controls) -> impl IntoView {
    let live = StoredValue::new_local(live);
    move || {
        let connection = controls.connection.get();
        let live = live.get_value();
        let token = {
            let live = live.clone();
            AccessToken::Provider(Rc::new(move || {
                let source = live.token.borrow().clone();
                Box::pin(async move {
                    match source {
                        TokenSource::None => Ok(String::new()),
                        TokenSource::Fixed(t) => Ok(t),
                        TokenSource::Getter(f) => call_getter(f).await,
                    }
                })
            }))
        };
        let on_event: EventHandler = {
            let live = live.clone();
            Rc::new(move |e: &TabEvent| {
                let f = live.on_event.borrow().clone();
                if let Some(f) = f {
                    // A host handler that throws must not break the tab.
                    let _ = f.call1(&JsValue::NULL, &event_object(e));
                }
            })
        };
        let config = ApiTokensConfig {
            base_url: connection.base_url,
            url_prefix: connection
                .url_prefix
                .unwrap_or_else(|| "frontegg".to_string()),
            access_token: token,
            tenant_id: connection.tenant_id,
            token_type: connection.token_type,
            request_timeout_ms: connection
                .request_timeout_ms
                .unwrap_or(crate::config::DEFAULT_REQUEST_TIMEOUT_MS),
            ..ApiTokensConfig::default()
        };
        let api = live_api(&config, Some(on_event.clone()));
        view! {
            <ApiTokensTabWith
                api=api
                token_type=config.token_type
                theme=controls.theme
                locale=controls.locale
                on_event=Some(on_event)
            />
        }
    }
}
