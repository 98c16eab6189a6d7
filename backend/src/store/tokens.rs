//! Reading tokens: a list, one token, one by its id or secret for the checks of a secret,
//! and the version of a tenant's tokens that kept lists are checked against.

use std::collections::HashMap;

use api_tokens_rules::{Cidr, Owner, Source, TokenType};

use crate::db::{Conn, OptionalExtension, Params, Result, Row, Rows};
use crate::domain::{Disabled, ListId, SecretHashes, Timestamp, Token};
use crate::params;

/// How the `kind` column spells the type of `list`'s tokens.
pub(super) fn list_kind(list: &ListId) -> &'static str {
    kind_column(list.source().kind())
}

/// How the `kind` column spells a token type.
pub fn kind_column(kind: TokenType) -> &'static str {
    match kind {
        TokenType::ClientCredentials => "client_credentials",
        TokenType::AccessToken => "access_token",
    }
}

pub(super) fn kind_from_column(s: &str) -> TokenType {
    if s == "access_token" {
        TokenType::AccessToken
    } else {
        TokenType::ClientCredentials
    }
}

pub(super) fn split_ids(s: Option<String>) -> Vec<String> {
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
pub(super) const TOKEN_COLUMNS: &str =
    "t.id, t.tenant_id, t.owner_user_id, t.kind, t.description, \
    t.created_by_user_id, t.created_at, t.expires_at, t.metadata, t.last_used_at, t.last_used_ip, \
    t.previous_secret_expires_at, t.disabled_at, t.disabled_after_days, t.allowed_cidrs, \
    CASE WHEN t.created_by_user_id IS NOT NULL AND NOT EXISTS \
        (SELECT 1 FROM users u WHERE u.id = t.created_by_user_id) THEN 1 ELSE 0 END \
        AS creator_gone";

/// Where [`TOKEN_COLUMNS`] are in a statement's rows, found by name once per statement rather
/// than once per row and column (each lookup scans the statement's column names).
pub(super) struct TokenColumns {
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
    disabled_at: usize,
    disabled_after_days: usize,
    allowed_cidrs: usize,
    creator_gone: usize,
}

impl TokenColumns {
    pub(super) fn of(rows: &Rows) -> Result<TokenColumns> {
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
            disabled_at: at("disabled_at")?,
            disabled_after_days: at("disabled_after_days")?,
            allowed_cidrs: at("allowed_cidrs")?,
            creator_gone: at("creator_gone")?,
        })
    }

    /// The token in `row`, without its role and permission ids.
    pub(super) fn token(&self, row: &Row<'_>) -> Result<Token> {
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
            disabled: row
                .get::<Option<Timestamp>>(self.disabled_at)?
                .map(|at| -> Result<Disabled> {
                    Ok(Disabled {
                        at,
                        after_unused_days: row.get(self.disabled_after_days)?,
                    })
                })
                .transpose()?,
            allowed_cidrs: read_cidrs(row.get(self.allowed_cidrs)?)?,
            created_by_former_member: row.get::<i64>(self.creator_gone)? != 0,
        })
    }
}

/// An allowlist as stored ([`cidrs_column`]). Only the server writes it, in canonical form;
/// an entry that does not read back is an error, never dropped: dropping it could widen the
/// list, or empty it, which allows every address.
fn read_cidrs(stored: Option<String>) -> Result<Vec<Cidr>> {
    stored
        .unwrap_or_default()
        .split_whitespace()
        .map(|e| {
            e.parse::<Cidr>().map_err(|_| {
                crate::db::Error::Type(format!("allowed_cidrs holds {e:?}, not a network"))
            })
        })
        .collect()
}

/// An allowlist as `tokens.allowed_cidrs` holds it: canonical entries separated by a space;
/// `None` for none.
pub fn cidrs_column(list: &[Cidr]) -> Option<String> {
    (!list.is_empty()).then(|| {
        list.iter()
            .map(Cidr::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// The one token `filter` (a WHERE clause over `tokens t`) finds, with its role and
/// permission ids, and its secret hashes (which only the checks of a secret need).
pub(super) fn find_token(
    c: &Conn,
    filter: &str,
    params: Params<'_>,
) -> Result<Option<(Token, SecretHashes)>> {
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
    let (user_id, kind) = (list.user_id(), list_kind(list));
    let args = params![list.tenant_id(), user_id, kind];
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
        params![id, list.tenant_id(), list.user_id(), list_kind(list)],
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
