//! Orbit Console: a vendor's own Leptos 0.8 app (client-side rendered), with the API Tokens tab
//! on one of its routes. Everything but that route is the vendor's: its router and layout, its
//! sign-in (the JWT kept in memory), its light and dark themes, its language menu and its
//! notices. The tab takes all of them from one config ([`ApiKeys`]), which it follows as they
//! change.

use std::rc::Rc;

use api_tokens_tab::{AccessToken, ApiTokensConfig, ApiTokensTab, TabEvent, Theme, VendorMessages};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

fn main() {
    // The tab's stylesheet, adopted by the page (the console's own is index.html's).
    api_tokens_tab::adopt_stylesheet();
    leptos::mount::mount_to_body(App);
}

/// Who is signed in to the console.
#[derive(Clone, Debug, PartialEq)]
struct Session {
    email: String,
    jwt: String,
}

/// What every page of the console shares.
#[derive(Clone, Copy)]
struct Console {
    session: RwSignal<Option<Session>>,
    theme: RwSignal<Theme>,
    locale: RwSignal<String>,
    toasts: Toasts,
}

#[component]
fn App() -> impl IntoView {
    let console = Console {
        session: RwSignal::new(None),
        theme: RwSignal::new(Theme::Auto),
        locale: RwSignal::new("en".to_string()),
        toasts: Toasts::default(),
    };
    provide_context(console);
    view! {
        <Router base=base_path()>
            <Shell>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=Overview />
                    <Route path=path!("/team") view=Team />
                    <Route path=path!("/settings/api-keys") view=ApiKeys />
                </Routes>
            </Shell>
        </Router>
    }
}

/// Where the console is served (`/examples/leptos-host` beside the other examples, the root
/// under `trunk serve`): where its own script is, as index.html's loader tag names it (a
/// `<base>` element would do, but the reference backend's CSP has `base-uri 'none'`).
fn base_path() -> String {
    let script = document()
        .query_selector("script[data-js]")
        .ok()
        .flatten()
        .and_then(|s| s.get_attribute("data-js"))
        .unwrap_or_default();
    script
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
        .to_string()
}

/// The console's layout: its header (pages, preferences, session), its notices, the page.
#[component]
fn Shell(children: ChildrenFn) -> impl IntoView {
    let Console {
        session,
        theme,
        locale,
        toasts,
    } = expect_context();
    let signed_in = move || session.with(Option::is_some);
    view! {
        <div class="console" data-theme=move || theme.get().as_str()>
            <header class="console-header">
                <strong class="brand">"Orbit Console"</strong>
                <Show when=signed_in>
                    <nav aria-label="Console">
                        // Relative: under the router's base.
                        <A href="" exact=true>"Overview"</A>
                        <A href="team">"Team"</A>
                        <A href="settings/api-keys">"API keys"</A>
                    </nav>
                </Show>
                <div class="prefs">
                    <label>
                        "Theme "
                        <select on:change:target=move |e| {
                            theme.set(Theme::parse(&e.target().value()).unwrap_or_default())
                        }>
                            <option value="auto" selected=move || theme.get() == Theme::Auto>"System"</option>
                            <option value="light" selected=move || theme.get() == Theme::Light>"Light"</option>
                            <option value="dark" selected=move || theme.get() == Theme::Dark>"Dark"</option>
                        </select>
                    </label>
                    <label>
                        "Language "
                        <select on:change:target=move |e| locale.set(e.target().value())>
                            {LANGUAGES
                                .iter()
                                .map(|(tag, name)| {
                                    view! {
                                        <option value=*tag lang=*tag selected=move || locale.get() == *tag>
                                            {*name}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    {move || {
                        session
                            .get()
                            .map(|s| {
                                view! {
                                    <span class="who">{s.email}</span>
                                    <button type="button" on:click=move |_| session.set(None)>
                                        "Sign out"
                                    </button>
                                }
                            })
                    }}
                </div>
            </header>
            <Notices toasts=toasts />
            <main class="console-main">
                <Show when=signed_in fallback=|| view! { <SignIn /> }>
                    {children()}
                </Show>
            </main>
        </div>
    }
}

const LANGUAGES: [(&str, &str); 5] = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("ja", "日本語"),
];

// README: the Leptos door (the README's "A Leptos app" is this, held equal by a test below)
/// Our words for two of the tab's messages (docs/messages.md lists every key).
#[rustfmt::skip]
const WORDS: &[(&str, &[(&str, &str)])] = &[
    ("en", &[("title", "API keys"), ("lead", "Keys let scripts call Orbit's API.")]),
    ("de", &[("title", "API-Schlüssel")]),
];

/// The page that holds the tab: the console's session, theme, language, words and notices,
/// handed over in one config that the tab follows as they change.
#[component]
fn ApiKeys() -> impl IntoView {
    let console: Console = expect_context();
    let (session, toasts) = (console.session, console.toasts);
    let words = VendorMessages::from_texts(WORDS).expect("our words fit the tab's messages");
    let config = Signal::derive_local(move || ApiTokensConfig {
        // Asked before every request: the token of whoever is signed in now.
        access_token: AccessToken::provider(move || {
            let jwt = session.with_untracked(|s| s.as_ref().map(|s| s.jwt.clone()));
            async move { jwt.ok_or_else(|| "You are signed out.".to_string()) }
        }),
        theme: console.theme.get(),
        locale: Some(console.locale.get()),
        messages: Some(words.clone()),
        // Ids and kinds only: an event never carries a secret.
        on_event: Some(Rc::new(move |e: &TabEvent| toasts.push(notice(e)))),
        ..Default::default()
    });
    view! {
        <h1>"Settings"</h1>
        <ApiTokensTab config=config />
    }
}
// README: end

/// What the console's notices say of the tab's events, in its own words.
fn notice(e: &TabEvent) -> String {
    match e {
        TabEvent::Created { id, .. } => format!("Key created: {id}"),
        TabEvent::Deleted {
            id, already_gone, ..
        } => match already_gone {
            true => format!("Key {id} had already been deleted"),
            false => format!("Key deleted: {id}"),
        },
        TabEvent::Updated { id } => format!("Key updated: {id}"),
        TabEvent::Rotated { id, .. } => format!("Key rolled: {id}"),
        TabEvent::Error { message, .. } => format!("Something went wrong: {message}"),
    }
}

/// The console's notices: the newest first, each until dismissed.
#[derive(Clone, Copy, Default)]
struct Toasts {
    list: RwSignal<Vec<(u32, String)>>,
    next: RwSignal<u32>,
}

impl Toasts {
    fn push(self, text: String) {
        let id = self.next.get_untracked();
        self.next.set(id + 1);
        self.list.update(|l| {
            l.insert(0, (id, text));
            l.truncate(5);
        });
    }

    fn dismiss(self, id: u32) {
        self.list.update(|l| l.retain(|(i, _)| *i != id));
    }
}

#[component]
fn Notices(toasts: Toasts) -> impl IntoView {
    view! {
        <section class="toasts" aria-label="Notifications">
            <div role="status">
                <ul>
                    <For each=move || toasts.list.get() key=|(id, _)| *id let((id, text))>
                        <li class="toast">
                            <span>{text}</span>
                            <button type="button" aria-label="Dismiss" on:click=move |_| toasts.dismiss(id)>
                                "×"
                            </button>
                        </li>
                    </For>
                </ul>
            </div>
        </section>
    }
}

/// The demo users of the reference backend (backend/src/seed.rs).
const USERS: [&str; 5] = [
    "admin@acme.test",
    "owner@acme.test",
    "dev@acme.test",
    "viewer@acme.test",
    "owner@globex.test",
];

#[derive(serde::Deserialize)]
struct SignedIn {
    #[serde(rename = "accessToken")]
    access_token: String,
}

/// The console's own sign-in: Frontegg's password login, the JWT kept in memory only.
#[component]
fn SignIn() -> impl IntoView {
    let Console { session, .. } = expect_context();
    let email = RwSignal::new(USERS[0].to_string());
    let password = RwSignal::new("acme-demo-password".to_string());
    let status = RwSignal::new(String::new());
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        status.set("Signing in…".into());
        let (user, secret) = (email.get_untracked(), password.get_untracked());
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({ "email": user, "password": secret });
            let answer =
                match gloo_net::http::Request::post("/frontegg/identity/resources/auth/v1/user")
                    .json(&body)
                {
                    Ok(request) => request.send().await,
                    Err(e) => Err(e),
                };
            match answer {
                Ok(r) if r.ok() => match r.json::<SignedIn>().await {
                    Ok(s) => {
                        status.set(String::new());
                        session.set(Some(Session {
                            email: user,
                            jwt: s.access_token,
                        }));
                    }
                    Err(e) => status.set(format!("Sign-in failed: {e}")),
                },
                Ok(r) => status.set(format!("Sign-in failed (HTTP {}).", r.status())),
                Err(e) => status.set(format!("Sign-in failed: {e}")),
            }
        });
    };
    view! {
        <form class="card" aria-label="Console sign-in" on:submit=sign_in>
            <h1>"Sign in"</h1>
            <label>
                "User "
                <select on:change:target=move |e| email.set(e.target().value())>
                    {USERS.iter().map(|u| view! { <option>{*u}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "Password "
                <input type="password" prop:value=password on:input:target=move |e| password.set(e.target().value()) />
            </label>
            <button type="submit">"Sign in"</button>
            <p role="status">{status}</p>
        </form>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let Console { session, .. } = expect_context();
    let email = move || session.with(|s| s.as_ref().map(|s| s.email.clone()));
    view! {
        <h1>"Overview"</h1>
        <section class="card" aria-label="Welcome">
            <p>"Welcome back, " {email} "."</p>
            <p>"Your scripts reach Orbit with API keys: see " <A href="settings/api-keys">"API keys"</A> "."</p>
        </section>
    }
}

#[component]
fn Team() -> impl IntoView {
    view! {
        <h1>"Team"</h1>
        <ul class="card" aria-label="Members">
            {USERS.iter().map(|u| view! { <li>{*u}</li> }).collect_view()}
        </ul>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>
            <A href="">"Back to the overview"</A>
        </p>
    }
}

#[cfg(test)]
mod tests {
    /// The README's "A Leptos app" is this file's page between its README markers.
    #[test]
    fn the_readme_shows_this_page() {
        let source = include_str!("main.rs");
        let start = source.find("// README: the Leptos door").unwrap();
        let start = start + source[start..].find('\n').unwrap() + 1;
        let end = source.find("// README: end").unwrap();
        let page = &source[start..end];
        let readme = include_str!("../../../README.md");
        let snippet = readme
            .split("```rust\n")
            .skip(1)
            .filter_map(|s| s.split_once("```\n").map(|(code, _)| code))
            .find(|code| code.contains("fn ApiKeys()"))
            .expect("the README shows the ApiKeys page in a ```rust block");
        assert_eq!(
            snippet, page,
            "the README's Leptos page is not examples/leptos-host/src/main.rs's: paste it"
        );
    }
}
