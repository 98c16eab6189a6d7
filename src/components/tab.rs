//! [`ApiTokensTabWith`]: the whole tab over any [`TokenApi`]; [`super::host::ApiTokensTab`]
//! mounts it for a host.
//!
//! On mount it loads everything in one parallel wave (no waterfall, see [`super::wave`]): the
//! user's authorization, the roles, the vendor's settings and all four token lists, then for an
//! admin with the view every member's personal tokens. What they answer goes to the
//! [`TabState`], which owns the tab's data; this component runs the wave and lays out the
//! parts that render the state.

use std::rc::Rc;

use leptos::prelude::*;

use super::columns::Columns;
use super::dialogs::{preload_when_idle, Chunk, TabDialogs};
use super::generate_dialog::Draft;
use super::list_toolbar::ListFilters;
use super::notices::{problems_text, Announcer, ChangeNotice, PartialFailure};
use super::request::{Request, RetryNotice};
use super::store::TabStore;
use super::token_list::TokenList;
use super::token_row::RowActions;
use super::wave::{load, load_members};
use super::ApiContext;
use crate::api::TokenApi;
use crate::config::Theme;
use crate::events::{EventHandler, TabEvent};
use crate::i18n::{I18n, Tr, VendorMessages};
use crate::model::{Owner, TokenType};
use crate::state::{Changed, Phase, Session, TabState};

/// The tab over any [`TokenApi`]: tests pass an in-memory fake here.
#[component]
pub fn ApiTokensTabWith(
    api: Rc<dyn TokenApi>,
    /// Overrides the vendor's token type.
    #[prop(default = None)]
    token_type: Option<TokenType>,
    #[prop(into, default = Signal::stored(Theme::Auto))] theme: Signal<Theme>,
    /// The host's language tag (`de`, `ar-EG`…); `None` follows the browser's languages.
    /// English, German, Arabic, French and Japanese are spoken (and the host's `messages`
    /// locales); anything else falls back to the browser's, then English. It may change at run
    /// time: everything re-renders, nothing typed is lost.
    #[prop(into, default = Signal::stored(None))]
    locale: Signal<Option<String>>,
    /// The host's words: overrides and whole catalogs by language tag (checked already).
    #[prop(into, default = Signal::stored(None))]
    messages: Signal<Option<VendorMessages>>,
    /// Told of load errors here; mutations are reported by the API ([`super::live_api`]).
    #[prop(default = None)]
    on_event: Option<EventHandler>,
) -> impl IntoView {
    let ctx = ApiContext::new(api);
    provide_context(ctx);
    crate::i18n::fetched::fetch_with(crate::api::catalogs::fetch);
    let i18n = I18n::new(locale, messages);
    provide_context(i18n);
    let on_event = StoredValue::new_local(on_event);
    let tell = move |e: TabEvent| on_event.with_value(|f| f.as_ref().map(|f| f(&e)));

    let store = TabStore::new();
    let draft = Draft::new(Owner::Account);
    let filters = ListFilters::default();
    let request = Request::new();
    // A reload with tokens on screen keeps them there (and the search typed) until it is done.
    let reload = move || {
        if request.busy.get_untracked() {
            return;
        }
        store.apply(TabState::loading);
        let api = ctx.0.get_value();
        leptos::task::spawn_local(async move {
            let wave = request
                .stoppable(async { Ok(load(api.clone(), request).await) })
                .await;
            crate::api::prefetch::let_go();
            // The tab may be gone by now (unmounted before or during the wave).
            if store.is_gone() {
                return;
            }
            store.apply(|s| match wave {
                Ok(wave) => s.loaded(wave, token_type),
                Err(e) => s.load_failed(e),
            });
            match store.read_untracked(|s| s.phase().clone()) {
                Phase::Ready(s) => {
                    preload_when_idle();
                    if !s.problems.is_empty() {
                        tell(TabEvent::Error {
                            operation: "load",
                            message: problems_text(&s.problems, Tr::en()),
                            status: None,
                        });
                    }
                    if s.member_tokens() {
                        load_members(api, request, store, &s);
                    }
                    draft.follow_policy(s.max_expires());
                    if let Some(first) = s.writable_owners().first() {
                        if !s.abilities.can_write(draft.owner.get_untracked()) {
                            draft.owner.set(*first);
                        }
                    }
                }
                Phase::Failed(e) => {
                    tell(e.event("load"));
                }
                Phase::Loading | Phase::Stopped => {}
            }
        });
        // The requests leave when the task above first runs; build the formatters the rows
        // need while the server answers (a task later, so they do not delay the requests).
        let tr = i18n.get_untracked();
        set_timeout(move || tr.warm_up(), std::time::Duration::ZERO);
    };
    reload();

    // What the views read: each follows just its part of the state.
    let session = move |read: fn(&Session) -> Vec<_>| {
        store.read(Changed::PHASE, |s| {
            s.session().map(read).unwrap_or_default()
        })
    };
    let rows = Signal::derive(move || store.read(Changed::ROWS, |s| s.rows().clone()));
    let role_names = Memo::new(move |_| {
        store.read(Changed::PHASE, |s| {
            s.session().map(Session::role_names).unwrap_or_default()
        })
    });
    let role_options = Signal::derive(move || session(Session::role_options));
    let open_generate = Callback::new(move |_| store.apply(TabState::open_generate));
    let can_generate = move || {
        store.read(Changed::PHASE, |s| {
            s.session().is_some_and(|s| !s.writable_owners().is_empty())
        })
    };
    let actions = RowActions::new(store);

    let body = move || {
        match store.read(Changed::PHASE, |s| s.phase().clone()) {
        Phase::Loading => view! {
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
        Phase::Failed(_) | Phase::Stopped => view! {
            <div class="att-error" role="alert">
                <p>
                    {i18n.text(|m| m.load_failed)} {i18n.text(|m| m.sentence_gap)}
                    {move || store.read(Changed::PHASE, |s| match s.phase() {
                        Phase::Failed(e) => e.message(i18n.get()),
                        _ => i18n.get().m.you_stopped_loading.to_string(),
                    })}
                </p>
                <button type="button" class="att-button" on:click=move |_| reload()>{i18n.text(|m| m.retry)}</button>
            </div>
        }
        .into_any(),
        Phase::Ready(s) => view! {
            <PartialFailure problems=s.problems.clone() request=request on_retry=Callback::new(move |_| reload()) />
            <TokenList
                rows=rows
                role_names=role_names
                my_user_id=s.user_id.clone()
                actions=RowActions { abilities: s.abilities, ..actions }
                on_generate=(!s.writable_owners().is_empty()).then_some(open_generate)
                filters=filters
                columns=Columns::of(s.lifecycle)
                expiring_filter=s.renew()
                owner_filter=s.member_tokens()
            />
        }
        .into_any(),
    }
    };

    view! {
        <section
            class="att"
            aria-label=i18n.text(|m| m.title)
            data-theme=move || theme.get().as_str()
            lang=move || i18n.get().tag
            dir=move || i18n.get().dir()
        >
            <header class="att-header">
                <div>
                    <h2 class="att-title" tabindex="-1">{i18n.text(|m| m.title)}</h2>
                    <p class="att-lead">{i18n.text(|m| m.lead)}</p>
                </div>
                <Show when=can_generate>
                    <button type="button" class="att-button" on:click=move |_| open_generate.run(())
                        on:pointerenter=|_| Chunk::Generate.preload() on:focus=|_| Chunk::Generate.preload()>
                        {i18n.text(|m| m.generate_token)}
                    </button>
                </Show>
            </header>
            <ChangeNotice store=store />
            {body}
            <TabDialogs store=store draft=draft role_names=role_names role_options=role_options />
            <Announcer store=store />
        </section>
    }
}
