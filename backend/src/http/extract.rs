//! Who is calling, from a request's headers: the signed-in user behind `Authorization: Bearer
//! <JWT>` ([`User`], which every token route starts with), or maybe nobody ([`MaybeUser`]).

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};

use super::error::AppError;
use crate::domain::{Error, User};
use crate::service::Service;

/// Reads `Authorization: Bearer <token>` from `headers`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The signed-in user, with their roles and permissions now; 401 without a valid user JWT.
impl<S> FromRequestParts<S> for User
where
    S: Send + Sync,
    Service: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let token = bearer(&parts.headers)
            .ok_or_else(|| Error::unauthorized("missing Authorization: Bearer token"))?;
        // Reads are GET and HEAD; every other method changes something.
        let for_write = !matches!(parts.method, Method::GET | Method::HEAD);
        Ok(Service::from_ref(state).signed_in(token, for_write).await?)
    }
}

/// The caller when a valid user JWT is present; public routes work without one.
pub struct MaybeUser(pub Option<User>);

impl<S> FromRequestParts<S> for MaybeUser
where
    S: Send + Sync,
    Service: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        if bearer(&parts.headers).is_none() {
            return Ok(MaybeUser(None));
        }
        Ok(MaybeUser(User::from_request_parts(parts, state).await.ok()))
    }
}
