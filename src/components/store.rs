//! [`TabStore`]: the tab's [`TabState`] as its components share it. The state's transitions
//! run through [`TabStore::apply`], which wakes the readers of just the parts the transition
//! says it [`Changed`]: a create re-renders the list and opens the secret, and leaves the
//! loaded session's views alone. No component holds tab data of its own.

use leptos::prelude::*;

use crate::state::{Changed, TabState};

#[derive(Clone, Copy)]
pub struct TabStore {
    state: StoredValue<TabState>,
    /// One per part, in [`Changed::PARTS`]' order.
    parts: [Trigger; 6],
}

impl Default for TabStore {
    fn default() -> Self {
        Self::new()
    }
}

impl TabStore {
    /// An empty, loading tab owned by the current reactive owner.
    pub fn new() -> Self {
        TabStore {
            state: StoredValue::new(TabState::default()),
            parts: std::array::from_fn(|_| Trigger::new()),
        }
    }

    /// Runs a transition and wakes the readers of what it changed. After the tab is gone
    /// (an answer arriving after unmount) it does nothing.
    pub fn apply(self, transition: impl FnOnce(&mut TabState) -> Changed) {
        let Some(changed) = self.state.try_update_value(transition) else {
            return;
        };
        for (part, trigger) in Changed::PARTS.into_iter().zip(self.parts) {
            if changed.has(part) {
                trigger.notify();
            }
        }
    }

    /// The tab was unmounted: its state is dropped, and reading it would panic.
    pub fn is_gone(self) -> bool {
        self.state.is_disposed()
    }

    /// Reads the state, re-running the caller when `parts` change.
    pub fn read<R>(self, parts: Changed, read: impl FnOnce(&TabState) -> R) -> R {
        for (part, trigger) in Changed::PARTS.into_iter().zip(self.parts) {
            if parts.has(part) {
                trigger.track();
            }
        }
        self.read_untracked(read)
    }

    /// Reads the state without following it.
    pub fn read_untracked<R>(self, read: impl FnOnce(&TabState) -> R) -> R {
        self.state
            .try_with_value(read)
            .unwrap_or_else(|| read_gone())
    }
}

#[cold]
fn read_gone() -> ! {
    panic!("the tab's state was read after the tab was unmounted")
}
