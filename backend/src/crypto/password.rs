//! Passwords, stored as argon2id hashes (PHC strings).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// An argon2id hash of `password` in PHC format.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&super::secrets::random_bytes::<16>()).expect("16-byte salt");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify() {
        let h = hash_password("pw");
        assert!(verify_password("pw", Some(&h)));
        assert!(!verify_password("PW", Some(&h)));
        assert!(!verify_password("pw", None));
        assert!(!verify_password("pw", Some("garbage")));
    }
}
