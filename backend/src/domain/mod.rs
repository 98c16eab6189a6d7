//! The backend's vocabulary, below everything else: tokens, the lists they are in and what
//! happens to them, the signed-in user with roles and permissions, tenants' settings, times,
//! the server's words for the token rules, and the errors an operation ends in. No HTTP, no
//! database: `store` reads and writes these, `service` decides with them, `http` says them.

pub mod error;
pub mod event;
pub mod rules;
pub mod tenant;
pub mod time;
pub mod token;
pub mod usage;
pub mod user;
pub mod webhook;

pub use error::{Error, Result, TooMany};
pub use event::{EventKind, TokenEvent};
pub use tenant::TenantSettings;
pub use time::Timestamp;
pub use token::{Actor, Disabled, ListId, NewToken, SecretHashes, Token, TokenUpdate};
pub use user::{Permission, Role, User};
pub use webhook::{Delivery, DeliveryStatus, WebhookEvent};
