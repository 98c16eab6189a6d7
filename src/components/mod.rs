//! The tab's views, one component per file.

pub mod tab;

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::TokenApi;

/// The API the components call, provided as context by [`tab::ApiTokensTab`] so that tests can
/// mount any component with an in-memory fake.
#[derive(Clone, Copy)]
pub struct ApiContext(pub StoredValue<Rc<dyn TokenApi>, LocalStorage>);

impl ApiContext {
    /// Stores `api` under the current reactive owner.
    pub fn new(api: Rc<dyn TokenApi>) -> Self {
        Self(StoredValue::new_local(api))
    }

    /// The API of the nearest enclosing tab.
    pub fn expect() -> Rc<dyn TokenApi> {
        expect_context::<ApiContext>().0.get_value()
    }
}
