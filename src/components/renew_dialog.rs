//! [`RenewDialog`]: a new expiry for a token that has one (our extension,
//! `tokenLifecycle.renew`). It names the token, says it keeps its ID and secret and when it
//! expires now, and offers the generate form's expirations within the organization's policy
//! (never "Never": a renewal is an expiry). The row keeps its place; the change is announced.
//!
//! A renewal sets the expiry from the moment it is made, so sending it again is harmless:
//! after a lost answer the dialog stays open, says so, and Renew may be pressed again.

use leptos::prelude::*;

use super::dialog::{row_title, Modal};
use super::dialog_actions::{retry_safe_failure, DialogActions};
use super::expiration_field::ExpirationField;
use super::request::Request;
use super::store::TabStore;
use super::{now_ms, tz_offset_min, ApiContext};
use crate::i18n::{fill, I18n, Text};
use crate::model::time::{default_choice, Expiration};
use crate::model::TokenRow;

#[component]
pub fn RenewDialog(
    row: TokenRow,
    store: TabStore,
    /// The organization's longest token lifetime in minutes (`None`: no policy).
    max_minutes: Option<i64>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let choice = RwSignal::new(default_choice(max_minutes));
    let custom_date = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<Text>);
    let error = RwSignal::new(None::<Text>);
    let request = Request::new();
    let target = row.clone();
    let renew = Action::new_local(move |minutes: &i64| {
        let (api, row, minutes) = (ApiContext::expect(), target.clone(), *minutes);
        async move {
            match request
                .run(|| api.renew(row.source, row.id.clone(), minutes))
                .await
            {
                Ok(renewed) => store.apply(|s| s.renewed(renewed)),
                Err(e) => error.set(Some(retry_safe_failure(e, |m| m.maybe_renewed))),
            }
        }
    });
    let pending = renew.pending();
    let title_row = row.clone();
    let expires_at = row.expires_at;
    let submit = move || {
        let expiration = match choice.get_untracked().as_str() {
            "custom" => Expiration::Custom(custom_date.get_untracked()),
            days => match days.parse() {
                Ok(d) => Expiration::Days(d),
                Err(_) => Expiration::Custom(String::new()),
            },
        };
        match expiration.minutes(now_ms(), tz_offset_min(), max_minutes) {
            Ok(Some(minutes)) => {
                field_error.set(None);
                error.set(None);
                renew.dispatch(minutes);
            }
            // Never is not offered; a date the rules refuse says why under the field.
            Ok(None) => {}
            Err(e) => field_error.set(Some(Text::new(move |t| t.expiry_error(e)))),
        }
    };

    view! {
        <Modal
            title=row_title(|m| m.renew_title, &title_row)
            on_close=on_cancel
            can_escape=Signal::derive(move || !pending.get())
        >
            <p>
                {move || {
                    let t = i18n.get();
                    fill(t.m.renew_explain, &[("expires", &t.expiry_text(expires_at, now_ms()))])
                }}
            </p>
            <ExpirationField
                choice=choice
                custom_date=custom_date
                error=field_error
                max_minutes=max_minutes
                allow_never=false
            />
            <DialogActions
                request=request
                pending=pending
                error=error
                on_cancel=on_cancel
                on_confirm=Callback::new(move |_| submit())
                label=|m| m.renew_confirm
                busy_label=|m| m.renewing
            />
        </Modal>
    }
}
