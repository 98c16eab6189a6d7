//! The benchmark's Leptos floor: `bench/floor/floor.js`'s page written the ordinary Leptos way,
//! built like the tab's release wasm (scripts/bench). The plain-JavaScript floor says what the
//! browser alone costs; this one says what Leptos and wasm alone add to it, doing nothing the
//! floor does not: the same eight calls, sent by its loader while the wasm downloads as the tab's
//! loader does (`boot.js`; the wasm sends any the loader did not), `serde_json`, the same `Intl`
//! formatters built while the calls are out, the tab's row markup through a keyed `<For>`; and,
//! for the keystroke, a search box over every token. The tab's distance from it is the tab's own
//! code.

use std::rc::Rc;

use gloo_net::http::Request;
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const API: &str = "/frontegg/identity/resources/";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    access_token: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Token {
    id: Option<String>,
    client_id: Option<String>,
    description: Option<String>,
    created_at: String,
    last_used_at: Option<String>,
    expires: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AccessTokens {
    access_tokens: Vec<Token>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Settings {
    #[serde(default)]
    token_lifecycle: Lifecycle,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Lifecycle {
    #[serde(default)]
    last_used: bool,
}

/// The list calls: path, owner, type, and whether the body is a bare array of client
/// credentials (else `{ accessTokens: [...] }`).
const SOURCES: [(&str, &str, &str, bool); 4] = [
    (
        "tenants/api-tokens/v1",
        "Account",
        "Client credentials",
        true,
    ),
    ("tenants/access-tokens/v1", "Account", "Access token", false),
    (
        "users/api-tokens/v1",
        "Personal",
        "Client credentials",
        true,
    ),
    ("users/access-tokens/v1", "Personal", "Access token", false),
];

#[derive(Clone)]
struct Row {
    owner: &'static str,
    kind: &'static str,
    id: String,
    description: String,
    created_at: f64,
    last_used_at: Option<f64>,
    expires_at: Option<f64>,
}

#[derive(Clone)]
struct Page {
    /// Every token, newest first.
    rows: Rc<[Row]>,
    last_used: bool,
}

/// The answer to `path` that `boot.js` asked for while the wasm downloaded, if it did: `None`
/// when it did not; `Some(None)` for a failed call.
async fn from_loader(path: &str) -> Option<Option<String>> {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let pending = get(&get(&js_sys::global(), "__leptosFloorWave")?, path)?;
    let pending = pending.dyn_into::<js_sys::Promise>().ok()?;
    let answer = async {
        let response: web_sys::Response = JsFuture::from(pending).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()
    };
    Some(answer.await)
}

async fn get(path: &str, token: &str) -> Option<String> {
    if let Some(answer) = from_loader(path).await {
        return answer;
    }
    let response = Request::get(&format!("{API}{path}"))
        .header("authorization", &format!("Bearer {token}"))
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    response.text().await.ok()
}

fn tokens(body: Option<String>, bare: bool) -> Vec<Token> {
    let Some(body) = body else { return Vec::new() };
    if bare {
        serde_json::from_str(&body).unwrap_or_default()
    } else {
        serde_json::from_str::<AccessTokens>(&body).map_or_else(|_| Vec::new(), |b| b.access_tokens)
    }
}

async fn load() -> Option<Page> {
    let config: Config = Request::get("/config.json")
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let token = config.access_token.as_str();
    let wave = async {
        futures::join!(
            get("configurations/v1/public", token),
            get("roles/v1", token),
            get("users/v2/me", token),
            get("users/v1/me/authorization", token),
            get(SOURCES[0].0, token),
            get(SOURCES[1].0, token),
            get(SOURCES[2].0, token),
            get(SOURCES[3].0, token),
        )
    };
    futures::pin_mut!(wave);
    // One poll sends the eight requests; the formatters are built while they are out.
    let _ = futures::poll!(&mut wave);
    FORMAT.with(|_| ());
    let (settings, _, _, _, a, b, c, d) = wave.await;
    let last_used = settings
        .and_then(|s| serde_json::from_str::<Settings>(&s).ok())
        .is_some_and(|s| s.token_lifecycle.last_used);
    let date = |s: &str| js_sys::Date::parse(s);
    let mut rows = Vec::new();
    for ((_, owner, kind, bare), body) in SOURCES.into_iter().zip([a, b, c, d]) {
        rows.extend(tokens(body, bare).into_iter().map(|t| Row {
            owner,
            kind,
            id: if bare { t.client_id } else { t.id }.unwrap_or_default(),
            description: t.description.unwrap_or_default(),
            created_at: date(&t.created_at),
            last_used_at: t.last_used_at.as_deref().map(date),
            expires_at: t.expires.as_deref().map(date),
        }));
    }
    rows.sort_by(|a, b| b.created_at.total_cmp(&a.created_at));
    Some(Page {
        rows: rows.into(),
        last_used,
    })
}

/// floor.js's three `Intl` formatters, each `format` bound to its formatter.
struct Format {
    relative: js_sys::Function,
    absolute: js_sys::Function,
    day: js_sys::Function,
}

thread_local! {
    static FORMAT: Format = Format {
        relative: intl("RelativeTimeFormat", &[("numeric", "auto")]),
        absolute: intl("DateTimeFormat", &[("dateStyle", "medium"), ("timeStyle", "short")]),
        day: intl("DateTimeFormat", &[("dateStyle", "medium")]),
    };
}

fn intl(kind: &str, options: &[(&str, &str)]) -> js_sys::Function {
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).unwrap_or_default();
    let opts = js_sys::Object::new();
    for (k, v) in options {
        let _ = js_sys::Reflect::set(&opts, &(*k).into(), &(*v).into());
    }
    let ctor: js_sys::Function = get(&get(&js_sys::global(), "Intl"), kind).into();
    let formatter = js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"en".into(), &opts))
        .unwrap_or_default();
    js_sys::Function::from(get(&formatter, "format")).bind0(&formatter)
}

fn text(v: Result<JsValue, JsValue>) -> String {
    v.ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn ago(ms: f64) -> String {
    let minutes = ((ms - js_sys::Date::now()) / 60_000.0).round();
    FORMAT.with(|f| {
        text(
            f.relative
                .call2(&JsValue::NULL, &minutes.into(), &"minute".into()),
        )
    })
}

fn at(ms: f64) -> String {
    FORMAT.with(|f| {
        text(
            f.absolute
                .call1(&JsValue::NULL, &js_sys::Date::new(&ms.into())),
        )
    })
}

fn day(ms: f64) -> String {
    FORMAT.with(|f| text(f.day.call1(&JsValue::NULL, &js_sys::Date::new(&ms.into()))))
}

/// floor.js's `${id.slice(0, 8)}…${id.slice(-4)}`.
fn short(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let tail = chars.len().saturating_sub(4);
    format!(
        "{}…{}",
        chars.iter().take(8).collect::<String>(),
        chars[tail..].iter().collect::<String>()
    )
}

#[component]
fn TokenRow(index: usize, row: Row, last_used: bool) -> impl IntoView {
    let (ago, full) = (ago(row.created_at), at(row.created_at));
    let label = format!("{ago}, {full}");
    let id_name = if row.kind == "Access token" {
        "token ID"
    } else {
        "client ID"
    };
    view! {
        <tr>
            <td class="att-col-description">
                <span class="att-description" title=row.description.clone()>{row.description.clone()}</span>
            </td>
            <td class="att-col-id">
                <code class="att-mono" title=row.id.clone()>{short(&row.id)}</code>
                <button class="att-button att-button-small att-copy" type="button"
                    aria-label=format!("Copy {id_name} of {}", row.description)>"Copy"</button>
                <span class="att-visually-hidden" role="status"></span>
            </td>
            <td>{row.owner}</td>
            <td>{row.kind}</td>
            <td class="att-col-roles">"Viewer"</td>
            <td>
                <span class="att-time" tabindex="0" aria-label=label>
                    {ago.clone()}<span class="att-tooltip" aria-hidden="true">{full}</span>
                </span>
            </td>
            <td>"You"</td>
            {last_used.then(|| view! {
                <td class="att-col-last-used">
                    {match row.last_used_at {
                        Some(t) => view! { <span class="att-time">{day(t)}</span> }.into_any(),
                        None => view! { <span class="att-placeholder">"Never used"</span> }.into_any(),
                    }}
                </td>
            })}
            <td class="att-col-expires">
                {match row.expires_at {
                    Some(t) => view! { <span class="att-expiry" title=at(t)>{day(t)}</span> }.into_any(),
                    None => view! { <span class="att-expiry">"Never"</span> }.into_any(),
                }}
            </td>
            <td class="att-col-actions">
                <div class="att-menu">
                    <button class="att-icon-button" type="button" aria-haspopup="menu"
                        aria-expanded="false" aria-controls=format!("att-menu-{index}")
                        aria-label=format!("Actions for {}", row.description)
                        data-att-row=row.id.clone()>"⋯"</button>
                </div>
            </td>
        </tr>
    }
}

/// The first `n` of `rows`, numbered.
fn first<'a>(rows: impl Iterator<Item = &'a Row>, n: usize) -> Vec<(usize, Row)> {
    rows.take(n).cloned().enumerate().collect()
}

/// The table, and a search box for the bench's keystroke floors: a keystroke shows the first 16
/// tokens whose description holds what is typed (16 fresh rows through the keyed `<For>`, the
/// first frame of the tab's answer) and the count. The lower-cased descriptions are worked out
/// at the first keystroke.
#[component]
fn Table(page: Page) -> impl IntoView {
    let Page { rows, last_used } = page;
    let shown = RwSignal::new(first(rows.iter(), 50));
    let count = RwSignal::new(String::new());
    let all = StoredValue::new_local(rows);
    let keys = StoredValue::new_local(None::<Vec<String>>);
    let search = move |query: String| {
        let query = query.to_lowercase();
        if keys.with_value(Option::is_none) {
            let lowered =
                all.with_value(|rows| rows.iter().map(|r| r.description.to_lowercase()).collect());
            keys.set_value(Some(lowered));
        }
        let (found, n) = all.with_value(|rows| {
            keys.with_value(|keys| {
                let keys = keys.as_deref().unwrap_or_default();
                let mut hits = rows
                    .iter()
                    .zip(keys)
                    .filter(|(_, k)| k.contains(&query))
                    .map(|(r, _)| r);
                let found = first(hits.by_ref(), 16);
                let n = found.len() + hits.count();
                (found, n)
            })
        });
        count.set(format!("Showing {} of {n}", found.len()));
        shown.set(found);
    };
    let titles = [
        "Description",
        "Identifier",
        "Owner",
        "Type",
        "Roles",
        "Created",
        "Created by",
    ];
    view! {
        <section class="att">
            <h2>"API Tokens"</h2>
            <input type="search" aria-label="Search tokens" on:input=move |ev| search(event_target_value(&ev)) />
            <p class="att-count" role="status">{move || count.get()}</p>
            <div class="att-table-wrap">
                <table class=if last_used { "att-table att-table-wide" } else { "att-table" }>
                    <thead>
                        <tr>
                            {titles.map(|t| view! { <th scope="col">{t}</th> })}
                            {last_used.then(|| view! { <th scope="col">"Last used"</th> })}
                            <th scope="col">"Expires"</th>
                            <th scope="col"><span class="att-visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || shown.get() key=|(_, r)| r.id.clone() let((index, row))>
                            <TokenRow index row last_used />
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn main() {
    leptos::mount::mount_to_body(|| {
        let page = LocalResource::new(load);
        move || page.get().flatten().map(|page| view! { <Table page /> })
    });
}
