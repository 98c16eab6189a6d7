//! Token lists kept rendered: a tenant with 10,000 tokens is read far more often than it
//! changes, and reading plus serialising those rows costs ~90 ms where handing out the kept
//! bytes costs almost nothing.
//!
//! Each tenant has a generation, bumped after every change to its tokens (create, delete,
//! patch), whether it succeeded or not. A list is kept with the generation read *before* its
//! rows were, so a list that raced with a change is stale the moment the change bumps the
//! generation and is rendered again on the next read. Only this process writes the database
//! while it runs; a second process writing the same file would not be seen (not supported).

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;

/// Which list.
pub type ListKey = crate::store::ListId;

/// Lists kept at most; past this, everything kept is dropped (cheap, and rare).
pub const MAX_LISTS: usize = 1024;

#[derive(Default)]
pub struct ListCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generations: HashMap<String, u64>,
    lists: HashMap<ListKey, (u64, Bytes)>,
}

impl ListCache {
    /// The tenant's current generation; read it before reading the rows.
    pub fn generation(&self, tenant: &str) -> u64 {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.generations.get(tenant).copied().unwrap_or(0)
    }

    /// The kept list, when it is as new as the tenant's tokens.
    pub fn get(&self, key: &ListKey) -> Option<Bytes> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let current = inner.generations.get(key.tenant_id()).copied().unwrap_or(0);
        match inner.lists.get(key) {
            Some((generation, body)) if *generation == current => Some(body.clone()),
            _ => None,
        }
    }

    /// Keeps `body`, rendered from rows read at `generation` (dropped if already stale).
    pub fn put(&self, key: ListKey, generation: u64, body: Bytes) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.generations.get(key.tenant_id()).copied().unwrap_or(0) != generation {
            return;
        }
        if inner.lists.len() >= MAX_LISTS && !inner.lists.contains_key(&key) {
            inner.lists.clear();
        }
        inner.lists.insert(key, (generation, body));
    }

    /// After a change to `tenant`'s tokens: every list of it is stale.
    pub fn invalidate(&self, tenant: &str) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        *inner.generations.entry(tenant.to_string()).or_insert(0) += 1;
        inner.lists.retain(|k, _| k.tenant_id() != tenant);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_tokens_rules::Source;

    fn key(tenant: &str, owner: Option<&str>) -> ListKey {
        match owner {
            Some(user) => ListKey::seen_by(Source::PersonalClients, tenant, user),
            None => ListKey::seen_by(Source::AccountClients, tenant, "u0"),
        }
    }

    #[test]
    fn a_change_makes_the_tenants_lists_stale_and_no_one_elses() {
        let c = ListCache::default();
        let g = c.generation("acme");
        c.put(key("acme", None), g, Bytes::from_static(b"[1]"));
        c.put(key("acme", Some("u1")), g, Bytes::from_static(b"[2]"));
        c.put(
            key("globex", None),
            c.generation("globex"),
            Bytes::from_static(b"[3]"),
        );
        assert_eq!(c.get(&key("acme", None)).as_deref(), Some(&b"[1]"[..]));
        c.invalidate("acme");
        assert_eq!(c.get(&key("acme", None)), None);
        assert_eq!(c.get(&key("acme", Some("u1"))), None);
        assert_eq!(c.get(&key("globex", None)).as_deref(), Some(&b"[3]"[..]));
    }

    #[test]
    fn a_list_read_before_a_change_is_never_kept_as_current() {
        let c = ListCache::default();
        // A reader takes the generation, a change lands, the reader's rows may predate it.
        let read_at = c.generation("acme");
        c.invalidate("acme");
        c.put(key("acme", None), read_at, Bytes::from_static(b"[old]"));
        assert_eq!(c.get(&key("acme", None)), None);
        // Rendered after the change: kept.
        c.put(
            key("acme", None),
            c.generation("acme"),
            Bytes::from_static(b"[new]"),
        );
        assert_eq!(c.get(&key("acme", None)).as_deref(), Some(&b"[new]"[..]));
    }

    #[test]
    fn the_number_of_kept_lists_is_bounded() {
        let c = ListCache::default();
        for i in 0..MAX_LISTS + 10 {
            let t = format!("t{i}");
            c.put(
                ListKey::seen_by(Source::AccountAccess, &t, "u"),
                c.generation(&t),
                Bytes::new(),
            );
        }
        assert!(c.inner.lock().unwrap().lists.len() <= MAX_LISTS);
    }
}
