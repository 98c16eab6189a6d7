//! The endpoints: [`HttpApi`]'s [`TokenApi`], each call a path of the wire contract, a
//! [`Method`] and a body, its answer mapped to model values; and the demo sign-in. How a
//! request is sent: `transport.rs`.

use api_tokens_rules::wire;

use super::transport::{decode, Method};
use super::{
    dto, map, path_segment, ApiError, ApiFuture, CreatedToken, HttpApi, NewToken, TokenApi,
    TokenEdit,
};
use crate::config::ApiTokensConfig;
use crate::model::account::{Authorization, Profile, VendorSettings};
use crate::model::history::TokenEvent;
use crate::model::roles::RoleInfo;
use crate::model::selection::Revoked;
use crate::model::usage::TokenUsage;
use crate::model::{Secret, Source, TokenRow, TokenType};

impl TokenApi for HttpApi {
    fn me_authorization(&self) -> ApiFuture<Authorization> {
        let fut = self.get::<dto::MeAuthorizationResponseDto>(wire::ME_AUTHORIZATION);
        Box::pin(async move { Ok(map::authorization(fut.await?)) })
    }

    fn me(&self) -> ApiFuture<Profile> {
        let fut = self.get::<Option<dto::UserDto>>(wire::ME);
        Box::pin(async move { Ok(map::profile(fut.await?.unwrap_or_default())) })
    }

    fn roles(&self) -> ApiFuture<Vec<RoleInfo>> {
        let fut = self.get::<Option<Vec<dto::RoleResponse>>>(wire::ROLES);
        Box::pin(async move {
            Ok(fut
                .await?
                .unwrap_or_default()
                .into_iter()
                .map(map::role)
                .collect())
        })
    }

    fn public_configuration(&self) -> ApiFuture<VendorSettings> {
        let fut = self.get::<Option<dto::PublicConfiguration>>(wire::PUBLIC_CONFIGURATION);
        Box::pin(async move { Ok(map::settings(fut.await?.unwrap_or_default())) })
    }

    fn list(&self, source: Source) -> ApiFuture<Vec<TokenRow>> {
        self.list_at(source, source.list_path(), map::token)
    }

    fn list_members(&self, source: Source) -> ApiFuture<Vec<TokenRow>> {
        let path = format!("{}?{}", source.list_path(), wire::ALL_MEMBERS);
        self.list_at(source, &path, map::member_token)
    }

    fn create(&self, source: Source, token: NewToken) -> ApiFuture<CreatedToken> {
        let body = dto::CreateTokenRequest {
            description: token.description,
            expires_in_minutes: token.expires_in_minutes,
            role_ids: (source.owner() == crate::model::Owner::Account).then_some(token.role_ids),
            allowed_cidrs: (!token.allowed_cidrs.is_empty()).then_some(token.allowed_cidrs),
        };
        let fut = self.send_json::<dto::TokenDto>(Method::Post, source.create_path(), &body);
        Box::pin(async move { map::created(source, fut.await?) })
    }

    fn delete(&self, source: Source, id: String) -> ApiFuture<()> {
        let url = match token_path(source, &id) {
            Ok(path) => self.url(&path),
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        let this = self.clone();
        Box::pin(async move {
            this.call(Method::Delete, url, None).await?;
            Ok(())
        })
    }

    fn rotate(&self, source: Source, id: String, grace_minutes: u32) -> ApiFuture<CreatedToken> {
        let path = match token_path(source, &id) {
            Ok(path) => format!("{path}/{}", wire::ROTATE),
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        let body = dto::RotateRequest { grace_minutes };
        let fut = self.send_json::<dto::TokenDto>(Method::Post, &path, &body);
        Box::pin(async move { map::created(source, fut.await?) })
    }

    fn renew(&self, source: Source, id: String, expires_in_minutes: i64) -> ApiFuture<TokenRow> {
        let path = match token_path(source, &id) {
            Ok(path) => format!("{path}/{}", wire::RENEW),
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        let body = dto::RenewRequest { expires_in_minutes };
        let fut = self.send_json::<dto::TokenDto>(Method::Post, &path, &body);
        Box::pin(async move { map::token(source, fut.await?) })
    }

    fn enable(&self, source: Source, id: String) -> ApiFuture<TokenRow> {
        let url = match token_path(source, &id) {
            Ok(path) => self.url(&format!("{path}/{}", wire::ENABLE)),
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        let this = self.clone();
        Box::pin(async move {
            let t: dto::TokenDto = decode(this.call(Method::Post, url, None).await?, false)?;
            map::token(source, t)
        })
    }

    fn expire_previous_secret(&self, source: Source, id: String) -> ApiFuture<TokenRow> {
        let url = match token_path(source, &id) {
            Ok(path) => self.url(&format!("{path}/{}", wire::PREVIOUS_SECRET)),
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        let this = self.clone();
        Box::pin(async move {
            let t: dto::TokenDto = decode(this.call(Method::Delete, url, None).await?, false)?;
            map::token(source, t)
        })
    }

    fn usage(&self, source: Source, id: String, days: u32) -> ApiFuture<TokenUsage> {
        let fut = match token_path(source, &id) {
            Ok(path) => {
                self.get::<Option<dto::UsageDto>>(&format!("{path}/{}?days={days}", wire::USAGE))
            }
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        Box::pin(async move { Ok(map::usage(fut.await?.unwrap_or_default())) })
    }

    fn bulk_delete(
        &self,
        source: Source,
        ids: Vec<String>,
        dry_run: bool,
    ) -> ApiFuture<Vec<(String, Revoked)>> {
        let path = format!("{}/{}", source.list_path(), wire::BULK_DELETE);
        let body = dto::BulkDeleteRequest { ids, dry_run };
        let fut = self.send_json::<dto::BulkDeleteResponse>(Method::Post, &path, &body);
        Box::pin(async move { Ok(map::bulk_deleted(fut.await?)) })
    }

    fn events(&self, source: Source, id: String) -> ApiFuture<Vec<TokenEvent>> {
        let fut = match token_path(source, &id) {
            Ok(path) => {
                self.get::<Option<Vec<dto::TokenEventDto>>>(&format!("{path}/{}", wire::EVENTS))
            }
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        Box::pin(async move {
            let list = fut.await?.unwrap_or_default();
            Ok(list.into_iter().filter_map(map::event).collect())
        })
    }

    fn update(&self, source: Source, id: String, edit: TokenEdit) -> ApiFuture<TokenRow> {
        let path = match token_path(source, &id) {
            Ok(path) => path,
            Err(e) => return Box::pin(async move { Err(e) }),
        };
        let body = dto::UpdateApiTokenDto {
            description: edit.description,
            role_ids: edit.role_ids.filter(|_| source == Source::AccountClients),
            allowed_cidrs: edit.allowed_cidrs,
        };
        let fut = self.send_json::<dto::TokenDto>(Method::Patch, &path, &body);
        Box::pin(async move { map::token(source, fut.await?) })
    }
}

impl HttpApi {
    /// A list of `source`'s tokens at `path`, each read by `read`. Client credentials come as
    /// an array, access tokens as `{accessTokens: [...]}`.
    fn list_at(
        &self,
        source: Source,
        path: &str,
        read: fn(Source, dto::TokenDto) -> Result<TokenRow, ApiError>,
    ) -> ApiFuture<Vec<TokenRow>> {
        let fut: ApiFuture<Option<Vec<dto::TokenDto>>> = match source.kind() {
            TokenType::ClientCredentials => self.get(path),
            TokenType::AccessToken => {
                let fut = self.get::<Option<dto::AccessTokenList>>(path);
                Box::pin(async move { Ok(fut.await?.and_then(|l| l.access_tokens)) })
            }
        };
        Box::pin(async move {
            let list = fut.await?.unwrap_or_default();
            list.into_iter().map(|t| read(source, t)).collect()
        })
    }
}

/// The path of token `id` of `source` (`tenants/api-tokens/v1/{clientId}`…), its id encoded
/// as one segment; an id that could name another resource is refused before anything is sent.
fn token_path(source: Source, id: &str) -> Result<String, ApiError> {
    if id.is_empty() || id == "." || id == ".." {
        return Err(ApiError::Decode(format!("invalid token id {id:?}")));
    }
    Ok(format!("{}/{}", source.list_path(), path_segment(id)))
}

/// Signs in at the reference backend's demo sign-in (`POST auth/v1/user`); answers the user's
/// JWT. Used by the standalone app only, which keeps the token in memory.
pub async fn sign_in(
    config: &ApiTokensConfig,
    email: &str,
    password: &str,
) -> Result<Secret, ApiError> {
    let api = HttpApi::new(config);
    let body = dto::SignInRequest { email, password };
    let resp: dto::SignInResponse = api.send_json(Method::Post, wire::SIGN_IN, &body).await?;
    Ok(resp.access_token)
}
