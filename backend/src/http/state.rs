//! What every handler can reach, each part taken on its own through `FromRef`: the service,
//! the kept token lists, this layer's settings.

use std::sync::Arc;

use axum::extract::FromRef;

use super::list_cache::ListCache;
use super::metrics::Metrics;
use super::Config;
use crate::service::Service;

#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    /// Token lists kept rendered while their tenant's tokens stay unchanged.
    pub lists: Arc<ListCache>,
    pub config: Arc<Config>,
    /// What `/metrics` says (on its own listener).
    pub metrics: Arc<Metrics>,
}

impl AppState {
    pub fn new(service: Service, config: Config) -> Self {
        AppState {
            service,
            lists: Arc::default(),
            config: Arc::new(config),
            metrics: Arc::default(),
        }
    }
}

impl FromRef<AppState> for Service {
    fn from_ref(state: &AppState) -> Service {
        state.service.clone()
    }
}

impl FromRef<AppState> for Arc<ListCache> {
    fn from_ref(state: &AppState) -> Arc<ListCache> {
        state.lists.clone()
    }
}

impl FromRef<AppState> for Arc<Config> {
    fn from_ref(state: &AppState) -> Arc<Config> {
        state.config.clone()
    }
}

impl FromRef<AppState> for Arc<Metrics> {
    fn from_ref(state: &AppState) -> Arc<Metrics> {
        state.metrics.clone()
    }
}
