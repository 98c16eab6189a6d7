//! What the tab tells the user beside the list: [`ChangeNotice`] (a token deleted, until
//! dismissed), [`Announcer`] (every change, said once to screen readers) and
//! [`PartialFailure`] (parts of the first load that failed while the rest showed).

use leptos::prelude::*;

use super::request::{Request, RetryNotice};
use super::store::TabStore;
use crate::i18n::{fill, I18n, Tr};
use crate::state::{Change, Changed, Problem, TabState};

/// `change` said in `t`'s language.
fn change_text(change: &Change, t: Tr) -> String {
    match change {
        Change::Created(kind) => fill(t.m.created_announcement, &[("type", t.m.kind(*kind))]),
        Change::Updated(row) => fill(t.m.updated_announcement, &[("name", &t.m.name(row))]),
        Change::Rotated(row) => fill(t.m.rotated_announcement, &[("name", &t.m.name(row))]),
        Change::PreviousExpired(row) => fill(
            t.m.previous_expired_announcement,
            &[("name", &t.m.name(row))],
        ),
        Change::Renewed(row) => fill(
            t.m.renewed_announcement,
            &[
                ("name", &t.m.name(row)),
                (
                    "date",
                    &row.expires_at.map_or_else(String::new, |e| t.date(e)),
                ),
            ],
        ),
        Change::Enabled(row) => fill(t.m.enabled_announcement, &[("name", &t.m.name(row))]),
        Change::Deleted { row, already_gone } => {
            let template = if *already_gone {
                t.m.already_deleted_notice
            } else {
                t.m.deleted_notice
            };
            fill(template, &[("name", &t.m.name(row))])
        }
        Change::BulkRevoked { revoked, failed } => {
            let mut said = t.count(&t.m.bulk_done, *revoked);
            if *failed > 0 {
                said = format!(
                    "{said}{}{}",
                    t.m.sentence_gap,
                    t.count(&t.m.bulk_failed, *failed).trim_end_matches(':')
                );
            }
            said
        }
    }
}

/// "the roles (…); account access tokens (…)" in `t`'s language.
pub fn problems_text(problems: &[Problem], t: Tr) -> String {
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

#[component]
pub fn ChangeNotice(store: TabStore) -> impl IntoView {
    let i18n = I18n::expect();
    move || {
        store.read(Changed::NOTICE, |s| s.notice().cloned()).map(|n| {
            view! {
                <p class="att-notice" role="status">
                    {move || change_text(&n, i18n.get())}
                    " "
                    <button type="button" class="att-link-button" on:click=move |_| store.apply(TabState::dismiss_notice)>
                        {i18n.text(|m| m.dismiss)}
                    </button>
                </p>
            }
        })
    }
}

#[component]
pub fn Announcer(store: TabStore) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <div class="att-visually-hidden" aria-live="polite" aria-atomic="true">
            // Said in the locale of the moment: a locale switch must not make a screen
            // reader repeat an old announcement.
            {move || store.read(Changed::ANNOUNCEMENT, |s| s.announcement().map(|a| change_text(a, i18n.get_untracked())))}
        </div>
    }
}

#[component]
pub fn PartialFailure(
    problems: Vec<Problem>,
    request: Request,
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    (!problems.is_empty()).then(|| {
        view! {
            <div class="att-partial" role="alert">
                <p>{move || problems_text(&problems, i18n.get())}</p>
                <button
                    type="button"
                    class="att-button att-button-secondary"
                    disabled=move || request.busy.get()
                    on:click=move |_| on_retry.run(())
                >
                    {move || { let m = i18n.get().m; if request.busy.get() { m.retrying } else { m.retry } }}
                </button>
                <RetryNotice request=request />
            </div>
        }
    })
}
