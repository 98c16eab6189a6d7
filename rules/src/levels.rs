//! The role-level rule. **Lower level = more privilege**; a role without a level counts as
//! +infinity.

/// A user's highest privilege: the smallest level among their roles' `levels`. `None` when
/// none of their roles has a level (then they count as +infinity).
pub fn user_level(levels: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    levels.into_iter().flatten().min()
}

/// Frontegg's rule: a role may be assigned when its level is the user's or less privileged
/// (`role >= user`). A role without a level counts as +infinity (always assignable); a user
/// without any level may assign only roles without a level.
pub fn may_assign(user_level: Option<i64>, role_level: Option<i64>) -> bool {
    match (user_level, role_level) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(u), Some(r)) => r >= u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_level_is_the_smallest_present_level() {
        assert_eq!(user_level([Some(2), None, Some(1)]), Some(1));
        assert_eq!(user_level([Some(3), Some(2)]), Some(2));
        assert_eq!(user_level([None, None]), None);
        assert_eq!(user_level([]), None);
    }

    #[test]
    fn level_rule_matches_frontegg() {
        // Same level and less privileged are allowed; more privileged is not.
        assert!(may_assign(Some(1), Some(1)));
        assert!(may_assign(Some(1), Some(3)));
        assert!(!may_assign(Some(1), Some(0)));
        // No level on the role: +infinity, always allowed.
        assert!(may_assign(Some(0), None));
        assert!(may_assign(None, None));
        // A user without levels may assign only roles without a level.
        assert!(!may_assign(None, Some(5)));
        // Negative and large levels are still ordered.
        assert!(may_assign(Some(-5), Some(-5)));
        assert!(!may_assign(Some(-5), Some(-6)));
        assert!(may_assign(Some(-2), Some(-1)));
        assert!(may_assign(Some(i64::MAX), None));
        assert!(!may_assign(Some(i64::MAX), Some(i64::MAX - 1)));
    }
}
