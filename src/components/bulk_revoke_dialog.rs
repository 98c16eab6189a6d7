//! [`BulkRevokeDialog`]: revokes the picked tokens (issue 35). It first says what would
//! happen, by outcome, naming each token: from the backend's dry run (our extension), or
//! against a classic backend from the tab's own check of what the user may delete. Then it
//! revokes them ([`crate::api::bulk::revoke`]: each sent once); the ones that failed stay
//! picked and can be tried again by hand.

use leptos::prelude::*;

use super::dialog::Modal;
use super::store::TabStore;
use super::ApiContext;
use crate::api::{bulk, ApiError};
use crate::i18n::{fill, I18n, Text};
use crate::model::roles::Above;
use crate::model::selection::{key_of, Revoked};
use crate::model::TokenRow;
use crate::state::{Session, TokenAction};

/// What would happen to the picked tokens.
#[derive(Clone, Default)]
struct Plan {
    will: Vec<TokenRow>,
    not_allowed: Vec<(TokenRow, Text)>,
    gone: Vec<TokenRow>,
}

/// Where a run stands: answered of asked, and what failed (with why).
#[derive(Clone, Default)]
struct Run {
    total: usize,
    done: usize,
    revoked: usize,
    failed: Vec<(TokenRow, Text)>,
    finished: bool,
}

#[component]
pub fn BulkRevokeDialog(
    rows: Vec<TokenRow>,
    /// What the backend offers and the user may do.
    session: Session,
    /// Told of the tokens that went, and of how many failed.
    store: TabStore,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let api = ApiContext::expect();
    let bulk = session.bulk_delete();
    let plan = RwSignal::new(None::<Result<Plan, ApiError>>);
    let run = RwSignal::new(None::<Run>);
    let running = move || run.with(|r| r.as_ref().is_some_and(|r| !r.finished));

    // What would happen.
    if bulk {
        let (api, rows) = (api.clone(), rows.clone());
        leptos::task::spawn_local(async move {
            let answer = bulk::dry_run(api, &rows).await.map(|outcomes| {
                let mut p = Plan::default();
                for (row, o) in outcomes {
                    match o {
                        Revoked::Yes => p.will.push(row),
                        Revoked::NotFound => p.gone.push(row),
                        Revoked::NotAllowed(why) => p.not_allowed.push((row, said(why))),
                    }
                }
                p
            });
            plan.try_set(Some(answer));
        });
    } else {
        let mut p = Plan::default();
        for (row, refusal) in rows.iter().zip(refusals(&session, &rows)) {
            match refusal {
                Some(why) => p.not_allowed.push((row.clone(), why)),
                None => p.will.push(row.clone()),
            }
        }
        plan.set(Some(Ok(p)));
    }

    // Revokes `rows`, each once: the answers fill `run`, then the list is told.
    let kept_api = StoredValue::new_local(api);
    let start = Callback::new(move |rows: Vec<TokenRow>| {
        if rows.is_empty() || running() {
            return;
        }
        run.set(Some(Run {
            total: rows.len(),
            ..Run::default()
        }));
        let api = kept_api.get_value();
        leptos::task::spawn_local(async move {
            let gone = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            let went = gone.clone();
            bulk::revoke(api, rows, bulk, move |row, answer| {
                run.try_update(|r| {
                    let Some(r) = r else { return };
                    r.done += 1;
                    match answer {
                        Ok(Revoked::Yes | Revoked::NotFound) => {
                            r.revoked += 1;
                            went.borrow_mut().push(key_of(&row));
                        }
                        Ok(Revoked::NotAllowed(why)) => r.failed.push((row, said(why))),
                        Err(e) => r.failed.push((row, e.into())),
                    }
                });
            })
            .await;
            let failed = run.with_untracked(|r| r.as_ref().map_or(0, |r| r.failed.len()));
            run.try_update(|r| {
                if let Some(r) = r {
                    r.finished = true;
                }
            });
            let gone = gone.borrow().clone();
            store.apply(|s| s.bulk_revoked(&gone, failed));
        });
    });

    let names = move |rows: &[TokenRow]| {
        let m = i18n.get().m;
        rows.iter()
            .map(|r| view! { <li>{m.name(r)}</li> })
            .collect_view()
    };
    let with_reasons = move |rows: &[(TokenRow, Text)]| {
        let t = i18n.get();
        rows.iter()
            .map(|(r, why)| view! { <li>{t.m.name(r)}{t.m.sentence_gap}"— "{why.say(t)}</li> })
            .collect_view()
    };
    let title = Signal::derive(move || i18n.get().m.bulk_title.to_string());

    view! {
        <Modal
            title=title
            on_close=on_close
            can_escape=Signal::derive(move || !running())
            class="att-dialog-danger"
            role="alertdialog"
        >
            {move || match plan.get() {
                None => view! { <p class="att-status" role="status">{i18n.text(|m| m.bulk_checking)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="att-error" role="alert">{move || fill(i18n.get().m.bulk_check_failed, &[("error", &e.message(i18n.get()))])}</p>
                    <div class="att-actions">
                        <button type="button" class="att-button" on:click=move |_| on_close.run(())>{i18n.text(|m| m.close)}</button>
                    </div>
                }.into_any(),
                Some(Ok(p)) => {
                    let (will, not_allowed, gone) = (p.will.clone(), p.not_allowed.clone(), p.gone.clone());
                    let n = will.len();
                    let to_revoke = will.clone();
                    view! {
                        <div class="att-bulk-plan">
                            {(!will.is_empty()).then(|| view! {
                                <h3 class="att-subtitle">{move || i18n.get().count(&i18n.get().m.bulk_will, n)}</h3>
                                <ul class="att-bulk-list">{names(&will)}</ul>
                            })}
                            {(!not_allowed.is_empty()).then(|| { let k = not_allowed.len(); view! {
                                <h3 class="att-subtitle">{move || i18n.get().count(&i18n.get().m.bulk_not_allowed, k)}</h3>
                                <ul class="att-bulk-list">{with_reasons(&not_allowed)}</ul>
                            }})}
                            {(!gone.is_empty()).then(|| { let k = gone.len(); view! {
                                <h3 class="att-subtitle">{move || i18n.get().count(&i18n.get().m.bulk_not_found, k)}</h3>
                                <ul class="att-bulk-list">{names(&gone)}</ul>
                            }})}
                        </div>
                        <p class="att-warning"><strong>{i18n.text(|m| m.bulk_no_undo)}</strong></p>
                        {move || run.get().map(|r| {
                            let t = i18n.get();
                            if !r.finished {
                                let said = fill(t.m.bulk_revoking, &[("done", &t.number(r.done as i64)), ("n", &t.number(r.total as i64))]);
                                return view! { <p class="att-status" role="status">{said}</p> }.into_any();
                            }
                            let failed: Vec<(TokenRow, Text)> = r.failed.clone();
                            view! {
                                <p class="att-status" role="status">{t.count(&t.m.bulk_done, r.revoked)}</p>
                                {(!failed.is_empty()).then(|| view! {
                                    <div role="alert">
                                        <h3 class="att-subtitle">{t.count(&t.m.bulk_failed, failed.len())}</h3>
                                        <ul class="att-bulk-list">{with_reasons(&failed)}</ul>
                                    </div>
                                })}
                            }.into_any()
                        })}
                        <div class="att-actions">
                            <button type="button" class="att-button att-button-secondary"
                                disabled=running
                                on:click=move |_| on_close.run(())>
                                {move || { let m = i18n.get().m; if run.with(|r| r.is_some()) { m.close } else { m.cancel } }}
                            </button>
                            {move || {
                                let failed: Vec<TokenRow> = run.with(|r| r.as_ref().filter(|r| r.finished).map(|r| r.failed.iter().map(|(row, _)| row.clone()).collect()).unwrap_or_default());
                                if run.with(|r| r.is_none()) {
                                    let rows = to_revoke.clone();
                                    view! {
                                        <button type="button" class="att-button att-button-danger"
                                            disabled=move || n == 0 || running()
                                            on:click=move |_| start.run(rows.clone())>
                                            {move || i18n.get().count(&i18n.get().m.bulk_confirm, n)}
                                        </button>
                                    }.into_any()
                                } else if !failed.is_empty() {
                                    view! {
                                        <button type="button" class="att-button att-button-danger"
                                            on:click=move |_| start.run(failed.clone())>
                                            {i18n.text(|m| m.bulk_retry)}
                                        </button>
                                    }.into_any()
                                } else {
                                    ().into_any()
                                }
                            }}
                        </div>
                    }.into_any()
                }
            }}
        </Modal>
    }
}

/// Against a classic backend, the tab's own check of each of `rows`: why the user may not
/// revoke it (the permission, and the level rule where the backend says it applies it to
/// deletes), `None` where they may.
pub fn refusals(s: &Session, rows: &[TokenRow]) -> Vec<Option<Text>> {
    rows.iter()
        .map(|row| {
            if !s.abilities.can_delete(row.source.owner()) {
                return Some(Text::of(|m| m.err_403));
            }
            match s.blocked(row, TokenAction::Delete)? {
                Above::Role(r) => {
                    let r = r.to_string();
                    Some(Text::new(move |t| t.m.above(Above::Role(&r))))
                }
                Above::Permission(p) => {
                    let p = p.to_string();
                    Some(Text::new(move |t| t.m.above(Above::Permission(&p))))
                }
            }
        })
        .collect()
}

/// A backend's reason (empty: none given) as said.
fn said(why: String) -> Text {
    if why.is_empty() {
        Text::of(|m| m.err_other)
    } else {
        Text::new(move |_| why.clone())
    }
}
