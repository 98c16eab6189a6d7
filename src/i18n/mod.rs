//! The tab's words: one catalog per locale ([`en`], [`de`], [`ar`], [`fr`], [`ja`]), all of type
//! [`Messages`].
//!
//! A catalog is a Rust constant, so a key missing from a locale is a compile error and a raw key
//! can never reach the screen; native tests check that every translation is filled in and keeps
//! the English text's placeholders. Numbers, dates, relative times and plural categories come
//! from the browser's `Intl` ([`format::Tr`]), so they follow each language's own rules.
//!
//! - [`Locale`]: which catalog, chosen from the host's request, then the browser's languages,
//!   then English ([`Locale::negotiate`]).
//! - [`Plural`]: a message with CLDR plural forms (Arabic has six, Japanese one).
//! - [`fill`]: puts values into a message's `{placeholders}`.
//! - [`context`]: the reactive locale a tab provides to its components, and [`context::Text`],
//!   a message kept as "how to say it" so it re-renders in a new locale.

pub mod ar;
pub mod context;
pub mod custom;
pub mod de;
pub mod en;
pub mod fetched;
pub mod format;
pub mod fr;
pub mod ja;

/// Whether every catalog is compiled in (the `bundled-locales` feature, on by default); the
/// release artefacts leave it off and fetch a locale's catalog when it is spoken ([`fetched`]).
pub const BUNDLED: bool = cfg!(feature = "bundled-locales");

pub use context::{I18n, Text};
pub use custom::VendorMessages;
pub use format::Tr;

/// Whether `tag` looks like a BCP 47 language tag (`en`, `de-CH`, `ar`, `zh-Hant-TW`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A language the tab speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    De,
    Ar,
    Fr,
    Ja,
}

impl Locale {
    pub const ALL: [Locale; 5] = [Locale::En, Locale::De, Locale::Ar, Locale::Fr, Locale::Ja];

    /// The language subtag (`en`, `de`, `ar`, `fr`, `ja`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Ar => "ar",
            Locale::Fr => "fr",
            Locale::Ja => "ja",
        }
    }

    /// Its catalog. Without the `bundled-locales` feature (the release artefacts) only English
    /// is in the wasm: another locale's catalog is the one [`fetched`] brought, English until
    /// it came.
    pub fn messages(self) -> &'static Messages {
        match self {
            Locale::En => &en::MESSAGES,
            _ if !BUNDLED => fetched::catalog(self).unwrap_or(&en::MESSAGES),
            Locale::De => &de::MESSAGES,
            Locale::Ar => &ar::MESSAGES,
            Locale::Fr => &fr::MESSAGES,
            Locale::Ja => &ja::MESSAGES,
        }
    }

    /// Whether its catalog is here: always with the `bundled-locales` feature; else English,
    /// and the others once [`fetched`].
    pub fn is_ready(self) -> bool {
        BUNDLED || self == Locale::En || fetched::catalog(self).is_some()
    }

    /// The writing direction, for `dir` on the tab's root.
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Ar => "rtl",
            Locale::En | Locale::De | Locale::Fr | Locale::Ja => "ltr",
        }
    }

    /// The supported locale a BCP 47 tag asks for, by its language subtag (`de-CH` → German).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let lang = tag.trim().split(['-', '_']).next()?;
        Locale::ALL
            .into_iter()
            .find(|l| lang.eq_ignore_ascii_case(l.code()))
    }

    /// The locale to speak and the tag to format with: the host's `requested` tag when it is a
    /// supported language, else the first supported one of the browser's `languages`, else
    /// English. The tag is kept whole (`de-CH`, `en-GB`) so dates follow the regional custom.
    pub fn negotiate(requested: Option<&str>, languages: &[String]) -> (Locale, String) {
        requested
            .into_iter()
            .chain(languages.iter().map(String::as_str))
            .map(str::trim)
            .filter(|t| is_language_tag(t))
            .find_map(|t| Locale::from_tag(t).map(|l| (l, t.to_string())))
            .unwrap_or((Locale::En, "en".to_string()))
    }
}

/// A message with a form per CLDR plural category; `{n}` stands for the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Plural {
    pub zero: &'static str,
    pub one: &'static str,
    pub two: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub other: &'static str,
}

impl Plural {
    /// English, German and French: "one" and "other" (every other category says "other";
    /// French's "one" also covers 0, as `Intl.PluralRules` says).
    pub const fn one_other(one: &'static str, other: &'static str) -> Plural {
        Plural {
            zero: other,
            one,
            two: other,
            few: other,
            many: other,
            other,
        }
    }

    /// Japanese: one form for every count (`Intl.PluralRules` says "other" for all).
    pub const fn one_form(other: &'static str) -> Plural {
        Plural::one_other(other, other)
    }

    /// Arabic: all six categories.
    pub const fn six(
        zero: &'static str,
        one: &'static str,
        two: &'static str,
        few: &'static str,
        many: &'static str,
        other: &'static str,
    ) -> Plural {
        Plural {
            zero,
            one,
            two,
            few,
            many,
            other,
        }
    }

    /// The form for an `Intl.PluralRules` category (`"one"`, `"few"`…); unknown → other.
    pub fn pick(&self, category: &str) -> &'static str {
        match category {
            "zero" => self.zero,
            "one" => self.one,
            "two" => self.two,
            "few" => self.few,
            "many" => self.many,
            _ => self.other,
        }
    }

    fn forms(&self) -> [&'static str; 6] {
        [
            self.zero, self.one, self.two, self.few, self.many, self.other,
        ]
    }
}

/// The `{names}` of a text, in order, repeats dropped.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for part in text.split('{').skip(1) {
        if let Some((name, _)) = part.split_once('}') {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// `template` with each `{name}` replaced by its value from `args`. A value is inserted as
/// text once (a value containing `{x}` is not filled again).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if args.iter().any(|(k, _)| *k == name) => {
                let value = args.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
                out.push_str(value.unwrap_or_default());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One catalog entry, for the checks that walk a catalog.
#[derive(Clone, Copy, Debug)]
pub enum Entry {
    Text(&'static str),
    Plural(Plural),
}

impl Entry {
    /// Every form the entry can show.
    pub fn forms(&self) -> Vec<&'static str> {
        match self {
            Entry::Text(t) => vec![t],
            Entry::Plural(p) => p.forms().to_vec(),
        }
    }
}

impl From<&&'static str> for Entry {
    fn from(t: &&'static str) -> Self {
        Entry::Text(t)
    }
}

impl From<&Plural> for Entry {
    fn from(p: &Plural) -> Self {
        Entry::Plural(*p)
    }
}

/// How many texts a field of [`Messages`] holds: one, or six for a [`Plural`].
trait Width {
    const WIDTH: u8;
}

impl Width for &'static str {
    const WIDTH: u8 = 1;
}

impl Width for Plural {
    const WIDTH: u8 = 6;
}

/// Declares [`Messages`] and its key table once: the field names are the keys hosts write in
/// the `messages` option and docs/messages.md's table lists (no key is spelled twice).
macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident: $ty:ty,)*) => {
        /// Every user-visible string of the tab. `{name}` marks a value filled in at run time.
        /// `Copy`: a copy is one block of memory (a derived `Clone` alone copied field by field,
        /// kilobytes of code in the embed).
        #[derive(Clone, Copy, Debug)]
        #[repr(C)]
        pub struct Messages {
            $($(#[$doc])* pub $name: $ty,)*
        }

        impl Messages {
            /// Every key, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($name)),*];
            /// How many texts each key holds, in the same order.
            const WIDTHS: &'static [u8] = &[$(<$ty as Width>::WIDTH),*];
        }
    };
}

/// How many texts a catalog holds, plural forms counted one by one.
const TEXTS: usize = {
    let (mut n, mut i) = (0, 0);
    while i < Messages::WIDTHS.len() {
        n += Messages::WIDTHS[i] as usize;
        i += 1;
    }
    n
};

// `Messages` and `Plural` are `repr(C)` structs of `&'static str` fields only: no padding, so a
// catalog is its texts one after another (what `texts` reads). Checked here, at compile time.
const _: () = assert!(std::mem::size_of::<Messages>() == TEXTS * std::mem::size_of::<&str>());
const _: () = assert!(std::mem::size_of::<Plural>() == 6 * std::mem::size_of::<&str>());

/// A catalog as a table: key number `i` of [`Messages::KEYS`] is found by its place, not by
/// code per key (a host's words replace messages by key; the embed stays small).
impl Messages {
    fn texts(&self) -> &[&'static str] {
        // SAFETY: the fields are `TEXTS` consecutive `&'static str` (the layout check above).
        unsafe { std::slice::from_raw_parts((self as *const Messages).cast(), TEXTS) }
    }

    fn texts_mut(&mut self) -> &mut [&'static str] {
        // SAFETY: as in `texts`; any `&'static str` is a valid value for each of them.
        unsafe { std::slice::from_raw_parts_mut((self as *mut Messages).cast(), TEXTS) }
    }

    /// Where key `i`'s texts begin, and how many there are.
    fn span(i: usize) -> Option<(usize, usize)> {
        let width = *Self::WIDTHS.get(i)? as usize;
        let at = Self::WIDTHS[..i].iter().map(|w| *w as usize).sum();
        Some((at, width))
    }

    /// The entry of key number `i` of [`Messages::KEYS`].
    pub fn entry(&self, i: usize) -> Option<Entry> {
        let (at, width) = Self::span(i)?;
        let t = &self.texts()[at..at + width];
        Some(match t {
            [text] => Entry::Text(text),
            _ => Entry::Plural(Plural::six(t[0], t[1], t[2], t[3], t[4], t[5])),
        })
    }

    /// Replaces key number `i` with `forms` (zero, one, two, few, many, other; a text keeps
    /// "other").
    fn put(&mut self, i: usize, forms: [&'static str; 6]) {
        if let Some((at, width)) = Self::span(i) {
            self.texts_mut()[at..at + width].copy_from_slice(&forms[6 - width..]);
        }
    }

    /// Every entry with its key, in declaration order.
    pub fn entries(&self) -> Vec<(&'static str, Entry)> {
        Self::KEYS
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((*k, self.entry(i)?)))
            .collect()
    }
}

messages! {
    // The tab.
    title: &'static str,
    lead: &'static str,
    generate_token: &'static str,
    dismiss: &'static str,
    loading: &'static str,
    stop_loading: &'static str,
    load_failed: &'static str,
    you_stopped_loading: &'static str,
    retry: &'static str,
    retrying: &'static str,
    /// `{parts}`: the parts joined with `list_separator`.
    partial_failure: &'static str,
    part_roles: &'static str,
    part_account_clients: &'static str,
    part_account_access: &'static str,
    part_personal_clients: &'static str,
    part_personal_access: &'static str,
    part_with_error: &'static str,
    list_separator: &'static str,
    /// Between two sentences, or a text and its note: a space, nothing in Japanese.
    sentence_gap: &'static str,
    created_announcement: &'static str,
    deleted_notice: &'static str,
    already_deleted_notice: &'static str,
    updated_announcement: &'static str,

    // The list.
    your_roles: &'static str,
    no_roles: &'static str,
    roles_separator: &'static str,
    token_count: Plural,
    /// Chosen by `{total}`.
    showing_of: Plural,
    search_label: &'static str,
    search_placeholder: &'static str,
    sort_label: &'static str,
    sort_newest: &'static str,
    sort_oldest: &'static str,
    sort_expires_soonest: &'static str,
    sort_expires_latest: &'static str,
    sort_last_used: &'static str,
    sort_least_recently_used: &'static str,
    show_expired: &'static str,
    unused_filter: &'static str,
    unused_count: Plural,
    empty_title: &'static str,
    empty_body: &'static str,
    generate_first: &'static str,
    nothing_to_show: &'static str,
    no_match: &'static str,
    clear_filters: &'static str,
    table_caption: &'static str,
    col_description: &'static str,
    col_identifier: &'static str,
    col_owner: &'static str,
    col_type: &'static str,
    col_roles: &'static str,
    col_created: &'static str,
    col_created_by: &'static str,
    col_expires: &'static str,
    col_last_used: &'static str,
    never_used: &'static str,
    last_used_from: &'static str,
    col_actions: &'static str,
    show_more: Plural,
    not_shown_yet: Plural,
    you: &'static str,
    untitled: &'static str,
    unknown: &'static str,
    copy_client_id_of: &'static str,
    copy_token_id_of: &'static str,
    owner_account: &'static str,
    owner_personal: &'static str,
    type_client_credentials: &'static str,
    type_access_token: &'static str,
    expires_soon: &'static str,
    never: &'static str,
    expired: &'static str,
    date_and_relative: &'static str,
    relative_and_date: &'static str,
    actions_for: &'static str,
    edit: &'static str,
    delete: &'static str,

    // The generate form.
    generate_client_credentials: &'static str,
    generate_access_token: &'static str,
    owner_legend: &'static str,
    owner_account_hint: &'static str,
    owner_personal_hint: &'static str,
    description_label: &'static str,
    expiration_label: &'static str,
    days: Plural,
    policy_limit: &'static str,
    custom_date: &'static str,
    expires_on: &'static str,
    personal_roles: &'static str,
    no_roles_at_all: &'static str,
    stop: &'static str,
    cancel: &'static str,
    generating: &'static str,
    pick_a_role: &'static str,
    enter_description: &'static str,
    description_too_long: &'static str,
    description_control: &'static str,
    description_hidden: &'static str,
    pick_date: &'static str,
    pick_future_date: &'static str,
    pick_date_within_ten_years: &'static str,
    must_expire: &'static str,
    pick_date_within_policy: &'static str,
    checking_created: &'static str,
    created_but_lost: &'static str,
    not_created: &'static str,
    create_unchecked: &'static str,

    // The role picker.
    roles_legend: &'static str,
    at_least_one: &'static str,
    roles_hint: &'static str,
    level: &'static str,
    no_level: &'static str,
    above_your_level: &'static str,
    only_unlevelled: &'static str,

    // The one-time secret.
    secret_title: &'static str,
    shown_once: &'static str,
    store_it: &'static str,
    secret_for: &'static str,
    client_id: &'static str,
    copy_client_id: &'static str,
    secret: &'static str,
    copy_secret: &'static str,
    copy_access_token: &'static str,
    copied_it: &'static str,
    done: &'static str,
    leave_warning: &'static str,

    // Delete and edit.
    delete_title: &'static str,
    type_label: &'static str,
    account_token: &'static str,
    personal_token: &'static str,
    no_undo: &'static str,
    stops_working: &'static str,
    maybe_deleted: &'static str,
    deleting: &'static str,
    delete_token: &'static str,
    edit_title: &'static str,
    maybe_saved: &'static str,
    saving: &'static str,
    save_changes: &'static str,

    roll_secret: &'static str,
    expire_previous: &'static str,
    details: &'static str,
    roll_title: &'static str,
    roll_explain: &'static str,
    grace_legend: &'static str,
    grace_now: &'static str,
    grace_hour: &'static str,
    grace_day: &'static str,
    grace_week: &'static str,
    roll_confirm: &'static str,
    rolling: &'static str,
    // Why an action on a token above the user is disabled: a role above theirs (first said of
    // rolls, and kept under that name for hosts' `messages`), a permission they lack.
    roll_blocked: &'static str,
    blocked_permission: &'static str,
    roll_lost_rolled: &'static str,
    roll_lost_unclear: &'static str,
    roll_unchecked: &'static str,
    previous_valid_until: &'static str,
    expire_previous_title: &'static str,
    expire_previous_body: &'static str,
    expire_previous_confirm: &'static str,
    expiring: &'static str,
    rotated_announcement: &'static str,
    previous_expired_announcement: &'static str,
    details_title: &'static str,
    history_label: &'static str,
    history_loading: &'static str,
    history_empty: &'static str,
    history_failed: &'static str,
    event_created: &'static str,
    event_updated: &'static str,
    event_rotated: &'static str,
    event_previous_expired: &'static str,
    event_deleted: &'static str,
    event_refused_attempts: Plural,
    event_by: &'static str,
    event_from: &'static str,
    role_with_level: &'static str,
    previous_secret_label: &'static str,
    no_previous_secret: &'static str,
    last_used_label: &'static str,
    close: &'static str,
    maybe_expired: &'static str,

    // Copying.
    copy: &'static str,
    copied: &'static str,
    copy_failed: &'static str,
    label_copied: &'static str,
    label_not_copied: &'static str,

    // Waiting out a rate limit.
    auto_retry_note: &'static str,
    auto_retry_countdown: &'static str,
    seconds: Plural,
    minutes: Plural,
    minutes_and_seconds: &'static str,

    // Errors.
    err_network: &'static str,
    err_400: &'static str,
    err_401: &'static str,
    err_403: &'static str,
    err_404: &'static str,
    err_409: &'static str,
    err_429: &'static str,
    err_5xx: &'static str,
    err_other: &'static str,
    err_http: &'static str,
    err_http_message: &'static str,
    err_try_again_in: &'static str,
    err_timeout: &'static str,
    err_offline: &'static str,
    err_cancelled: &'static str,
    err_decode: &'static str,
    err_token: &'static str,
}

use std::collections::HashMap;

use crate::model::list::SortBy;
use crate::model::roles::{Above, Blocked};
use crate::model::time::{expiry_status, ExpiryError, ExpiryStatus};
use crate::model::token::short_id;
use crate::model::validate::{DescriptionError, DESCRIPTION_MAX};
use crate::model::{Owner, Source, TokenRow, TokenType};

/// The words for the model's values.
impl Messages {
    pub fn owner(&self, o: Owner) -> &'static str {
        match o {
            Owner::Account => self.owner_account,
            Owner::Personal => self.owner_personal,
        }
    }

    pub fn kind(&self, t: TokenType) -> &'static str {
        match t {
            TokenType::ClientCredentials => self.type_client_credentials,
            TokenType::AccessToken => self.type_access_token,
        }
    }

    pub fn sort(&self, s: SortBy) -> &'static str {
        match s {
            SortBy::Newest => self.sort_newest,
            SortBy::Oldest => self.sort_oldest,
            SortBy::ExpiresSoonest => self.sort_expires_soonest,
            SortBy::ExpiresLatest => self.sort_expires_latest,
            SortBy::LastUsed => self.sort_last_used,
            SortBy::LeastRecentlyUsed => self.sort_least_recently_used,
        }
    }

    /// What the partial-failure notice calls a source.
    pub fn part(&self, s: Source) -> &'static str {
        match s {
            Source::AccountClients => self.part_account_clients,
            Source::AccountAccess => self.part_account_access,
            Source::PersonalClients => self.part_personal_clients,
            Source::PersonalAccess => self.part_personal_access,
        }
    }

    /// The token's name in labels and messages ("Untitled token" without a description).
    pub fn name(&self, row: &TokenRow) -> String {
        row.label(self.untitled)
    }

    /// The names of a row's roles as the Roles column and the delete dialog say them.
    pub fn roles_text(&self, row: &TokenRow, names: &HashMap<String, String>) -> String {
        if row.source.owner() == Owner::Personal {
            return self.your_roles.into();
        }
        if row.role_ids.is_empty() {
            return self.no_roles.into();
        }
        row.role_ids
            .iter()
            .map(|id| names.get(id).cloned().unwrap_or_else(|| short_id(id)))
            .collect::<Vec<_>>()
            .join(self.roles_separator)
    }

    /// Created by: "You" for the signed-in user's tokens (a personal token is always theirs),
    /// else the creator's short id, else a dash.
    pub fn created_by(&self, row: &TokenRow, me: Option<&str>) -> String {
        let by = row.created_by_user_id.as_deref();
        let by_me = row.source.owner() == Owner::Personal || (by.is_some() && by == me);
        match (by_me, by) {
            (true, _) => self.you.to_string(),
            (false, Some(id)) => short_id(id),
            (false, None) => "—".to_string(),
        }
    }

    /// Why an action on a token is disabled: what puts the token above the user.
    pub fn above(&self, above: Above) -> String {
        match above {
            Above::Role(role) => fill(self.roll_blocked, &[("role", role)]),
            Above::Permission(key) => fill(self.blocked_permission, &[("permission", key)]),
        }
    }

    pub fn blocked(&self, b: &Blocked) -> String {
        match b {
            Blocked::AboveHighest(role) => fill(self.above_your_level, &[("role", role)]),
            Blocked::UserHasNoLevel => self.only_unlevelled.to_string(),
        }
    }
}

impl Tr {
    pub fn expiry_error(self, e: ExpiryError) -> String {
        match e {
            ExpiryError::NoDate => self.m.pick_date.into(),
            ExpiryError::Past => self.m.pick_future_date.into(),
            ExpiryError::TooFar => self.m.pick_date_within_ten_years.into(),
            ExpiryError::MustExpire => self.m.must_expire.into(),
            ExpiryError::BeyondPolicy { max_minutes } => fill(
                self.m.pick_date_within_policy,
                &[("limit", &self.lifetime(max_minutes))],
            ),
        }
    }

    /// A policy's longest lifetime: whole days, or minutes under a day.
    pub fn lifetime(self, minutes: i64) -> String {
        if minutes >= 1440 {
            self.count(&self.m.days, (minutes / 1440) as usize)
        } else {
            self.count(&self.m.minutes, minutes.max(0) as usize)
        }
    }

    /// "Your organization allows tokens for up to 90 days."
    pub fn policy_text(self, max_minutes: i64) -> String {
        fill(
            self.m.policy_limit,
            &[("limit", &self.lifetime(max_minutes))],
        )
    }

    /// The Last used cell's full text: when, and from where when known.
    pub fn last_used_text(self, at: i64, ip: Option<&str>) -> String {
        let date = self.date_time(at);
        match ip {
            Some(ip) => fill(self.m.last_used_from, &[("date", &date), ("ip", ip)]),
            None => date,
        }
    }

    /// What the Expires column says: never, expired, the day, and within a week also how soon.
    pub fn expiry_text(self, expires_at: Option<i64>, now: i64) -> String {
        match (expiry_status(expires_at, now), expires_at) {
            (ExpiryStatus::Never, _) | (_, None) => self.m.never.to_string(),
            (ExpiryStatus::Expired, _) => self.m.expired.to_string(),
            (ExpiryStatus::Soon, Some(e)) => fill(
                self.m.date_and_relative,
                &[
                    ("date", &self.date(e)),
                    ("relative", &self.relative(e, now)),
                ],
            ),
            (ExpiryStatus::Later, Some(e)) => self.date(e),
        }
    }

    pub fn description_error(self, e: DescriptionError) -> String {
        match e {
            DescriptionError::Empty => self.m.enter_description.to_string(),
            DescriptionError::Control { code, at } | DescriptionError::Hidden { code, at } => {
                let said = match e {
                    DescriptionError::Control { .. } => self.m.description_control,
                    _ => self.m.description_hidden,
                };
                fill(
                    said,
                    &[
                        ("code", &format!("U+{code:04X}")),
                        ("at", &self.number(at as i64)),
                    ],
                )
            }
            DescriptionError::TooLong { n } => fill(
                self.m.description_too_long,
                &[
                    ("max", &self.number(DESCRIPTION_MAX as i64)),
                    ("n", &self.number(n as i64)),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{names}` a text uses, sorted.
    fn sorted_placeholders(text: &str) -> Vec<&str> {
        let mut names = placeholders(text);
        names.sort_unstable();
        names
    }

    #[test]
    fn every_translation_is_filled_in_and_keeps_the_placeholders() {
        let en = Locale::En.messages().entries();
        for locale in TRANSLATED {
            let other = locale.messages().entries();
            assert_eq!(other.len(), en.len());
            for ((key, e), (key2, t)) in en.iter().zip(&other) {
                assert_eq!(key, key2);
                let forms = t.forms();
                for (form_en, form) in e.forms().iter().zip(&forms) {
                    // A separator may be only white space (Japanese has no sentence gap).
                    assert!(
                        !form.trim().is_empty() || form_en.trim().is_empty(),
                        "{locale:?} {key} is empty"
                    );
                    let (want, got) = (sorted_placeholders(form_en), sorted_placeholders(form));
                    // A plural form may spell its number out ("رمزان": two tokens); the
                    // general form ("other", last) must use every placeholder.
                    let whole =
                        matches!(t, Entry::Text(_)) || std::ptr::eq(form, forms.last().unwrap());
                    assert!(
                        got.iter().all(|g| want.contains(g)) && (!whole || got == want),
                        "{locale:?} {key}: {form:?} must use the placeholders of {form_en:?}"
                    );
                }
            }
        }
    }

    /// Every shipped locale but English.
    const TRANSLATED: [Locale; 4] = [Locale::De, Locale::Ar, Locale::Fr, Locale::Ja];

    /// English texts a language rightly writes the same way (French "Description", "Type").
    fn cognates(locale: Locale) -> &'static [&'static str] {
        match locale {
            Locale::Fr => &[
                "Description",
                "Type",
                "Actions",
                "{n} minute",
                "{n} minutes",
            ],
            _ => &[],
        }
    }

    #[test]
    fn translations_leave_no_english_sentence_behind() {
        // Words shared by both languages are allowed (a short label like "ID" or a name).
        let en = Locale::En.messages().entries();
        for locale in TRANSLATED {
            let shared = [&["Client ID"][..], cognates(locale)].concat();
            for ((key, e), (_, t)) in en.iter().zip(locale.messages().entries()) {
                for (form_en, form) in e.forms().iter().zip(t.forms()) {
                    let wordy = fill(form_en, &[])
                        .split('{')
                        .map(|p| p.split_once('}').map_or(p, |(_, rest)| rest))
                        .flat_map(str::chars)
                        .filter(|c| c.is_alphabetic())
                        .count()
                        > 3;
                    if wordy && !shared.contains(form_en) {
                        assert_ne!(form_en, &form, "{locale:?} {key} is still English");
                    }
                }
            }
        }
        // Arabic and Japanese text is in their own scripts.
        for (key, e) in [Locale::Ar, Locale::Ja]
            .iter()
            .flat_map(|l| l.messages().entries())
        {
            for form in e.forms() {
                // Technical names stay as the world writes them.
                let latin = form
                    .replace("Client ID", "")
                    .replace("API", "")
                    .replace("ID", "")
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .count();
                let names: usize = placeholders(form).iter().map(|n| n.len()).sum();
                assert!(latin <= names, "{key} has Latin letters: {form:?}");
            }
        }
    }

    #[test]
    fn japanese_has_no_spaces_and_one_form_per_count() {
        let ja = Locale::Ja.messages();
        for (key, e) in ja.entries() {
            for form in e.forms() {
                assert!(
                    !form.contains(' ') || key == "sentence_gap",
                    "ja {key} has a space: {form:?}"
                );
            }
            if let Entry::Plural(p) = e {
                let mut forms = p.forms().to_vec();
                forms.dedup();
                assert_eq!(forms.len(), 1, "ja {key} has plural forms: {p:?}");
            }
        }
        assert_eq!(ja.sentence_gap, "");
        let t = Tr::new(Locale::Ja, "ja");
        assert_eq!(t.wait(90), "1分30秒");
        assert_eq!(t.count(&ja.token_count, 1), "1件のトークン");
    }

    #[test]
    fn arabic_plurals_have_six_forms_and_english_two() {
        let ar = Locale::Ar.messages();
        for p in [ar.token_count, ar.days, ar.seconds, ar.minutes] {
            let mut forms = p.forms().to_vec();
            forms.sort();
            forms.dedup();
            assert!(forms.len() >= 5, "{p:?}");
        }
        let en = Locale::En.messages();
        assert_eq!(en.days.pick("one"), "{n} day");
        assert_eq!(en.days.pick("few"), "{n} days");
        assert_eq!(en.days.pick("unheard-of"), "{n} days");
    }

    #[test]
    fn the_locale_comes_from_the_host_then_the_browser_then_english() {
        let browser = vec!["fr-FR".to_string(), "de-AT".to_string(), "en".to_string()];
        assert_eq!(
            Locale::negotiate(Some("ar"), &browser),
            (Locale::Ar, "ar".into())
        );
        assert_eq!(
            Locale::negotiate(Some("en-GB"), &browser),
            (Locale::En, "en-GB".into())
        );
        assert_eq!(
            Locale::negotiate(Some("ja-JP"), &browser),
            (Locale::Ja, "ja-JP".into())
        );
        assert_eq!(
            Locale::negotiate(None, &browser),
            (Locale::Fr, "fr-FR".into())
        );
        // Unsupported or malformed requests fall through to the browser's languages.
        let browser = vec!["pt-BR".to_string(), "de-AT".to_string(), "en".to_string()];
        assert_eq!(
            Locale::negotiate(Some("ko"), &browser),
            (Locale::De, "de-AT".into())
        );
        assert_eq!(
            Locale::negotiate(Some("deutsch bitte"), &browser),
            (Locale::De, "de-AT".into())
        );
        assert_eq!(
            Locale::negotiate(None, &["ko".to_string()]),
            (Locale::En, "en".into())
        );
        assert_eq!(Locale::negotiate(None, &[]), (Locale::En, "en".into()));
        assert_eq!(Locale::from_tag("AR-eg"), Some(Locale::Ar));
        assert_eq!(Locale::Ar.dir(), "rtl");
        assert_eq!(Locale::De.dir(), "ltr");
    }

    #[test]
    fn model_values_have_words() {
        let m = Locale::De.messages();
        assert_eq!(m.kind(TokenType::AccessToken), "Zugriffstoken");
        assert_eq!(m.owner(Owner::Account), "Konto");
        assert_eq!(m.sort(SortBy::Oldest), "Älteste zuerst");
        assert_eq!(
            m.blocked(&Blocked::AboveHighest("Admin".into())),
            "Über Ihrer höchsten Rolle, Admin"
        );
        let en = Tr::en();
        assert_eq!(en.expiry_error(ExpiryError::Past), en.m.pick_future_date);
        assert_eq!(
            en.expiry_error(ExpiryError::BeyondPolicy {
                max_minutes: 129_600
            }),
            "Pick a date within 90 days: your organization allows no longer."
        );
        assert_eq!(
            en.policy_text(90 * 1440 + 5),
            "Your organization allows tokens for up to 90 days."
        );
        assert_eq!(en.lifetime(1), "1 minute");
        assert_eq!(
            en.description_error(DescriptionError::TooLong { n: 256 }),
            "Use at most 255 characters (256 now)."
        );
        assert_eq!(
            Tr::new(Locale::De, "de").description_error(DescriptionError::Empty),
            m.enter_description
        );
        // A hidden character and a control character are told apart, each with where it is.
        assert_eq!(
            en.description_error(DescriptionError::Hidden { code: 0x200B, at: 3 }),
            "Remove U+200B (character 3): it is invisible and can hide text. Invisible characters are allowed only inside emoji, flags and scripts that join letters."
        );
        assert_eq!(
            en.description_error(DescriptionError::Control { code: 0x202E, at: 1 }),
            "Remove U+202E (character 1): a description cannot hold control or text-direction characters."
        );
        assert!(Tr::new(Locale::Ja, "ja")
            .description_error(DescriptionError::Hidden {
                code: 0xFEFF,
                at: 1
            })
            .starts_with("U+FEFF（1文字目）"));
    }

    #[test]
    fn fill_replaces_known_placeholders_once() {
        assert_eq!(
            fill("Delete “{name}”?", &[("name", "CI {n}")]),
            "Delete “CI {n}”?"
        );
        assert_eq!(
            fill("{a} and {b} {c}", &[("a", "1"), ("b", "2")]),
            "1 and 2 {c}"
        );
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(fill("{ unclosed", &[("x", "y")]), "{ unclosed");
    }
}
