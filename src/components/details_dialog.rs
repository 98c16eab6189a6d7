//! [`DetailsDialog`]: everything about one token (our extension's history included): its
//! full identifier (copyable), owner, type, roles with their levels, when and by whom it was
//! created, when it expires, its last use, its grace window, its use over 30 days with the
//! addresses it came from ([`UsagePanel`]), and what happened to it, newest first, as a list a
//! screen reader reads in order.

use std::collections::HashMap;

use leptos::prelude::*;
use zeroize::Zeroizing;

use super::copy_button::CopyButton;
use super::dialog::{row_title, Modal};
use super::usage_panel::UsagePanel;
use super::{now_ms, ApiContext};
use crate::api::ApiError;
use crate::i18n::{fill, I18n, Tr};
use crate::model::history::{EventKind, Reminder, TokenEvent};
use crate::model::roles::RoleInfo;
use crate::model::TokenRow;

fn event_name(t: Tr, kind: &EventKind) -> String {
    let m = t.m;
    match kind {
        EventKind::Created => m.event_created.into(),
        EventKind::Updated => m.event_updated.into(),
        EventKind::Rotated => m.event_rotated.into(),
        EventKind::Renewed => m.event_renewed.into(),
        EventKind::Disabled => m.event_disabled.into(),
        EventKind::Enabled => m.event_enabled.into(),
        EventKind::PreviousSecretExpired => m.event_previous_expired.into(),
        EventKind::Deleted => m.event_deleted.into(),
        EventKind::RefusedAttempts(n) => t.count(&m.event_refused_attempts, *n as usize),
        EventKind::ReminderSent(r) => match r {
            Reminder::Expiring(days) => t.count(&m.event_reminder_expiring, *days as usize),
            Reminder::Expired => m.event_reminder_expired.into(),
            Reminder::Idle => m.event_reminder_idle.into(),
            Reminder::Other(_) => m.event_reminder_other.into(),
        },
        EventKind::RefusedAddress(n) => t.count(&m.event_refused_address, *n as usize),
        EventKind::AllowlistChanged => m.event_allowlist_changed.into(),
        EventKind::OwnerRemoved => m.event_owner_removed.into(),
        EventKind::Other(other) => other.clone(),
    }
}

/// "Secret rolled · 2 hours ago, 29 Nov 2026, 21:04 · by Adam Admin · from 203.0.113.7".
fn event_text(t: Tr, e: &TokenEvent, now: i64) -> String {
    let mut parts = vec![event_name(t, &e.kind)];
    if let Some(at) = e.at {
        parts.push(fill(
            t.m.relative_and_date,
            &[
                ("relative", &t.relative(at, now)),
                ("date", &t.date_time(at)),
            ],
        ));
    }
    if let Some(who) = e.actor_name.as_deref().or(e.actor_user_id.as_deref()) {
        parts.push(fill(t.m.event_by, &[("name", who)]));
    }
    if let Some(ip) = &e.ip {
        parts.push(fill(t.m.event_from, &[("ip", ip)]));
    }
    parts.join(" · ")
}

#[component]
pub fn DetailsDialog(
    row: TokenRow,
    /// Every role the tab knows (for names and levels).
    roles: Vec<RoleInfo>,
    /// The signed-in user's id, to say "You".
    me: Option<String>,
    /// The backend keeps each token's history.
    history: bool,
    /// The backend counts each token's use.
    usage: bool,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let (source, id) = (row.source, row.id.clone());
    let usage_id = row.id.clone();
    // Asked once, when the dialog opens (a plain task: no async resource machinery in the
    // wasm for one request).
    let events = history.then(|| {
        let events = RwSignal::new(None::<Result<Vec<TokenEvent>, ApiError>>);
        let api = ApiContext::expect();
        leptos::task::spawn_local(async move {
            let answer = api.events(source, id).await;
            events.try_set(Some(answer));
        });
        events
    });
    let t = i18n.get_untracked();
    let now = now_ms();
    let levels: HashMap<&str, &RoleInfo> = roles.iter().map(|r| (r.id.as_str(), r)).collect();
    let roles_text = {
        let row = row.clone();
        let said: Vec<(String, Option<i64>)> = row
            .role_ids
            .iter()
            .map(|id| match levels.get(id.as_str()) {
                Some(r) => (r.name.clone(), r.level),
                None => (id.clone(), None),
            })
            .collect();
        move || {
            let m = i18n.get().m;
            if said.is_empty() {
                return m.roles_text(&row, &HashMap::new());
            }
            said.iter()
                .map(|(name, level)| match level {
                    Some(l) => fill(
                        m.role_with_level,
                        &[("role", name), ("level", &l.to_string())],
                    ),
                    None => name.clone(),
                })
                .collect::<Vec<_>>()
                .join(m.roles_separator)
        }
    };
    let id_copy = row.id.clone();
    let copy_id = Callback::new(move |_| Zeroizing::new(id_copy.clone()));
    let copy_label = Signal::derive(move || i18n.get().m.copy.to_string());
    let created = row
        .created_at
        .map(|c| t.date_time(c))
        .unwrap_or_else(|| t.m.unknown.into());
    let created_by = t.m.created_by(&row, me.as_deref());
    let last_used = match row.last_used_at {
        Some(at) => t.last_used_text(at, row.last_used_ip.as_deref()),
        None => t.m.never_used.into(),
    };
    let grace = match row.previous_secret_expires_at.filter(|&g| g > now) {
        Some(g) => fill(t.m.previous_valid_until, &[("date", &t.date_time(g))]),
        None => t.m.no_previous_secret.into(),
    };
    let title_row = row.clone();
    let owner = row.source.owner();
    let kind = row.source.kind();
    let expires = t.expiry_text(row.expires_at, now);

    view! {
        <Modal
            title=row_title(|m| m.details_title, &title_row)
            on_close=on_close
        >
            <dl class="att-summary">
                <div>
                    <dt>{i18n.text(|m| m.col_identifier)}</dt>
                    <dd><code class="att-mono att-full-id">{row.id.clone()}</code> <CopyButton label=copy_label value=copy_id /></dd>
                </div>
                <div><dt>{i18n.text(|m| m.col_owner)}</dt><dd>{move || i18n.get().m.owner(owner)}</dd></div>
                <div><dt>{i18n.text(|m| m.type_label)}</dt><dd>{move || i18n.get().m.kind(kind)}</dd></div>
                <div><dt>{i18n.text(|m| m.col_roles)}</dt><dd>{roles_text}</dd></div>
                <div><dt>{i18n.text(|m| m.col_created)}</dt><dd>{created}</dd></div>
                <div><dt>{i18n.text(|m| m.col_created_by)}</dt><dd>{created_by}</dd></div>
                <div><dt>{i18n.text(|m| m.col_expires)}</dt><dd>{expires}</dd></div>
                <div><dt>{i18n.text(|m| m.last_used_label)}</dt><dd>{last_used}</dd></div>
                <div><dt>{i18n.text(|m| m.previous_secret_label)}</dt><dd>{grace}</dd></div>
                {(!row.allowed_cidrs.is_empty()).then(|| view! {
                    <div>
                        <dt>{i18n.text(|m| m.allowlist_label)}</dt>
                        <dd><ul class="att-allowlist-entries">
                            {row.allowed_cidrs.iter().map(|c| view! { <li><code class="att-mono" dir="ltr">{c.clone()}</code></li> }).collect_view()}
                        </ul></dd>
                    </div>
                })}
            </dl>
            {usage.then(|| view! { <UsagePanel source=source id=usage_id now=now_ms() /> })}
            {events.map(|events| view! {
                <h3 class="att-subtitle">{i18n.text(|m| m.history_label)}</h3>
                {move || match events.get() {
                    None => view! { <p class="att-status" role="status">{i18n.text(|m| m.history_loading)}</p> }.into_any(),
                    Some(Err(e)) => view! {
                        <p class="att-error" role="alert">{i18n.text(|m| m.history_failed)} {i18n.text(|m| m.sentence_gap)} {move || e.message(i18n.get())}</p>
                    }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="att-hint">{i18n.text(|m| m.history_empty)}</p> }.into_any(),
                    Some(Ok(list)) => view! {
                        <ol class="att-history">
                            {list.into_iter().map(|e| view! { <li>{move || event_text(i18n.get(), &e, now)}</li> }).collect_view()}
                        </ol>
                    }.into_any(),
                }}
            })}
            <div class="att-actions">
                <button type="button" class="att-button" on:click=move |_| on_close.run(())>{i18n.text(|m| m.close)}</button>
            </div>
        </Modal>
    }
}
