//! The token table's columns, in order, in one place: each one's header and when a session shows
//! it. A new column is an entry here, its cell in `token_row.rs` and its words; the list, its
//! header row and the tab pass [`Columns`] along without naming any.

use leptos::prelude::*;

use crate::i18n::{I18n, Messages};
use crate::model::account::Lifecycle;

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
pub fn ColumnHeaders(columns: Columns) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <tr>
            {columns.iter().map(|c| {
                let text = move || c.header(i18n.get().m);
                if c == Column::Actions {
                    view! { <th scope="col"><span class="att-visually-hidden">{text}</span></th> }.into_any()
                } else {
                    view! { <th scope="col">{text}</th> }.into_any()
                }
            }).collect_view()}
        </tr>
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
}
