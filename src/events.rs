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
    Created {
        id: String,
        owner: Owner,
        token_type: TokenType,
    },
    Deleted {
        id: String,
        owner: Owner,
        token_type: TokenType,
        /// The backend said 404: someone else deleted it first.
        already_gone: bool,
    },
    Updated {
        id: String,
    },
    /// A new secret was issued (our extension); the old one may work for a while.
    Rotated {
        id: String,
        owner: Owner,
        token_type: TokenType,
    },
    Error {
        /// `"load"`, `"create"`, `"delete"`, `"update"` or `"rotate"`.
        operation: &'static str,
        /// What the user was shown.
        message: String,
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
