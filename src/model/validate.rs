//! Form input rules (the backend enforces the same ones).

/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 255;

/// A trimmed, required description of at most 255 characters, or the message to show.
pub fn description(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("Enter a description, so you can tell this token apart later.".into());
    }
    let n = trimmed.chars().count();
    if n > DESCRIPTION_MAX {
        return Err(format!(
            "Use at most {DESCRIPTION_MAX} characters ({n} now)."
        ));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions() {
        assert_eq!(description("  deploy bot ").unwrap(), "deploy bot");
        assert!(description("").unwrap_err().contains("Enter a description"));
        assert!(description(" \t\n").is_err());
        assert!(description(&"ü".repeat(255)).is_ok());
        assert_eq!(
            description(&"x".repeat(256)).unwrap_err(),
            "Use at most 255 characters (256 now)."
        );
    }
}
