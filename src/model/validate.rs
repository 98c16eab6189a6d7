//! Form input rules (the backend enforces the same ones).

/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 255;

/// Why a description cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DescriptionError {
    Empty,
    /// Longer than [`DESCRIPTION_MAX`]; `n` characters now.
    TooLong {
        n: usize,
    },
}

/// A trimmed, required description of at most 255 characters, or why not.
pub fn description(raw: &str) -> Result<String, DescriptionError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DescriptionError::Empty);
    }
    let n = trimmed.chars().count();
    if n > DESCRIPTION_MAX {
        return Err(DescriptionError::TooLong { n });
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions() {
        assert_eq!(description("  deploy bot ").unwrap(), "deploy bot");
        assert_eq!(description(""), Err(DescriptionError::Empty));
        assert!(description(" \t\n").is_err());
        assert!(description(&"ü".repeat(255)).is_ok());
        assert_eq!(
            description(&"x".repeat(256)),
            Err(DescriptionError::TooLong { n: 256 })
        );
    }
}
