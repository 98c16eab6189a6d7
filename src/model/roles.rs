//! The role picker's rule. **Lower level = more privilege**; a role without a level counts as
//! +infinity. A role is offered when its level is the user's highest (smallest) level or less
//! privileged; a user none of whose roles has a level may pick only roles without one.

/// A role as the picker needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleInfo {
    pub id: String,
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    pub level: Option<i64>,
}

/// One line of the picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleOption {
    pub role: RoleInfo,
    pub selectable: bool,
    /// Why it is disabled, for the user to read.
    pub reason: Option<Blocked>,
}

/// Why a role cannot be given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// More privileged than the user's highest role (named).
    AboveHighest(String),
    /// The user's roles have no level, and this one has.
    UserHasNoLevel,
}

/// The level rule itself (defined in `api-tokens-rules`, which the backend enforces too):
/// `user_level` of a user's role levels, whether they [`may_assign`] a role of a level, and
/// whether they [`may_act_on`] a token at all (else what puts it [`Above`] them).
pub use api_tokens_rules::{may_act_on, may_assign, user_level, Above};

/// Every role of the tenant, most privileged first (no level last, then by name), each
/// marked selectable or not with the reason.
pub fn role_options(all_roles: &[RoleInfo], my_roles: &[RoleInfo]) -> Vec<RoleOption> {
    let level = user_level(my_roles.iter().map(|r| r.level));
    let highest = my_roles
        .iter()
        .filter(|r| r.level.is_some() && r.level == level)
        .map(|r| r.name.as_str())
        .min();
    let mut order: Vec<usize> = (0..all_roles.len()).collect();
    super::list::sort_indices(&mut order, &|a, b| {
        let (a, b) = (&all_roles[a], &all_roles[b]);
        (a.level.is_none(), a.level, a.name.to_lowercase()).cmp(&(
            b.level.is_none(),
            b.level,
            b.name.to_lowercase(),
        ))
    });
    order
        .into_iter()
        .map(|i| all_roles[i].clone())
        .map(|role| {
            let selectable = may_assign(level, role.level);
            let reason = (!selectable).then(|| match highest {
                Some(h) => Blocked::AboveHighest(h.to_string()),
                None => Blocked::UserHasNoLevel,
            });
            RoleOption {
                role,
                selectable,
                reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(name: &str, level: Option<i64>) -> RoleInfo {
        RoleInfo {
            id: name.to_lowercase(),
            key: name.to_lowercase(),
            name: name.into(),
            description: None,
            level,
        }
    }

    fn all() -> Vec<RoleInfo> {
        vec![
            role("Viewer", Some(3)),
            role("Auditor", None),
            role("Owner", Some(0)),
            role("Developer", Some(2)),
            role("Admin", Some(1)),
        ]
    }

    fn selectable(opts: &[RoleOption]) -> Vec<&str> {
        opts.iter()
            .filter(|o| o.selectable)
            .map(|o| o.role.name.as_str())
            .collect()
    }

    #[test]
    fn admin_gets_own_level_and_below_and_reasons_for_the_rest() {
        let opts = role_options(&all(), &[role("Admin", Some(1))]);
        let order: Vec<&str> = opts.iter().map(|o| o.role.name.as_str()).collect();
        assert_eq!(order, ["Owner", "Admin", "Developer", "Viewer", "Auditor"]);
        assert_eq!(
            selectable(&opts),
            ["Admin", "Developer", "Viewer", "Auditor"]
        );
        assert_eq!(opts[0].reason, Some(Blocked::AboveHighest("Admin".into())));
        assert!(opts[1].reason.is_none());
    }

    #[test]
    fn the_smallest_level_among_several_roles_counts() {
        let opts = role_options(
            &all(),
            &[role("Viewer", Some(3)), role("Developer", Some(2))],
        );
        assert_eq!(selectable(&opts), ["Developer", "Viewer", "Auditor"]);
        assert_eq!(
            opts[0].reason,
            Some(Blocked::AboveHighest("Developer".into()))
        );
    }

    #[test]
    fn equal_levels_are_allowed() {
        let mut roles = all();
        roles.push(role("Maintainer", Some(2)));
        let opts = role_options(&roles, &[role("Developer", Some(2))]);
        assert_eq!(
            selectable(&opts),
            ["Developer", "Maintainer", "Viewer", "Auditor"]
        );
    }

    #[test]
    fn users_without_levels_get_only_roles_without_levels() {
        let opts = role_options(&all(), &[role("Auditor", None)]);
        assert_eq!(selectable(&opts), ["Auditor"]);
        assert_eq!(opts[0].reason, Some(Blocked::UserHasNoLevel));
        // No roles at all: the same.
        assert_eq!(selectable(&role_options(&all(), &[])), ["Auditor"]);
    }

    #[test]
    fn no_levels_anywhere_means_everything_is_offered() {
        let roles = vec![role("A", None), role("B", None)];
        assert_eq!(
            selectable(&role_options(&roles, &[role("A", None)])),
            ["A", "B"]
        );
    }
}
