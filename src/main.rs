//! The standalone app: the tab on its own page, served by the reference backend.
//!
//! Reads an optional `config.json` beside index.html: the host options of
//! [`api_tokens_tab::config::options`] but the functions (`baseUrl`, `urlPrefix`,
//! `accessToken`, `tenantId`, `locale`, `theme`…), checked as the embed checks them. Without an
//! `accessToken` it shows the reference backend's demo sign-in and keeps the session token in
//! memory only. The reader lives here, not in the library, so the embed does not carry it.

use api_tokens_tab::api::prefetch;
use api_tokens_tab::components::sign_in::SignIn;
use api_tokens_tab::config::options::{self, Door, Value};
use api_tokens_tab::model::Secret;
use api_tokens_tab::{ApiTokensConfig, ApiTokensTab};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

fn main() {
    leptos::mount::mount_to_body(App);
}

/// `config.json` next to the page: absent is fine (defaults), broken is reported.
async fn load_runtime_config() -> Result<ApiTokensConfig, String> {
    // public/boot.js fetched it already, to start the first wave with its token.
    let resp = match prefetch::take(&prefetch::key("config.json", None, None)).await {
        Some(resp) => resp.into(),
        None => gloo_net::http::Request::get("config.json")
            .send()
            .await
            .map_err(|e| format!("config.json could not be fetched: {e}"))?,
    };
    match resp.status() {
        200 => {}
        404 => return Ok(ApiTokensConfig::default()),
        s => return Err(format!("config.json could not be fetched (HTTP {s})")),
    }
    let text = resp.text().await.map_err(|e| e.to_string())?;
    // A server's SPA fallback may answer index.html for a missing config.json.
    if text.trim_start().starts_with('<') {
        return Ok(ApiTokensConfig::default());
    }
    parse_config_json(&text)
}

/// Reads `config.json` through the host options' one parser. Unknown fields are ignored.
fn parse_config_json(text: &str) -> Result<ApiTokensConfig, String> {
    let mut fields = match serde_json::from_slice::<ConfigJson>(text.as_bytes()) {
        Ok(ConfigJson(fields)) => fields,
        // Well-formed JSON of another kind (an array, a string…).
        Err(e) if e.is_data() => {
            return Err(
                "config.json must be a JSON object, like {\"baseUrl\": \"https://...\"}".into(),
            )
        }
        Err(e) => return Err(format!("config.json is not valid JSON: {e}")),
    };
    options::parse(
        Door::ConfigJson,
        &mut |name| match fields.iter().position(|(n, _)| *n == name) {
            Some(i) => fields.swap_remove(i).1,
            None => Value::Absent,
        },
    )
}

/// `config.json` read straight from its bytes: each field that names a host option, with its
/// value (the last one when a field repeats); anything else is skipped. No `serde_json::Value`
/// tree in between: it cost the standalone app 3 KB brotli. Anything but an object is refused.
struct ConfigJson(Vec<(&'static str, Value)>);

impl<'de> serde::Deserialize<'de> for ConfigJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> serde::de::Visitor<'de> for Object {
            type Value = ConfigJson;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<ConfigJson, A::Error> {
                let mut fields: Vec<(&'static str, Value)> = Vec::new();
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let Some(option) = options::HOST_OPTIONS.iter().find(|o| o.name == key) else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        continue;
                    };
                    let JsonValue(value) = map.next_value()?;
                    fields.retain(|(n, _)| *n != option.name);
                    fields.push((option.name, value));
                }
                Ok(ConfigJson(fields))
            }
        }
        d.deserialize_map(Object)
    }
}

/// A JSON value in the options' terms: `null` is absent, an object its fields (the last of a
/// repeated one).
struct JsonValue(Value);

impl<'de> serde::Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{MapAccess, SeqAccess};
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JsonValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Str(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Absent))
            }
            fn visit_bool<E>(self, _: bool) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Other("a boolean")))
            }
            fn visit_i64<E>(self, v: i64) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Num(v as f64)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Num(v as f64)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<JsonValue, E> {
                Ok(JsonValue(Value::Num(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
                let mut items = Vec::new();
                while let Some(JsonValue(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(JsonValue(Value::List(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
                let mut fields: Vec<(String, Value)> = Vec::new();
                while let Some((key, JsonValue(value))) = map.next_entry::<String, JsonValue>()? {
                    fields.retain(|(k, _)| *k != key);
                    fields.push((key, value));
                }
                Ok(JsonValue(Value::Map(fields)))
            }
        }
        d.deserialize_any(V)
    }
}

/// The one page there is: `/` is the tab, any other path says so and links home (the
/// [`Router`] owns the location and takes that link in the page). Matched on the location
/// rather than with a `<Routes>` tree, which costs about 22 KB more brotli for these two cases.
#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <main class="att-page">
                <Page />
            </main>
        </Router>
    }
}

#[component]
fn Page() -> impl IntoView {
    let location = use_location();
    // Rebuilt only when the answer changes, not on every change of the path.
    let home = Memo::new(move |_| location.pathname.with(|p| p == "/"));
    move || match home.get() {
        true => view! { <Standalone /> }.into_any(),
        false => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn Standalone() -> impl IntoView {
    let runtime = LocalResource::new(load_runtime_config);
    view! {
        {move || runtime.get().map(|r| match r {
            Ok(config) => view! { <Configured config=config /> }.into_any(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use api_tokens_tab::config::{AccessToken, Theme};
    use api_tokens_tab::model::TokenType;

    #[test]
    fn config_json_reads_every_option_and_ignores_unknown_fields() {
        let c = parse_config_json(
            r#"{"baseUrl":"https://api.example.com","urlPrefix":"fe","accessToken":"jwt","tenantId":"t1","locale":"de","theme":"dark","tokenTypes":["accessToken"],"requestTimeoutMs":20000,"x":1}"#,
        )
        .unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://api.example.com"));
        assert_eq!(c.url_prefix, "fe");
        assert_eq!(c.access_token, AccessToken::Fixed("jwt".into()));
        assert_eq!(c.locale.as_deref(), Some("de"));
        assert_eq!(c.theme, Theme::Dark);
        assert_eq!(c.tenant_id.as_deref(), Some("t1"));
        assert_eq!(c.token_type, Some(TokenType::AccessToken));
        assert_eq!(c.request_timeout_ms, 20_000);
        assert_eq!(parse_config_json("{}").unwrap(), ApiTokensConfig::default());
        // The host's words: an override and a whole locale of its own.
        let c = parse_config_json(
            r#"{"locale":"pt-BR","messages":{"en":{"title":"API keys"},"pt-BR":{"title":"Chaves de API","token_count":{"one":"{n} chave","other":"{n} chaves"}}}}"#,
        )
        .unwrap();
        assert!(c.messages.is_some());
        assert_eq!(
            parse_config_json(r#"{"messages":{"en":{"title":"API {keys}"}}}"#).unwrap_err(),
            "config.json: option \"messages\": message \"title\" in \"en\" has {keys}, which it cannot fill (it takes no placeholder)"
        );
        let blank = parse_config_json(r#"{"accessToken":"","baseUrl":null}"#).unwrap();
        assert!(blank.access_token.is_none());
        // Functions are the JavaScript door's: here they are unknown fields.
        assert_eq!(
            parse_config_json(r#"{"getAccessToken":"x","onEvent":5}"#).unwrap(),
            ApiTokensConfig::default()
        );
    }

    #[test]
    fn config_json_mistakes_name_the_field() {
        assert!(parse_config_json("{")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_config_json("[]")
            .unwrap_err()
            .contains("must be a JSON object"));
        assert!(parse_config_json(r#""{}""#)
            .unwrap_err()
            .contains("must be a JSON object"));
        assert!(parse_config_json(r#"{} x"#)
            .unwrap_err()
            .contains("not valid JSON"));
        assert_eq!(
            parse_config_json(r#"{"baseUrl":5}"#).unwrap_err(),
            "config.json: option \"baseUrl\" must be a string (got a number)"
        );
        // Every kind of non-string is named, after unknown fields of any shape are skipped.
        for (wrong, got) in [
            ("true", "a boolean"),
            ("1.5", "a number"),
            ("-3", "a number"),
            ("[\"a\"]", "an array"),
            ("{\"a\":[1]}", "an object"),
        ] {
            let text = format!(r#"{{"x":{{"y":[1,{{}}]}},"theme":"dark","tenantId":{wrong}}}"#);
            assert_eq!(
                parse_config_json(&text).unwrap_err(),
                format!("config.json: option \"tenantId\" must be a string (got {got})"),
                "{text}"
            );
        }
        // Escapes are decoded; the last of a repeated field wins.
        let c = parse_config_json(r#"{"tenantId":"a","tenantId":"t\u00e9\n"}"#).unwrap();
        assert_eq!(c.tenant_id.as_deref(), Some("t\u{e9}\n"));
        assert_eq!(
            parse_config_json(r#"{"baseUrl":"ftp://x"}"#).unwrap_err(),
            "config.json: option \"baseUrl\" must be an http(s) URL like \"https://api.example.com\" (got \"ftp://x\")"
        );
        assert!(parse_config_json(r#"{"theme":"neon"}"#)
            .unwrap_err()
            .contains("option \"theme\" must be"));
        assert!(parse_config_json(r#"{"locale":"english please"}"#)
            .unwrap_err()
            .contains("option \"locale\" must be a language tag"));
        assert!(parse_config_json(r#"{"tokenTypes":["accessToken",null]}"#)
            .unwrap_err()
            .contains("option \"tokenTypes\" must be"));
        assert!(parse_config_json(r#"{"requestTimeoutMs":"8000"}"#)
            .unwrap_err()
            .contains("option \"requestTimeoutMs\" must be a whole number"));
    }
}
