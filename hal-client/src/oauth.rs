//! OAuth2 (feature `oauth2`): a [`Middleware`] that sends `Authorization: Bearer …` with every
//! request to the API it is registered for, getting the token from the authorization server
//! with the client-credentials or the resource-owner password grant (RFC 6749 §4.4, §4.3),
//! keeping it for the client, and renewing it with its refresh token when it expires or when
//! the API answers `401` once (then the request is sent again, once). The grants are the
//! `oauth2` crate's.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use oauth2::basic::{BasicClient, BasicTokenResponse};
use oauth2::{
    ClientId, ClientSecret, EndpointNotSet, EndpointSet, RefreshToken, ResourceOwnerPassword,
    ResourceOwnerUsername, Scope, TokenResponse, TokenUrl,
};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use reqwest::{Request, Response, StatusCode};
use url::Url;

use crate::error::{Error, ErrorKind};
use crate::middleware::{Middleware, Next};

/// A token is renewed this long before it expires, so that it does not expire in flight.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// The `oauth2` client with its token endpoint set.
type TokenClient =
    BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// How the token is asked for.
enum Grant {
    ClientCredentials,
    Password {
        username: ResourceOwnerUsername,
        password: ResourceOwnerPassword,
    },
}

/// The token in use.
struct Token {
    bearer: HeaderValue,
    refresh: Option<RefreshToken>,
    expires_at: Option<Instant>,
}

impl Token {
    fn is_fresh(&self) -> bool {
        self.expires_at
            .is_none_or(|at| Instant::now() + EXPIRY_MARGIN < at)
    }
}

/// OAuth2 access tokens for the requests to one API; register it with
/// [`ClientBuilder::middleware_for`](crate::ClientBuilder::middleware_for) so that the token
/// goes to that API only.
///
/// # Examples
///
/// ```no_run
/// use hal_client::oauth::OAuth2;
///
/// let api = url::Url::parse("https://api.example.com/")?;
/// let token_url = url::Url::parse("https://auth.example.com/oauth/token")?;
/// let oauth = OAuth2::client_credentials(token_url, "fleet-sync", Some("s3cr3t".into()))
///     .with_scopes(["fleet.read"]);
/// let client = hal_client::Client::builder().middleware_for(&api, oauth).build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct OAuth2 {
    client: TokenClient,
    grant: Grant,
    scopes: Vec<Scope>,
    /// For the authorization server: no redirects, which could send credentials elsewhere.
    http: reqwest::Client,
    token: Mutex<Option<Token>>,
}

impl std::fmt::Debug for OAuth2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth2")
            .field("token_url", self.client.token_uri().url())
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl OAuth2 {
    fn new(token_url: Url, client_id: &str, client_secret: Option<String>, grant: Grant) -> Self {
        let client = BasicClient::new(ClientId::new(client_id.to_owned()))
            .set_token_uri(TokenUrl::from_url(token_url));
        let client = match client_secret {
            Some(secret) => client.set_client_secret(ClientSecret::new(secret)),
            None => client,
        };
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_default();
        Self {
            client,
            grant,
            scopes: Vec::new(),
            http,
            token: Mutex::new(None),
        }
    }

    /// Tokens from the client-credentials grant: the client acting on its own behalf.
    ///
    /// # Examples
    ///
    /// ```
    /// let token_url = url::Url::parse("https://auth.example.com/token")?;
    /// let oauth = hal_client::oauth::OAuth2::client_credentials(token_url, "fleet-sync", Some("s3cr3t".into()));
    /// # let _ = oauth;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn client_credentials(
        token_url: Url,
        client_id: &str,
        client_secret: Option<String>,
    ) -> Self {
        Self::new(
            token_url,
            client_id,
            client_secret,
            Grant::ClientCredentials,
        )
    }

    /// Tokens from the resource-owner password grant: a user's name and password, given by
    /// the user to a client the authorization server trusts with them.
    ///
    /// # Examples
    ///
    /// ```
    /// let token_url = url::Url::parse("https://auth.example.com/token")?;
    /// let oauth = hal_client::oauth::OAuth2::password(token_url, "fleet-app", None, "ada", "correct horse");
    /// # let _ = oauth;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn password(
        token_url: Url,
        client_id: &str,
        client_secret: Option<String>,
        username: &str,
        password: &str,
    ) -> Self {
        let grant = Grant::Password {
            username: ResourceOwnerUsername::new(username.to_owned()),
            password: ResourceOwnerPassword::new(password.to_owned()),
        };
        Self::new(token_url, client_id, client_secret, grant)
    }

    /// The same, asking for `scopes`.
    ///
    /// # Examples
    ///
    /// ```
    /// let token_url = url::Url::parse("https://auth.example.com/token")?;
    /// let oauth = hal_client::oauth::OAuth2::client_credentials(token_url, "sync", None).with_scopes(["read", "write"]);
    /// # let _ = oauth;
    /// # Ok::<(), url::ParseError>(())
    /// ```
    #[must_use]
    pub fn with_scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes = scopes.into_iter().map(|s| Scope::new(s.into())).collect();
        self
    }

    /// The bearer value of a fresh token: the cached one, or one renewed with its refresh
    /// token, or a new grant. `stale` is a value the API refused: never given again.
    async fn bearer(&self, stale: Option<&HeaderValue>) -> Result<HeaderValue, Error> {
        let refresh = {
            let cached = self
                .token
                .lock()
                .map_err(|_| auth_error("the token cache is poisoned"))?;
            match cached.as_ref() {
                Some(token) if token.is_fresh() && Some(&token.bearer) != stale => {
                    return Ok(token.bearer.clone());
                }
                Some(token) => token.refresh.clone(),
                None => None,
            }
        };
        let response = match refresh {
            // A refused refresh token (revoked, expired) falls back to the grant.
            Some(refresh) => match self.refreshed(&refresh).await {
                Ok(response) => response,
                Err(_) => self.granted().await?,
            },
            None => self.granted().await?,
        };
        let bearer = HeaderValue::from_str(&format!("Bearer {}", response.access_token().secret()))
            .map_err(|_| auth_error("the access token is not a header value"))?;
        let token = Token {
            bearer: bearer.clone(),
            refresh: response.refresh_token().cloned(),
            expires_at: response.expires_in().map(|lasts| Instant::now() + lasts),
        };
        if let Ok(mut cached) = self.token.lock() {
            *cached = Some(token);
        }
        Ok(bearer)
    }

    async fn granted(&self) -> Result<BasicTokenResponse, Error> {
        let response = match &self.grant {
            Grant::ClientCredentials => {
                self.client
                    .exchange_client_credentials()
                    .add_scopes(self.scopes.clone())
                    .request_async(&self.http)
                    .await
            }
            Grant::Password { username, password } => {
                self.client
                    .exchange_password(username, password)
                    .add_scopes(self.scopes.clone())
                    .request_async(&self.http)
                    .await
            }
        };
        response
            .map_err(|e| Error::from_source(ErrorKind::Auth, e).at(self.client.token_uri().url()))
    }

    async fn refreshed(&self, refresh: &RefreshToken) -> Result<BasicTokenResponse, Error> {
        self.client
            .exchange_refresh_token(refresh)
            .request_async(&self.http)
            .await
            .map_err(|e| Error::from_source(ErrorKind::Auth, e).at(self.client.token_uri().url()))
    }
}

fn auth_error(reason: &'static str) -> Error {
    Error::from_source(ErrorKind::Auth, std::io::Error::other(reason))
}

impl Middleware for OAuth2 {
    fn handle<'a>(
        &'a self,
        mut request: Request,
        next: Next<'a>,
    ) -> BoxFuture<'a, Result<Response, Error>> {
        Box::pin(async move {
            let bearer = self.bearer(None).await?;
            request.headers_mut().insert(AUTHORIZATION, bearer.clone());
            // Kept to send again after one `401`; a streamed body cannot be, and is not.
            let again = request.try_clone();
            let response = next.run(request).await?;
            match again {
                Some(mut again) if response.status() == StatusCode::UNAUTHORIZED => {
                    let renewed = self.bearer(Some(&bearer)).await?;
                    again.headers_mut().insert(AUTHORIZATION, renewed);
                    next.run(again).await
                }
                _ => Ok(response),
            }
        })
    }
}
