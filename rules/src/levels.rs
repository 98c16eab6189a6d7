//! The role-level rule. **Lower level = more privilege**; a role without a level counts as
//! +infinity. And the one decision built on it, [`may_act_on`]: whether a user may change a
//! token at all.

use crate::permissions::has_permission;

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

/// What puts a token above a user: the first thing it holds that the user could not have given
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Above<'a> {
    /// A role more privileged than the user's highest ([`may_assign`] says no): its name.
    Role(&'a str),
    /// A permission none of the user's permissions [`covers`](crate::covers): its key.
    Permission(&'a str),
}

/// The one decision "may this user act on this token" (edit any of its fields, roll its
/// secret, end its grace window; delete it where a backend applies the rule to delete): no when
/// the token holds a role above the user's level ([`may_assign`] of `user_level`, see
/// [`user_level`]) or a permission none of `user_permissions` (keys, wildcards allowed) covers.
/// Acting on such a token would hand the user that power (a rolled secret is theirs to use) or
/// let them change what someone above them made. `roles` are the token's roles as (name,
/// level); `permissions` the keys of the permissions it holds itself. The answer names the
/// first role above the user, else the first permission they lack, so both sides can say why.
/// A token that holds neither (a personal token, which acts with its owner's roles) is anyone's
/// who may write its list.
pub fn may_act_on<'a>(
    user_level: Option<i64>,
    user_permissions: &[String],
    roles: impl IntoIterator<Item = (&'a str, Option<i64>)>,
    permissions: impl IntoIterator<Item = &'a str>,
) -> Result<(), Above<'a>> {
    if let Some((name, _)) = roles
        .into_iter()
        .find(|(_, level)| !may_assign(user_level, *level))
    {
        return Err(Above::Role(name));
    }
    let held = || user_permissions.iter().map(String::as_str);
    match permissions.into_iter().find(|p| !has_permission(held(), p)) {
        Some(key) => Err(Above::Permission(key)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_token_is_above_a_user_by_a_higher_role_or_a_permission_they_lack() {
        let dev = keys(&[
            "fe.secure.read.*",
            "fe.secure.write.tenantApiTokens",
            "fe.secure.write.userApiTokens",
        ]);
        let (owner, admin, developer, viewer, auditor) = (
            ("Owner", Some(0)),
            ("Admin", Some(1)),
            ("Developer", Some(2)),
            ("Viewer", Some(3)),
            ("Auditor", None),
        );
        let none: [&str; 0] = [];
        // Nothing held: anyone's.
        assert_eq!(may_act_on(Some(2), &dev, [], none), Ok(()));
        assert_eq!(may_act_on(None, &[], [], none), Ok(()));
        // Roles at the user's level, below, or without a level: theirs.
        assert_eq!(
            may_act_on(Some(2), &dev, [developer, viewer, auditor], none),
            Ok(())
        );
        // A role above: named, the first one found.
        assert_eq!(
            may_act_on(Some(2), &dev, [viewer, admin, owner], none),
            Err(Above::Role("Admin"))
        );
        assert_eq!(
            may_act_on(Some(1), &dev, [owner], none),
            Err(Above::Role("Owner"))
        );
        // A user whose roles have no level is below every role that has one.
        assert_eq!(
            may_act_on(None, &dev, [viewer], none),
            Err(Above::Role("Viewer"))
        );
        assert_eq!(may_act_on(None, &dev, [auditor], none), Ok(()));
        // Permissions: held exactly or through a wildcard, or named when not.
        assert_eq!(
            may_act_on(
                Some(2),
                &dev,
                [],
                [
                    "fe.secure.read.userApiTokens",
                    "fe.secure.write.tenantApiTokens"
                ]
            ),
            Ok(())
        );
        assert_eq!(
            may_act_on(
                Some(2),
                &dev,
                [],
                ["fe.secure.read.tenantApiTokens", "fe.secure.*"]
            ),
            Err(Above::Permission("fe.secure.*"))
        );
        assert_eq!(
            may_act_on(Some(2), &dev, [], ["fe.secure.delete.userApiTokens"]),
            Err(Above::Permission("fe.secure.delete.userApiTokens"))
        );
        // A wildcard the user holds covers what it names, not more.
        let all = keys(&["fe.secure.*"]);
        assert_eq!(
            may_act_on(
                Some(0),
                &all,
                [owner],
                ["fe.secure.*", "fe.secure.write.userApiTokens"]
            ),
            Ok(())
        );
        assert_eq!(
            may_act_on(Some(0), &all, [], ["billing.read"]),
            Err(Above::Permission("billing.read"))
        );
        assert_eq!(
            may_act_on(Some(0), &keys(&["*"]), [], ["billing.read"]),
            Ok(())
        );
        // The level of the user decides alone: the most privileged user holds no permission
        // they were not given.
        assert_eq!(
            may_act_on(Some(0), &[], [], ["fe.secure.read.*"]),
            Err(Above::Permission("fe.secure.read.*"))
        );
        // A role above is said before a permission lacked.
        assert_eq!(
            may_act_on(Some(2), &dev, [owner], ["fe.secure.*"]),
            Err(Above::Role("Owner"))
        );
    }

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
