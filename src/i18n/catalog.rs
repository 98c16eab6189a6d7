//! The catalog's shape: [`Messages`], every key declared once (the `messages` option's keys and
//! docs/messages.md's table come from it), read and replaced as a table by key number.

use super::Plural;

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
    pub(super) fn put(&mut self, i: usize, forms: [&'static str; 6]) {
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
    expiring_filter: &'static str,
    expiring_count: Plural,
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
    /// Created by a user removed from the account since (our extension).
    former_member: &'static str,
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
    /// Our extension: a token's use in Details (`{n}` days of it).
    usage_label: &'static str,
    usage_loading: &'static str,
    usage_failed: &'static str,
    /// Neither a use nor a refusal in the days shown.
    usage_none: &'static str,
    /// `{uses}` and `{refused}` are [`Messages::usage_uses`] and [`Messages::usage_refused`].
    usage_totals: &'static str,
    /// `{date}` the busiest day, `{uses}` its uses ([`Messages::usage_uses`]).
    usage_busiest: &'static str,
    usage_uses: Plural,
    usage_refused: Plural,
    usage_legend_uses: &'static str,
    usage_legend_refused: &'static str,
    addresses_label: &'static str,
    addresses_none: &'static str,
    /// `{ip}`, `{uses}` ([`Messages::usage_uses`]) and `{last}` (relative and date).
    address_line: &'static str,
    history_label: &'static str,
    history_loading: &'static str,
    history_empty: &'static str,
    history_failed: &'static str,
    event_created: &'static str,
    event_updated: &'static str,
    event_rotated: &'static str,
    event_renewed: &'static str,
    event_disabled: &'static str,
    event_enabled: &'static str,
    event_previous_expired: &'static str,
    event_deleted: &'static str,
    event_refused_attempts: Plural,
    /// A `token.expiring` webhook went out: the days left (`{n}`).
    event_reminder_expiring: Plural,
    /// A `token.expired` webhook went out.
    event_reminder_expired: &'static str,
    /// A `token.idle` webhook went out (the idle policy disables the token soon).
    event_reminder_idle: &'static str,
    /// A reminder this tab does not know went out.
    event_reminder_other: &'static str,
    event_by: &'static str,
    event_from: &'static str,
    role_with_level: &'static str,
    previous_secret_label: &'static str,
    no_previous_secret: &'static str,
    last_used_label: &'static str,
    close: &'static str,
    /// A dialog whose code is still being fetched (the release artefacts fetch each dialog's
    /// code on its own).
    dialog_loading: &'static str,
    /// Its code could not be fetched; Retry and Close follow.
    dialog_load_failed: &'static str,
    maybe_expired: &'static str,
    renew: &'static str,
    renew_title: &'static str,
    renew_explain: &'static str,
    renew_confirm: &'static str,
    renewing: &'static str,
    renewed_announcement: &'static str,
    maybe_renewed: &'static str,
    disabled_label: &'static str,
    disabled_unused: &'static str,
    disabled_unused_on: &'static str,
    disabled_on: &'static str,
    enable_again: &'static str,
    enable_title: &'static str,
    enable_body: &'static str,
    enable_policy: &'static str,
    enable_confirm: &'static str,
    enabling: &'static str,
    enabled_announcement: &'static str,
    maybe_enabled: &'static str,
    /// Our extension: a token's IP allowlist (`allowedCidrs`), in the generate form, Edit and
    /// Details.
    allowlist_label: &'static str,
    allowlist_hint: &'static str,
    /// The hint of an account token's list when the organization requires one.
    allowlist_required_hint: &'static str,
    allowlist_required: &'static str,
    /// An entry that is not an address: `{line}` its line, `{entry}` as typed.
    allowlist_not_address: &'static str,
    allowlist_not_prefix: &'static str,
    /// `{max}`: 32 for IPv4, 128 for IPv6.
    allowlist_prefix_too_long: &'static str,
    /// `{network}`: the network the entry's prefix covers (`10.0.0.1/8`: `10.0.0.0/8`).
    allowlist_host_bits: &'static str,
    allowlist_everything: &'static str,
    /// `{network}` is listed on an earlier line already.
    allowlist_duplicate: &'static str,
    allowlist_too_many: &'static str,
    allowlist_add_recent: &'static str,
    /// Before saving a list without `{ip}`, the token's last address.
    allowlist_excludes_last: &'static str,
    save_anyway: &'static str,
    /// Details of a token without an allowlist.
    allowlist_any: &'static str,
    /// The list's marker on a row with an allowlist of `{n}` entries.
    allowlist_marker: Plural,
    event_allowlist_changed: &'static str,
    /// Revoked because its owner was removed from the tenant (our extension).
    event_owner_removed: &'static str,
    /// Bulk revoke (issue 35): a row's checkbox (`{name}`), the header's (`{n}` rows shown).
    select_row: &'static str,
    select_all_shown: Plural,
    selected_count: Plural,
    select_unused: &'static str,
    select_expired: &'static str,
    clear_selection: &'static str,
    revoke_selected: Plural,
    bulk_title: &'static str,
    bulk_checking: &'static str,
    bulk_check_failed: &'static str,
    /// Each heads a list of the tokens it counts.
    bulk_will: Plural,
    bulk_not_allowed: Plural,
    bulk_not_found: Plural,
    bulk_no_undo: &'static str,
    bulk_confirm: Plural,
    /// `{done}` of `{n}` sent and answered.
    bulk_revoking: &'static str,
    bulk_done: Plural,
    bulk_failed: Plural,
    bulk_retry: &'static str,
    /// `{n}` uses from one address (the event's `from {ip}`) refused in an hour.
    event_refused_address: Plural,
    /// An admin's view of every member's personal tokens (issue 35, our extension): the Owner
    /// filter and its choices, a member by `{name}` with `{n}` tokens listed; and why a
    /// member's token cannot be revoked (`{role}`: the owner's role, above the user's).
    owner_filter: &'static str,
    owner_mine: &'static str,
    owner_everyone: &'static str,
    owner_member: Plural,
    member_above: &'static str,

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
