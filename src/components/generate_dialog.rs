//! [`GenerateDialog`]: the generate form. Owner (account or personal, as the user may write),
//! description, expiration and, for account tokens, the level-limited role picker. Submit is
//! disabled while the request is out, so a double click creates one token; a server error
//! shows at the form and nothing typed is lost (the draft lives in the tab, not here).
//!
//! A create is never sent twice by itself. When its answer is lost or garbled (network error,
//! timeout, a 5xx, an unreadable body, the user stopping it after it went out), the list of
//! that source is loaded again to see whether the token exists: if it does, it is shown in
//! the list and the user is told its secret cannot be shown; if not, they are told nothing was
//! created and can try again.

use leptos::prelude::*;

use super::allowlist_field::AllowlistField;
use super::dialog::Modal;
pub use super::draft::Draft;
use super::expiration_field::ExpirationField;
use super::request::{Request, RetryNotice, StopOrCancel};
use super::role_picker::RolePicker;
use super::store::TabStore;
use super::{now_ms, tz_offset_min, unique_id, ApiContext};
use crate::api::{ApiError, CreatedToken, NewToken, TokenApi};
use crate::i18n::{fill, I18n, Text};
use crate::model::allowlist::check;
use crate::model::roles::RoleOption;
use crate::model::{validate, Owner, Source, TokenType};
use std::rc::Rc;

/// Field errors after a submit attempt.
#[derive(Clone, Default)]
struct Errors {
    description: Option<Text>,
    expiration: Option<Text>,
    roles: Option<Text>,
    /// The allowlist field names its own problems.
    allowlist: bool,
}

impl Errors {
    fn any(&self) -> bool {
        self.description.is_some()
            || self.expiration.is_some()
            || self.roles.is_some()
            || self.allowlist
    }
}

#[component]
pub fn GenerateDialog(
    draft: Draft,
    /// The owners the user may write, in order.
    owners: Vec<Owner>,
    /// Which type new tokens are.
    token_type: TokenType,
    #[prop(into)] role_options: Signal<Vec<RoleOption>>,
    /// The names of the user's own roles (what a personal token acts with).
    my_role_names: Vec<String>,
    /// Account tokens need at least one role (`forcePermissions`).
    force_roles: bool,
    /// The backend takes an IP allowlist (our extension), and requires one on account tokens.
    allowlist: bool,
    require_allowlist: bool,
    /// The tab's state: its list is checked and refreshed when a create's answer is lost.
    store: TabStore,
    on_close: Callback<()>,
    on_created: Callback<CreatedToken>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let errors = RwSignal::new(Errors::default());
    let server_error = RwSignal::new(None::<Text>);
    let description_id = unique_id("description");
    let description_err_id = unique_id("description-error");
    let server_err_id = unique_id("server-error");
    let allowlist_shown = RwSignal::new(false);
    let allowlist_required =
        Signal::derive(move || require_allowlist && draft.owner.get() == Owner::Account);

    if !owners.contains(&draft.owner.get_untracked()) {
        if let Some(first) = owners.first() {
            draft.owner.set(*first);
        }
    }

    let request = Request::new();
    let create = Action::new_local(move |input: &(Source, NewToken)| {
        let (source, token) = input.clone();
        let api = ApiContext::expect();
        async move {
            let result = request.run(|| api.create(source, token.clone())).await;
            match result {
                Ok(created) => {
                    draft.clear();
                    on_created.run(created);
                }
                Err(e) if e.outcome_unknown() => {
                    let lost = e.clone();
                    server_error.set(Some(Text::new(move |t| {
                        fill(t.m.checking_created, &[("error", &lost.headline(t))])
                    })));
                    let text = check_lost_create(api, source, &token.description, store, e).await;
                    server_error.try_set(Some(text));
                }
                Err(e) => server_error.set(Some(e.into())),
            }
        }
    });
    // From the click (set at once, so a double click sends one) to the end, including loading
    // the list again after a lost answer.
    let pending = create.pending();

    let validate = move || -> Result<(Source, NewToken), Errors> {
        let owner = draft.owner.get_untracked();
        let mut errs = Errors::default();
        let description = validate::description(&draft.description.get_untracked())
            .map_err(|e| errs.description = Some(Text::new(move |t| t.description_error(e))))
            .ok();
        let minutes = draft
            .expiration_choice()
            .minutes(now_ms(), tz_offset_min(), draft.policy())
            .map_err(|e| errs.expiration = Some(Text::new(move |t| t.expiry_error(e))))
            .ok();
        let roles = if owner == Owner::Account {
            draft.roles.get_untracked()
        } else {
            vec![]
        };
        if owner == Owner::Account && force_roles && roles.is_empty() {
            errs.roles = Some(Text::of(|m| m.pick_a_role));
        }
        let allowed_cidrs = if allowlist {
            let required = require_allowlist && owner == Owner::Account;
            draft
                .allowlist
                .with_untracked(|t| check(t, required))
                .unwrap_or_else(|_| {
                    errs.allowlist = true;
                    vec![]
                })
        } else {
            vec![]
        };
        allowlist_shown.set(errs.allowlist);
        match (description, minutes) {
            (Some(description), Some(expires_in_minutes)) if !errs.any() => Ok((
                Source::new(owner, token_type),
                NewToken {
                    description,
                    expires_in_minutes,
                    role_ids: roles,
                    allowed_cidrs,
                },
            )),
            _ => Err(errs),
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        server_error.set(None);
        match validate() {
            Ok(input) => {
                errors.set(Errors::default());
                create.dispatch(input);
            }
            Err(errs) => errors.set(errs),
        }
    };

    let show_owner_choice = owners.len() > 1;
    let owners_view = owners.clone();
    let my_roles_text = move || {
        let m = i18n.get().m;
        if my_role_names.is_empty() {
            m.no_roles_at_all.to_string()
        } else {
            my_role_names.join(m.roles_separator)
        }
    };
    let title = Signal::derive(move || {
        let m = i18n.get().m;
        match token_type {
            TokenType::ClientCredentials => m.generate_client_credentials,
            TokenType::AccessToken => m.generate_access_token,
        }
        .to_string()
    });

    view! {
        <Modal title=title on_close=on_close can_escape=Signal::derive(move || !pending.get())>
            <form class="att-form" novalidate on:submit=submit>
                {show_owner_choice.then(|| view! {
                    <fieldset class="att-owner">
                        <legend>{i18n.text(|m| m.owner_legend)}</legend>
                        {owners_view.iter().map(|o| {
                            let o = *o;
                            let hint = move || {
                                let m = i18n.get().m;
                                match o {
                                    Owner::Account => m.owner_account_hint,
                                    Owner::Personal => m.owner_personal_hint,
                                }
                            };
                            view! {
                                <label class="att-radio">
                                    <input
                                        type="radio"
                                        name="att-owner"
                                        prop:checked=move || draft.owner.get() == o
                                        on:change=move |_| draft.owner.set(o)
                                    />
                                    <span>{move || i18n.get().m.owner(o)}</span>
                                    <span class="att-hint">{hint}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                })}

                <div class="att-field">
                    <label for=description_id.clone()>{i18n.text(|m| m.description_label)}</label>
                    <input
                        id=description_id
                        type="text"
                        required
                        maxlength=validate::DESCRIPTION_MAX
                        autocomplete="off"
                        aria-invalid=move || errors.with(|e| e.description.is_some()).then_some("true")
                        aria-describedby=description_err_id.clone()
                        prop:value=move || draft.description.get()
                        on:input=move |ev| draft.description.set(event_target_value(&ev))
                    />
                    <p class="att-field-error" id=description_err_id.clone()>
                        {move || errors.with(|e| e.description.as_ref().map(|e| e.say(i18n.get())))}
                    </p>
                </div>

                <ExpirationField
                    choice=draft.expiration
                    custom_date=draft.custom_date
                    error=Signal::derive(move || errors.with(|e| e.expiration.clone()))
                    max_minutes=draft.policy()
                />

                <Show
                    when=move || draft.owner.get() == Owner::Account
                    fallback=move || view! {
                        <p class="att-hint att-personal-roles">
                            {i18n.text(|m| m.personal_roles)} {i18n.text(|m| m.sentence_gap)} <strong>{my_roles_text.clone()}</strong>
                        </p>
                    }
                >
                    <RolePicker
                        options=role_options
                        selected=draft.roles
                        error=Signal::derive(move || errors.with(|e| e.roles.clone()))
                        required=force_roles
                        disabled=pending
                    />
                </Show>

                {allowlist.then(|| view! {
                    <AllowlistField
                        text=draft.allowlist
                        required=allowlist_required
                        shown=allowlist_shown
                        disabled=pending
                    />
                })}

                {move || server_error.get().map(|e| view! {
                    <p class="att-error" role="alert" id=server_err_id.clone()>{move || e.say(i18n.get())}</p>
                })}
                <RetryNotice request=request />

                <div class="att-actions">
                    <StopOrCancel request=request pending=pending on_cancel=on_close />
                    <button type="submit" class="att-button" disabled=move || pending.get() aria-busy=move || pending.get().then_some("true")>
                        {move || { let m = i18n.get().m; if pending.get() { m.generating } else { m.generate_token } }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// Loads `source` again after a create whose answer was lost, puts the fresh rows in the list,
/// and says what happened.
async fn check_lost_create(
    api: Rc<dyn TokenApi>,
    source: Source,
    description: &str,
    store: TabStore,
    error: ApiError,
) -> Text {
    match api.list(source).await {
        Ok(loaded) => {
            let mut found = None;
            store.apply(|s| {
                let (changed, row) = s.lost_create_checked(source, loaded, description);
                found = row;
                changed
            });
            match found {
                Some(row) => Text::new(move |t| {
                    fill(
                        t.m.created_but_lost,
                        &[
                            ("name", &t.m.name(&row)),
                            ("error", error.headline(t).trim_end_matches('.')),
                        ],
                    )
                }),
                None => Text::new(move |t| fill(t.m.not_created, &[("error", &error.headline(t))])),
            }
        }
        Err(check) => Text::new(move |t| {
            fill(
                t.m.create_unchecked,
                &[
                    ("error", &error.headline(t)),
                    ("check", check.headline(t).trim_end_matches('.')),
                ],
            )
        }),
    }
}
