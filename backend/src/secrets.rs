//! Token secrets: generated from the OS CSPRNG, stored only as an HMAC, compared in constant
//! time.

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

/// Constant-time check of `secret` against a stored hash.
pub fn verify(key: &[u8], secret: &str, stored: &[u8]) -> bool {
    hash(key, secret).ct_eq(stored).into()
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
        assert!(verify(&key, &s, &h));
        assert!(!verify(&key, &generate(), &h));
        assert!(!verify(&[8u8; 32], &s, &h));
        assert!(!verify(&key, &s, &h[..31]));
        assert!(!h.windows(s.len()).any(|w| w == s.as_bytes()));
    }
}
