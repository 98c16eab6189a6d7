//! [`RollDialog`]: rolling a token's secret (our extension). It names the token, says a new
//! secret is issued and how long the old one keeps working, and offers the grace window:
//! at once, an hour, a day (the default) or a week. The new secret then shows in the same
//! one-time dialog as after a create.
//!
//! A roll is never sent twice by itself: a second roll would cut the first new secret's life
//! short. When its answer is lost, the token's source is loaded again and the user is told
//! what that shows (a grace window open means the roll went through).

use std::rc::Rc;

use leptos::prelude::*;

use super::dialog::{row_title, Modal};
use super::dialog_actions::DialogActions;
use super::request::Request;
use super::store::TabStore;
use super::ApiContext;
use crate::api::{ApiError, CreatedToken, TokenApi};
use crate::i18n::{fill, I18n, Messages, Text};
use crate::model::history::{DEFAULT_GRACE, GRACE_CHOICES};
use crate::model::TokenRow;

/// The words of a grace choice (minutes, one of [`GRACE_CHOICES`]).
fn grace_label(m: &Messages, minutes: u32) -> &'static str {
    match minutes {
        0 => m.grace_now,
        60 => m.grace_hour,
        1440 => m.grace_day,
        _ => m.grace_week,
    }
}

#[component]
pub fn RollDialog(
    row: TokenRow,
    store: TabStore,
    on_cancel: Callback<()>,
    /// Runs with the new secret once the backend rolled it.
    on_rotated: Callback<CreatedToken>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let grace = RwSignal::new(DEFAULT_GRACE);
    let error = RwSignal::new(None::<Text>);
    // After a lost answer the dialog only closes: rolling again is the user's own decision,
    // made from the row, once they checked.
    let lost = RwSignal::new(false);
    let request = Request::new();
    let target = row.clone();
    let roll = Action::new_local(move |minutes: &u32| {
        let (api, row, minutes) = (ApiContext::expect(), target.clone(), *minutes);
        async move {
            let result = request
                .run(|| api.rotate(row.source, row.id.clone(), minutes))
                .await;
            match result {
                Ok(created) => on_rotated.run(created),
                Err(e) if e.outcome_unknown() => {
                    lost.set(true);
                    let text = check_lost_roll(api, store, row, e).await;
                    error.try_set(Some(text));
                }
                Err(e) => error.set(Some(e.into())),
            }
        }
    });
    // Set at the click, so a double click sends one request.
    let pending = roll.pending();
    let title_row = row.clone();

    view! {
        <Modal
            title=row_title(|m| m.roll_title, &title_row)
            on_close=on_cancel
            can_escape=Signal::derive(move || !pending.get())
        >
            <p>{i18n.text(|m| m.roll_explain)}</p>
            <fieldset class="att-owner att-grace-choice">
                <legend>{i18n.text(|m| m.grace_legend)}</legend>
                {GRACE_CHOICES.map(|minutes| view! {
                    <label class="att-radio">
                        <input
                            type="radio"
                            name="att-grace"
                            value=minutes.to_string()
                            prop:checked=move || grace.get() == minutes
                            disabled=move || pending.get()
                            on:change=move |_| grace.set(minutes)
                        />
                        <span>{move || grace_label(i18n.get().m, minutes)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <DialogActions
                request=request
                pending=pending
                error=error
                on_cancel=on_cancel
                on_confirm=Callback::new(move |_| {
                    roll.dispatch(grace.get_untracked());
                })
                label=|m| m.roll_confirm
                busy_label=|m| m.rolling
                withdrawn=lost
            />
        </Modal>
    }
}

/// Loads `row`'s source again after a roll whose answer was lost, puts the fresh rows in the
/// list, and says what they show.
async fn check_lost_roll(
    api: Rc<dyn TokenApi>,
    store: TabStore,
    row: TokenRow,
    error: ApiError,
) -> Text {
    match api.list(row.source).await {
        Ok(loaded) => {
            let until = loaded
                .iter()
                .find(|r| r.key() == row.key())
                .and_then(|r| r.previous_secret_expires_at);
            store.apply(|s| s.source_reloaded(row.source, loaded));
            // A window that was not there before (or another one) is this roll's.
            match until.filter(|&u| Some(u) != row.previous_secret_expires_at) {
                Some(at) => Text::new(move |t| {
                    fill(
                        t.m.roll_lost_rolled,
                        &[("error", &error.headline(t)), ("date", &t.date_time(at))],
                    )
                }),
                None => Text::new(move |t| {
                    fill(t.m.roll_lost_unclear, &[("error", &error.headline(t))])
                }),
            }
        }
        Err(check) => Text::new(move |t| {
            fill(
                t.m.roll_unchecked,
                &[
                    ("error", &error.headline(t)),
                    ("check", check.headline(t).trim_end_matches('.')),
                ],
            )
        }),
    }
}
