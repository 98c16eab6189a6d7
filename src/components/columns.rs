//! The token table's columns, in order, in one place: each one's header, when a session shows
//! it and, for the optional ones (our extensions), its cell. A new optional column is an entry
//! here and its words; the list, its header row, the rows (`token_row.rs`, which draws the
//! fixed columns' cells) and the tab pass [`Columns`] along without naming any.

use leptos::prelude::*;

use crate::i18n::{fill, I18n, Messages, Tr};
use crate::model::account::Lifecycle;
use crate::model::TokenRow;

/// One column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Description,
    Identifier,
    Owner,
    Type,
    Roles,
    Created,
    CreatedBy,
    /// When the token last authenticated (our extension).
    LastUsed,
    Expires,
    /// The row's menu.
    Actions,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Column; 10] = [
        Column::Description,
        Column::Identifier,
        Column::Owner,
        Column::Type,
        Column::Roles,
        Column::Created,
        Column::CreatedBy,
        Column::LastUsed,
        Column::Expires,
        Column::Actions,
    ];

    /// Its header's words.
    pub fn header(self, m: &Messages) -> &'static str {
        match self {
            Column::Description => m.col_description,
            Column::Identifier => m.col_identifier,
            Column::Owner => m.col_owner,
            Column::Type => m.col_type,
            Column::Roles => m.col_roles,
            Column::Created => m.col_created,
            Column::CreatedBy => m.col_created_by,
            Column::LastUsed => m.col_last_used,
            Column::Expires => m.col_expires,
            Column::Actions => m.col_actions,
        }
    }

    /// An optional column's cell for `row` (`None` for a fixed column: the row draws those).
    /// The optional columns sit together between Created by and Expires.
    fn extension_cell(self, t: Tr, row: &TokenRow, now: i64) -> Option<AnyView> {
        match self {
            Column::LastUsed => Some(
                view! { <td class="att-col-last-used" data-label=t.m.col_last_used>{last_used(t, row, now)}</td> }
                    .into_any(),
            ),
            _ => None,
        }
    }

    /// Whether a session with the backend's `lifecycle` (our extension; `None` from a classic
    /// backend) shows it: an optional column only when the backend tells what it shows.
    pub fn shown(self, lifecycle: Option<Lifecycle>) -> bool {
        match self {
            Column::LastUsed => lifecycle.is_some_and(|l| l.last_used),
            _ => true,
        }
    }
}

/// The columns a session shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Columns(u16);

impl Columns {
    /// What a session with the backend's `lifecycle` shows.
    pub fn of(lifecycle: Option<Lifecycle>) -> Columns {
        Columns(
            Column::ALL
                .into_iter()
                .filter(|c| c.shown(lifecycle))
                .fold(0, |bits, c| bits | 1 << c as u16),
        )
    }

    pub fn shows(self, c: Column) -> bool {
        self.0 & 1 << c as u16 != 0
    }

    /// The shown columns, in order.
    pub fn iter(self) -> impl Iterator<Item = Column> {
        Column::ALL.into_iter().filter(move |c| self.shows(*c))
    }

    /// The shown optional columns' cells for `row`, in order (see [`Column::extension_cell`]).
    pub fn extension_cells(self, t: Tr, row: &TokenRow, now: i64) -> Vec<AnyView> {
        self.iter()
            .filter_map(|c| c.extension_cell(t, row, now))
            .collect()
    }

    /// The table's class: a tighter layout when an optional column shows.
    pub fn table_class(self) -> &'static str {
        if self.shows(Column::LastUsed) {
            "att-table att-table-wide"
        } else {
            "att-table"
        }
    }
}

/// The table's header row.
#[component]
pub fn ColumnHeaders(
    columns: Columns,
    /// The first header's checkbox that picks every row shown (`None`: no checkboxes).
    select_all: Option<SelectAll>,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <tr>
            {columns.iter().enumerate().map(|(i, c)| {
                let text = move || c.header(i18n.get().m);
                if let (0, Some(all)) = (i, select_all) {
                    view! {
                        <th scope="col">
                            <input
                                type="checkbox"
                                class="att-select"
                                aria-label=move || all.label.get()
                                prop:checked=move || all.checked.get()
                                prop:indeterminate=move || all.some.get()
                                on:click=move |_| all.toggle.run(())
                            />
                            {text}
                        </th>
                    }.into_any()
                } else if c == Column::Actions {
                    view! { <th scope="col"><span class="att-visually-hidden">{text}</span></th> }.into_any()
                } else {
                    view! { <th scope="col">{text}</th> }.into_any()
                }
            }).collect_view()}
        </tr>
    }
}

/// The header checkbox: its label ("Select all 12 tokens shown"), whether every row shown is
/// picked, or some are, and what it does.
#[derive(Clone, Copy)]
pub struct SelectAll {
    pub label: Signal<String>,
    pub checked: Signal<bool>,
    pub some: Signal<bool>,
    pub toggle: Callback<()>,
}

/// When a token was last used, said relatively, with the full time (and address) on hover
/// and focus; "Never used" for a token that never authenticated.
fn last_used(t: Tr, row: &TokenRow, now: i64) -> AnyView {
    match row.last_used_at {
        Some(at) => {
            let full = t.last_used_text(at, row.last_used_ip.as_deref());
            let relative = t.relative(at, now);
            let label = fill(
                t.m.relative_and_date,
                &[("relative", &relative), ("date", &full)],
            );
            view! {
                <span class="att-time" tabindex="0" aria-label=label>
                    {relative}
                    <span class="att-tooltip" aria-hidden="true">{full}</span>
                </span>
            }
            .into_any()
        }
        None => view! { <span class="att-placeholder">{t.m.never_used}</span> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_columns_show_only_where_the_backend_tells_them() {
        let classic = Columns::of(None);
        assert!(!classic.shows(Column::LastUsed));
        assert_eq!(classic.iter().count(), 9);
        assert_eq!(classic.table_class(), "att-table");
        let ours = Columns::of(Some(Lifecycle {
            last_used: true,
            ..Lifecycle::default()
        }));
        assert_eq!(ours.iter().collect::<Vec<_>>(), Column::ALL);
        assert_eq!(ours.table_class(), "att-table att-table-wide");
        let without = Columns::of(Some(Lifecycle::default()));
        assert!(!without.shows(Column::LastUsed) && without.shows(Column::Expires));
    }

    /// The rows draw the optional cells in one place, between Created by and Expires: the
    /// headers must have them there too, or a header would sit over another column's cells.
    #[test]
    fn optional_columns_sit_together_before_expires() {
        let optional: Vec<usize> = (0..Column::ALL.len())
            .filter(|&i| !Column::ALL[i].shown(None))
            .collect();
        assert!(!optional.is_empty());
        let created_by = Column::ALL.iter().position(|&c| c == Column::CreatedBy);
        let expires = Column::ALL.iter().position(|&c| c == Column::Expires);
        assert_eq!(created_by, Some(optional[0] - 1));
        assert_eq!(expires, Some(optional[optional.len() - 1] + 1));
        assert_eq!(
            optional.len(),
            optional[optional.len() - 1] - optional[0] + 1
        );
    }
}
