//! How a PostgreSQL connection is made: in the clear for now (see `location.rs`).

use super::{Error, Result};

/// How to connect to PostgreSQL.
#[derive(Clone, Debug)]
pub enum Tls {
    /// No TLS.
    Off,
}

impl Tls {
    /// A new client for `config`.
    pub fn connect(&self, config: &postgres::Config) -> Result<postgres::Client> {
        match self {
            Tls::Off => config.connect(postgres::NoTls).map_err(Error::from),
        }
    }
}
