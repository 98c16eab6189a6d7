//! [`SignIn`]: the standalone app's demo sign-in against the reference backend
//! (`POST auth/v1/user`). The token it gets is kept in memory only.

use leptos::prelude::*;

use super::unique_id;
use crate::api::client::sign_in;
use crate::config::ApiTokensConfig;
use crate::model::Secret;

#[component]
pub fn SignIn(config: ApiTokensConfig, on_signed_in: Callback<Secret>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let email_id = unique_id("email");
    let password_id = unique_id("password");
    let config = StoredValue::new_local(config);
    let submit = Action::new_local(move |_: &()| {
        let (e, p) = (email.get_untracked(), password.get_untracked());
        async move {
            match sign_in(&config.get_value(), e.trim(), &p).await {
                Ok(token) => {
                    password.set(String::new());
                    on_signed_in.run(token);
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        }
    });
    let pending = submit.pending();
    view! {
        <section class="att att-sign-in" aria-label="Sign in">
            <h1 class="att-title">"Sign in to manage API tokens"</h1>
            <p class="att-lead">"Use one of the demo sign-ins that scripts/run printed (password acme-demo-password)."</p>
            <form class="att-form" on:submit=move |ev| {
                ev.prevent_default();
                error.set(None);
                if email.get_untracked().trim().is_empty() || password.get_untracked().is_empty() {
                    error.set(Some("Enter your email and password.".into()));
                    return;
                }
                submit.dispatch(());
            }>
                <div class="att-field">
                    <label for=email_id.clone()>"Email"</label>
                    <input id=email_id type="email" autocomplete="username" prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev)) />
                </div>
                <div class="att-field">
                    <label for=password_id.clone()>"Password"</label>
                    <input id=password_id type="password" autocomplete="current-password" prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                {move || error.get().map(|e| view! { <p class="att-error" role="alert">{e}</p> })}
                <div class="att-actions">
                    <button type="submit" class="att-button" disabled=move || pending.get()>
                        {move || if pending.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </div>
            </form>
        </section>
    }
}
