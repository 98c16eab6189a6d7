//! What the signed-in user may do, from the permission keys of `me/authorization`.

use super::{Owner, Source};

/// True when `granted` (possibly a wildcard like `fe.secure.*`, or `*`) covers `required`.
pub fn covers(granted: &str, required: &str) -> bool {
    if granted == required || granted == "*" {
        return true;
    }
    match granted.strip_suffix('*') {
        Some(prefix) if prefix.ends_with('.') => required.starts_with(prefix),
        _ => false,
    }
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
    /// Reads the `fe.secure.{read,write,delete}.{tenantApiTokens,userApiTokens}` keys.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = &'a str> + Clone) -> Abilities {
        let has = |req: &str| keys.clone().into_iter().any(|k| covers(k, req));
        Abilities {
            read_account: has("fe.secure.read.tenantApiTokens"),
            write_account: has("fe.secure.write.tenantApiTokens"),
            delete_account: has("fe.secure.delete.tenantApiTokens"),
            read_personal: has("fe.secure.read.userApiTokens"),
            write_personal: has("fe.secure.write.userApiTokens"),
            delete_personal: has("fe.secure.delete.userApiTokens"),
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
    fn wildcards_cover_whole_segments_only() {
        assert!(covers("fe.secure.*", "fe.secure.read.userApiTokens"));
        assert!(covers("fe.secure.read.*", "fe.secure.read.userApiTokens"));
        assert!(!covers("fe.secure.read.*", "fe.secure.write.userApiTokens"));
        assert!(!covers("fe.sec*", "fe.secure.read.userApiTokens"));
        assert!(covers("*", "anything"));
    }

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
