//! Who is calling: signed user JWTs (HS256), argon2 passwords, and the [`AuthUser`] extractor
//! every token route starts with.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::app::AppState;
use crate::error::AppError;
use crate::store::{self, Role};

/// Lifetime of a demo sign-in's JWT, and of a JWT from the token exchange.
pub const JWT_TTL_SECS: i64 = 3600;

/// What a JWT says. `typ` keeps a user's JWT from passing as an exchanged API-token JWT and
/// the other way round.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    /// The user id (`typ = "user"`) or the client id (`typ = "api-token"`).
    pub sub: String,
    #[serde(rename = "tenantId")]
    pub tenant_id: String,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// For `typ = "api-token"`: the [`crate::secrets::fingerprint`] of the secret it was
    /// exchanged for. The JWT works only while that secret does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sfp: Option<String>,
}

pub const TYP_USER: &str = "user";
pub const TYP_API_TOKEN: &str = "api-token";

/// Signs `claims` as a compact HS256 JWT.
pub fn sign(key: &[u8], claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialize"));
    let signing_input = format!("{header}.{payload}");
    let sig = URL_SAFE_NO_PAD.encode(mac(key, signing_input.as_bytes()));
    format!("{signing_input}.{sig}")
}

/// Checks signature, algorithm and expiry (`now` in seconds); returns the claims.
pub fn verify(key: &[u8], token: &str, now: i64) -> Result<Claims, &'static str> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("malformed token");
    };
    let sig = URL_SAFE_NO_PAD.decode(s).map_err(|_| "malformed token")?;
    let expected = mac(key, format!("{h}.{p}").as_bytes());
    if !bool::from(expected.ct_eq(&sig)) {
        return Err("invalid token signature");
    }
    let header: serde_json::Value = URL_SAFE_NO_PAD
        .decode(h)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or("malformed token")?;
    if header.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
        return Err("unsupported token algorithm");
    }
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(p)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or("malformed token")?;
    if claims.exp <= now {
        return Err("token expired");
    }
    Ok(claims)
}

fn mac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

/// An argon2id hash of `password` in PHC format.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&crate::secrets::random_bytes::<16>()).expect("16-byte salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing")
        .to_string()
}

/// Checks `password` against a PHC hash. With `None` (unknown user) it still does the work of
/// one verification, so response time does not tell which emails exist.
pub fn verify_password(password: &str, phc: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not-a-real-password"));
    let (phc, real) = match phc {
        Some(p) => (p, true),
        None => (dummy.as_str(), false),
    };
    let ok = PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false);
    ok && real
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The signed-in user behind a request's `Authorization: Bearer <JWT>`, with their roles and
/// the permission keys those roles grant.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub user_id: String,
    pub tenant_id: String,
    pub email: String,
    /// Their display name (recorded with what they do to tokens).
    pub name: String,
    pub roles: Vec<Role>,
    pub permissions: Vec<String>,
}

impl AuthUser {
    /// 403 naming `permission` unless one of the user's permissions covers it.
    pub fn require(&self, permission: &str) -> Result<(), AppError> {
        if api_tokens_rules::has_permission(self.permissions.iter().map(String::as_str), permission)
        {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "missing permission {permission}"
            )))
        }
    }

    /// Them as the actor of a change made from `ip`.
    pub fn actor(&self, ip: std::net::IpAddr) -> crate::store::Actor {
        crate::store::Actor {
            user_id: self.user_id.clone(),
            name: self.name.clone(),
            ip: ip.to_string(),
        }
    }

    /// The user's highest privilege (smallest role level), `None` when no role has a level.
    pub fn level(&self) -> Option<i64> {
        api_tokens_rules::user_level(self.roles.iter().map(|r| r.level))
    }
}

/// Reads `Authorization: Bearer <token>`.
pub fn bearer(parts: &Parts) -> Option<&str> {
    bearer_in(&parts.headers)
}

/// Reads `Authorization: Bearer <token>` from `headers`.
pub fn bearer_in(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer(parts)
            .ok_or_else(|| AppError::unauthorized("missing Authorization: Bearer token"))?;
        let claims = verify(&state.keys.jwt, token, now_secs()).map_err(AppError::unauthorized)?;
        if claims.typ != TYP_USER {
            return Err(AppError::unauthorized("not a user token"));
        }
        let user = state
            .db(move |c| store::load_user(c, &claims.sub, &claims.tenant_id))
            .await?
            .ok_or_else(|| AppError::unauthorized("user no longer exists"))?;
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "u1".into(),
            tenant_id: "t1".into(),
            typ: TYP_USER.into(),
            iat: 0,
            exp,
            email: None,
            sfp: None,
        }
    }

    #[test]
    fn jwts_round_trip_and_reject_tampering_and_expiry() {
        let key = [1u8; 32];
        let t = sign(&key, &claims(100));
        assert_eq!(verify(&key, &t, 99).unwrap(), claims(100));
        assert_eq!(verify(&key, &t, 100), Err("token expired"));
        assert_eq!(verify(&[2u8; 32], &t, 0), Err("invalid token signature"));

        // Swap in a payload for another tenant, keep the signature.
        let forged_payload = URL_SAFE_NO_PAD.encode(
            serde_json::to_vec(&Claims {
                tenant_id: "t2".into(),
                ..claims(100)
            })
            .unwrap(),
        );
        let mut p: Vec<&str> = t.split('.').collect();
        p[1] = &forged_payload;
        assert_eq!(
            verify(&key, &p.join("."), 0),
            Err("invalid token signature")
        );
        assert_eq!(verify(&key, "a.b", 0), Err("malformed token"));
        assert_eq!(verify(&key, "", 0), Err("malformed token"));
    }

    #[test]
    fn passwords_verify() {
        let h = hash_password("pw");
        assert!(verify_password("pw", Some(&h)));
        assert!(!verify_password("PW", Some(&h)));
        assert!(!verify_password("pw", None));
        assert!(!verify_password("pw", Some("garbage")));
    }
}
