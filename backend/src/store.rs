//! Every SQL statement of the server, written once for SQLite and PostgreSQL (`db.rs`).
//! Handlers call these through `AppState::db`, which runs them on a blocking thread with a
//! connection: SQLite's one shared connection, or one of PostgreSQL's pool.

use crate::db::{Conn, OptionalExtension, Params, Result, Row, Rows};
use crate::params;
use std::collections::HashMap;

use api_tokens_rules::{Owner, Source, TokenType};

use crate::auth::AuthUser;

/// Timestamps are stored as RFC 3339 UTC with milliseconds, which sort as text.
pub fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn now() -> String {
    timestamp(chrono::Utc::now())
}

/// A role of a tenant.
#[derive(Clone, Debug)]
pub struct Role {
    pub id: String,
    pub tenant_id: String,
    pub key: String,
    pub name: String,
    pub description: String,
    pub level: Option<i64>,
    pub is_default: bool,
    pub created_at: String,
    pub updated_at: String,
    pub permission_ids: Vec<String>,
}

/// A permission (global, like Frontegg's vendor-level permissions).
#[derive(Clone, Debug)]
pub struct Permission {
    pub id: String,
    pub key: String,
    pub name: String,
    pub description: String,
    pub category_id: String,
    pub created_at: String,
    pub role_ids: Vec<String>,
}

/// How the `kind` column spells a token type.
pub fn kind_column(kind: TokenType) -> &'static str {
    match kind {
        TokenType::ClientCredentials => "client_credentials",
        TokenType::AccessToken => "access_token",
    }
}

fn kind_from_column(s: &str) -> TokenType {
    if s == "access_token" {
        TokenType::AccessToken
    } else {
        TokenType::ClientCredentials
    }
}

/// One list of tokens: a tenant's tokens of one [`Source`], and of a personal source one
/// user's. Built only by [`ListId::seen_by`], so a personal list always names its user and an
/// account list never does.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListId {
    tenant_id: String,
    source: Source,
    user_id: Option<String>,
}

impl ListId {
    /// `source`'s list in `tenant_id` as the user `user_id` sees it: the account's for an
    /// account source, the user's own for a personal one.
    pub fn seen_by(source: Source, tenant_id: &str, user_id: &str) -> ListId {
        ListId {
            tenant_id: tenant_id.to_string(),
            source,
            user_id: (source.owner() == Owner::Personal).then(|| user_id.to_string()),
        }
    }

    /// The list `token` is in (or was in, for a deleted token's events).
    pub fn of(token: &Token) -> ListId {
        ListId {
            tenant_id: token.tenant_id.clone(),
            source: token.source,
            user_id: token.owner_user_id.clone(),
        }
    }

    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    /// The `owner_user_id` column: the user of a personal list, `None` for the account's.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    fn kind(&self) -> &'static str {
        kind_column(self.source.kind())
    }
}

/// A stored token (never with its secret).
#[derive(Clone, Debug)]
pub struct Token {
    pub id: String,
    pub tenant_id: String,
    /// Which of the four it is.
    pub source: Source,
    /// The owner of a personal token; `None` for an account token.
    pub owner_user_id: Option<String>,
    pub description: Option<String>,
    pub created_by_user_id: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub metadata: serde_json::Value,
    pub role_ids: Vec<String>,
    pub permission_ids: Vec<String>,
    /// When it last authenticated (at most a minute late, see [`record_use`]); `None`: never.
    pub last_used_at: Option<String>,
    /// The client address it last authenticated from.
    pub last_used_ip: Option<String>,
    /// Until when the secret before its last roll still works; `None`: no grace window.
    pub previous_secret_expires_at: Option<String>,
}

impl Token {
    pub fn is_expired(&self, now: &str) -> bool {
        self.expires_at.as_deref().is_some_and(|e| e <= now)
    }

    /// Whether the secret before the last roll still works at `now`.
    pub fn previous_secret_open(&self, now: &str) -> bool {
        self.previous_secret_expires_at
            .as_deref()
            .is_some_and(|e| e > now)
    }
}

/// The stored hashes of a token's secrets (only the checks of a secret need them).
#[derive(Debug)]
pub struct SecretHashes {
    pub current: Vec<u8>,
    /// The secret before the last roll, whether or not its window is still open (see
    /// [`Token::previous_secret_open`]).
    pub previous: Option<Vec<u8>>,
}

impl SecretHashes {
    /// The previous secret's hash while its window is open at `now`, else `None`.
    pub fn open_previous<'a>(&'a self, token: &Token, now: &str) -> Option<&'a [u8]> {
        self.previous
            .as_deref()
            .filter(|_| token.previous_secret_open(now))
    }
}

fn split_ids(s: Option<String>) -> Vec<String> {
    let mut v: Vec<String> = s
        .unwrap_or_default()
        .split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

/// The columns of `tokens` a [`Token`] is read from, by these names ([`TokenColumns`]).
const TOKEN_COLUMNS: &str = "t.id, t.tenant_id, t.owner_user_id, t.kind, t.description, \
    t.created_by_user_id, t.created_at, t.expires_at, t.metadata, t.last_used_at, t.last_used_ip, \
    t.previous_secret_expires_at";

/// Where [`TOKEN_COLUMNS`] are in a statement's rows, found by name once per statement rather
/// than once per row and column (each lookup scans the statement's column names).
struct TokenColumns {
    id: usize,
    tenant_id: usize,
    owner_user_id: usize,
    kind: usize,
    description: usize,
    created_by_user_id: usize,
    created_at: usize,
    expires_at: usize,
    metadata: usize,
    last_used_at: usize,
    last_used_ip: usize,
    previous_secret_expires_at: usize,
}

impl TokenColumns {
    fn of(rows: &Rows) -> Result<TokenColumns> {
        let at = |name: &str| rows.column_index(name);
        Ok(TokenColumns {
            id: at("id")?,
            tenant_id: at("tenant_id")?,
            owner_user_id: at("owner_user_id")?,
            kind: at("kind")?,
            description: at("description")?,
            created_by_user_id: at("created_by_user_id")?,
            created_at: at("created_at")?,
            expires_at: at("expires_at")?,
            metadata: at("metadata")?,
            last_used_at: at("last_used_at")?,
            last_used_ip: at("last_used_ip")?,
            previous_secret_expires_at: at("previous_secret_expires_at")?,
        })
    }

    /// The token in `row`, without its role and permission ids.
    fn token(&self, row: &Row<'_>) -> Result<Token> {
        let owner_user_id: Option<String> = row.get(self.owner_user_id)?;
        let owner = match owner_user_id {
            Some(_) => Owner::Personal,
            None => Owner::Account,
        };
        let kind = kind_from_column(&row.get::<String>(self.kind)?);
        let metadata: String = row.get(self.metadata)?;
        Ok(Token {
            id: row.get(self.id)?,
            tenant_id: row.get(self.tenant_id)?,
            source: Source::new(owner, kind),
            owner_user_id,
            description: row.get(self.description)?,
            created_by_user_id: row.get(self.created_by_user_id)?,
            created_at: row.get(self.created_at)?,
            expires_at: row.get(self.expires_at)?,
            metadata: serde_json::from_str(&metadata).unwrap_or_else(|_| serde_json::json!({})),
            role_ids: vec![],
            permission_ids: vec![],
            last_used_at: row.get(self.last_used_at)?,
            last_used_ip: row.get(self.last_used_ip)?,
            previous_secret_expires_at: row.get(self.previous_secret_expires_at)?,
        })
    }
}

/// The one token `filter` (a WHERE clause over `tokens t`) finds, with its role and
/// permission ids, and its secret hashes (which only the checks of a secret need).
fn find_token(c: &Conn, filter: &str, params: Params<'_>) -> Result<Option<(Token, SecretHashes)>> {
    let rows = c.query(
        &format!(
            "SELECT {TOKEN_COLUMNS}, \
         (SELECT string_agg(role_id, ',') FROM token_roles r WHERE r.token_id = t.id) \
             AS role_ids, \
         (SELECT string_agg(permission_id, ',') FROM token_permissions p \
             WHERE p.token_id = t.id) AS permission_ids, \
         t.secret_hash, t.previous_secret_hash \
         FROM tokens t WHERE {filter}"
        ),
        params,
    )?;
    let columns = TokenColumns::of(&rows)?;
    let Some(row) = rows.iter().next() else {
        return Ok(None);
    };
    let mut token = columns.token(&row)?;
    token.role_ids = split_ids(row.get("role_ids")?);
    token.permission_ids = split_ids(row.get("permission_ids")?);
    let hashes = SecretHashes {
        current: row.get("secret_hash")?,
        previous: row.get("previous_secret_hash")?,
    };
    Ok(Some((token, hashes)))
}

/// The tokens of one list, newest first.
///
/// Three statements, each one index scan: the tokens, then all their role ids and all their
/// permission ids (rather than two subqueries per token: a 10,000-token list took 3x longer).
pub fn list_tokens(c: &Conn, list: &ListId) -> Result<Vec<Token>> {
    const WHERE: &str =
        "t.tenant_id = ?1 AND t.owner_user_id IS NOT DISTINCT FROM ?2 AND t.kind = ?3";
    let (user_id, kind) = (list.user_id(), list.kind());
    let args = params![list.tenant_id, user_id, kind];
    let rows = c.query(
        &format!(
            "SELECT {TOKEN_COLUMNS} FROM tokens t WHERE {WHERE} ORDER BY t.created_at DESC, t.id"
        ),
        args,
    )?;
    let columns = TokenColumns::of(&rows)?;
    let mut tokens = rows.map(|row| columns.token(row))?;
    let ids_of = |table: &str, column: &str| -> Result<HashMap<String, Vec<String>>> {
        let rows = c.query(
            &format!(
                "SELECT x.token_id, x.{column} AS assigned FROM {table} x \
                 JOIN tokens t ON t.id = x.token_id WHERE {WHERE}"
            ),
            args,
        )?;
        let (token_id, assigned) = (
            rows.column_index("token_id")?,
            rows.column_index("assigned")?,
        );
        let mut by_token: HashMap<String, Vec<String>> = HashMap::new();
        for row in rows.iter() {
            by_token
                .entry(row.get(token_id)?)
                .or_default()
                .push(row.get(assigned)?);
        }
        Ok(by_token)
    };
    let mut roles = ids_of("token_roles", "role_id")?;
    let mut permissions = ids_of("token_permissions", "permission_id")?;
    for t in &mut tokens {
        t.role_ids = roles.remove(&t.id).unwrap_or_default();
        t.role_ids.sort();
        t.permission_ids = permissions.remove(&t.id).unwrap_or_default();
        t.permission_ids.sort();
    }
    Ok(tokens)
}

/// One token of a list; `None` for a missing or foreign id alike.
pub fn get_token(c: &Conn, list: &ListId, id: &str) -> Result<Option<Token>> {
    let found = find_token(
        c,
        "t.id = ?1 AND t.tenant_id = ?2 AND t.owner_user_id IS NOT DISTINCT FROM ?3 AND t.kind = ?4",
        params![id, list.tenant_id, list.user_id(), list.kind()],
    )?;
    Ok(found.map(|(token, _)| token))
}

/// The version of `tenant_id`'s tokens: 0 at first, then bumped by trigger in the same
/// transaction as every change to them (`migrations/0002_token_versions.sql`).
pub fn tokens_version(c: &Conn, tenant_id: &str) -> Result<i64> {
    let version = c
        .query_row(
            "SELECT version FROM token_versions WHERE tenant_id = ?1",
            params![tenant_id],
            |r| r.get("version"),
        )
        .optional()?;
    Ok(version.unwrap_or(0))
}

/// What creating a token stores.
pub struct NewToken {
    pub id: String,
    /// The list it joins.
    pub list: ListId,
    pub description: Option<String>,
    pub secret_hash: Vec<u8>,
    pub created_by_user_id: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub metadata: serde_json::Value,
    pub role_ids: Vec<String>,
    pub permission_ids: Vec<String>,
}

/// Inserts a token with its roles and permissions, and its `created` event by `actor`. Call
/// inside a transaction (with whatever the caller checked before, see `routes::tokens`).
pub fn insert_token(c: &Conn, t: NewToken, actor: &Actor) -> Result<Token> {
    c.execute(
        "INSERT INTO tokens (id, tenant_id, owner_user_id, kind, description, secret_hash, \
         created_by_user_id, created_at, expires_at, metadata) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            t.id,
            t.list.tenant_id,
            t.list.user_id(),
            t.list.kind(),
            t.description,
            t.secret_hash,
            t.created_by_user_id,
            t.created_at,
            t.expires_at,
            t.metadata.to_string()
        ],
    )?;
    for r in &t.role_ids {
        c.execute(
            "INSERT INTO token_roles (token_id, role_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![t.id, r],
        )?;
    }
    for p in &t.permission_ids {
        c.execute(
            "INSERT INTO token_permissions (token_id, permission_id) VALUES (?1, ?2) \
                 ON CONFLICT DO NOTHING",
            params![t.id, p],
        )?;
    }
    record_event(
        c,
        &t.list,
        &t.id,
        EventType::Created,
        &t.created_at,
        Some(actor),
    )?;
    let mut role_ids = t.role_ids;
    role_ids.sort();
    role_ids.dedup();
    let mut permission_ids = t.permission_ids;
    permission_ids.sort();
    permission_ids.dedup();
    Ok(Token {
        id: t.id,
        tenant_id: t.list.tenant_id,
        source: t.list.source,
        owner_user_id: t.list.user_id,
        description: t.description,
        created_by_user_id: t.created_by_user_id,
        created_at: t.created_at,
        expires_at: t.expires_at,
        metadata: t.metadata,
        role_ids,
        permission_ids,
        last_used_at: None,
        last_used_ip: None,
        previous_secret_expires_at: None,
    })
}

/// A token's last use is written at most this often: a token used many times a second costs
/// one write a minute, not one per request.
pub const LAST_USED_EVERY: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// Records that token `id` authenticated at `now` from `ip`, unless a use less than
/// [`LAST_USED_EVERY`] ago is recorded already (then that one stays, time and address). True
/// when it wrote. The write is an UPDATE of `tokens`, so it bumps the tenant's token version
/// like every other change (migration 0002) and no kept list goes on showing the old value.
pub fn record_use(
    c: &Conn,
    id: &str,
    ip: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool> {
    let n = c.execute(
        "UPDATE tokens SET last_used_at = ?2, last_used_ip = ?3 \
             WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at > ?2 OR last_used_at < ?4)",
        params![id, timestamp(now), ip, timestamp(now - LAST_USED_EVERY)],
    )?;
    Ok(n > 0)
}

/// Deletes one token of a list and records its `deleted` event by `actor`; false when there
/// was none (or it is foreign). Its events are kept. Call inside a transaction: its rows in
/// `token_roles` and `token_permissions` go with it by cascade, so no half of it remains.
pub fn delete_token(c: &Conn, list: &ListId, id: &str, actor: &Actor) -> Result<bool> {
    let n = c.execute(
        "DELETE FROM tokens WHERE id = ?1 AND tenant_id = ?2 AND owner_user_id IS NOT DISTINCT FROM ?3 AND kind = ?4",
        params![id, list.tenant_id, list.user_id(), list.kind()],
    )?;
    if n == 0 {
        return Ok(false);
    }
    record_event(c, list, id, EventType::Deleted, &now(), Some(actor))?;
    Ok(true)
}

/// Changes of a PATCH; `None` leaves a field as it is.
pub struct TokenUpdate {
    pub description: Option<String>,
    pub role_ids: Option<Vec<String>>,
    pub permission_ids: Option<Vec<String>>,
    pub metadata: Option<serde_json::Value>,
}

/// Applies `u` to a token of a list and records its `updated` event by `actor`; `None` when
/// missing. Call inside a transaction.
pub fn update_token(
    c: &Conn,
    list: &ListId,
    id: &str,
    u: TokenUpdate,
    actor: &Actor,
) -> Result<Option<Token>> {
    let exists = get_token(c, list, id)?.is_some();
    if !exists {
        return Ok(None);
    }
    if let Some(d) = &u.description {
        c.execute(
            "UPDATE tokens SET description = ?2 WHERE id = ?1",
            params![id, d],
        )?;
    }
    if let Some(m) = &u.metadata {
        c.execute(
            "UPDATE tokens SET metadata = ?2 WHERE id = ?1",
            params![id, m.to_string()],
        )?;
    }
    if let Some(roles) = &u.role_ids {
        c.execute("DELETE FROM token_roles WHERE token_id = ?1", params![id])?;
        for r in roles {
            c.execute(
                "INSERT INTO token_roles (token_id, role_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![id, r],
            )?;
        }
    }
    if let Some(perms) = &u.permission_ids {
        c.execute(
            "DELETE FROM token_permissions WHERE token_id = ?1",
            params![id],
        )?;
        for p in perms {
            c.execute(
                "INSERT INTO token_permissions (token_id, permission_id) VALUES (?1, ?2) \
                 ON CONFLICT DO NOTHING",
                params![id, p],
            )?;
        }
    }
    record_event(c, list, id, EventType::Updated, &now(), Some(actor))?;
    let updated = get_token(c, list, id)?;
    Ok(updated)
}

/// Who changed a token, and from where: recorded with each event.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: String,
    /// Their name at the time (kept as it was when they are renamed or gone).
    pub name: String,
    /// The client address (`client_ip.rs`).
    pub ip: String,
}

/// What happened to a token (the `type` of an event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Created,
    Updated,
    Rotated,
    /// The secret before the last roll stopped working: ended by hand, by a second roll, or
    /// its window ran out.
    PreviousSecretExpired,
    Deleted,
}

impl EventType {
    /// How the `type` column and the wire spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Created => "created",
            EventType::Updated => "updated",
            EventType::Rotated => "rotated",
            EventType::PreviousSecretExpired => "previousSecretExpired",
            EventType::Deleted => "deleted",
        }
    }
}

/// One event of a token's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenEvent {
    /// [`EventType::as_str`].
    pub kind: String,
    pub at: String,
    pub actor_user_id: Option<String>,
    pub actor_name: Option<String>,
    pub ip: Option<String>,
    /// `refusedAttempts` only: how many, and when the last was (`at` is the first).
    pub attempts: Option<i64>,
    pub last_at: Option<String>,
}

/// Records that `what` happened at `at` to token `id` of `list`, by `actor` (`None`: nobody
/// acted).
pub fn record_event(
    c: &Conn,
    list: &ListId,
    id: &str,
    what: EventType,
    at: &str,
    actor: Option<&Actor>,
) -> Result<()> {
    c.execute(
        "INSERT INTO token_events \
         (token_id, tenant_id, owner_user_id, kind, type, at, actor_user_id, actor_name, ip) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            list.tenant_id,
            list.user_id(),
            list.kind(),
            what.as_str(),
            at,
            actor.map(|a| &a.user_id),
            actor.map(|a| &a.name),
            actor.map(|a| &a.ip),
        ],
    )?;
    Ok(())
}

/// The history of token `id` of `list`, newest first: a deleted token's too, reached through
/// the list it was in (the same tenant, owner and kind). Empty for an id never in that list.
pub fn token_events(c: &Conn, list: &ListId, id: &str) -> Result<Vec<TokenEvent>> {
    let rows = c.query(
        "SELECT type, at, actor_user_id, actor_name, ip, attempts, last_at FROM token_events \
         WHERE token_id = ?1 AND tenant_id = ?2 AND owner_user_id IS NOT DISTINCT FROM ?3 \
             AND kind = ?4 \
         ORDER BY at DESC, seq DESC",
        params![id, list.tenant_id, list.user_id(), list.kind()],
    )?;
    rows.map(|r| {
        Ok(TokenEvent {
            kind: r.get("type")?,
            at: r.get("at")?,
            actor_user_id: r.get("actor_user_id")?,
            actor_name: r.get("actor_name")?,
            ip: r.get("ip")?,
            attempts: r.get("attempts")?,
            last_at: r.get("last_at")?,
        })
    })
}

/// Records a refused exchange of client id `client_id` (a wrong secret, or one refused by a
/// limit) from `ip` at `now`, when such a token exists: counted in one `refusedAttempts` event
/// per token and hour (the first at `at`, the last at `last_at` and from `ip`), not one event
/// per attempt, so a flood of guesses cannot flood the history.
pub fn record_refused_attempt(
    c: &Conn,
    client_id: &str,
    ip: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let at = timestamp(now);
    let hour = now.format("%Y-%m-%dT%H").to_string();
    c.execute(
        "INSERT INTO token_events (token_id, tenant_id, owner_user_id, kind, type, at, ip, \
             attempts, last_at, bucket) \
         SELECT id, tenant_id, owner_user_id, kind, 'refusedAttempts', ?2, ?3, 1, ?2, ?4 \
             FROM tokens WHERE id = ?1 AND kind = ?5 \
         ON CONFLICT (token_id, bucket) WHERE bucket IS NOT NULL DO UPDATE SET \
             attempts = token_events.attempts + 1, last_at = excluded.last_at, ip = excluded.ip",
        params![
            client_id,
            at,
            ip,
            hour,
            kind_column(TokenType::ClientCredentials)
        ],
    )?;
    Ok(())
}

/// Deletes the events from before `before` (the retention, `--event-retention-days`).
pub fn prune_events(c: &Conn, before: &str) -> Result<usize> {
    c.execute("DELETE FROM token_events WHERE at < ?1", params![before])
}

/// How many tokens `tenant_id` has (account and personal, of both types), and how many of
/// them `user_id` created. Call inside the transaction that creates, after
/// [`lock_tenant_tokens`].
pub fn token_counts(c: &Conn, tenant_id: &str, user_id: &str) -> Result<(i64, i64)> {
    c.query_row(
        "SELECT count(*) AS tenant, \
             count(CASE WHEN created_by_user_id = ?2 THEN 1 END) AS by_user \
         FROM tokens WHERE tenant_id = ?1",
        params![tenant_id, user_id],
        |r| Ok((r.get("tenant")?, r.get("by_user")?)),
    )
}

/// Makes the other writers of `tenant_id`'s tokens wait until the caller's transaction ends,
/// so that what it counts stays true until it writes: it bumps the tenant's version now, which
/// takes that row's lock on PostgreSQL (on SQLite the write transaction holds the database).
pub fn lock_tenant_tokens(c: &Conn, tenant_id: &str) -> Result<()> {
    c.execute(
        "INSERT INTO token_versions (tenant_id, version) VALUES (?1, 1) \
         ON CONFLICT (tenant_id) DO UPDATE SET version = token_versions.version + 1",
        params![tenant_id],
    )?;
    Ok(())
}

/// Closes every grace window of `tenant_id`'s tokens that has run out by `now`: forgets the
/// previous secret and records a `previousSecretExpired` event at the moment it ran out, by
/// nobody. Called (inside the caller's transaction, as its two statements must go together)
/// before the tenant's tokens are listed, rolled, or their history read, so a window that ran
/// out is never listed as open and its end is in the history. The secret itself stopped
/// working at that moment regardless: every check compares the time.
pub fn end_lapsed_windows(c: &Conn, tenant_id: &str, now: &str) -> Result<usize> {
    if !any_lapsed_window(c, tenant_id, now)? {
        return Ok(0);
    }
    c.execute(
        &format!(
            "INSERT INTO token_events (token_id, tenant_id, owner_user_id, kind, type, at) \
         SELECT id, tenant_id, owner_user_id, kind, 'previousSecretExpired', \
             previous_secret_expires_at FROM tokens WHERE {LAPSED}"
        ),
        params![tenant_id, now],
    )?;
    c.execute(
        &format!(
            "UPDATE tokens SET previous_secret_hash = NULL, previous_secret_expires_at = NULL \
         WHERE {LAPSED}"
        ),
        params![tenant_id, now],
    )
}

/// The grace windows of a tenant's tokens that have run out by `now` and not been closed.
const LAPSED: &str = "tenant_id = ?1 AND previous_secret_expires_at <= ?2";

/// Whether any of `tenant_id`'s tokens has a grace window that ran out by `now` and is still
/// to be closed ([`end_lapsed_windows`]).
pub fn any_lapsed_window(c: &Conn, tenant_id: &str, now: &str) -> Result<bool> {
    c.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM tokens WHERE {LAPSED})"),
        params![tenant_id, now],
        |r| r.get(0),
    )
}

/// Gives `token` the secret hashed as `new_hash`. With `previous_until` the secret it had so
/// far keeps working until then; with `None` it stops at once. A grace window still open ends
/// now (one previous secret at most), recorded as `previousSecretExpired`; then `rotated`,
/// both by `actor`. Call inside a transaction, after [`end_lapsed_windows`]. Answers the
/// token as it is now.
pub fn rotate_secret(
    c: &Conn,
    token: &Token,
    new_hash: &[u8],
    previous_until: Option<&str>,
    now: &str,
    actor: &Actor,
) -> Result<Token> {
    let list = ListId::of(token);
    if token.previous_secret_open(now) {
        record_event(
            c,
            &list,
            &token.id,
            EventType::PreviousSecretExpired,
            now,
            Some(actor),
        )?;
    }
    // Every expression of a SET reads the row as it was: the current secret becomes the
    // previous one.
    c.execute(
        "UPDATE tokens SET secret_hash = ?2, \
             previous_secret_hash = CASE WHEN CAST(?3 AS TEXT) IS NULL THEN NULL ELSE secret_hash END, \
             previous_secret_expires_at = ?3 \
         WHERE id = ?1",
        params![token.id, new_hash, previous_until])?;
    record_event(c, &list, &token.id, EventType::Rotated, now, Some(actor))?;
    get_token(c, &list, &token.id)?.ok_or_else(|| crate::db::Error(crate::db::NO_ROWS.into()))
}

/// Ends `token`'s grace window now, by `actor`: the previous secret stops working and
/// `previousSecretExpired` is recorded. False when no window is open. Call inside a
/// transaction, after [`end_lapsed_windows`].
pub fn end_previous_secret(c: &Conn, token: &Token, now: &str, actor: &Actor) -> Result<bool> {
    if !token.previous_secret_open(now) {
        return Ok(false);
    }
    c.execute(
        "UPDATE tokens SET previous_secret_hash = NULL, previous_secret_expires_at = NULL \
         WHERE id = ?1",
        params![token.id],
    )?;
    record_event(
        c,
        &ListId::of(token),
        &token.id,
        EventType::PreviousSecretExpired,
        now,
        Some(actor),
    )?;
    Ok(true)
}

/// A client-credentials token by client id, with its stored secret hashes (for the exchange).
pub fn client_with_hash(c: &Conn, client_id: &str) -> Result<Option<(Token, SecretHashes)>> {
    find_token(
        c,
        "t.id = ?1 AND t.kind = ?2",
        params![client_id, kind_column(TokenType::ClientCredentials)],
    )
}

/// A token of any kind by id, with its secret hashes (for checking an exchanged JWT is still
/// backed by a live token and a secret that still works).
pub fn token_by_id(c: &Conn, id: &str) -> Result<Option<(Token, SecretHashes)>> {
    find_token(c, "t.id = ?1", params![id])
}

/// An access token by the hash of its secret, current or previous, with its hashes.
pub fn access_token_by_hash(c: &Conn, hash: &[u8]) -> Result<Option<(Token, SecretHashes)>> {
    find_token(
        c,
        "(t.secret_hash = ?1 OR t.previous_secret_hash = ?1) AND t.kind = ?2",
        params![hash, kind_column(TokenType::AccessToken)],
    )
}

fn role_from_row(row: &Row<'_>) -> Result<Role> {
    Ok(Role {
        id: row.get("id")?,
        tenant_id: row.get("tenant_id")?,
        key: row.get("key")?,
        name: row.get("name")?,
        description: row.get("description")?,
        level: row.get("level")?,
        is_default: row.get("is_default")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        permission_ids: split_ids(row.get("permission_ids")?),
    })
}

const ROLE_COLUMNS: &str =
    "r.id, r.tenant_id, r.key, r.name, r.description, r.level, r.is_default, \
    r.created_at, r.updated_at, \
    (SELECT string_agg(permission_id, ',') FROM role_permissions p WHERE p.role_id = r.id) \
        AS permission_ids";

/// All roles of a tenant, most privileged first (roles without a level last).
pub fn tenant_roles(c: &Conn, tenant_id: &str) -> Result<Vec<Role>> {
    c.query(
        &format!(
            "SELECT {ROLE_COLUMNS} FROM roles r WHERE r.tenant_id = ?1 \
             ORDER BY r.level IS NULL, r.level, r.name"
        ),
        params![tenant_id],
    )?
    .map(role_from_row)
}

/// The roles of a user.
pub fn user_roles(c: &Conn, user_id: &str) -> Result<Vec<Role>> {
    c.query(
        &format!(
            "SELECT {ROLE_COLUMNS} FROM roles r JOIN user_roles ur ON ur.role_id = r.id \
             WHERE ur.user_id = ?1 ORDER BY r.level IS NULL, r.level, r.name"
        ),
        params![user_id],
    )?
    .map(role_from_row)
}

/// Every permission.
pub fn all_permissions(c: &Conn) -> Result<Vec<Permission>> {
    let rows = c.query(
        "SELECT p.id, p.key, p.name, p.description, p.category_id, p.created_at, \
         (SELECT string_agg(role_id, ',') FROM role_permissions rp WHERE rp.permission_id = p.id) \
             AS role_ids \
         FROM permissions p ORDER BY p.key",
        params![],
    )?;
    rows.map(|row| {
        Ok(Permission {
            id: row.get("id")?,
            key: row.get("key")?,
            name: row.get("name")?,
            description: row.get("description")?,
            category_id: row.get("category_id")?,
            created_at: row.get("created_at")?,
            role_ids: split_ids(row.get("role_ids")?),
        })
    })
}

/// A signed-in user with roles and the permission keys those roles grant; `None` when the
/// user is gone or no longer in that tenant.
pub fn load_user(c: &Conn, user_id: &str, tenant_id: &str) -> Result<Option<AuthUser>> {
    let found: Option<(String, String)> = c
        .query_row(
            "SELECT email, name FROM users WHERE id = ?1 AND tenant_id = ?2",
            params![user_id, tenant_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((email, name)) = found else {
        return Ok(None);
    };
    let roles = user_roles(c, user_id)?;
    let permissions = c
        .query(
            "SELECT DISTINCT p.key FROM permissions p \
             JOIN role_permissions rp ON rp.permission_id = p.id \
             JOIN user_roles ur ON ur.role_id = rp.role_id WHERE ur.user_id = ?1 ORDER BY p.key",
            params![user_id],
        )?
        .map(|r| r.get::<String>(0))?;
    Ok(Some(AuthUser {
        user_id: user_id.to_string(),
        tenant_id: tenant_id.to_string(),
        email,
        name,
        roles,
        permissions,
    }))
}

/// (user id, tenant id, password hash) for a sign-in email (case-insensitive).
pub fn user_by_email(c: &Conn, email: &str) -> Result<Option<(String, String, String)>> {
    c.query_row(
        "SELECT id, tenant_id, password_hash FROM users WHERE lower(email) = lower(?1)",
        params![email.trim()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Name and email of a user (for the demo route).
pub fn user_brief(c: &Conn, user_id: &str) -> Result<Option<(String, String)>> {
    c.query_row(
        "SELECT name, email FROM users WHERE id = ?1",
        params![user_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// A tenant's name and token settings.
#[derive(Clone, Debug)]
pub struct TenantSettings {
    pub name: String,
    /// `machineToMachineAuthStrategy`: which type new tokens are.
    pub strategy: String,
    /// `forcePermissions`: account tokens must carry roles or permissions.
    pub force_permissions: bool,
    /// `maxExpiresInMinutes` (our extension): new tokens must expire within this many
    /// minutes; `None`: no policy.
    pub max_expires_in_minutes: Option<i64>,
}

/// The settings of `tenant_id`; `None` when there is no such tenant.
pub fn tenant_settings(c: &Conn, tenant_id: &str) -> Result<Option<TenantSettings>> {
    c.query_row(
        "SELECT name, m2m_strategy, force_permissions, max_expires_in_minutes \
         FROM tenants WHERE id = ?1",
        params![tenant_id],
        |r| {
            Ok(TenantSettings {
                name: r.get("name")?,
                strategy: r.get("m2m_strategy")?,
                force_permissions: r.get("force_permissions")?,
                max_expires_in_minutes: r.get("max_expires_in_minutes")?,
            })
        },
    )
    .optional()
}

/// The server's key `name`, created from the CSPRNG on first use.
pub fn server_key(c: &Conn, name: &str) -> Result<Vec<u8>> {
    let existing: Option<Vec<u8>> = c
        .query_row(
            "SELECT value FROM server_keys WHERE name = ?1",
            params![name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(k) = existing {
        return Ok(k);
    }
    let key = crate::secrets::random_bytes::<32>().to_vec();
    c.execute(
        "INSERT INTO server_keys (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        params![name, key],
    )?;
    c.query_row(
        "SELECT value FROM server_keys WHERE name = ?1",
        params![name],
        |r| r.get(0),
    )
}

/// Whether any tenant exists (a fresh database gets the demo data).
pub fn is_empty(c: &Conn) -> Result<bool> {
    let n: i64 = c.query_row("SELECT count(*) FROM tenants", params![], |r| r.get(0))?;
    Ok(n == 0)
}
