//! Token secrets: generated from the OS CSPRNG, stored only as an HMAC, compared in constant
//! time (against a token's current secret and, inside a grace window, the one before).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Bytes of entropy in every secret (256 bits).
pub const SECRET_BYTES: usize = 32;

/// A fresh secret: 256 random bits, base64url without padding (43 characters).
pub fn generate() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<SECRET_BYTES>())
}

/// `N` bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    OsRng.fill_bytes(&mut b);
    b
}

/// HMAC-SHA256 of `secret` under the server's key: what the database keeps.
pub fn hash(key: &[u8], secret: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(secret.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Which of a token's secrets a presented one is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    Current,
    /// The secret before the last roll, inside its grace window.
    Previous,
}

/// Checks `secret` against a token's current secret and, while its grace window is open (the
/// caller passes `previous` only then), the one before. Both comparisons are made, each in
/// constant time, before either result is looked at.
pub fn check(key: &[u8], secret: &str, current: &[u8], previous: Option<&[u8]>) -> Option<Matched> {
    let h = hash(key, secret);
    let is_current = h.ct_eq(current);
    let is_previous = previous.map_or(subtle::Choice::from(0), |p| h.ct_eq(p));
    if bool::from(is_current) {
        Some(Matched::Current)
    } else if bool::from(is_previous) {
        Some(Matched::Previous)
    } else {
        None
    }
}

/// A short public name for the secret stored as `stored` (its HMAC): SHA-256 over a label and
/// that hash, 96 bits, base64url. A JWT from the client-credentials exchange carries the name
/// of the secret it was issued for, so that it stops working when that secret does (a roll
/// without grace, a window's end). It tells nothing about the secret: the hash it is made from
/// is itself a keyed hash.
pub fn fingerprint(stored: &[u8]) -> String {
    use sha2::Digest;
    let digest = Sha256::new()
        .chain_update(b"api-tokens-backend secret fingerprint\0")
        .chain_update(stored)
        .finalize();
    URL_SAFE_NO_PAD.encode(&digest[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_256_bit_and_unique() {
        let a = generate();
        let b = generate();
        assert_eq!(a.len(), 43);
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_ne!(a, b);
    }

    #[test]
    fn hashes_verify_only_the_right_secret_under_the_right_key() {
        let key = [7u8; 32];
        let s = generate();
        let h = hash(&key, &s);
        let verify = |key: &[u8], s: &str, h: &[u8]| check(key, s, h, None).is_some();
        assert!(verify(&key, &s, &h));
        assert!(!verify(&key, &generate(), &h));
        assert!(!verify(&[8u8; 32], &s, &h));
        assert!(!verify(&key, &s, &h[..31]));
        assert!(!h.windows(s.len()).any(|w| w == s.as_bytes()));
    }

    #[test]
    fn a_secret_is_checked_against_the_current_and_an_open_previous_one() {
        let key = [7u8; 32];
        let (old, new) = (generate(), generate());
        let (old_h, new_h) = (hash(&key, &old), hash(&key, &new));
        assert_eq!(check(&key, &new, &new_h, None), Some(Matched::Current));
        assert_eq!(check(&key, &old, &new_h, None), None);
        assert_eq!(
            check(&key, &new, &new_h, Some(&old_h)),
            Some(Matched::Current)
        );
        assert_eq!(
            check(&key, &old, &new_h, Some(&old_h)),
            Some(Matched::Previous)
        );
        assert_eq!(check(&key, &generate(), &new_h, Some(&old_h)), None);
        assert_eq!(check(&[8u8; 32], &old, &new_h, Some(&old_h)), None);
    }

    #[test]
    fn fingerprints_tell_secrets_apart_and_hold_neither_secret_nor_hash() {
        let key = [7u8; 32];
        let s = generate();
        let h = hash(&key, &s);
        let f = fingerprint(&h);
        assert_eq!(f, fingerprint(&h));
        assert_eq!(f.len(), 16);
        assert_ne!(f, fingerprint(&hash(&key, &generate())));
        assert!(!s.contains(&f) && !URL_SAFE_NO_PAD.encode(&h).contains(&f));
    }
}
