//! [`Draft`]: what the user has typed into the generate form so far, kept by the tab across
//! closing and reopening the form, and its expiration default under the organization's policy.

use leptos::prelude::*;

use crate::model::time::{default_choice, preset_days, Expiration};
use crate::model::Owner;

/// What the user has typed so far; kept by the tab across closing and reopening the dialog,
/// cleared after a successful create.
#[derive(Clone, Copy)]
pub struct Draft {
    pub owner: RwSignal<Owner>,
    pub description: RwSignal<String>,
    /// `never`, a number of days, or `custom`.
    pub expiration: RwSignal<String>,
    /// `YYYY-MM-DD` when `expiration` is `custom`.
    pub custom_date: RwSignal<String>,
    pub roles: RwSignal<Vec<String>>,
    /// The IP allowlist as typed (our extension): one entry per line.
    pub allowlist: RwSignal<String>,
    /// The organization's longest token lifetime (`None`: no policy), which sets the default
    /// expiration.
    policy: StoredValue<Option<i64>>,
}

impl Draft {
    pub fn new(owner: Owner) -> Draft {
        Draft {
            owner: RwSignal::new(owner),
            description: RwSignal::new(String::new()),
            expiration: RwSignal::new(default_choice(None)),
            custom_date: RwSignal::new(String::new()),
            roles: RwSignal::new(Vec::new()),
            allowlist: RwSignal::new(String::new()),
            policy: StoredValue::new(None),
        }
    }

    pub fn clear(&self) {
        self.description.set(String::new());
        self.expiration.set(default_choice(self.policy.get_value()));
        self.custom_date.set(String::new());
        self.roles.set(Vec::new());
        self.allowlist.set(String::new());
    }

    /// Follows the organization's expiry policy as a load found it: an expiration still at the
    /// old default, or one the policy does not offer, becomes the new default.
    pub fn follow_policy(&self, max_minutes: Option<i64>) {
        let before = self.policy.get_value();
        if before == max_minutes {
            return;
        }
        self.policy.set_value(max_minutes);
        let choice = self.expiration.get_untracked();
        let offered = match choice.as_str() {
            "never" => max_minutes.is_none(),
            "custom" => true,
            days => days
                .parse()
                .is_ok_and(|d| preset_days(max_minutes).contains(&d)),
        };
        if !offered || choice == default_choice(before) {
            self.expiration.set(default_choice(max_minutes));
        }
    }

    /// The organization's longest token lifetime the draft follows.
    pub fn policy(&self) -> Option<i64> {
        self.policy.get_value()
    }

    pub fn expiration_choice(&self) -> Expiration {
        match self.expiration.get_untracked().as_str() {
            "never" => Expiration::Never,
            "custom" => Expiration::Custom(self.custom_date.get_untracked()),
            days => days
                .parse()
                .map(Expiration::Days)
                .unwrap_or(Expiration::Never),
        }
    }
}
