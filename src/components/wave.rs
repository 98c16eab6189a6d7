//! The requests the tab loads with: the first wave, all at once (no waterfall), and after it,
//! where the user has the admin's view, every member's personal tokens.

use std::rc::Rc;

use super::request::Request;
use super::store::TabStore;
use crate::api::TokenApi;
use crate::model::{Owner, Source};
use crate::state::{Session, TabState, Wave};

/// Runs the one wave of requests (each waits out a 429 by itself, under `request`).
pub async fn load(api: Rc<dyn TokenApi>, request: Request) -> Wave {
    let lists = futures::future::join_all(Source::ALL.map(|s| {
        let api = api.clone();
        request.retrying(move || api.list(s))
    }));
    let (authorization, profile, roles, settings, lists) = futures::join!(
        request.retrying(|| api.me_authorization()),
        request.retrying(|| api.me()),
        request.retrying(|| api.roles()),
        request.retrying(|| api.public_configuration()),
        lists
    );
    Wave {
        authorization,
        profile,
        roles,
        settings,
        lists,
    }
}

/// Loads every member's tokens of the personal sources the user reads, into the state (an
/// admin's view, our extension); after the first wave, which tells whether the user has it.
pub fn load_members(api: Rc<dyn TokenApi>, request: Request, store: TabStore, session: &Session) {
    let sources = Source::ALL
        .into_iter()
        .filter(|s| s.owner() == Owner::Personal && session.abilities.can_read(Owner::Personal));
    // What loads belongs to the wave that just answered: a later one (a retry) drops it.
    let wave = store.read_untracked(TabState::wave);
    for source in sources {
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let loaded = request.retrying(move || api.list_members(source)).await;
            if store.is_gone() {
                return;
            }
            store.apply(|s| match loaded {
                Ok(rows) => s.members_loaded(wave, source, rows),
                Err(e) => s.members_failed(wave, source, e),
            });
        });
    }
}
