//! Signed JWTs (HS256): a signed-in user's, and the one the client-credentials exchange gives.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use subtle::ConstantTimeEq;

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
    /// For `typ = "api-token"`: the [`super::secrets::fingerprint`] of the secret it was
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

/// Seconds since the Unix epoch.
pub fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
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
}
