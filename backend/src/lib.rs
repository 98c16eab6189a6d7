//! `api-tokens-backend`: the reference Frontegg-compatible token backend, as a library (the
//! binary, `main.rs`, is its command line). Serves the identity API routes the tab uses under
//! `/frontegg/identity/resources/`, the built SPA (with an index.html fallback), `/healthz`
//! (liveness) and `/readyz` (readiness: the database answers).
//!
//! In layers, each importing only those below it (`tests/layout.rs` holds it):
//!
//! | layer | what |
//! |---|---|
//! | [`cli`] | the command line: settings, start, pruning |
//! | [`http`] | routes, wire bodies, error statuses, kept lists, static files, the server |
//! | [`service`] | what the server does, with the rules crate's decisions |
//! | [`store`] | every SQL statement, for both engines |
//! | [`db`], [`outbound`] | connections, pools, transactions, migrations; the webhook endpoint |
//! | [`domain`], [`crypto`] | tokens, users, events, times, errors; secrets, JWTs, passwords |

pub mod cli;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod http;
pub mod outbound;
pub mod service;
pub mod store;
