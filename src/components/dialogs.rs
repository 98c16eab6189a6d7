//! [`TabDialogs`]: the dialog the tab's state says is open, wired to the state's
//! transitions. Rebuilt only when the open dialog changes, never because the list did (a
//! create whose answer was lost reloads the list under the open form).

use std::collections::HashMap;

use leptos::prelude::*;

use super::delete_dialog::DeleteDialog;
use super::details_dialog::DetailsDialog;
use super::edit_dialog::EditDialog;
use super::expire_previous_dialog::ExpirePreviousDialog;
use super::generate_dialog::{Draft, GenerateDialog};
use super::roll_dialog::RollDialog;
use super::secret_dialog::SecretDialog;
use super::store::TabStore;
use crate::api::CreatedToken;
use crate::i18n::I18n;
use crate::model::roles::RoleOption;
use crate::model::TokenRow;
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
        // No dialog (every load): the builder below is not even compiled until one opens.
        Some(match open {
            Dialog::None => ().into_any(),
            open => dialog_view(open, &s, wiring, i18n),
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

/// The open dialog. Kept out of line: V8 compiles a wasm function whole at its first call, and
/// this one (every dialog's props and views, about 15 KB) is not needed before a dialog opens.
#[inline(never)]
fn dialog_view(open: Dialog, s: &Session, w: Wiring, i18n: I18n) -> AnyView {
    match open {
        Dialog::None => ().into_any(),
        Dialog::Generate => view! {
            <GenerateDialog
                draft=w.draft
                owners=s.writable_owners()
                token_type=s.token_type
                role_options=w.role_options
                my_role_names=s.my_roles.iter().map(|r| r.name.clone()).collect()
                force_roles=s.force_roles
                store=w.store
                on_close=w.close
                on_created=w.on_created
            />
        }
        .into_any(),
        Dialog::Secret => match w.secret_slot.try_update_value(Option::take).flatten() {
            Some(created) => view! { <SecretDialog created=created on_done=w.close /> }.into_any(),
            None => ().into_any(),
        },
        Dialog::Delete(row) => {
            let for_roles = row.clone();
            let text = Signal::derive(move || {
                w.role_names
                    .with(|n| i18n.get().m.roles_text(&for_roles, n))
            });
            view! { <DeleteDialog row=row roles_text=text on_cancel=w.close on_deleted=w.on_deleted /> }
                .into_any()
        }
        Dialog::Roll(row) => view! {
            <RollDialog row=row store=w.store on_cancel=w.close on_rotated=w.on_rotated />
        }
        .into_any(),
        Dialog::ExpirePrevious(row) => view! {
            <ExpirePreviousDialog row=row on_cancel=w.close on_expired=w.on_expired />
        }
        .into_any(),
        Dialog::Details(row) => view! {
            <DetailsDialog
                row=row
                roles=s.roles.iter().chain(s.my_roles.iter()).cloned().collect()
                me=s.user_id.clone()
                history=s.history()
                on_close=w.close
            />
        }
        .into_any(),
        Dialog::Edit(row) => view! {
            <EditDialog
                row=row
                role_options=w.role_options
                force_roles=s.force_roles
                on_cancel=w.close
                on_saved=w.on_saved
                on_gone=Callback::new(move |row| w.on_deleted.run((row, true)))
            />
        }
        .into_any(),
    }
}
