//! What the signed-in user may do, from the permission keys of `me/authorization`.

use super::{Owner, Source};
use api_tokens_rules::{has_permission, permission_key, Action};

/// Permission wildcards (defined in `api-tokens-rules`, which the backend shares).
pub use api_tokens_rules::covers;

/// A permission the signed-in user holds, as `me/authorization` lists it: a token holding a
/// permission id none of these has is above them (see [`crate::state::Session::above`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionInfo {
    pub id: Option<String>,
    pub key: String,
}

/// The six switches the tab needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Abilities {
    pub read_account: bool,
    pub write_account: bool,
    pub delete_account: bool,
    pub read_personal: bool,
    pub write_personal: bool,
    pub delete_personal: bool,
}

impl Abilities {
    /// Reads the `fe.secure.{read,write,delete}.{tenantApiTokens,userApiTokens}` keys
    /// ([`permission_key`]), wildcards included.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str> + Clone) -> Abilities {
        let has = |action, owner| has_permission(keys.clone(), permission_key(action, owner));
        Abilities {
            read_account: has(Action::Read, Owner::Account),
            write_account: has(Action::Write, Owner::Account),
            delete_account: has(Action::Delete, Owner::Account),
            read_personal: has(Action::Read, Owner::Personal),
            write_personal: has(Action::Write, Owner::Personal),
            delete_personal: has(Action::Delete, Owner::Personal),
        }
    }

    pub fn can_read(&self, owner: Owner) -> bool {
        match owner {
            Owner::Account => self.read_account,
            Owner::Personal => self.read_personal,
        }
    }

    pub fn can_write(&self, owner: Owner) -> bool {
        match owner {
            Owner::Account => self.write_account,
            Owner::Personal => self.write_personal,
        }
    }

    pub fn can_delete(&self, owner: Owner) -> bool {
        match owner {
            Owner::Account => self.delete_account,
            Owner::Personal => self.delete_personal,
        }
    }

    /// The sources to load: the ones the user may read.
    pub fn readable_sources(&self) -> Vec<Source> {
        Source::ALL
            .into_iter()
            .filter(|s| self.can_read(s.owner()))
            .collect()
    }

    /// The owners the generate form offers.
    pub fn writable_owners(&self) -> Vec<Owner> {
        [Owner::Account, Owner::Personal]
            .into_iter()
            .filter(|o| self.can_write(*o))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abilities_from_keys() {
        let viewer = Abilities::from_keys([
            "fe.secure.read.tenantApiTokens",
            "fe.secure.read.userApiTokens",
        ]);
        assert!(viewer.read_account && viewer.read_personal);
        assert!(!viewer.write_account && !viewer.delete_personal);
        assert!(viewer.writable_owners().is_empty());
        assert_eq!(viewer.readable_sources().len(), 4);

        let dev = Abilities::from_keys([
            "fe.secure.read.*",
            "fe.secure.write.tenantApiTokens",
            "fe.secure.write.userApiTokens",
            "fe.secure.delete.userApiTokens",
        ]);
        assert_eq!(dev.writable_owners(), vec![Owner::Account, Owner::Personal]);
        assert!(!dev.can_delete(Owner::Account) && dev.can_delete(Owner::Personal));

        let owner = Abilities::from_keys(["fe.secure.*"]);
        assert!(owner.delete_account && owner.write_personal);

        let auditor = Abilities::from_keys(["fe.secure.read.tenantApiTokens"]);
        assert_eq!(
            auditor.readable_sources(),
            vec![Source::AccountClients, Source::AccountAccess]
        );
        assert_eq!(Abilities::from_keys([]), Abilities::default());
    }
}
