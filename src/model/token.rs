//! One row of the combined list, whatever source it came from.

/// Whose token, and the four sources (defined in `api-tokens-rules`, which the backend shares).
pub use api_tokens_rules::{Owner, Source};

/// A token as the list shows it. Never holds a secret. `Hash`: the list keys its rows by the
/// whole row, so an edited token's row is built again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TokenRow {
    pub source: Source,
    /// The client id (client credentials) or the token id (access tokens).
    pub id: String,
    pub description: Option<String>,
    /// Milliseconds since the epoch; `None` when the backend sent none or garbage.
    pub created_at: Option<i64>,
    /// `None`: never expires.
    pub expires_at: Option<i64>,
    pub role_ids: Vec<String>,
    /// The permissions it holds itself, by id (account client credentials only).
    pub permission_ids: Vec<String>,
    pub created_by_user_id: Option<String>,
    /// When it last authenticated (milliseconds); `None`: never, or the backend does not say
    /// (see [`super::account::Lifecycle::last_used`]).
    pub last_used_at: Option<i64>,
    /// The address it last authenticated from, when the backend says.
    pub last_used_ip: Option<String>,
    /// Until when the secret it had before its last roll still works (our extension);
    /// `None`: no grace window open.
    pub previous_secret_expires_at: Option<i64>,
    /// Set while the backend's idle policy has it disabled (our extension): it does not
    /// authenticate until a user enables it again.
    pub disabled: Option<Disabled>,
    /// The networks it may be used from, as the backend wrote them (our extension); empty:
    /// anywhere.
    pub allowed_cidrs: Vec<String>,
    /// The user who made it was removed from the account (our extension).
    pub created_by_former_member: bool,
    /// Another member's personal token, in an admin's view of every member's (our extension);
    /// `None`: the account's or the user's own.
    pub member: Option<std::sync::Arc<super::owner::Member>>,
}

/// Since when, and after how many days unused, a token is disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Disabled {
    /// Milliseconds; `None` when the backend sent none or garbage.
    pub at: Option<i64>,
    /// The idle policy's days; `None`: disabled for a reason the backend did not give.
    pub after_unused_days: Option<u32>,
}

impl TokenRow {
    /// A row of `source` with id `id` and nothing else known. Rows are built from it (`..`),
    /// never field by field, so a new field is written here and in the mapping from the wire
    /// (`api::map`) only.
    pub fn new(source: Source, id: impl Into<String>) -> TokenRow {
        TokenRow {
            source,
            id: id.into(),
            description: None,
            created_at: None,
            expires_at: None,
            role_ids: vec![],
            permission_ids: vec![],
            created_by_user_id: None,
            last_used_at: None,
            last_used_ip: None,
            previous_secret_expires_at: None,
            disabled: None,
            allowed_cidrs: vec![],
            created_by_former_member: false,
            member: None,
        }
    }

    /// The row's identity, unique across the four sources (an id alone might repeat between
    /// them). Borrowed: merging, finding and replacing rows compare it without a string of its
    /// own per row.
    pub fn key(&self) -> (Source, &str) {
        (self.source, self.id.as_str())
    }

    /// The description, or `None` when it is absent or blank.
    pub fn description_text(&self) -> Option<&str> {
        self.description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
    }

    /// How labels, dialogs and announcements name the token: its description cut to
    /// [`LABEL_CHARS`] characters (a backend may send 10,000), or `untitled`. Bidi embeddings,
    /// overrides and isolates (another backend may not refuse them) are left out: put into a
    /// sentence ("Delete “…”?"), such a name could reorder the words after it, and no wrapper
    /// holds them in (a U+2069 inside would close it).
    pub fn label(&self, untitled: &str) -> String {
        match self.description_text() {
            Some(d) if d.contains(is_bidi_control) => {
                let plain: String = d.chars().filter(|c| !is_bidi_control(*c)).collect();
                match plain.trim() {
                    "" => untitled.to_string(),
                    p => truncate_chars(p, LABEL_CHARS),
                }
            }
            Some(d) => truncate_chars(d, LABEL_CHARS),
            None => untitled.to_string(),
        }
    }
}

/// The bidirectional embeddings, overrides and isolates, which a label leaves out.
pub use api_tokens_rules::is_bidi_control;

/// The longest name a label or a dialog shows.
pub const LABEL_CHARS: usize = 80;

/// `s` cut to at most `max` characters, with "…" when something was cut.
pub fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some(_) => {
            let cut: String = s.chars().take(max.saturating_sub(1)).collect();
            format!("{}…", cut.trim_end())
        }
    }
}

/// A long identifier shortened for display: the first 8 and last 4 characters.
pub fn short_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 16 {
        return id.to_string();
    }
    let head: String = chars[..8].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_to_a_readable_length() {
        assert_eq!(truncate_chars("short", 80), "short");
        let long = "é".repeat(10_000);
        let cut = truncate_chars(&long, 80);
        assert_eq!(cut.chars().count(), 80);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate_chars("abcdef", 6), "abcdef");
        assert_eq!(truncate_chars("abcdefg", 6), "abcde…");
    }

    #[test]
    fn short_ids_keep_head_and_tail() {
        assert_eq!(
            short_id("7df3558a-c46d-4248-997a-ddb712d56cf9"),
            "7df3558a…6cf9"
        );
        assert_eq!(short_id("short-id"), "short-id");
        assert_eq!(short_id("ééééééééééééééééé"), "éééééééé…éééé");
    }

    #[test]
    fn blank_descriptions_count_as_none() {
        let mut r = TokenRow {
            description: Some("  ".into()),
            ..TokenRow::new(Source::AccountClients, "a")
        };
        assert_eq!(r.description_text(), None);
        r.description = Some(" CI ".into());
        assert_eq!(r.description_text(), Some("CI"));
        assert_eq!(r.key(), (Source::AccountClients, "a"));
        let personal = TokenRow {
            source: Source::PersonalClients,
            ..r.clone()
        };
        assert_ne!(
            personal.key(),
            r.key(),
            "the same id in another source is another row"
        );
        assert_eq!(r.label("Untitled"), "CI");
        // Bidi controls are left out of the label (a closing one too); right-to-left text stays.
        r.description = Some("\u{202E}gnp.exe".into());
        assert_eq!(r.label("Untitled"), "gnp.exe");
        r.description = Some("a\u{2069}\u{202E}b\u{2066}".into());
        assert_eq!(r.label("Untitled"), "ab");
        r.description = Some("\u{202E}\u{2069}".into());
        assert_eq!(r.label("Untitled"), "Untitled");
        r.description = Some("ترحيل البيانات".into());
        assert_eq!(r.label("Untitled"), "ترحيل البيانات");
        r.description = None;
        assert_eq!(r.label("Untitled"), "Untitled");
    }
}
