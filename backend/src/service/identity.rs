//! Who is calling: a signed-in user (a user JWT), the demo sign-in, the client-credentials
//! exchange, and a token used against the vendor's own API (an access token in `X-API-KEY`,
//! or the JWT an exchange gave). A token that authenticates has its use recorded.

use std::net::IpAddr;

use crate::crypto::jwt::{self, Claims};
use crate::crypto::{password, secrets};
use crate::db::Conn;
use crate::domain::{Error, Permission, Result, Role, TenantSettings, Timestamp, Token, User};
use crate::store;

use super::Service;

/// What a sign-in gives.
pub struct SignedIn {
    pub jwt: String,
    pub refresh_token: String,
}

/// What an exchange of client credentials gives.
pub struct Exchanged {
    pub jwt: String,
    pub refresh_token: String,
    /// Seconds since the epoch when the JWT stops working.
    pub expires_at: i64,
    pub issued_at: i64,
}

/// Who a token used against the vendor's API acts as (`GET /api/demo/whoami`).
pub struct Whoami {
    pub token: Token,
    pub tenant_name: String,
    /// A personal token's owner: (user id, name, email).
    pub owner: Option<(String, String, String)>,
    /// The roles it acts with: a personal token its owner's, an account token its own.
    pub roles: Vec<Role>,
}

impl Service {
    /// The signed-in user behind a user JWT, with their roles and permissions now. A request
    /// that will change something (`for_write`) reads them on the writers' connection: it
    /// waits for that connection next anyway, and on SQLite a reader's cache, emptied by every
    /// commit, made each create about 5 % slower under a stream of writes (issue 38's bench).
    pub async fn signed_in(&self, bearer: &str, for_write: bool) -> Result<User> {
        let claims =
            jwt::verify(&self.keys.jwt, bearer, jwt::now_secs()).map_err(Error::unauthorized)?;
        if claims.typ != jwt::TYP_USER {
            return Err(Error::unauthorized("not a user token"));
        }
        let load = move |c: &Conn| Ok(store::load_user(c, &claims.sub, &claims.tenant_id)?);
        let user = if for_write {
            self.write(load).await?
        } else {
            self.read(load).await?
        };
        user.ok_or_else(|| Error::unauthorized("user no longer exists"))
    }

    /// The user a user JWT names when it is valid, without asking the database (the write
    /// limit counts by it before the request is handled).
    pub fn user_id_of(&self, bearer: &str) -> Option<String> {
        jwt::verify(&self.keys.jwt, bearer, jwt::now_secs())
            .ok()
            .filter(|claims| claims.typ == jwt::TYP_USER)
            .map(|claims| claims.sub)
    }

    /// The roles of `tenant_id`, most privileged first.
    pub async fn roles(&self, tenant_id: String) -> Result<Vec<Role>> {
        self.read(move |c| Ok(store::tenant_roles(c, &tenant_id)?))
            .await
    }

    /// Every permission.
    pub async fn permissions(&self) -> Result<Vec<Permission>> {
        self.read(|c| Ok(store::all_permissions(c)?)).await
    }

    /// A user's (name, email).
    pub async fn user_brief(&self, user_id: String) -> Result<Option<(String, String)>> {
        self.read(move |c| Ok(store::user_brief(c, &user_id)?))
            .await
    }

    /// A tenant's settings; `None` when there is no such tenant.
    pub async fn tenant_settings(&self, tenant_id: String) -> Result<Option<TenantSettings>> {
        self.read(move |c| Ok(store::tenant_settings(c, &tenant_id)?))
            .await
    }

    /// The demo sign-in, rate-limited (see `limits`): a signed user JWT valid for an hour.
    pub async fn sign_in(&self, ip: IpAddr, email: String, pass: String) -> Result<SignedIn> {
        let account = email.trim().to_ascii_lowercase();
        self.limited("sign-in", ip, &account, self.check_sign_in(email, pass))
            .await
    }

    async fn check_sign_in(&self, email: String, pass: String) -> Result<SignedIn> {
        let email = email.trim().to_string();
        let by = email.clone();
        let found = self
            .read(move |c| Ok(store::user_by_email(c, &by)?))
            .await?;
        let phc = found.as_ref().map(|(_, _, h)| h.clone());
        let ok =
            tokio::task::spawn_blocking(move || password::verify_password(&pass, phc.as_deref()))
                .await
                .map_err(Error::internal)?;
        let (user_id, tenant_id, _) = match (ok, found) {
            (true, Some(f)) => f,
            _ => return Err(Error::unauthorized("incorrect email or password")),
        };
        let now = jwt::now_secs();
        let signed = jwt::sign(
            &self.keys.jwt,
            &Claims {
                sub: user_id.clone(),
                tenant_id,
                typ: jwt::TYP_USER.into(),
                iat: now,
                exp: now + jwt::JWT_TTL_SECS,
                email: Some(email),
                sfp: None,
            },
        );
        tracing::info!(user_id = %user_id, "signed in");
        Ok(SignedIn {
            jwt: signed,
            refresh_token: secrets::generate(),
        })
    }

    /// Exchanges client credentials for a JWT, rate-limited. Any failure (unknown client,
    /// wrong secret, expired token) is the same 401. A refusal (401 or 429) is recorded in the
    /// token's history (when there is such a token), counted, after the answer is decided:
    /// a write only for client ids that exist would make a refusal of one slower, telling which
    /// exist.
    pub async fn exchange(
        &self,
        ip: IpAddr,
        client_id: String,
        secret: String,
    ) -> Result<Exchanged> {
        let account = client_id.trim().to_string();
        let result = self
            .limited(
                "exchange",
                ip,
                &account,
                self.check_exchange(&account, secret, ip),
            )
            .await;
        if matches!(result, Err(Error::Unauthorized(_) | Error::TooMany(_))) && !account.is_empty()
        {
            let (service, at) = (self.clone(), Timestamp::now());
            let ip = ip.to_string();
            tokio::spawn(async move {
                let recorded = service
                    .write(move |c| Ok(store::record_refused_attempt(c, &account, &ip, at)?))
                    .await;
                if recorded.is_err() {
                    tracing::warn!("a refused exchange was not recorded in its token's history");
                }
            });
        }
        result
    }

    async fn check_exchange(
        &self,
        client_id: &str,
        secret: String,
        ip: IpAddr,
    ) -> Result<Exchanged> {
        let refused = || Error::unauthorized("invalid client credentials");
        if client_id.is_empty() || secret.is_empty() {
            return Err(refused());
        }
        let id = client_id.to_string();
        let found = self
            .read(move |c| Ok(store::client_with_hash(c, &id)?))
            .await?;
        let (token, hashes) = found.ok_or_else(refused)?;
        let now = Timestamp::now();
        // The current secret, or the one before the last roll while its grace window is open.
        let matched = secrets::check(
            &self.keys.secret,
            &secret,
            &hashes.current,
            hashes.open_previous(&token, now),
        );
        let (used_hash, until) = match matched {
            Some(secrets::Matched::Current) => (&hashes.current, None),
            Some(secrets::Matched::Previous) => (
                hashes.previous.as_ref().ok_or_else(refused)?,
                token.previous_secret_expires_at,
            ),
            None => {
                self.note_refused(&token.id);
                return Err(refused());
            }
        };
        if token.is_expired(now) {
            self.note_refused(&token.id);
            return Err(refused());
        }
        // Said only to whoever holds the secret.
        if let Some(d) = token.disabled {
            self.note_refused(&token.id);
            return Err(Error::unauthorized(d.refusal()));
        }
        self.check_address(&token, ip).await?;
        self.record_use(&token.id, ip).await;
        let issued_at = jwt::now_secs();
        // Never outlive the token itself, nor the grace window of the secret it was exchanged
        // for.
        let expires_at = [token.expires_at, until]
            .into_iter()
            .flatten()
            .map(Timestamp::unix_seconds)
            .fold(issued_at + jwt::JWT_TTL_SECS, i64::min);
        let signed = jwt::sign(
            &self.keys.jwt,
            &Claims {
                sub: token.id.clone(),
                tenant_id: token.tenant_id.clone(),
                typ: jwt::TYP_API_TOKEN.into(),
                iat: issued_at,
                exp: expires_at,
                email: None,
                sfp: Some(secrets::fingerprint(used_hash)),
            },
        );
        tracing::info!(token_id = %token.id, "client credentials exchanged");
        Ok(Exchanged {
            jwt: signed,
            refresh_token: secrets::generate(),
            expires_at,
            issued_at,
        })
    }

    /// The access token `key` (its current secret, or the one before the last roll while its
    /// window is open), with its use from `ip` recorded.
    pub async fn access_token(&self, key: &str, ip: IpAddr) -> Result<Token> {
        let refused = || Error::unauthorized("invalid API key");
        let hash = secrets::hash(&self.keys.secret, key);
        let (token, hashes) = self
            .read(move |c| Ok(store::access_token_by_hash(c, &hash)?))
            .await?
            .ok_or_else(refused)?;
        let now = Timestamp::now();
        let open_previous = hashes.open_previous(&token, now);
        if secrets::check(&self.keys.secret, key, &hashes.current, open_previous).is_none() {
            return Err(refused());
        }
        if token.is_expired(now) {
            self.note_refused(&token.id);
            return Err(Error::unauthorized("token expired"));
        }
        if let Some(d) = token.disabled {
            self.note_refused(&token.id);
            return Err(Error::unauthorized(d.refusal()));
        }
        self.check_address(&token, ip).await?;
        self.record_use(&token.id, ip).await;
        Ok(token)
    }

    /// 403 when `token`'s IP allowlist does not hold `ip`: counted as a refused attempt, and
    /// recorded in its history once per address and hour (`refusedAddress`, with a count), at
    /// once, so the user who set the list sees it. Asked after the secret was checked: only
    /// its holder learns that the token has an allowlist. A failure to record is logged and
    /// changes nothing: the use is refused all the same.
    async fn check_address(&self, token: &Token, ip: IpAddr) -> Result<()> {
        if token.allows(ip) {
            return Ok(());
        }
        self.note_refused(&token.id);
        let (id, at, addr) = (token.id.clone(), Timestamp::now(), ip.to_string());
        let recorded = self
            .write(move |c| Ok(store::record_refused_address(c, &id, &addr, at)?))
            .await;
        if recorded.is_err() {
            tracing::warn!(
                "a use refused by an IP allowlist was not recorded in its token's history"
            );
        }
        tracing::info!(token_id = %token.id, "use refused by the token's IP allowlist");
        Err(Error::forbidden(Token::address_refusal(ip)))
    }

    /// The token a JWT from the exchange was issued for, while it and the secret it was
    /// exchanged for still work (a roll without grace, or a window's end, stops it at once).
    pub async fn exchanged_token(&self, bearer: &str) -> Result<Token> {
        let claims =
            jwt::verify(&self.keys.jwt, bearer, jwt::now_secs()).map_err(Error::unauthorized)?;
        if claims.typ != jwt::TYP_API_TOKEN {
            return Err(Error::unauthorized("not an API token"));
        }
        let id = claims.sub.clone();
        let (token, hashes) = self
            .read(move |c| Ok(store::token_by_id(c, &id)?))
            .await?
            .filter(|(t, _)| t.tenant_id == claims.tenant_id)
            .ok_or_else(|| Error::unauthorized("token revoked"))?;
        let now = Timestamp::now();
        let still_works = [
            Some(hashes.current.as_slice()),
            hashes.open_previous(&token, now),
        ]
        .into_iter()
        .flatten()
        .any(|h| claims.sfp.as_deref() == Some(secrets::fingerprint(h).as_str()));
        if !still_works {
            return Err(Error::unauthorized(
                "the secret this token was issued for no longer works: exchange the client credentials again",
            ));
        }
        if token.is_expired(now) {
            return Err(Error::unauthorized("token expired"));
        }
        if let Some(d) = token.disabled {
            return Err(Error::unauthorized(d.refusal()));
        }
        Ok(token)
    }

    /// Whom `token` acts as: its tenant, its owner (a personal token) and its roles.
    pub async fn whoami(&self, token: Token) -> Result<Whoami> {
        self.read(move |c| {
            let tenant_name = store::tenant_settings(c, &token.tenant_id)?
                .ok_or_else(|| Error::unauthorized("tenant no longer exists"))?
                .name;
            // Personal tokens act with their owner's current roles.
            let (owner, roles) = match &token.owner_user_id {
                Some(uid) => {
                    let (name, email) = store::user_brief(c, uid)?
                        .ok_or_else(|| Error::unauthorized("token owner no longer exists"))?;
                    (Some((uid.clone(), name, email)), store::user_roles(c, uid)?)
                }
                None => {
                    let all = store::tenant_roles(c, &token.tenant_id)?;
                    let own = all
                        .into_iter()
                        .filter(|r| token.role_ids.contains(&r.id))
                        .collect();
                    (None, own)
                }
            };
            Ok(Whoami {
                token,
                tenant_name,
                owner,
                roles,
            })
        })
        .await
    }

    /// Records that token `id` just authenticated from `ip` (throttled: see
    /// [`store::record_use`]), before the answer goes out, so a list read after the use shows
    /// it. A failure to record is logged and does not refuse the token: it did authenticate.
    pub async fn record_use(&self, id: &str, ip: IpAddr) {
        self.note_use(id, ip);
        let (id, ip) = (id.to_string(), ip.to_string());
        let recorded = self
            .write(move |c| Ok(store::record_use(c, &id, &ip, Timestamp::now())?))
            .await;
        if recorded.is_err() {
            tracing::warn!("a token's last use was not recorded");
        }
    }
}
