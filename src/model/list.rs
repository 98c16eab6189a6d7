//! The combined list: merging the four sources, sorting, searching, hiding expired tokens.

use std::collections::HashMap;

use super::time::{expiry_status, ExpiryStatus};
use super::{Source, TokenRow};

/// The list with `source`'s rows replaced by a fresh `loaded` copy of that source (members'
/// tokens kept: a source's list holds the user's own).
pub fn replace_source(rows: &[TokenRow], source: Source, loaded: Vec<TokenRow>) -> Vec<TokenRow> {
    let others = rows
        .iter()
        // Members' personal tokens come from their own list (`TabState::members_loaded`).
        .filter(|r| r.source != source || r.member.is_some())
        .cloned()
        .collect();
    merge([loaded, others])
}

/// After a create whose answer was lost: the row in a freshly loaded `loaded` list of `source`
/// that was not in `before` and has the description the user typed (the newest such one).
pub fn find_created<'a>(
    before: &[TokenRow],
    source: Source,
    loaded: &'a [TokenRow],
    description: &str,
) -> Option<&'a TokenRow> {
    let known: std::collections::HashSet<(Source, &str)> =
        before.iter().map(TokenRow::key).collect();
    loaded
        .iter()
        .filter(|r| r.source == source && !known.contains(&r.key()))
        .filter(|r| r.description.as_deref().map(str::trim) == Some(description.trim()))
        .max_by_key(|r| r.created_at.unwrap_or(i64::MIN))
}

/// Merges rows from several sources: one row per (source, id), newest first.
pub fn merge(sources: impl IntoIterator<Item = Vec<TokenRow>>) -> Vec<TokenRow> {
    let mut rows: Vec<TokenRow> = sources.into_iter().flatten().collect();
    // Keyed by the borrowed `TokenRow::key`: a formatted key string per row cost a 10,000-token
    // load about as much as hashing it (CPU profile), and an allocation per row.
    let first: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity(rows.len());
        rows.iter().map(|r| seen.insert(r.key())).collect()
    };
    let mut first = first.into_iter();
    rows.retain(|_| first.next().unwrap_or(true));
    sort(&mut rows, SortBy::Newest);
    rows
}

/// The orders the list offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Created, newest first (the default, as in Frontegg's portal).
    #[default]
    Newest,
    Oldest,
    /// Expires soonest first; never-expiring last.
    ExpiresSoonest,
    /// Expires latest first; never-expiring first.
    ExpiresLatest,
    /// Used most recently first; never used last (only where the backend tells last use).
    LastUsed,
    /// Never used first, then the longest unused.
    LeastRecentlyUsed,
}

impl SortBy {
    pub const ALL: [SortBy; 6] = [
        SortBy::Newest,
        SortBy::Oldest,
        SortBy::ExpiresSoonest,
        SortBy::ExpiresLatest,
        SortBy::LastUsed,
        SortBy::LeastRecentlyUsed,
    ];

    /// The orders the sort menu offers: those by last use only where the backend tells it.
    pub fn offered(last_used: bool) -> &'static [SortBy] {
        if last_used {
            &SortBy::ALL
        } else {
            &SortBy::ALL[..4]
        }
    }

    /// A stable value for a `<select>`.
    pub fn value(self) -> &'static str {
        match self {
            SortBy::Newest => "newest",
            SortBy::Oldest => "oldest",
            SortBy::ExpiresSoonest => "expires-soonest",
            SortBy::ExpiresLatest => "expires-latest",
            SortBy::LastUsed => "last-used",
            SortBy::LeastRecentlyUsed => "least-recently-used",
        }
    }

    pub fn from_value(v: &str) -> SortBy {
        SortBy::ALL
            .into_iter()
            .find(|s| s.value() == v)
            .unwrap_or_default()
    }
}

/// How `by` orders two rows; ties (and missing timestamps, which sort as oldest) fall back to
/// the id so the order is stable across reloads.
fn compare(by: SortBy) -> impl Fn(&TokenRow, &TokenRow) -> std::cmp::Ordering {
    let created = |r: &TokenRow| r.created_at.unwrap_or(i64::MIN);
    // Never-expiring counts as the far future.
    let expires = |r: &TokenRow| r.expires_at.unwrap_or(i64::MAX);
    // Never used counts as the distant past.
    let used = |r: &TokenRow| r.last_used_at.unwrap_or(i64::MIN);
    move |a, b| {
        let primary = match by {
            SortBy::Newest => created(b).cmp(&created(a)),
            SortBy::Oldest => created(a).cmp(&created(b)),
            SortBy::ExpiresSoonest => expires(a).cmp(&expires(b)),
            SortBy::ExpiresLatest => expires(b).cmp(&expires(a)),
            SortBy::LastUsed => used(b).cmp(&used(a)),
            SortBy::LeastRecentlyUsed => used(a).cmp(&used(b)),
        };
        primary.then_with(|| a.id.cmp(&b.id))
    }
}

/// Sorts in place: the indices are sorted (see [`sort_order`]), then each row is moved once.
pub fn sort(rows: &mut Vec<TokenRow>, by: SortBy) {
    let order = sort_order(rows, by);
    let mut taken: Vec<Option<TokenRow>> = std::mem::take(rows).into_iter().map(Some).collect();
    *rows = order
        .into_iter()
        .filter_map(|i| taken.get_mut(i).and_then(Option::take))
        .collect();
}

/// The indices of `rows` in `by`'s order: a new order costs no copy of the rows.
pub fn sort_order(rows: &[TokenRow], by: SortBy) -> Vec<usize> {
    let cmp = compare(by);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&rows[a], &rows[b]));
    order
}

/// Stable-sorts indices by `cmp`. Every sort of the model (rows, roles) goes through this one
/// call: the standard library's sort is generic over the element type and the comparator, and
/// each distinct pair put another copy of it (about 4 KB) into the wasm.
pub fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// A search query, lower-cased once per keystroke rather than once per row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(String);

impl Query {
    pub fn new(raw: &str) -> Query {
        Query(raw.trim().to_lowercase())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Case-insensitive substring match on the description, the identifier, the names of the
    /// token's roles, its IP allowlist's entries and a member's name and email; absent descriptions simply do not match.
    pub fn matches(&self, row: &TokenRow, role_names: &HashMap<String, String>) -> bool {
        if self.0.is_empty() {
            return true;
        }
        let q = self.0.as_str();
        row.description
            .as_deref()
            .is_some_and(|d| d.to_lowercase().contains(q))
            || row.id.to_lowercase().contains(q)
            || row.role_ids.iter().any(|id| {
                role_names
                    .get(id)
                    .is_some_and(|n| n.to_lowercase().contains(q))
            })
            || row
                .allowed_cidrs
                .iter()
                .any(|c| c.to_lowercase().contains(q))
            || row.member.as_ref().is_some_and(|m| {
                [m.name.as_deref(), m.email.as_deref()]
                    .into_iter()
                    .flatten()
                    .any(|s| s.to_lowercase().contains(q))
            })
    }
}

/// How long without use makes a token "unused".
pub const UNUSED_DAYS: i64 = 90;

/// Whether `row` has gone [`UNUSED_DAYS`] without authenticating: last used that long ago,
/// or never used and created that long ago (a token whose creation is unknown is not
/// counted). Meaningful only where the backend tells last use.
pub fn is_unused(row: &TokenRow, now: i64) -> bool {
    let since = now - UNUSED_DAYS * 86_400_000;
    match row.last_used_at {
        Some(used) => used <= since,
        None => row.created_at.is_some_and(|c| c <= since),
    }
}

/// How soon an expiry makes a token "expiring" (the filter beside the unused one).
pub const EXPIRING_DAYS: i64 = 30;

/// Whether `row` expires within [`EXPIRING_DAYS`] from `now` and has not expired yet.
pub fn is_expiring(row: &TokenRow, now: i64) -> bool {
    row.expires_at
        .is_some_and(|e| e > now && e - now <= EXPIRING_DAYS * 86_400_000)
}

/// What the user narrowed the list to, besides the search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Narrow {
    pub show_expired: bool,
    /// Only tokens [`is_unused`].
    pub unused_only: bool,
    /// Only tokens [`is_expiring`].
    pub expiring_only: bool,
    pub now: i64,
}

impl Narrow {
    /// Whether `row` stays in view.
    pub fn keeps(&self, row: &TokenRow) -> bool {
        (self.show_expired || expiry_status(row.expires_at, self.now) != ExpiryStatus::Expired)
            && (!self.unused_only || is_unused(row, self.now))
            && (!self.expiring_only || is_expiring(row, self.now))
    }
}

/// How many rows [`is_unused`] among those the expired toggle keeps in view (the count beside
/// the unused filter, whatever is searched).
pub fn unused_count(rows: &[TokenRow], show_expired: bool, now: i64) -> usize {
    let narrow = Narrow {
        show_expired,
        unused_only: true,
        expiring_only: false,
        now,
    };
    rows.iter().filter(|r| narrow.keeps(r)).count()
}

/// How many rows [`is_expiring`] (the count beside that filter, whatever is searched; none of
/// them has expired, so the expired toggle does not change it).
pub fn expiring_count(rows: &[TokenRow], now: i64) -> usize {
    rows.iter().filter(|r| is_expiring(r, now)).count()
}

/// The rows to show: matching `query` and kept by `narrow`.
pub fn visible<'a>(
    rows: &'a [TokenRow],
    query: &Query,
    narrow: Narrow,
    role_names: &HashMap<String, String>,
) -> Vec<&'a TokenRow> {
    rows.iter()
        .filter(|r| narrow.keeps(r))
        .filter(|r| query.matches(r, role_names))
        .collect()
}

/// Separates the fields of a [`search_key`]; a query typed into a one-line box never holds it.
const FIELD_SEPARATOR: char = '\u{1f}';

/// What search looks through for one row, lower-cased once when the list changes rather than
/// on every keystroke: its description, identifier, role names, allowlist entries and a
/// member's name and email.
pub fn search_key(row: &TokenRow, role_names: &HashMap<String, String>) -> String {
    let mut key = String::new();
    let mut push = |s: &str| {
        // The same lower-casing as the query's (final sigma included); ASCII text, most of a
        // list, is lower-cased straight into the key without a string of its own.
        if s.is_ascii() {
            key.extend(s.bytes().map(|c| char::from(c.to_ascii_lowercase())));
        } else {
            key.push_str(&s.to_lowercase());
        }
        key.push(FIELD_SEPARATOR);
    };
    if let Some(d) = &row.description {
        push(d);
    }
    push(&row.id);
    for id in &row.role_ids {
        if let Some(name) = role_names.get(id) {
            push(name);
        }
    }
    for cidr in &row.allowed_cidrs {
        push(cidr);
    }
    if let Some(m) = &row.member {
        for s in [&m.name, &m.email].into_iter().flatten() {
            push(s);
        }
    }
    key
}

/// The indices of the rows to show (the rule of [`visible`]) in the list's `order`, matched
/// against precomputed [`search_key`]s (`keys[i]` is `rows[i]`'s; none are read, and `keys` may
/// be empty, when the query is): no allocation per row, so a keystroke over 10,000 tokens stays
/// cheap.
pub fn visible_indices(
    rows: &[TokenRow],
    keys: &[String],
    order: &[usize],
    query: &Query,
    narrow: Narrow,
) -> Vec<usize> {
    let q = query.0.as_str();
    if q.contains(FIELD_SEPARATOR) {
        return Vec::new();
    }
    order
        .iter()
        .copied()
        .filter(|&i| narrow.keeps(&rows[i]))
        .filter(|&i| q.is_empty() || contains(keys[i].as_bytes(), q.as_bytes()))
        .collect()
}

/// Whether `needle` occurs in `haystack` (both UTF-8, so a bytewise match is a match of
/// characters): finds the needle's first byte, then compares the rest there. `str::contains`
/// sets up a two-way searcher on every call, which was the largest part of a keystroke's
/// search over 10,000 short keys.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    let mut h = haystack;
    while let Some(at) = h.iter().position(|&b| b == first) {
        let tail = &h[at + 1..];
        if tail.starts_with(rest) {
            return true;
        }
        h = tail;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn row(
        source: Source,
        id: &str,
        desc: Option<&str>,
        created: Option<i64>,
        expires: Option<i64>,
        roles: &[&str],
    ) -> TokenRow {
        TokenRow {
            description: desc.map(Into::into),
            created_at: created,
            expires_at: expires,
            role_ids: roles.iter().map(|r| r.to_string()).collect(),
            ..TokenRow::new(source, id)
        }
    }

    /// Every row, or all but the expired, as of `now`.
    fn all(show_expired: bool, now: i64) -> Narrow {
        Narrow {
            show_expired,
            now,
            ..Narrow::default()
        }
    }

    fn ids(rows: &[TokenRow]) -> Vec<&str> {
        rows.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn substring_search_agrees_with_str_contains() {
        let hays = [
            "",
            "a",
            "aaab",
            "abcabd",
            "ümlaut ärger",
            "bench token 00417",
            "x\u{1f}y",
        ];
        let needles = [
            "",
            "a",
            "ab",
            "abd",
            "aab",
            "b",
            "ärg",
            "r",
            "token 004",
            "00417",
            "004170",
            "\u{1f}y",
            "zz",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(
                    contains(h.as_bytes(), n.as_bytes()),
                    h.contains(n),
                    "{h:?} / {n:?}"
                );
            }
        }
    }

    #[test]
    fn merge_combines_sources_newest_first_and_drops_duplicates() {
        let merged = merge([
            vec![row(Source::AccountClients, "a", None, Some(10), None, &[])],
            vec![
                row(Source::AccountAccess, "b", None, Some(30), None, &[]),
                row(Source::AccountAccess, "b", None, Some(30), None, &[]),
            ],
            vec![row(Source::PersonalClients, "c", None, None, None, &[])],
            vec![row(Source::PersonalAccess, "d", None, Some(20), None, &[])],
            // The same id in another source is another token.
            vec![row(Source::PersonalAccess, "a", None, Some(5), None, &[])],
        ]);
        assert_eq!(ids(&merged), ["b", "d", "a", "a", "c"]);

        // A repeated (source, id) keeps the row that came first.
        let merged = merge([
            vec![row(
                Source::AccountClients,
                "x",
                Some("first"),
                Some(1),
                None,
                &[],
            )],
            vec![row(
                Source::AccountClients,
                "x",
                Some("second"),
                Some(9),
                None,
                &[],
            )],
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].description.as_deref(), Some("first"));
    }

    #[test]
    fn sorting_by_expiry_puts_never_at_the_far_end() {
        let mut rows = vec![
            row(Source::AccountClients, "never", None, Some(1), None, &[]),
            row(
                Source::AccountClients,
                "late",
                None,
                Some(2),
                Some(500),
                &[],
            ),
            row(
                Source::AccountClients,
                "soon",
                None,
                Some(3),
                Some(100),
                &[],
            ),
        ];
        sort(&mut rows, SortBy::ExpiresSoonest);
        assert_eq!(ids(&rows), ["soon", "late", "never"]);
        sort(&mut rows, SortBy::ExpiresLatest);
        assert_eq!(ids(&rows), ["never", "late", "soon"]);
        sort(&mut rows, SortBy::Oldest);
        assert_eq!(ids(&rows), ["never", "late", "soon"]);
        sort(&mut rows, SortBy::Newest);
        assert_eq!(ids(&rows), ["soon", "late", "never"]);
        for s in SortBy::ALL {
            assert_eq!(SortBy::from_value(s.value()), s);
        }
        assert_eq!(SortBy::from_value("bogus"), SortBy::Newest);
    }

    #[test]
    fn search_is_case_insensitive_null_safe_and_covers_role_names() {
        let names: HashMap<String, String> = [("r-admin".to_string(), "Admin".to_string())].into();
        let rows = vec![
            row(
                Source::AccountClients,
                "7DF3-abc",
                Some("CI Deploy"),
                Some(1),
                None,
                &["r-admin"],
            ),
            row(
                Source::AccountAccess,
                "zzz",
                None,
                Some(2),
                None,
                &["r-unknown"],
            ),
        ];
        let find = |q: &str| -> Vec<&str> {
            visible(&rows, &Query::new(q), all(true, 0), &names)
                .iter()
                .map(|r| r.id.as_str())
                .collect()
        };
        assert_eq!(find("deploy"), ["7DF3-abc"]);
        assert_eq!(find("  DEPLOY "), ["7DF3-abc"]);
        assert_eq!(find("7df3"), ["7DF3-abc"]);
        assert_eq!(find("admin"), ["7DF3-abc"]);
        assert_eq!(find("zz"), ["zzz"]);
        assert_eq!(find(""), ["7DF3-abc", "zzz"]);
        assert!(find("nothing like it").is_empty());
        assert!(find("r-unknown").is_empty(), "role ids are not names");
    }

    #[test]
    fn expired_tokens_can_be_hidden() {
        let rows = vec![
            row(Source::AccountClients, "old", None, Some(1), Some(50), &[]),
            row(Source::AccountClients, "ok", None, Some(2), Some(500), &[]),
            row(Source::AccountClients, "never", None, Some(3), None, &[]),
        ];
        let q = Query::new("");
        let names = HashMap::new();
        let shown = |every: bool| -> Vec<&str> {
            visible(&rows, &q, all(every, 100), &names)
                .iter()
                .map(|r| r.id.as_str())
                .collect()
        };
        assert_eq!(shown(true), ["old", "ok", "never"]);
        assert_eq!(shown(false), ["ok", "never"]);
    }

    #[test]
    fn a_lost_create_is_found_by_what_is_new_and_its_description() {
        let s = Source::AccountClients;
        let before = vec![
            row(s, "old", Some("ci"), Some(1), None, &[]),
            row(Source::PersonalClients, "p", Some("ci"), Some(2), None, &[]),
        ];
        let loaded = vec![
            row(s, "old", Some("ci"), Some(1), None, &[]),
            row(s, "other", Some("someone else's"), Some(5), None, &[]),
            row(s, "new", Some("ci "), Some(4), None, &[]),
        ];
        assert_eq!(
            find_created(&before, s, &loaded, "ci").map(|r| r.id.as_str()),
            Some("new")
        );
        // Nothing new with that description: it was not created.
        assert!(find_created(&before, s, &loaded[..2], "ci").is_none());
        // Another source's rows never count.
        assert!(find_created(&[], Source::AccountAccess, &loaded, "ci").is_none());
    }

    #[test]
    fn replacing_a_source_keeps_the_others_and_the_order() {
        let before = vec![
            row(Source::AccountClients, "gone", None, Some(3), None, &[]),
            row(Source::PersonalAccess, "p", None, Some(2), None, &[]),
        ];
        let fresh = vec![row(Source::AccountClients, "new", None, Some(9), None, &[])];
        let ids: Vec<_> = replace_source(&before, Source::AccountClients, fresh)
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, ["new", "p"]);
        // A member's token of the source stays: it comes from the members' list.
        let members = TokenRow {
            member: Some(Default::default()),
            ..row(Source::PersonalAccess, "theirs", None, Some(1), None, &[])
        };
        let before = [before, vec![members]].concat();
        let ids: Vec<_> = replace_source(&before, Source::PersonalAccess, vec![])
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, ["gone", "theirs"]);
    }

    #[test]
    fn precomputed_keys_find_exactly_what_the_plain_search_finds() {
        let names: HashMap<String, String> = [
            ("r1".to_string(), "Développeur".to_string()),
            ("r2".to_string(), "Viewer".to_string()),
        ]
        .into();
        let rows = vec![
            row(
                Source::AccountClients,
                "AB-12",
                Some("CI Deploy"),
                Some(3),
                None,
                &["r1"],
            ),
            row(
                Source::AccountAccess,
                "cd-34",
                None,
                Some(2),
                Some(1),
                &["r2", "gone"],
            ),
            row(
                Source::PersonalClients,
                "ef-56",
                Some("ÉTÉ script"),
                Some(1),
                None,
                &[],
            ),
        ];
        let mut rows = rows;
        rows[2].member = Some(std::sync::Arc::new(crate::model::owner::Member {
            user_id: "u-jane".into(),
            name: Some("Jane Ödön".into()),
            email: Some("jane@acme.test".into()),
            role_ids: vec![],
        }));
        let keys: Vec<String> = rows.iter().map(|r| search_key(r, &names)).collect();
        // ASCII fields are lower-cased in place, others through str::to_lowercase.
        assert_eq!(keys[0], "ci deploy\u{1f}ab-12\u{1f}développeur\u{1f}");
        assert_eq!(
            keys[2],
            "été script\u{1f}ef-56\u{1f}jane ödön\u{1f}jane@acme.test\u{1f}"
        );
        let natural: Vec<usize> = (0..rows.len()).collect();
        for q in [
            "",
            "ci",
            "DEPLOY",
            "ab-1",
            "développeur",
            "DÉVELOPPEUR",
            "view",
            "été",
            "x",
            "y\u{1f}ab",
            "34",
            "deploy\u{1f}ab",
            "ÖDÖN",
            "jane@",
            "u-jane",
        ] {
            for show_expired in [true, false] {
                let query = Query::new(q);
                let plain: Vec<&str> = visible(&rows, &query, all(show_expired, 10), &names)
                    .into_iter()
                    .map(|r| r.id.as_str())
                    .collect();
                let fast: Vec<&str> =
                    visible_indices(&rows, &keys, &natural, &query, all(show_expired, 10))
                        .into_iter()
                        .map(|i| rows[i].id.as_str())
                        .collect();
                assert_eq!(plain, fast, "query {q:?}, show_expired {show_expired}");
            }
        }
        // With nothing searched the keys are not read: a load does not wait for them.
        for q in ["", "  "] {
            let without_keys = visible_indices(&rows, &[], &natural, &Query::new(q), all(true, 10));
            assert_eq!(without_keys, natural, "query {q:?}");
        }
        // A query can never match across two fields.
        assert!(visible_indices(
            &rows,
            &keys,
            &natural,
            &Query::new("deploy\u{1f}ab"),
            all(true, 10)
        )
        .is_empty());
        // In another order: the same rows, in that order.
        for by in SortBy::ALL {
            let order = sort_order(&rows, by);
            let mut sorted = rows.clone();
            sort(&mut sorted, by);
            let via_order: Vec<&str> =
                visible_indices(&rows, &keys, &order, &Query::new(""), all(true, 10))
                    .into_iter()
                    .map(|i| rows[i].id.as_str())
                    .collect();
            assert_eq!(via_order, ids(&sorted), "{by:?}");
        }
    }

    #[test]
    fn unused_means_ninety_days_without_use_or_never_used_since_creation() {
        let day = 86_400_000;
        let now = 1_000 * day;
        let used = |id: &str, created: Option<i64>, last: Option<i64>, expires: Option<i64>| {
            let mut r = row(Source::AccountClients, id, None, created, expires, &[]);
            r.last_used_at = last;
            r
        };
        let rows = vec![
            used(
                "fresh-use",
                Some(now - 400 * day),
                Some(now - 2 * day),
                None,
            ),
            used("old-use", Some(now - 400 * day), Some(now - 90 * day), None),
            used(
                "almost",
                Some(now - 400 * day),
                Some(now - 90 * day + 1),
                None,
            ),
            used("never-old", Some(now - 91 * day), None, None),
            used("never-new", Some(now - 10 * day), None, None),
            used("never-unknown", None, None, None),
            used(
                "expired-unused",
                Some(now - 300 * day),
                None,
                Some(now - day),
            ),
        ];
        let unused: Vec<&str> = rows
            .iter()
            .filter(|r| is_unused(r, now))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(unused, ["old-use", "never-old", "expired-unused"]);
        assert_eq!(unused_count(&rows, true, now), 3);
        assert_eq!(unused_count(&rows, false, now), 2, "expired ones hidden");
        // The filter combines with search and the expired toggle.
        let narrow = Narrow {
            show_expired: false,
            unused_only: true,
            expiring_only: false,
            now,
        };
        let names = HashMap::new();
        let shown: Vec<&str> = visible(&rows, &Query::new("old"), narrow, &names)
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(shown, ["old-use", "never-old"]);
    }

    #[test]
    fn expiring_means_within_thirty_days_and_not_expired_yet() {
        let now = 1_795_824_000_000;
        let day = 86_400_000;
        let at = |id: &str, expires: Option<i64>| TokenRow {
            expires_at: expires,
            ..TokenRow::new(Source::AccountClients, id)
        };
        let rows = vec![
            at("never", None),
            at("expired", Some(now - 1)),
            at("now", Some(now)),
            at("tomorrow", Some(now + day)),
            at("thirty", Some(now + 30 * day)),
            at("thirty-one", Some(now + 30 * day + 1)),
        ];
        let expiring: Vec<&str> = rows
            .iter()
            .filter(|r| is_expiring(r, now))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(expiring, ["tomorrow", "thirty"]);
        assert_eq!(expiring_count(&rows, now), 2);
        // The filter combines with the unused one and the search.
        let narrow = Narrow {
            show_expired: true,
            expiring_only: true,
            now,
            ..Narrow::default()
        };
        let names = HashMap::new();
        let shown: Vec<&str> = visible(&rows, &Query::new("thirty"), narrow, &names)
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(shown, ["thirty"]);
    }

    #[test]
    fn sorting_by_last_use_puts_never_used_at_the_far_end() {
        let mut rows = vec![
            row(Source::AccountClients, "never", None, Some(1), None, &[]),
            row(Source::AccountClients, "long-ago", None, Some(2), None, &[]),
            row(Source::AccountClients, "recent", None, Some(3), None, &[]),
        ];
        rows[1].last_used_at = Some(100);
        rows[2].last_used_at = Some(900);
        sort(&mut rows, SortBy::LastUsed);
        assert_eq!(ids(&rows), ["recent", "long-ago", "never"]);
        sort(&mut rows, SortBy::LeastRecentlyUsed);
        assert_eq!(ids(&rows), ["never", "long-ago", "recent"]);
        assert_eq!(SortBy::offered(false).len(), 4);
        assert!(!SortBy::offered(false).contains(&SortBy::LastUsed));
        assert_eq!(SortBy::offered(true), SortBy::ALL);
    }
}
