//! Who is asking and what they may do. Shoppers are anonymous (a cart id is their capability);
//! sellers and creators are accounts whose people sign in (a session cookie) or whose servers
//! call with an API token. [`gate`] decides, for every route in one table, whether the caller
//! may call it at all; [`owner`] then checks that what a call changes is the caller's own.

pub mod accounts;
pub mod gate;
pub mod owner;
pub mod passkey;
pub mod password;
pub mod secret;
pub mod session;
pub mod tokens;

use crate::error::ApiError;

/// What an account is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Sells products: owns them, their deals, its videos and rooms, and its affiliate
    /// programme.
    Seller,
    /// Makes videos and runs LIVE rooms that tag sellers' products, where the seller's
    /// programme allows it.
    Creator,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Seller => "seller",
            Kind::Creator => "creator",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "seller" => Some(Kind::Seller),
            "creator" => Some(Kind::Creator),
            _ => None,
        }
    }
}

/// What a person may do within their account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Everything the account may do.
    Admin,
    /// Runs the account's LIVE rooms (pins, room deals) and nothing else.
    Host,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Host => "host",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "host" => Some(Role::Host),
            _ => None,
        }
    }

    /// The scopes a signed-in person of this role has.
    pub fn scopes(self) -> &'static [Scope] {
        match self {
            Role::Admin => &[Scope::Catalog, Scope::Publish, Scope::Live, Scope::Read],
            Role::Host => &[Scope::Live, Scope::Read],
        }
    }
}

/// A part of what an account may do; an API token carries the ones it was made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Products, deals and the affiliate programme.
    Catalog,
    /// Publishing videos' manifests.
    Publish,
    /// LIVE rooms: create, pin, room deals.
    Live,
    /// Reading the account's own records (tokens, audit log).
    Read,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Catalog, Scope::Publish, Scope::Live, Scope::Read];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Catalog => "catalog",
            Scope::Publish => "publish",
            Scope::Live => "live",
            Scope::Read => "read",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How a member proved who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// A session cookie; its CSRF token must come with every change.
    Session { csrf: String },
    /// An API token with these scopes.
    Token { id: String, scopes: Vec<Scope> },
}

/// A signed-in person of an account (or a server calling for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub account: String,
    pub kind: Kind,
    pub user: String,
    pub role: Role,
    pub via: Via,
}

impl Member {
    /// Whether this call may do what `scope` covers: the person's role allows it and, for a
    /// token, the token was made for it.
    pub fn may(&self, scope: Scope) -> bool {
        self.role.scopes().contains(&scope)
            && match &self.via {
                Via::Session { .. } => true,
                Via::Token { scopes, .. } => scopes.contains(&scope),
            }
    }
}

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    /// Sent a session or token that is unknown, expired or revoked (why): a shopper's call
    /// goes on as anonymous, a member's is refused saying why.
    Refused(String),
    Member(Member),
}

impl Caller {
    /// The member, or "sign in" (and why the credentials sent did not do).
    pub fn member(&self) -> Result<&Member, ApiError> {
        match self {
            Caller::Member(m) => Ok(m),
            Caller::Refused(why) => Err(ApiError::unauthenticated(why.clone())),
            Caller::Anonymous => Err(ApiError::unauthenticated(
                "sign in, or send an API token (Authorization: Bearer …)",
            )),
        }
    }

    /// What idempotency keys and their stored answers are scoped to: one caller cannot
    /// replay another's key and read its answer.
    pub fn principal(&self) -> &str {
        match self {
            Caller::Member(m) => &m.account,
            Caller::Anonymous | Caller::Refused(_) => "-",
        }
    }
}
