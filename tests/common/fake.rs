//! An in-memory [`TokenApi`] for component tests: the demo tenant's roles and tokens, with
//! switches to fail any call, slow creates down, and count what was called.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use api_tokens_tab::api::{
    dto, map, ApiError, ApiFuture, CreatedToken, NewToken, TokenApi, TokenEdit,
};
use api_tokens_tab::model::account::{Authorization, Profile, VendorSettings};
use api_tokens_tab::model::history::TokenEvent;
use api_tokens_tab::model::owner::Member;
use api_tokens_tab::model::roles::RoleInfo;
use api_tokens_tab::model::selection::Revoked;
use api_tokens_tab::model::usage::TokenUsage;
use api_tokens_tab::model::{Secret, Source, TokenRow};

#[derive(Default)]
pub struct State {
    pub rows: Vec<TokenRow>,
    pub roles: Vec<dto::RoleResponse>,
    pub my_roles: Vec<String>,
    pub permissions: Vec<String>,
    pub strategy: Option<String>,
    pub force_permissions: bool,
    /// Our extension's discovery (`tokenLifecycle`); `None`: a classic Frontegg backend.
    pub lifecycle: Option<dto::TokenLifecycle>,
    /// Calls to fail: "me", "roles", "config", "list:AccountAccess", "create", "delete", "update".
    pub fail: HashMap<String, ApiError>,
    /// Creates that happen but whose answer is lost: the row is stored, this error returned.
    pub lose_create_answer: Option<ApiError>,
    /// Failures that happen once and heal themselves (429s): call -> errors still to give.
    pub fail_times: HashMap<String, Vec<ApiError>>,
    /// Milliseconds every create and delete waits before answering.
    pub delay_ms: u32,
    /// Milliseconds every list waits before answering.
    pub list_delay_ms: u32,
    pub calls: Vec<String>,
    pub created: Vec<NewToken>,
    /// Deletes on their way now, the most at once so far, and every id a delete was sent for
    /// (in order, repeats kept).
    pub in_flight: usize,
    pub most_in_flight: usize,
    pub deletes: Vec<String>,
    /// Ids whose delete the backend refuses (bulk deletes say the reason; single deletes
    /// answer 403 with it).
    pub refuse_delete: HashMap<String, String>,
    /// Edits asked for (`PATCH`), answered or not: source, id and what changed.
    pub edits: Vec<(Source, String, TokenEdit)>,
    /// Rolls carried out: token id and grace minutes.
    pub rotated: Vec<(String, u32)>,
    /// Renewals carried out: token id and minutes from then.
    pub renewed: Vec<(String, i64)>,
    /// Tokens enabled again, by id.
    pub enabled: Vec<String>,
    /// Rolls that happen but whose answer is lost: the roll is applied, this error returned.
    pub lose_rotate_answer: Option<ApiError>,
    /// Each token's history, by id.
    pub events: HashMap<String, Vec<TokenEvent>>,
    /// Each token's use, by id (none: a backend that counted nothing).
    pub usage: HashMap<String, TokenUsage>,
    pub next: u32,
}

#[derive(Clone)]
pub struct FakeApi(pub Rc<RefCell<State>>);

pub fn role(id: &str, name: &str, level: Option<f64>) -> dto::RoleResponse {
    dto::RoleResponse {
        id: id.into(),
        key: Some(id.into()),
        name: Some(name.into()),
        level,
        ..Default::default()
    }
}

pub fn row(
    source: Source,
    id: &str,
    desc: Option<&str>,
    days_ago: i64,
    expires_in_days: Option<i64>,
    roles: &[&str],
) -> TokenRow {
    let day = 86_400_000;
    TokenRow {
        description: desc.map(Into::into),
        created_at: Some(js_now() - days_ago * day),
        expires_at: expires_in_days.map(|d| js_now() + d * day),
        role_ids: roles.iter().map(|r| r.to_string()).collect(),
        created_by_user_id: Some("u-admin".into()),
        ..TokenRow::new(source, id)
    }
}

/// The backend's answer for a token that is not there (or not in the caller's list).
fn not_found() -> ApiError {
    ApiError::Http {
        status: 404,
        message: None,
        retry_after: None,
    }
}

/// Token `id` of `source` among `rows`, or the 404 a backend answers.
fn token_mut<'a>(
    rows: &'a mut [TokenRow],
    source: Source,
    id: &str,
) -> Result<&'a mut TokenRow, ApiError> {
    rows.iter_mut()
        .find(|r| r.source == source && r.id == id)
        .ok_or_else(not_found)
}

pub fn js_now() -> i64 {
    super::test_clock();
    js_sys::Date::now() as i64
}

impl FakeApi {
    /// Acme as the admin sees it: five roles, a token of each kind, one expired.
    pub fn admin() -> FakeApi {
        let state = State {
            roles: vec![
                role("r-owner", "Owner", Some(0.0)),
                role("r-admin", "Admin", Some(1.0)),
                role("r-dev", "Developer", Some(2.0)),
                role("r-viewer", "Viewer", Some(3.0)),
                role("r-auditor", "Auditor", None),
            ],
            my_roles: vec!["r-admin".into()],
            permissions: vec![
                "fe.secure.read.tenantApiTokens".into(),
                "fe.secure.write.tenantApiTokens".into(),
                "fe.secure.delete.tenantApiTokens".into(),
                "fe.secure.read.userApiTokens".into(),
                "fe.secure.write.userApiTokens".into(),
                "fe.secure.delete.userApiTokens".into(),
            ],
            strategy: Some("ClientCredentials".into()),
            force_permissions: true,
            rows: vec![
                row(
                    Source::AccountClients,
                    "cc-deploy-0000-1111-2222",
                    Some("CI deploy"),
                    3,
                    None,
                    &["r-dev"],
                ),
                row(
                    Source::AccountAccess,
                    "at-metrics-3333-4444-5555",
                    Some("Metrics exporter"),
                    10,
                    Some(5),
                    &["r-viewer"],
                ),
                row(
                    Source::PersonalClients,
                    "pc-laptop-6666-7777-8888",
                    Some("My laptop"),
                    1,
                    Some(90),
                    &[],
                ),
                row(
                    Source::PersonalAccess,
                    "pa-cli-9999-aaaa-bbbb",
                    None,
                    20,
                    None,
                    &[],
                ),
                row(
                    Source::AccountClients,
                    "cc-legacy-cccc-dddd-eeee",
                    Some("Legacy importer"),
                    200,
                    Some(-10),
                    &["r-viewer"],
                ),
            ],
            ..Default::default()
        };
        let mut state = state;
        state.rows[1].created_by_user_id = Some("u-someone-else-1234567890".into());
        // Four and a half days: "in 4 days" whether the list renders in the same millisecond
        // or hours later (whole days are counted down, so exactly 5 days would say "in 5").
        state.rows[1].expires_at = Some(js_now() + 9 * 43_200_000);
        FakeApi(Rc::new(RefCell::new(state)))
    }

    /// Acme as the admin sees it from a backend with our extension: last use told, and an
    /// expiry policy of `max_minutes` (`None`: none). The CI deploy token was used two hours
    /// ago from 203.0.113.7, the legacy importer 120 days ago, the metrics exporter never
    /// (created 10 days ago), the personal CLI token never (created 150 days ago).
    pub fn with_lifecycle(max_minutes: Option<f64>) -> FakeApi {
        let fake = FakeApi::admin();
        {
            let mut s = fake.0.borrow_mut();
            s.lifecycle = Some(dto::TokenLifecycle {
                last_used: Some(true),
                rotation: Some(false),
                history: Some(false),
                max_expires_in_minutes: max_minutes,
                level_rule_on_edit: None,
                level_rule_on_delete: None,
                renew: None,
                disable_after_unused_days: None,
                usage: None,
                ip_allowlist: None,
                require_ip_allowlist: None,
                bulk_delete: None,
                member_tokens: None,
            });
            let now = js_now();
            let hour = 3_600_000;
            for r in &mut s.rows {
                match r.id.as_str() {
                    "cc-deploy-0000-1111-2222" => {
                        r.last_used_at = Some(now - 2 * hour);
                        r.last_used_ip = Some("203.0.113.7".into());
                    }
                    "cc-legacy-cccc-dddd-eeee" => r.last_used_at = Some(now - 120 * 24 * hour),
                    "pc-laptop-6666-7777-8888" => r.last_used_at = Some(now - 30 * 24 * hour),
                    "pa-cli-9999-aaaa-bbbb" => r.created_at = Some(now - 150 * 24 * hour),
                    _ => {}
                }
            }
        }
        fake
    }

    /// [`FakeApi::with_lifecycle`] without a policy, whose backend also rolls secrets and keeps
    /// each token's history.
    pub fn with_rotation() -> FakeApi {
        let fake = FakeApi::with_lifecycle(None);
        if let Some(l) = fake.0.borrow_mut().lifecycle.as_mut() {
            l.rotation = Some(true);
            l.history = Some(true);
        }
        fake
    }

    /// [`FakeApi::with_rotation`] whose backend also takes IP allowlists (and every source's
    /// `PATCH`), tells each token's use, and, with `required`, requires a list on account
    /// tokens.
    pub fn with_allowlist(required: bool) -> FakeApi {
        let fake = FakeApi::with_rotation();
        if let Some(l) = fake.0.borrow_mut().lifecycle.as_mut() {
            l.ip_allowlist = Some(true);
            l.require_ip_allowlist = Some(required);
            l.usage = Some(true);
        }
        fake
    }

    /// [`FakeApi::with_level_rule`] whose backend also renews a token in place
    /// (`tokenLifecycle.renew`), under an expiry policy of `max_minutes` (`None`: none).
    pub fn with_renewal(max_minutes: Option<f64>) -> FakeApi {
        let fake = FakeApi::with_level_rule();
        if let Some(l) = fake.0.borrow_mut().lifecycle.as_mut() {
            l.renew = Some(true);
            l.max_expires_in_minutes = max_minutes;
        }
        fake
    }

    /// [`FakeApi::with_rotation`] whose backend also refuses an edit and a delete of a token
    /// above the user (the level rule, `levelRuleOnEdit` and `levelRuleOnDelete`), as the
    /// reference one does.
    pub fn with_level_rule() -> FakeApi {
        let fake = FakeApi::with_rotation();
        if let Some(l) = fake.0.borrow_mut().lifecycle.as_mut() {
            l.level_rule_on_edit = Some(true);
            l.level_rule_on_delete = Some(true);
        }
        fake
    }

    /// A copy of the stored row with this id.
    pub fn row(&self, id: &str) -> TokenRow {
        let s = self.0.borrow();
        let row = s.rows.iter().find(|r| r.id == id);
        row.unwrap_or_else(|| panic!("the fake has no row {id}"))
            .clone()
    }

    pub fn as_api(&self) -> Rc<dyn TokenApi> {
        Rc::new(self.clone())
    }

    pub fn fail(&self, call: &str, status: u16, message: &str) {
        self.0.borrow_mut().fail.insert(
            call.into(),
            ApiError::Http {
                status,
                message: Some(message.into()),
                retry_after: None,
            },
        );
    }

    /// Makes the next calls of `call` fail with `errors`, one each, then work again.
    pub fn fail_next(&self, call: &str, mut errors: Vec<ApiError>) {
        errors.reverse();
        self.0.borrow_mut().fail_times.insert(call.into(), errors);
    }

    /// The next creates are carried out but answer `error` (their answer was lost).
    pub fn lose_create_answer(&self, error: Option<ApiError>) {
        self.0.borrow_mut().lose_create_answer = error;
    }

    /// Makes `call` fail with `error` until healed.
    pub fn fail_with(&self, call: &str, error: ApiError) {
        self.0.borrow_mut().fail.insert(call.into(), error);
    }

    pub fn heal(&self, call: &str) {
        self.0.borrow_mut().fail.remove(call);
    }

    pub fn calls(&self, prefix: &str) -> usize {
        self.0
            .borrow()
            .calls
            .iter()
            .filter(|c| c.starts_with(prefix))
            .count()
    }

    fn check(&self, call: &str) -> Result<(), ApiError> {
        let mut s = self.0.borrow_mut();
        s.calls.push(call.to_string());
        if let Some(e) = s.fail_times.get_mut(call).and_then(Vec::pop) {
            return Err(e);
        }
        match s.fail.get(call) {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    fn delay(&self) -> u32 {
        self.0.borrow().delay_ms
    }
}

/// Waits `ms` before a call reaches the fake "server", recorded as `"waiting:{call}"`. A call
/// dropped during that wait (the user pressed Stop) is recorded as `"dropped:{call}"`: it can
/// never be carried out afterwards.
async fn wait(me: &FakeApi, call: &str, ms: u32) {
    struct Dropped<'a>(Option<(&'a FakeApi, &'a str)>);
    impl Drop for Dropped<'_> {
        fn drop(&mut self) {
            if let Some((me, call)) = self.0.take() {
                me.0.borrow_mut().calls.push(format!("dropped:{call}"));
            }
        }
    }
    if ms > 0 {
        me.0.borrow_mut().calls.push(format!("waiting:{call}"));
        let mut guard = Dropped(Some((me, call)));
        gloo_timers::future::TimeoutFuture::new(ms).await;
        guard.0 = None;
    }
}

impl TokenApi for FakeApi {
    fn me_authorization(&self) -> ApiFuture<Authorization> {
        let r = self.check("me");
        let s = self.0.borrow();
        let roles = s
            .roles
            .iter()
            .filter(|x| s.my_roles.contains(&x.id))
            .cloned()
            .collect();
        let permissions = s
            .permissions
            .iter()
            .map(|k| dto::PermissionResponse {
                id: Some(format!("perm-{k}")),
                key: k.clone(),
                ..Default::default()
            })
            .collect();
        Box::pin(async move {
            r?;
            Ok(map::authorization(dto::MeAuthorizationResponseDto {
                roles: Some(roles),
                permissions: Some(permissions),
            }))
        })
    }

    fn me(&self) -> ApiFuture<Profile> {
        let r = self.check("profile");
        Box::pin(async move {
            r?;
            Ok(map::profile(dto::UserDto {
                id: Some("u-admin".into()),
                email: Some("admin@acme.test".into()),
                name: Some("Adam Admin".into()),
            }))
        })
    }

    fn roles(&self) -> ApiFuture<Vec<RoleInfo>> {
        let r = self.check("roles");
        let roles = self
            .0
            .borrow()
            .roles
            .iter()
            .cloned()
            .map(map::role)
            .collect();
        Box::pin(async move { r.map(|_| roles) })
    }

    fn public_configuration(&self) -> ApiFuture<VendorSettings> {
        let r = self.check("config");
        let s = self.0.borrow();
        let c = dto::PublicConfiguration {
            machine_to_machine_auth_strategy: s.strategy.clone(),
            force_permissions: Some(s.force_permissions),
            token_lifecycle: s.lifecycle.clone(),
        };
        Box::pin(async move { r.map(|_| map::settings(c)) })
    }

    fn list(&self, source: Source) -> ApiFuture<Vec<TokenRow>> {
        let me = self.clone();
        Box::pin(async move {
            let call = format!("list:{source:?}");
            let ms = me.0.borrow().list_delay_ms;
            wait(&me, &call, ms).await;
            me.check(&call)?;
            let s = me.0.borrow();
            Ok(s.rows
                .iter()
                .filter(|x| x.source == source && x.member.is_none())
                .cloned()
                .collect())
        })
    }

    /// Every member's tokens of `source`: the admin's own named as theirs (`u-admin`), the
    /// rows with a member as they are; the call is recorded as "members:{source:?}".
    fn list_members(&self, source: Source) -> ApiFuture<Vec<TokenRow>> {
        let me = self.clone();
        Box::pin(async move {
            let call = format!("members:{source:?}");
            let ms = me.0.borrow().list_delay_ms;
            wait(&me, &call, ms).await;
            me.check(&call)?;
            let admin = std::sync::Arc::new(Member {
                user_id: "u-admin".into(),
                name: Some("Adam Admin".into()),
                email: Some("admin@acme.test".into()),
                role_ids: vec!["r-admin".into()],
            });
            let s = me.0.borrow();
            Ok(s.rows
                .iter()
                .filter(|x| x.source == source)
                .map(|x| TokenRow {
                    member: x.member.clone().or_else(|| Some(admin.clone())),
                    ..x.clone()
                })
                .collect())
        })
    }

    fn create(&self, source: Source, token: NewToken) -> ApiFuture<CreatedToken> {
        let me = self.clone();
        Box::pin(async move {
            wait(&me, "create", me.delay()).await;
            me.check("create")?;
            let mut s = me.0.borrow_mut();
            s.next += 1;
            let n = s.next;
            let row = TokenRow {
                description: Some(token.description.clone()),
                created_at: Some(js_now()),
                expires_at: token.expires_in_minutes.map(|m| js_now() + m * 60_000),
                role_ids: token.role_ids.clone(),
                allowed_cidrs: token.allowed_cidrs.clone(),
                created_by_user_id: Some("u-admin".into()),
                ..TokenRow::new(source, format!("new-{n}-0000-1111-2222"))
            };
            s.rows.push(row.clone());
            s.created.push(token);
            if let Some(e) = s.lose_create_answer.clone() {
                return Err(e);
            }
            Ok(CreatedToken {
                row,
                secret: Secret::new(format!("fake-secret-{n}-Zq9xK2pL")),
            })
        })
    }

    fn delete(&self, source: Source, id: String) -> ApiFuture<()> {
        let me = self.clone();
        Box::pin(async move {
            {
                let mut s = me.0.borrow_mut();
                s.in_flight += 1;
                s.most_in_flight = s.most_in_flight.max(s.in_flight);
                s.deletes.push(id.clone());
            }
            wait(&me, "delete", me.delay()).await;
            me.0.borrow_mut().in_flight -= 1;
            me.check("delete")?;
            let mut s = me.0.borrow_mut();
            if let Some(why) = s.refuse_delete.get(&id) {
                return Err(ApiError::Http {
                    status: 403,
                    message: Some(why.clone()),
                    retry_after: None,
                });
            }
            let before = s.rows.len();
            s.rows.retain(|r| !(r.source == source && r.id == id));
            if s.rows.len() == before {
                return Err(ApiError::Http {
                    status: 404,
                    message: Some("token not found".into()),
                    retry_after: None,
                });
            }
            Ok(())
        })
    }

    fn update(&self, source: Source, id: String, edit: TokenEdit) -> ApiFuture<TokenRow> {
        let me = self.clone();
        Box::pin(async move {
            me.check("update")?;
            let mut s = me.0.borrow_mut();
            s.edits.push((source, id.clone(), edit.clone()));
            let row = s
                .rows
                .iter_mut()
                .find(|r| r.source == source && r.id == id)
                .ok_or(ApiError::Http {
                    status: 404,
                    message: None,
                    retry_after: None,
                })?;
            if let Some(d) = edit.description {
                row.description = Some(d);
            }
            if let Some(r) = edit.role_ids {
                row.role_ids = r;
            }
            if let Some(c) = edit.allowed_cidrs {
                row.allowed_cidrs = c;
            }
            Ok(row.clone())
        })
    }

    fn rotate(&self, source: Source, id: String, grace_minutes: u32) -> ApiFuture<CreatedToken> {
        let me = self.clone();
        Box::pin(async move {
            wait(&me, "rotate", me.delay()).await;
            me.check("rotate")?;
            let mut s = me.0.borrow_mut();
            s.next += 1;
            let n = s.next;
            s.rotated.push((id.clone(), grace_minutes));
            let row = token_mut(&mut s.rows, source, &id)?;
            row.previous_secret_expires_at =
                (grace_minutes > 0).then(|| js_now() + i64::from(grace_minutes) * 60_000);
            let row = row.clone();
            if let Some(e) = s.lose_rotate_answer.clone() {
                return Err(e);
            }
            Ok(CreatedToken {
                row,
                secret: Secret::new(format!("rolled-secret-{n}-Vb7wQ3sX")),
            })
        })
    }

    fn expire_previous_secret(&self, source: Source, id: String) -> ApiFuture<TokenRow> {
        let me = self.clone();
        Box::pin(async move {
            me.check("expire-previous")?;
            let mut s = me.0.borrow_mut();
            let row = token_mut(&mut s.rows, source, &id)?;
            row.previous_secret_expires_at.take().ok_or(not_found())?;
            Ok(row.clone())
        })
    }

    fn renew(&self, source: Source, id: String, expires_in_minutes: i64) -> ApiFuture<TokenRow> {
        let me = self.clone();
        Box::pin(async move {
            wait(&me, "renew", me.delay()).await;
            me.check("renew")?;
            let mut s = me.0.borrow_mut();
            s.renewed.push((id.clone(), expires_in_minutes));
            let row = token_mut(&mut s.rows, source, &id)?;
            row.expires_at = Some(js_now() + expires_in_minutes * 60_000);
            Ok(row.clone())
        })
    }

    fn enable(&self, source: Source, id: String) -> ApiFuture<TokenRow> {
        let me = self.clone();
        Box::pin(async move {
            wait(&me, "enable", me.delay()).await;
            me.check("enable")?;
            let mut s = me.0.borrow_mut();
            s.enabled.push(id.clone());
            let row = token_mut(&mut s.rows, source, &id)?;
            row.disabled = None;
            Ok(row.clone())
        })
    }

    fn usage(&self, _source: Source, id: String, days: u32) -> ApiFuture<TokenUsage> {
        let r = self.check(&format!("usage:{days}"));
        let usage = self.0.borrow().usage.get(&id).cloned().unwrap_or_default();
        Box::pin(async move { r.map(|_| usage) })
    }

    /// Deletes (or, dry, checks) each id like `delete`, answering per id; the calls are
    /// recorded as "bulk:{dry|real}:{ids}".
    fn bulk_delete(
        &self,
        source: Source,
        ids: Vec<String>,
        dry_run: bool,
    ) -> ApiFuture<Vec<(String, Revoked)>> {
        let what = if dry_run { "dry" } else { "real" };
        let r = self.check(&format!("bulk:{what}"));
        let me = self.clone();
        Box::pin(async move {
            r?;
            let mut s = me.0.borrow_mut();
            s.calls.push(format!("bulk:{what}:{}", ids.join(",")));
            let mut out = Vec::new();
            for id in ids {
                let there = s.rows.iter().any(|r| r.source == source && r.id == id);
                let outcome = if !there {
                    Revoked::NotFound
                } else if let Some(why) = s.refuse_delete.get(&id) {
                    Revoked::NotAllowed(why.clone())
                } else {
                    if !dry_run {
                        s.rows.retain(|r| !(r.source == source && r.id == id));
                    }
                    Revoked::Yes
                };
                out.push((id, outcome));
            }
            Ok(out)
        })
    }

    fn events(&self, _source: Source, id: String) -> ApiFuture<Vec<TokenEvent>> {
        let r = self.check("events");
        let events = self.0.borrow().events.get(&id).cloned().unwrap_or_default();
        Box::pin(async move { r.map(|_| events) })
    }
}
