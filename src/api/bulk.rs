//! Revoking many tokens (issue 35): with one bulk delete per source (our extension, with a dry
//! run first), or against a classic backend with single deletes, at most [`IN_FLIGHT`] on their
//! way at once. Each token is sent once: it leaves the queue before its request goes.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use super::{ApiError, TokenApi};
use crate::model::selection::Revoked;
use crate::model::{Source, TokenRow};

/// Single deletes on their way at once against a classic backend.
pub const IN_FLIGHT: usize = 4;

/// `rows` by source, each source's rows in their order, the sources in their first row's.
pub fn by_source(rows: &[TokenRow]) -> Vec<(Source, Vec<TokenRow>)> {
    let mut out: Vec<(Source, Vec<TokenRow>)> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|(s, _)| *s == r.source) {
            Some((_, v)) => v.push(r.clone()),
            None => out.push((r.source, vec![r.clone()])),
        }
    }
    out
}

/// What the backend's dry run says of each of `rows` (an id it did not answer for is one it
/// would not revoke, with no reason).
pub async fn dry_run(
    api: Rc<dyn TokenApi>,
    rows: &[TokenRow],
) -> Result<Vec<(TokenRow, Revoked)>, ApiError> {
    let mut out = Vec::with_capacity(rows.len());
    for (source, of_source) in by_source(rows) {
        let ids = of_source.iter().map(|r| r.id.clone()).collect();
        let outcomes = api.bulk_delete(source, ids, true).await?;
        out.extend(outcome_of(of_source, &outcomes));
    }
    Ok(out)
}

fn outcome_of(
    rows: Vec<TokenRow>,
    outcomes: &[(String, Revoked)],
) -> impl Iterator<Item = (TokenRow, Revoked)> + '_ {
    rows.into_iter().map(move |r| {
        let o = outcomes
            .iter()
            .find(|(id, _)| *id == r.id)
            .map_or(Revoked::NotAllowed(String::new()), |(_, o)| o.clone());
        (r, o)
    })
}

/// Revokes each of `rows` once, telling `answered` each one's outcome as it comes: revoked,
/// gone already (a 404), refused (why), or the request's error. With `bulk`, one bulk delete
/// per source (sending it again later is safe: what went is then "not found").
pub async fn revoke(
    api: Rc<dyn TokenApi>,
    rows: Vec<TokenRow>,
    bulk: bool,
    answered: impl FnMut(TokenRow, Result<Revoked, ApiError>) + 'static,
) {
    let answered = Rc::new(RefCell::new(answered));
    if bulk {
        for (source, of_source) in by_source(&rows) {
            let ids = of_source.iter().map(|r| r.id.clone()).collect();
            match api.bulk_delete(source, ids, false).await {
                Ok(outcomes) => {
                    for (row, o) in outcome_of(of_source, &outcomes) {
                        (answered.borrow_mut())(row, Ok(o));
                    }
                }
                Err(e) => {
                    for row in of_source {
                        (answered.borrow_mut())(row, Err(e.clone()));
                    }
                }
            }
        }
        return;
    }
    let queue = Rc::new(RefCell::new(rows.into_iter().collect::<VecDeque<_>>()));
    let workers = (0..IN_FLIGHT).map(|_| {
        let (api, queue, answered) = (api.clone(), queue.clone(), answered.clone());
        async move {
            loop {
                let Some(row) = queue.borrow_mut().pop_front() else {
                    return;
                };
                let answer = match api.delete(row.source, row.id.clone()).await {
                    Ok(()) => Ok(Revoked::Yes),
                    Err(e) if e.status() == Some(404) => Ok(Revoked::NotFound),
                    Err(e) => Err(e),
                };
                (answered.borrow_mut())(row, answer);
            }
        }
    });
    futures::future::join_all(workers).await;
}
