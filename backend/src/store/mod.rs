//! Every SQL statement of the server, written once for SQLite and PostgreSQL (`db`), in the
//! domain's terms: tokens read ([`tokens`]) and changed ([`changes`]), their history
//! ([`events`]), users and roles ([`users`]), tenants and keys ([`tenants`]), the limits'
//! counts ([`limits`]) and the demo data ([`seed`]). Each function takes a connection (and
//! says when it must be inside a transaction); `service` decides which to call.

pub mod changes;
pub mod events;
pub mod limits;
pub mod members;
pub mod outbox;
pub mod seed;
pub mod tenants;
pub mod tokens;
pub mod usage;
pub mod users;

pub use changes::*;
pub use events::*;
pub use tenants::*;
pub use tokens::*;
pub use users::*;

use crate::db;
use crate::domain::Error;

/// A database failure as the domain says it: unreachable or out of space as such, anything
/// else logged and internal.
impl From<db::Error> for Error {
    fn from(e: db::Error) -> Self {
        match e {
            db::Error::Unavailable(detail) => {
                tracing::warn!(error = %detail, "database unavailable");
                Error::Unavailable("the database is unavailable just now".into())
            }
            db::Error::Full(detail) => {
                tracing::error!(error = %detail, "database full");
                Error::Full
            }
            e => Error::internal(format!("database: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::migrate::migrate_for_tests;
    use crate::db::Conn;
    use crate::domain::Timestamp;
    use crate::params;

    fn token(c: &Conn, id: &str, tenant: &str, owner: Option<&str>) {
        c.execute(
            "INSERT INTO tokens (id, tenant_id, owner_user_id, kind, secret_hash, created_at) \
             VALUES (?1, ?2, ?3, 'access_token', randomblob(32), '2026-01-01T00:00:00.000Z')",
            params![id, tenant, owner],
        )
        .unwrap();
    }

    #[test]
    fn every_change_to_a_tenants_tokens_bumps_its_version_in_the_same_transaction() {
        let c = Conn::Sqlite(rusqlite::Connection::open_in_memory().unwrap());
        migrate_for_tests(&c);
        c.execute_batch(
            "INSERT INTO tenants (id, name) VALUES ('acme', 'Acme'), ('globex', 'Globex');
             INSERT INTO users (id, tenant_id, email, name, password_hash)
                 VALUES ('ann', 'acme', 'ann@acme.test', 'Ann', 'x');
             INSERT INTO roles (id, tenant_id, key, name, created_at, updated_at)
                 VALUES ('viewer', 'acme', 'viewer', 'Viewer', 'now', 'now');
             INSERT INTO permissions (id, key, name, created_at) VALUES ('p', 'p', 'P', 'now');",
        )
        .unwrap();
        let version = |c: &Conn| tokens_version(c, "acme").unwrap();
        assert_eq!(version(&c), 0);
        // The version after `what`, which must have moved it on from `last`.
        let bumped = |c: &Conn, last: i64, what: &str| {
            let now = version(c);
            assert!(now > last, "{what}: version {now}, was {last}");
            now
        };

        token(&c, "t1", "acme", None);
        let mut last = bumped(&c, 0, "a token inserted");
        c.execute("INSERT INTO token_roles VALUES ('t1', 'viewer')", params![])
            .unwrap();
        last = bumped(&c, last, "a role given");
        c.execute(
            "INSERT INTO token_permissions VALUES ('t1', 'p')",
            params![],
        )
        .unwrap();
        last = bumped(&c, last, "a permission given");
        c.execute(
            "UPDATE tokens SET description = 'CI' WHERE id = 't1'",
            params![],
        )
        .unwrap();
        last = bumped(&c, last, "a token updated");
        // A use is written at most once a minute per token, and each write bumps the version.
        let used = Timestamp::now();
        let seconds = |s: i64| used.plus(chrono::TimeDelta::seconds(s));
        assert!(record_use(&c, "t1", "192.0.2.1", used).unwrap());
        last = bumped(&c, last, "a first use recorded");
        assert!(!record_use(&c, "t1", "192.0.2.2", seconds(59)).unwrap());
        assert_eq!(version(&c), last, "a use within the minute writes nothing");
        assert!(record_use(&c, "t1", "192.0.2.3", seconds(61)).unwrap());
        last = bumped(&c, last, "a use a minute later recorded");
        let (at, ip): (Timestamp, String) = c
            .query_row(
                "SELECT last_used_at, last_used_ip FROM tokens WHERE id = 't1'",
                params![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((at, ip), (seconds(61), "192.0.2.3".into()));
        c.execute("UPDATE token_roles SET role_id = role_id", params![])
            .unwrap();
        last = bumped(&c, last, "a role link rewritten");
        c.execute(
            "UPDATE token_permissions SET token_id = token_id",
            params![],
        )
        .unwrap();
        last = bumped(&c, last, "a permission link rewritten");
        c.execute("DELETE FROM token_roles WHERE token_id = 't1'", params![])
            .unwrap();
        last = bumped(&c, last, "a role taken");
        c.execute("DELETE FROM roles WHERE id = 'viewer'", params![])
            .unwrap();
        assert_eq!(version(&c), last, "a role no token had");
        c.execute("DELETE FROM tokens WHERE id = 't1'", params![])
            .unwrap();
        last = bumped(&c, last, "a token deleted, its permission with it");
        token(&c, "t2", "acme", Some("ann"));
        last = bumped(&c, last, "a personal token inserted");
        c.execute("DELETE FROM users WHERE id = 'ann'", params![])
            .unwrap();
        last = bumped(&c, last, "a personal token gone with its user (a cascade)");

        // A change rolled back leaves the version as it was: it moves with the change only.
        {
            let tx = c.transaction().unwrap();
            token(&tx, "t3", "acme", None);
            assert!(version(&tx) > last);
        }
        assert_eq!(version(&c), last);

        // Another tenant's changes are its own.
        token(&c, "g1", "globex", None);
        assert_eq!(version(&c), last);
        assert_eq!(tokens_version(&c, "globex").unwrap(), 1);
    }
}
