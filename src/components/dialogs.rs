//! [`TabDialogs`]: the dialog the tab's state says is open, wired to the state's
//! transitions. Rebuilt only when the open dialog changes, never because the list did (a
//! create whose answer was lost reloads the list under the open form).

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{
    bulk_revoke_dialog::BulkRevokeDialog, delete_dialog::DeleteDialog,
    details_dialog::DetailsDialog, edit_dialog::EditDialog, enable_dialog::EnableDialog,
    expire_previous_dialog::ExpirePreviousDialog, generate_dialog::Draft,
    generate_dialog::GenerateDialog, lazy_dialog::lazy_view, lazy_dialog::Builder,
    lazy_dialog::ChunkError, renew_dialog::RenewDialog, roll_dialog::RollDialog,
    secret_dialog::SecretDialog, store::TabStore,
};
use crate::api::CreatedToken;
use crate::i18n::{fill, I18n};
use crate::model::roles::RoleOption;
use crate::model::{TokenRow, TokenType};
use crate::state::{Changed, Dialog, Session, TabState};

#[component]
pub fn TabDialogs(
    store: TabStore,
    /// What the generate form holds across closing and reopening it.
    draft: Draft,
    #[prop(into)] role_names: Signal<HashMap<String, String>>,
    #[prop(into)] role_options: Signal<Vec<RoleOption>>,
) -> impl IntoView {
    let i18n = I18n::expect();
    // The secret never enters the state: it waits here for the secret dialog to take it.
    let secret_slot = StoredValue::new_local(None::<CreatedToken>);
    let close = Callback::new(move |_| store.apply(TabState::close_dialog));
    let on_created = Callback::new(move |created: CreatedToken| {
        let row = created.row.clone();
        secret_slot.set_value(Some(created));
        store.apply(|s| s.created(row));
    });
    let on_deleted = Callback::new(move |(row, already_gone): (TokenRow, bool)| {
        store.apply(|s| s.deleted(row, already_gone));
    });
    let on_rotated = Callback::new(move |created: CreatedToken| {
        let row = created.row.clone();
        secret_slot.set_value(Some(created));
        store.apply(|s| s.rotated(row));
    });
    let on_expired = Callback::new(move |row: TokenRow| {
        store.apply(|s| s.previous_expired(row));
    });
    let on_saved = Callback::new(move |row: TokenRow| {
        store.apply(|s| s.edited(row));
    });

    let wiring = Wiring {
        store,
        draft,
        role_names,
        role_options,
        secret_slot,
        close,
        on_created,
        on_deleted,
        on_rotated,
        on_expired,
        on_saved,
    };
    move || {
        let (open, s) = store.read(Changed::DIALOG, |s| {
            (s.dialog().clone(), s.session().cloned())
        });
        let s = s?;
        // No dialog (every load): nothing of the dialogs' code runs until one opens.
        Some(match open {
            Dialog::None => ().into_any(),
            open => {
                let title = frame_title(&open, s.token_type, i18n);
                lazy_view(
                    title,
                    move || Box::pin(load(open.clone(), s.clone(), wiring, i18n)),
                    close,
                )
            }
        })
    }
}

/// What the dialogs are wired to (all `Copy`).
#[derive(Clone, Copy)]
struct Wiring {
    store: TabStore,
    draft: Draft,
    role_names: Signal<HashMap<String, String>>,
    role_options: Signal<Vec<RoleOption>>,
    secret_slot: StoredValue<Option<CreatedToken>, LocalStorage>,
    close: Callback<()>,
    on_created: Callback<CreatedToken>,
    on_deleted: Callback<(TokenRow, bool)>,
    on_rotated: Callback<CreatedToken>,
    on_expired: Callback<TokenRow>,
    on_saved: Callback<TokenRow>,
}

/// The dialogs' code, in the release artefacts (feature `split`) each in a chunk of its own
/// that the first load does not carry: fetched when the page is idle after the first rows
/// ([`preload_when_idle`]), on hover or focus of what opens it ([`Chunk::preload`]), or when it
/// opens ([`lazy_view`] shows the dialog's frame meanwhile). Without `split` (the Leptos
/// component, the tests) the code is all in one wasm and every dialog opens at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// The generate form, with its role picker and expiration field.
    Generate,
    /// The one-time secret, after a create or a roll.
    Secret,
    Roll,
    /// Ending a previous secret's grace window.
    EndWindow,
    /// A new expiry.
    Renew,
    /// Enabling a disabled token again.
    Enable,
    Edit,
    Delete,
    /// Details and history.
    Details,
    /// Revoking the picked tokens.
    BulkRevoke,
}

impl Chunk {
    /// In the order the idle preload fetches them: the likeliest first.
    pub const ALL: [Chunk; 10] = [
        Chunk::Generate,
        Chunk::Secret,
        Chunk::Details,
        Chunk::Roll,
        Chunk::Renew,
        Chunk::Edit,
        Chunk::Delete,
        Chunk::EndWindow,
        Chunk::Enable,
        Chunk::BulkRevoke,
    ];

    /// Fetches the chunk's code (once: a chunk in, or on its way, is not fetched again) without
    /// opening anything. A failure is left for the opening to try again and say.
    pub fn preload(self) {
        #[cfg(feature = "split")]
        leptos::task::spawn_local(async move {
            let _ = match self {
                Chunk::Generate => preload_generate().await,
                Chunk::Secret => preload_secret().await,
                Chunk::Roll => preload_roll().await,
                Chunk::EndWindow => preload_end_window().await,
                Chunk::Renew => preload_renew().await,
                Chunk::Enable => preload_enable().await,
                Chunk::Edit => preload_edit().await,
                Chunk::Delete => preload_delete().await,
                Chunk::Details => preload_details().await,
                Chunk::BulkRevoke => preload_bulk_revoke().await,
            };
        });
    }
}

/// Every chunk, fetched when the browser is next idle (`requestIdleCallback`, where there is
/// one), so that a dialog opens at once later. Called when the first rows are on screen.
pub fn preload_when_idle() {
    if !cfg!(feature = "split") {
        return;
    }
    let all = wasm_bindgen::closure::Closure::once_into_js(|| {
        Chunk::ALL.into_iter().for_each(Chunk::preload)
    });
    let window = web_sys::window().expect("a window");
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let _ = match idle {
        Some(idle) => idle.call1(&window, &all),
        None => window
            .set_timeout_with_callback(all.unchecked_ref())
            .map(Into::into),
    };
}

/// The title of `open`'s frame while its chunk loads: the dialog's own.
fn frame_title(open: &Dialog, token_type: TokenType, i18n: I18n) -> Signal<String> {
    let open = open.clone();
    Signal::derive(move || {
        let m = i18n.get().m;
        let named = |text: &str, row: &TokenRow| fill(text, &[("name", &m.name(row))]);
        match &open {
            Dialog::Generate => match token_type {
                TokenType::ClientCredentials => m.generate_client_credentials.to_string(),
                TokenType::AccessToken => m.generate_access_token.to_string(),
            },
            Dialog::None | Dialog::Secret => m.secret_title.to_string(),
            Dialog::Delete(row) => named(m.delete_title, row),
            Dialog::Roll(row) => named(m.roll_title, row),
            Dialog::ExpirePrevious(row) => named(m.expire_previous_title, row),
            Dialog::Renew(row) => named(m.renew_title, row),
            Dialog::Enable(row) => named(m.enable_title, row),
            Dialog::Details(row) => named(m.details_title, row),
            Dialog::Edit(row) => named(m.edit_title, row),
            Dialog::BulkRevoke(_) => m.bulk_title.to_string(),
        }
    })
}

/// A call of a function of its own chunk: awaited with `split`, where the
/// `#[wasm_split(..., fallible)]` function loads its chunk first and answers `Err` when that
/// failed; a plain call without.
#[cfg(feature = "split")]
macro_rules! split {
    ($call:expr) => {
        $call.await
    };
}
#[cfg(not(feature = "split"))]
macro_rules! split {
    ($call:expr) => {
        $call
    };
}

/// `open`'s code: its chunk loaded (with `split`), then the builder of its view.
async fn load(open: Dialog, s: Session, w: Wiring, i18n: I18n) -> Result<Builder, ChunkError> {
    match open {
        Dialog::None => Ok(Box::new(|| ().into_any())),
        Dialog::Generate => split!(generate(s, w)),
        Dialog::Secret => split!(secret(w)),
        Dialog::Delete(row) => split!(delete(row, w, i18n)),
        Dialog::Roll(row) => split!(roll(row, w)),
        Dialog::ExpirePrevious(row) => split!(end_window(row, w)),
        Dialog::Renew(row) => split!(renew(row, s, w)),
        Dialog::Enable(row) => split!(enable(row, s, w)),
        Dialog::Details(row) => split!(details(row, s, w)),
        Dialog::Edit(row) => split!(edit(row, s, w)),
        Dialog::BulkRevoke(rows) => split!(bulk_revoke(rows, s, w)),
    }
}

/// Declares the function that builds one chunk's dialog: with `split`, the chunk's entry
/// (fallible: a chunk that cannot be fetched is an `Err`, not the end of the wasm) with its
/// `preload_NAME`. Only what it calls goes into the chunk.
macro_rules! chunk {
    ($name:ident, $preload:ident, ($($arg:ident: $ty:ty),*) $build:expr) => {
        #[cfg_attr(
            feature = "split",
            ::leptos::wasm_split::wasm_split(
                $name,
                wasm_split_path = ::leptos::wasm_split,
                fallible,
                preload($preload)
            )
        )]
        fn $name($($arg: $ty),*) -> Result<Builder, ChunkError> {
            Ok(Box::new(move || $build))
        }
    };
}

chunk!(generate, preload_generate, (s: Session, w: Wiring) view! {
    <GenerateDialog
        draft=w.draft
        owners=s.writable_owners()
        token_type=s.token_type
        role_options=w.role_options
        my_role_names=s.my_roles.iter().map(|r| r.name.clone()).collect()
        force_roles=s.force_roles
        allowlist=s.ip_allowlist()
        require_allowlist=s.require_ip_allowlist()
        store=w.store
        on_close=w.close
        on_created=w.on_created
    />
}
.into_any());

// The secret leaves the slot only for the dialog that shows it: a chunk that failed to load
// leaves it there for Retry.
chunk!(secret, preload_secret, (w: Wiring) match w.secret_slot.try_update_value(Option::take).flatten() {
    Some(created) => view! { <SecretDialog created=created on_done=w.close /> }.into_any(),
    None => ().into_any(),
});

chunk!(delete, preload_delete, (row: TokenRow, w: Wiring, i18n: I18n) {
    let for_roles = row.clone();
    let text = Signal::derive(move || {
        w.role_names
            .with(|n| i18n.get().m.roles_text(&for_roles, n))
    });
    view! { <DeleteDialog row=row roles_text=text on_cancel=w.close on_deleted=w.on_deleted /> }
        .into_any()
});

chunk!(roll, preload_roll, (row: TokenRow, w: Wiring) view! {
    <RollDialog row=row store=w.store on_cancel=w.close on_rotated=w.on_rotated />
}
.into_any());

chunk!(end_window, preload_end_window, (row: TokenRow, w: Wiring) view! {
    <ExpirePreviousDialog row=row on_cancel=w.close on_expired=w.on_expired />
}
.into_any());

chunk!(renew, preload_renew, (row: TokenRow, s: Session, w: Wiring) view! {
    <RenewDialog row=row store=w.store max_minutes=s.max_expires() on_cancel=w.close />
}
.into_any());

chunk!(enable, preload_enable, (row: TokenRow, s: Session, w: Wiring) view! {
    <EnableDialog row=row store=w.store idle_days=s.idle_days() on_cancel=w.close />
}
.into_any());

chunk!(details, preload_details, (row: TokenRow, s: Session, w: Wiring) view! {
    <DetailsDialog
        row=row
        roles=s.roles.iter().chain(s.my_roles.iter()).cloned().collect()
        me=s.user_id.clone()
        history=s.history()
        usage=s.usage()
        on_close=w.close
    />
}
.into_any());

chunk!(edit, preload_edit, (row: TokenRow, s: Session, w: Wiring) view! {
    <EditDialog
        row=row
        role_options=w.role_options
        force_roles=s.force_roles
        allowlist=s.ip_allowlist()
        require_allowlist=s.require_ip_allowlist()
        usage=s.usage()
        on_cancel=w.close
        on_saved=w.on_saved
        on_gone=Callback::new(move |row| w.on_deleted.run((row, true)))
    />
}
.into_any());

chunk!(bulk_revoke, preload_bulk_revoke, (rows: Vec<TokenRow>, s: Session, w: Wiring) view! {
    <BulkRevokeDialog rows=rows session=s store=w.store on_close=w.close />
}
.into_any());
