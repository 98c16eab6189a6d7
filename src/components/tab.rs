//! [`ApiTokensTab`]: the whole tab, the one component a host mounts.
//!
//! On mount it loads everything in one parallel wave (no waterfall): the user's authorization,
//! the roles, the vendor's settings and all four token lists. A list the user may not read is
//! dropped silently; one that fails is reported in a notice while the others still show.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;

use super::delete_dialog::DeleteDialog;
use super::edit_dialog::EditDialog;
use super::generate_dialog::{Draft, GenerateDialog};
use super::request::{Request, RetryNotice};
use super::secret_dialog::SecretDialog;
use super::token_list::{roles_text, ListFilters, TokenList};
use super::ApiContext;
use crate::api::events::ObservedApi;
use crate::api::{ApiError, CreatedToken, HttpApi, TokenApi};
use crate::config::{ApiTokensConfig, Theme};
use crate::events::{EventHandler, TabEvent};
use crate::i18n::{fill, I18n, Text, Tr};
use crate::model::roles::{role_options, RoleInfo, RoleOption};
use crate::model::{list, Abilities, Owner, Source, TokenRow, TokenType};

/// The API Tokens tab, talking over `fetch` to the backend `config` names.
///
/// Requests still in flight are cancelled when it is unmounted.
#[component]
pub fn ApiTokensTab(config: ApiTokensConfig) -> impl IntoView {
    let api = live_api(&config, config.on_event.clone());
    view! {
        <ApiTokensTabWith
            api=api
            token_type=config.token_type
            theme=config.theme
            locale=config.locale
            on_event=config.on_event
        />
    }
}

/// The real client for `config`, owned by the current view: its requests in flight are
/// cancelled when the view is cleaned up, and its mutations reported to `on_event`.
pub fn live_api(config: &ApiTokensConfig, on_event: Option<EventHandler>) -> Rc<dyn TokenApi> {
    let http = HttpApi::new(config);
    let abort = send_wrapper::SendWrapper::new(http.clone());
    on_cleanup(move || abort.abort_all());
    observed(Rc::new(http), on_event)
}

/// `api`, reporting its mutations to `on_event` when there is one.
pub fn observed(api: Rc<dyn TokenApi>, on_event: Option<EventHandler>) -> Rc<dyn TokenApi> {
    match on_event {
        Some(on_event) => Rc::new(ObservedApi {
            inner: api,
            on_event,
        }),
        None => api,
    }
}

/// What the first wave established.
#[derive(Clone, Debug)]
pub struct Session {
    pub abilities: Abilities,
    pub my_roles: Vec<RoleInfo>,
    pub roles: Vec<RoleInfo>,
    pub token_type: TokenType,
    pub force_roles: bool,
    /// The signed-in user's id, when `users/v2/me` told it.
    pub user_id: Option<String>,
    /// Parts that could not load.
    pub problems: Vec<Problem>,
}

/// A part of the first wave that failed while the rest loaded.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The token list that failed; `None` for the roles.
    pub part: Option<Source>,
    pub error: ApiError,
}

/// "the roles (…); account access tokens (…)" in `t`'s language.
fn problems_text(problems: &[Problem], t: Tr) -> String {
    let parts: Vec<String> = problems
        .iter()
        .map(|p| {
            let part = p.part.map_or(t.m.part_roles, |s| t.m.part(s));
            fill(
                t.m.part_with_error,
                &[("part", part), ("error", &p.error.message(t))],
            )
        })
        .collect();
    fill(
        t.m.partial_failure,
        &[("parts", &parts.join(t.m.list_separator))],
    )
}

#[derive(Clone, Debug)]
enum Load {
    Loading,
    Failed(Text),
    Ready(Session),
}

#[derive(Clone, Debug, PartialEq)]
enum Open {
    Nothing,
    Generate,
    Secret,
    Delete(TokenRow),
    Edit(TokenRow),
}

/// Runs the one wave of requests (each waits out a 429 by itself, under `request`).
async fn load(
    api: Rc<dyn TokenApi>,
    token_type: Option<TokenType>,
    request: Request,
) -> Result<(Session, Vec<TokenRow>), ApiError> {
    let lists = futures::future::join_all(Source::ALL.map(|s| {
        let api = api.clone();
        request.retrying(move || api.list(s))
    }));
    let (me, profile, roles, settings, lists) = futures::join!(
        request.retrying(|| api.me_authorization()),
        request.retrying(|| api.me()),
        request.retrying(|| api.roles()),
        request.retrying(|| api.public_configuration()),
        lists
    );
    let me = me?;
    let keys: Vec<String> = me
        .permissions
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.key)
        .collect();
    let abilities = Abilities::from_keys(keys.iter().map(String::as_str));
    let my_roles: Vec<RoleInfo> = me
        .roles
        .unwrap_or_default()
        .into_iter()
        .map(crate::api::rows::role)
        .collect();
    let mut problems = Vec::new();
    let roles = match roles {
        Ok(r) => r.into_iter().map(crate::api::rows::role).collect(),
        Err(e) => {
            problems.push(Problem {
                part: None,
                error: e,
            });
            Vec::new()
        }
    };
    let (strategy, force) = match settings {
        Ok(s) => (
            s.machine_to_machine_auth_strategy,
            s.force_permissions.unwrap_or(false),
        ),
        Err(_) => (None, false),
    };
    let mut loaded = Vec::new();
    for (source, result) in Source::ALL.into_iter().zip(lists) {
        if !abilities.can_read(source.owner()) {
            continue;
        }
        match result {
            Ok(rows) => loaded.push(rows),
            Err(e) => problems.push(Problem {
                part: Some(source),
                error: e,
            }),
        }
    }
    Ok((
        Session {
            abilities,
            my_roles,
            roles,
            token_type: token_type.unwrap_or_else(|| TokenType::from_strategy(strategy.as_deref())),
            force_roles: force,
            // Without it, Created by shows user ids instead of "You".
            user_id: profile.ok().and_then(|p| p.id),
            problems,
        },
        list::merge(loaded),
    ))
}

/// The tab over any [`TokenApi`]: tests pass an in-memory fake here.
#[component]
pub fn ApiTokensTabWith(
    api: Rc<dyn TokenApi>,
    /// Overrides the vendor's token type.
    #[prop(default = None)]
    token_type: Option<TokenType>,
    #[prop(into, default = Signal::stored(Theme::Auto))] theme: Signal<Theme>,
    /// The host's language tag (`de`, `ar-EG`…); `None` follows the browser's languages.
    /// English, German and Arabic are spoken; anything else falls back to the browser's, then
    /// English. It may change at run time: everything re-renders, nothing typed is lost.
    #[prop(into, default = Signal::stored(None))]
    locale: Signal<Option<String>>,
    /// Told of load errors here; mutations are reported by [`observed`].
    #[prop(default = None)]
    on_event: Option<EventHandler>,
) -> impl IntoView {
    let ctx = ApiContext::new(api);
    provide_context(ctx);
    let i18n = I18n::new(locale);
    provide_context(i18n);
    let on_event = StoredValue::new_local(on_event);
    let tell = move |e: TabEvent| {
        on_event.with_value(|f| {
            if let Some(f) = f {
                f(&e)
            }
        })
    };

    let state = RwSignal::new(Load::Loading);
    let rows = RwSignal::new(Vec::<TokenRow>::new());
    let open = RwSignal::new(Open::Nothing);
    let secret_slot = StoredValue::new_local(None::<CreatedToken>);
    let announcement = RwSignal::new(None::<Text>);
    let notice = RwSignal::new(None::<Text>);
    let draft = Draft::new(Owner::Account);

    let filters = ListFilters::default();
    let request = Request::new();
    // A reload with tokens on screen keeps them there (and the search typed) until it is done.
    let reload = move || {
        if request.busy.get_untracked() {
            return;
        }
        if !matches!(state.get_untracked(), Load::Ready(_)) {
            state.set(Load::Loading);
        }
        let api = ctx.0.get_value();
        leptos::task::spawn_local(async move {
            let result = request.stoppable(load(api, token_type, request)).await;
            match result {
                Ok((session, loaded)) => {
                    if !session.problems.is_empty() {
                        tell(TabEvent::Error {
                            operation: "load",
                            message: problems_text(&session.problems, Tr::en()),
                            status: None,
                        });
                    }
                    if let Some(first) = session.abilities.writable_owners().first() {
                        if !session.abilities.can_write(draft.owner.get_untracked()) {
                            draft.owner.set(*first);
                        }
                    }
                    rows.try_set(loaded);
                    state.try_set(Load::Ready(session));
                }
                Err(ApiError::Cancelled { .. }) => {
                    if !matches!(state.get_untracked(), Load::Ready(_)) {
                        state.try_set(Load::Failed(Text::of(|m| m.you_stopped_loading)));
                    }
                }
                Err(e) => {
                    tell(e.event("load"));
                    state.try_set(Load::Failed(e.into()));
                }
            }
        });
        // The requests leave when the task above first runs; build the formatters the rows
        // need while the server answers (a task later, so they do not delay the requests).
        let tr = i18n.get_untracked();
        set_timeout(move || tr.warm_up(), std::time::Duration::ZERO);
    };
    reload();

    let announce = move |text: Text| announcement.set(Some(text));
    let session = move || match state.get() {
        Load::Ready(s) => Some(s),
        _ => None,
    };
    // Built once per load, not on every read.
    let role_names = Memo::new(move |_| {
        state.with(|s| match s {
            Load::Ready(s) => s
                .roles
                .iter()
                .chain(s.my_roles.iter())
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
            _ => HashMap::new(),
        })
    });
    let options = Signal::derive(move || {
        state.with(|s| match s {
            Load::Ready(s) => role_options(&s.roles, &s.my_roles),
            _ => Vec::<RoleOption>::new(),
        })
    });
    let close = Callback::new(move |_| open.set(Open::Nothing));
    let open_generate = Callback::new(move |_| {
        notice.set(None);
        open.set(Open::Generate);
    });
    let on_created = Callback::new(move |created: CreatedToken| {
        rows.update(|r| {
            r.insert(0, created.row.clone());
        });
        let kind = created.row.source.kind();
        secret_slot.set_value(Some(created));
        open.set(Open::Secret);
        announce(Text::new(move |t| {
            fill(t.m.created_announcement, &[("type", t.m.kind(kind))])
        }));
    });
    let on_deleted = Callback::new(move |(row, already_gone): (TokenRow, bool)| {
        rows.update(|r| r.retain(|x| x.key() != row.key()));
        open.set(Open::Nothing);
        let text = Text::new(move |t| {
            let template = if already_gone {
                t.m.already_deleted_notice
            } else {
                t.m.deleted_notice
            };
            fill(template, &[("name", &t.m.name(&row))])
        });
        notice.set(Some(text.clone()));
        announce(text);
    });
    let on_saved = Callback::new(move |row: TokenRow| {
        rows.update(|r| {
            if let Some(x) = r.iter_mut().find(|x| x.key() == row.key()) {
                *x = row.clone();
            }
        });
        open.set(Open::Nothing);
        announce(Text::new(move |t| {
            fill(t.m.updated_announcement, &[("name", &t.m.name(&row))])
        }));
    });
    let can_generate = move || session().is_some_and(|s| !s.abilities.writable_owners().is_empty());

    let dialogs = move || {
        let s = session()?;
        Some(match open.get() {
            Open::Nothing => ().into_any(),
            Open::Generate => view! {
                <GenerateDialog
                    draft=draft
                    owners=s.abilities.writable_owners()
                    token_type=s.token_type
                    role_options=options
                    my_role_names=s.my_roles.iter().map(|r| r.name.clone()).collect()
                    force_roles=s.force_roles
                    rows=rows
                    on_close=close
                    on_created=on_created
                />
            }
            .into_any(),
            Open::Secret => match secret_slot.try_update_value(Option::take).flatten() {
                Some(created) => view! {
                    <SecretDialog created=created on_done=close />
                }
                .into_any(),
                None => ().into_any(),
            },
            Open::Delete(row) => {
                let for_roles = row.clone();
                let text = Signal::derive(move || {
                    role_names.with(|n| roles_text(&for_roles, n, i18n.get().m))
                });
                view! { <DeleteDialog row=row roles_text=text on_cancel=close on_deleted=on_deleted /> }.into_any()
            }
            Open::Edit(row) => view! {
                <EditDialog
                    row=row
                    role_options=options
                    force_roles=s.force_roles
                    on_cancel=close
                    on_saved=on_saved
                    on_gone=Callback::new(move |row| on_deleted.run((row, true)))
                />
            }
            .into_any(),
        })
    };

    view! {
        <section
            class="att"
            aria-label=i18n.text(|m| m.title)
            data-theme=move || theme.get().as_str()
            lang=move || i18n.get().tag
            dir=move || i18n.get().locale.dir()
        >
            <header class="att-header">
                <div>
                    <h2 class="att-title" tabindex="-1">{i18n.text(|m| m.title)}</h2>
                    <p class="att-lead">{i18n.text(|m| m.lead)}</p>
                </div>
                <Show when=can_generate>
                    <button type="button" class="att-button" on:click=move |_| open_generate.run(())>{i18n.text(|m| m.generate_token)}</button>
                </Show>
            </header>

            {move || notice.get().map(|n| view! {
                <p class="att-notice" role="status">
                    {move || n.say(i18n.get())}
                    " "
                    <button type="button" class="att-link-button" on:click=move |_| notice.set(None)>{i18n.text(|m| m.dismiss)}</button>
                </p>
            })}

            {move || match state.get() {
                Load::Loading => view! {
                    <div class="att-skeleton" aria-busy="true">
                        <p class="att-status" role="status">{i18n.text(|m| m.loading)}</p>
                        <RetryNotice request=request />
                        <button type="button" class="att-button att-button-secondary" on:click=move |_| request.stop()>
                            {i18n.text(|m| m.stop_loading)}
                        </button>
                        <div class="att-skeleton-row"></div>
                        <div class="att-skeleton-row"></div>
                        <div class="att-skeleton-row"></div>
                    </div>
                }
                .into_any(),
                Load::Failed(message) => view! {
                    <div class="att-error" role="alert">
                        <p>{i18n.text(|m| m.load_failed)} " " {move || message.say(i18n.get())}</p>
                        <button type="button" class="att-button" on:click=move |_| reload()>{i18n.text(|m| m.retry)}</button>
                    </div>
                }
                .into_any(),
                Load::Ready(s) => {
                    let generate = (!s.abilities.writable_owners().is_empty()).then_some(open_generate);
                    let problems = s.problems.clone();
                    view! {
                        {(!s.problems.is_empty()).then(|| view! {
                            <div class="att-partial" role="alert">
                                <p>{move || problems_text(&problems, i18n.get())}</p>
                                <button
                                    type="button"
                                    class="att-button att-button-secondary"
                                    disabled=move || request.busy.get()
                                    on:click=move |_| reload()
                                >
                                    {move || { let m = i18n.get().m; if request.busy.get() { m.retrying } else { m.retry } }}
                                </button>
                                <RetryNotice request=request />
                            </div>
                        })}
                        <TokenList
                            rows=rows
                            role_names=role_names
                            abilities=s.abilities
                            my_user_id=s.user_id.clone()
                            on_delete=Callback::new(move |row| open.set(Open::Delete(row)))
                            on_edit=Callback::new(move |row| open.set(Open::Edit(row)))
                            on_generate=generate
                            filters=filters
                        />
                    }
                    .into_any()
                }
            }}

            {dialogs}

            <div class="att-visually-hidden" aria-live="polite" aria-atomic="true">
                // Said in the locale of the moment: a locale switch must not make a screen
                // reader repeat an old announcement.
                {move || announcement.get().map(|a| a.say(i18n.get_untracked()))}
            </div>
        </section>
    }
}
