//! [`Secret`]: a token secret held only as long as the one-time dialog needs it.

use std::fmt;

use zeroize::Zeroize;

/// A secret or access token. Its bytes are overwritten when it is dropped (or wiped
/// explicitly), it never prints (`Debug` and `Display` are redacted), and it has no `Clone`
/// and no `Serialize`: it cannot reach storage, a URL or the console by accident.
#[derive(PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The value, for the dialog's text and the clipboard only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Overwrites the bytes now and leaves an empty string.
    pub fn wipe(&mut self) {
        self.0.zeroize();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print_and_wipe_to_empty() {
        let mut s = Secret::new("s3cr3t-value".into());
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(s.expose(), "s3cr3t-value");
        s.wipe();
        assert!(s.is_empty());
        let parsed: Secret = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(parsed.expose(), "abc");
    }
}
