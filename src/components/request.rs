//! [`Request`]: the life of one call the user started (load, generate, delete, save): in
//! flight, waiting out a rate limit with a countdown, or stopped by the user.
//!
//! A 429 is what a server says when it did nothing and wants us back later, so the call is
//! repeated by itself after the `Retry-After` it named (at most [`MAX_AUTO_RETRIES`] times, and
//! only for waits up to [`MAX_AUTO_WAIT_S`]); the view shows when. Every other failure goes
//! back to the caller, which shows it and lets the user try again.

use std::future::Future;

use futures::channel::oneshot;
use futures::future::{select, Either};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{fill, I18n};

/// How many 429s in a row are waited out before the error is shown.
pub const MAX_AUTO_RETRIES: u32 = 3;
/// The longest `Retry-After` waited out by itself; a longer one is shown with its time.
pub const MAX_AUTO_WAIT_S: u32 = 60;
/// The wait after a 429 without `Retry-After`.
pub const DEFAULT_WAIT_S: u32 = 5;

#[derive(Clone, Copy)]
pub struct Request {
    /// A call is out or waiting.
    pub busy: RwSignal<bool>,
    /// Seconds left before the next automatic try, while waiting out a 429.
    pub retry_in: RwSignal<Option<u32>>,
    /// What screen readers are told once when a wait starts (the countdown itself is not
    /// announced every second).
    pub wait_note: RwSignal<Option<u32>>,
    sent: RwSignal<bool>,
    stop: StoredValue<Option<oneshot::Sender<()>>, LocalStorage>,
}

impl Default for Request {
    fn default() -> Self {
        Self::new()
    }
}

impl Request {
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            retry_in: RwSignal::new(None),
            wait_note: RwSignal::new(None),
            sent: RwSignal::new(false),
            stop: StoredValue::new_local(None),
        }
    }

    /// Stops the call under way (its fetch is aborted); `run` then answers
    /// [`ApiError::Cancelled`].
    pub fn stop(&self) {
        if let Some(tx) = self.stop.try_update_value(Option::take).flatten() {
            let _ = tx.send(());
        }
    }

    /// Runs `call` (made afresh for every try) until it gives an answer that is not a 429 to
    /// wait out, or the user stops it.
    pub async fn run<T, F, Fut>(self, call: F) -> Result<T, ApiError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.stoppable(self.retrying(call)).await
    }

    /// Runs `work` until it ends or the user stops it (dropping `work` aborts its fetches).
    pub async fn stoppable<T>(
        self,
        work: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        let (tx, rx) = oneshot::channel();
        // Unmounted before the call began (a host that mounts and unmounts in one task):
        // nothing was sent, and there is no view to tell.
        if self.stop.try_set_value(Some(tx)).is_some() {
            return Err(ApiError::Cancelled { sent: false });
        }
        self.busy.try_set(true);
        self.sent.try_set(false);
        let work = std::pin::pin!(work);
        let result = match select(work, rx).await {
            Either::Left((result, _)) => result,
            Either::Right(_) => Err(ApiError::Cancelled {
                sent: self.sent.get_untracked() && self.retry_in.get_untracked().is_none(),
            }),
        };
        // The view may be gone by now (unmounted mid-request): nothing to update then.
        self.stop.try_update_value(|s| *s = None);
        self.busy.try_set(false);
        self.retry_in.try_set(None);
        self.wait_note.try_set(None);
        result
    }

    /// The 429 loop without the stop switch (the load wave runs several of these under one
    /// [`Request::stoppable`]).
    pub async fn retrying<T, F, Fut>(self, call: F) -> Result<T, ApiError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut tries = 0;
        loop {
            self.sent.try_set(true);
            match call().await {
                Err(e) if e.status() == Some(429) && tries < MAX_AUTO_RETRIES => {
                    let wait = e.retry_after().unwrap_or(DEFAULT_WAIT_S);
                    if wait > MAX_AUTO_WAIT_S {
                        return Err(e);
                    }
                    tries += 1;
                    self.wait_note.try_set(Some(wait));
                    self.countdown(wait).await;
                }
                other => return other,
            }
        }
    }

    async fn countdown(self, seconds: u32) {
        for left in (1..=seconds).rev() {
            self.retry_in.try_set(Some(left));
            gloo_timers::future::TimeoutFuture::new(1_000).await;
        }
        self.retry_in.try_set(None);
    }
}

/// The countdown and stop control a view shows while a [`Request`] waits out a rate limit.
#[component]
pub fn RetryNotice(request: Request) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        // Always there, so the one sentence is announced when it appears.
        <p role="status" class="att-visually-hidden">
            // Announced once, in the locale of the moment (a switch does not repeat it).
            {move || request.wait_note.get().map(|wait| {
                let t = i18n.get_untracked();
                fill(t.m.auto_retry_note, &[("wait", &t.wait(wait))])
            })}
        </p>
        <Show when=move || request.retry_in.get().is_some()>
            <p class="att-wait" aria-hidden="true">
                {move || {
                    let t = i18n.get();
                    let n = t.number(i64::from(request.retry_in.get().unwrap_or(0)));
                    fill(t.m.auto_retry_countdown, &[("n", &n)])
                }}
            </p>
        </Show>
    }
}

/// A dialog's secondary button: **Stop** while `request` is out (the dialog stays, its input
/// kept), otherwise **Cancel** (`on_cancel`). Disabled while the action is `pending` but the
/// request itself cannot be stopped any more (e.g. the list check after a lost create).
#[component]
pub fn StopOrCancel(
    request: Request,
    #[prop(into)] pending: Signal<bool>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    view! {
        <button
            type="button"
            class="att-button att-button-secondary"
            disabled=move || pending.get() && !request.busy.get()
            on:click=move |_| if request.busy.get_untracked() { request.stop() } else { on_cancel.run(()) }
        >
            {move || { let m = i18n.get().m; if request.busy.get() { m.stop } else { m.cancel } }}
        </button>
    }
}
