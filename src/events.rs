//! What the tab tells its host: [`TabEvent`], and the [`EventHandler`] that receives it.
//!
//! Depends on nothing in the crate but [`crate::model`], so the host options
//! ([`crate::config`]) and the API layer that reports mutations ([`crate::api::events`]) both
//! build on it without needing each other.

use std::rc::Rc;

use crate::model::{Owner, TokenType};

/// Something that happened in the tab. Never carries a secret: ids, kinds and messages only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabEvent {
    /// A token was generated (its secret was shown to the user, and to no one else).
    Created {
        /// Its id: the client id of client credentials, the token's id otherwise.
        id: String,
        /// Whose it is.
        owner: Owner,
        /// Which kind.
        token_type: TokenType,
    },
    /// A token was deleted.
    Deleted {
        /// Its id.
        id: String,
        /// Whose it was.
        owner: Owner,
        /// Which kind.
        token_type: TokenType,
        /// The backend said 404: someone else deleted it first.
        already_gone: bool,
    },
    /// A token's description, roles, permissions or expiry were edited.
    Updated {
        /// Its id.
        id: String,
    },
    /// A new secret was issued (our extension); the old one may work for a while.
    Rotated {
        /// Its id (unchanged by the roll).
        id: String,
        /// Whose it is.
        owner: Owner,
        /// Which kind.
        token_type: TokenType,
    },
    /// Something failed; the user was told in the tab.
    Error {
        /// `"load"`, `"create"`, `"delete"`, `"update"` or `"rotate"`.
        operation: &'static str,
        /// What the user was shown.
        message: String,
        /// The HTTP status the backend answered, if it answered.
        status: Option<u16>,
    },
}

impl TabEvent {
    /// `"created"`, `"deleted"`, `"updated"`, `"rotated"` or `"error"`.
    pub fn kind(&self) -> &'static str {
        match self {
            TabEvent::Created { .. } => "created",
            TabEvent::Deleted { .. } => "deleted",
            TabEvent::Updated { .. } => "updated",
            TabEvent::Rotated { .. } => "rotated",
            TabEvent::Error { .. } => "error",
        }
    }
}

/// Receives what happens in the tab. Events never carry a secret.
pub type EventHandler = Rc<dyn Fn(&TabEvent)>;
