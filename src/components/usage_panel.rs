//! [`UsagePanel`] (our extension, in Details): a token's uses and refused attempts over the
//! last 30 days as a bar chart the tab draws (SVG, in the theme's colours, mirrored right to
//! left), said in words beside it (totals and the busiest day: the chart's text alternative),
//! and the addresses it was recently used from.

use leptos::prelude::*;

use super::ApiContext;
use crate::api::ApiError;
use crate::i18n::{fill, I18n, Tr};
use crate::model::usage::TokenUsage;
use crate::model::Source;

/// The days the panel shows.
pub const DAYS: u32 = 30;

/// The chart's drawing box: one 10-unit slot a day, 40 high.
const SLOT: f64 = 10.0;
const HEIGHT: f64 = 40.0;

/// "12 uses and 3 refused attempts in the last 30 days. Busiest day: Dec 3, 2026, 8 uses."
fn summary(t: Tr, u: &TokenUsage) -> String {
    let m = t.m;
    let (uses, refused) = u.totals();
    if uses == 0 && refused == 0 {
        return m.usage_none.into();
    }
    let mut said = fill(
        m.usage_totals,
        &[
            ("uses", &t.count(&m.usage_uses, uses as usize)),
            ("refused", &t.count(&m.usage_refused, refused as usize)),
        ],
    );
    if let Some(day) = u.busiest() {
        let date = day.at.map(|at| t.date(at)).unwrap_or(day.date.clone());
        said.push_str(m.sentence_gap);
        said.push_str(&fill(
            m.usage_busiest,
            &[
                ("date", &date),
                ("uses", &t.count(&m.usage_uses, day.uses as usize)),
            ],
        ));
    }
    said
}

fn chart(u: &TokenUsage) -> impl IntoView {
    let width = SLOT * u.days.len().max(1) as f64;
    let bars = u
        .bars()
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let x = i as f64 * SLOT + 1.0;
            let uses_h = b.uses * HEIGHT;
            let refused_h = b.refused * HEIGHT;
            view! {
                <rect class="att-bar-uses" x=x y=HEIGHT - uses_h width=SLOT - 2.0 height=uses_h></rect>
                <rect class="att-bar-refused" x=x y=HEIGHT - uses_h - refused_h width=SLOT - 2.0 height=refused_h></rect>
            }
        })
        .collect_view();
    view! {
        <svg viewBox=format!("0 0 {width} {HEIGHT}") preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <line x1="0" y1=HEIGHT x2=width y2=HEIGHT></line>
            {bars}
        </svg>
    }
}

#[component]
pub fn UsagePanel(source: Source, id: String, now: i64) -> impl IntoView {
    let i18n = I18n::expect();
    // Asked once, when Details opens (as its history is).
    let usage = RwSignal::new(None::<Result<TokenUsage, ApiError>>);
    let api = ApiContext::expect();
    leptos::task::spawn_local(async move {
        let answer = api.usage(source, id, DAYS).await;
        usage.try_set(Some(answer));
    });
    view! {
        <h3 class="att-subtitle">{i18n.text(|m| m.usage_label)}</h3>
        {move || match usage.get() {
            None => view! { <p class="att-status" role="status">{i18n.text(|m| m.usage_loading)}</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="att-error" role="alert">{i18n.text(|m| m.usage_failed)} {i18n.text(|m| m.sentence_gap)} {move || e.message(i18n.get())}</p>
            }.into_any(),
            Some(Ok(u)) => {
                let said = u.clone();
                let addresses = u.addresses.clone();
                view! {
                    <figure class="att-usage">
                        {chart(&u)}
                        <figcaption>
                            <span class="att-usage-key">
                                <span class="att-swatch att-bar-uses" aria-hidden="true"></span>{i18n.text(|m| m.usage_legend_uses)}
                                <span class="att-swatch att-bar-refused" aria-hidden="true"></span>{i18n.text(|m| m.usage_legend_refused)}
                            </span>
                            <span class="att-usage-summary">{move || summary(i18n.get(), &said)}</span>
                        </figcaption>
                    </figure>
                    <h3 class="att-subtitle">{i18n.text(|m| m.addresses_label)}</h3>
                    {if addresses.is_empty() {
                        view! { <p class="att-hint">{i18n.text(|m| m.addresses_none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="att-addresses">
                                {addresses.into_iter().map(|a| view! {
                                    <li>{move || {
                                        let t = i18n.get();
                                        let last = a.last_seen.map(|at| t.relative(at, now)).unwrap_or_default();
                                        fill(t.m.address_line, &[
                                            ("ip", &a.ip),
                                            ("uses", &t.count(&t.m.usage_uses, a.uses as usize)),
                                            ("last", &last),
                                        ])
                                    }}</li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            }
        }}
    }
}
