//! [`LazyDialog`]: a dialog whose code may still be on its way. The release artefacts carry
//! each dialog's code in a chunk of its own (feature `split`, see [`super::dialogs::Chunk`]);
//! [`lazy_view`] builds the dialog at once when its code is here (always without `split`, and
//! once its chunk has loaded), else this frame: the dialog's title and "Loading…" until the
//! chunk is in, then the dialog itself. A chunk that cannot be fetched leaves the frame saying
//! so, with Retry (a failed load is not remembered: Retry fetches again) and Close; the rest of
//! the tab, and whatever it holds, is untouched.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use leptos::html;
use leptos::prelude::*;

use super::dialog::Modal;
use crate::i18n::I18n;

/// Builds a dialog's view; its code is in the dialog's chunk.
pub type Builder = Box<dyn FnOnce() -> AnyView>;

/// A dialog's code arriving: its chunk loading (with `split`), ready at once without it.
pub type Loading = Pin<Box<dyn Future<Output = Result<Builder, ChunkError>>>>;

/// A dialog's chunk could not be loaded (refused, not found, the connection dropped); the
/// browser's console says why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// What the frame shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Loading,
    Failed,
    Ready,
}

/// The dialog `load` brings: built now when its code is here (no frame, no task: the same
/// frame as a dialog that was never split), else [`LazyDialog`] until it is.
pub fn lazy_view(
    title: Signal<String>,
    load: impl Fn() -> Loading + 'static,
    on_close: Callback<()>,
) -> AnyView {
    let mut first = load();
    match first
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(Ok(build)) => untrack(build),
        Poll::Ready(Err(e)) => view! {
            <LazyDialog title=title load=StoredValue::new_local(Box::new(load)) first=Err(e) on_close=on_close />
        }
        .into_any(),
        Poll::Pending => view! {
            <LazyDialog title=title load=StoredValue::new_local(Box::new(load)) first=Ok(first) on_close=on_close />
        }
        .into_any(),
    }
}

type Load = StoredValue<Box<dyn Fn() -> Loading>, LocalStorage>;

/// The frame of a dialog whose chunk is loading (`first`, already under way) or failed; see
/// the module's documentation.
#[component]
pub fn LazyDialog(
    title: Signal<String>,
    /// Starts loading the dialog's code again (Retry).
    load: Load,
    first: Result<Loading, ChunkError>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let phase = RwSignal::new(Phase::Loading);
    let built = StoredValue::new_local(None::<Builder>);
    let wait = move |loading: Loading| {
        phase.set(Phase::Loading);
        leptos::task::spawn_local(async move {
            let outcome = loading.await;
            // The dialog may have been closed meanwhile: then nothing is kept or built.
            let next = match outcome {
                Ok(build) => match built.try_set_value(Some(build)) {
                    None => Phase::Ready,
                    Some(_) => return,
                },
                Err(ChunkError) => Phase::Failed,
            };
            phase.try_set(next);
        });
    };
    match first {
        Ok(loading) => wait(loading),
        Err(ChunkError) => phase.set(Phase::Failed),
    }
    let retry = move |_| {
        if let Some(loading) = load.try_with_value(|load| load()) {
            wait(loading);
        }
    };
    let ready = Memo::new(move |_| phase.get() == Phase::Ready);
    move || {
        if ready.get() {
            return built
                .try_update_value(Option::take)
                .flatten()
                .map(untrack)
                .into_any();
        }
        view! {
            <Modal title=title on_close=on_close>
                {move || match phase.get() {
                    Phase::Failed => {
                        // Keyboard users land on Retry when the message appears (a new button,
                        // and a NodeRef of its own, each time: `on_load` runs once).
                        let retry_button: NodeRef<html::Button> = NodeRef::new();
                        retry_button.on_load(|b| {
                            let _ = b.focus();
                        });
                        view! {
                            <p class="att-error" role="alert">{i18n.text(|m| m.dialog_load_failed)}</p>
                            <div class="att-actions">
                                <button type="button" class="att-button att-button-secondary" on:click=move |_| on_close.run(())>
                                    {i18n.text(|m| m.close)}
                                </button>
                                <button type="button" class="att-button" node_ref=retry_button on:click=retry>
                                    {i18n.text(|m| m.retry)}
                                </button>
                            </div>
                        }
                        .into_any()
                    }
                    _ => view! {
                        <p class="att-status" role="status" aria-busy="true">{i18n.text(|m| m.dialog_loading)}</p>
                    }
                    .into_any(),
                }}
            </Modal>
        }
        .into_any()
    }
}
