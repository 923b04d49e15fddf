//! API errors: one enum, each variant a status and a JSON body that names what was wrong.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: String },
    #[error("only {available} left of {variant}")]
    OutOfStock { variant: String, available: u32 },
    #[error("at most {max} of one item per order")]
    Limit { variant: String, max: u32 },
    #[error("{message}")]
    DealLimit {
        variant: String,
        deal: String,
        /// How many more this customer may buy at the deal price.
        max: u32,
        message: String,
    },
    #[error("{message}")]
    DealSoldOut {
        variant: String,
        deal: String,
        available: u32,
        message: String,
    },
    #[error("this Idempotency-Key was used for a different request")]
    KeyReused,
    #[error("{0}")]
    Conflict(String),
    /// A manifest the engine's validator refused: every problem with its JSON path.
    #[error("{message}")]
    InvalidManifest {
        message: String,
        problems: Vec<(String, String)>,
    },
    /// `If-Match` names a version that is no longer the current one (someone else published).
    #[error("{message}")]
    PreconditionFailed {
        current: Option<i64>,
        message: String,
    },
    /// A cart change made against a revision the cart has moved past (another change landed
    /// first, or this one arrived late): refused, with the cart as it is now.
    #[error("cart {id} is at revision {current}; this change was made against revision {sent}")]
    StaleCart {
        id: String,
        sent: i64,
        current: i64,
        cart: Value,
    },
    /// A write that would overwrite without saying which version it read.
    #[error("{message}")]
    PreconditionRequired { current: i64, message: String },
    /// The call needs a signed-in seller or creator (a session cookie or an API token), or
    /// the one it came with is unknown, expired or revoked.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller is known but may not do this: `code` says which rule refused it.
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn invalid(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// A refusal by an access rule.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Forbidden {
            code,
            message: message.into(),
        }
    }

    /// "Sign in" with the reason.
    pub fn unauthenticated(message: impl Into<String>) -> ApiError {
        ApiError::Unauthenticated(message.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::Invalid { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::OutOfStock { .. } | ApiError::DealSoldOut { .. } | ApiError::Conflict(_) => {
                StatusCode::CONFLICT
            }
            ApiError::Limit { .. } | ApiError::DealLimit { .. } | ApiError::KeyReused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::InvalidManifest { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PreconditionFailed { .. } | ApiError::StaleCart { .. } => {
                StatusCode::PRECONDITION_FAILED
            }
            ApiError::PreconditionRequired { .. } => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn body(&self) -> Value {
        let message = self.to_string();
        let e = match self {
            ApiError::Invalid { field, .. } => {
                json!({ "code": "invalid", "field": field, "message": message })
            }
            ApiError::NotFound { what, id } => {
                json!({ "code": "not_found", "field": what, "id": id, "message": message })
            }
            ApiError::OutOfStock { variant, available } => json!({
                "code": "out_of_stock", "variant": variant, "available": available, "message": message
            }),
            ApiError::Limit { variant, max } => {
                json!({ "code": "limit", "variant": variant, "max": max, "message": message })
            }
            ApiError::DealLimit {
                variant, deal, max, ..
            } => json!({
                "code": "deal_limit", "variant": variant, "deal": deal, "max": max, "message": message
            }),
            ApiError::DealSoldOut {
                variant,
                deal,
                available,
                ..
            } => json!({
                "code": "deal_sold_out", "variant": variant, "deal": deal, "available": available,
                "message": message
            }),
            ApiError::KeyReused => json!({
                "code": "idempotency_key_reused", "field": "Idempotency-Key", "message": message
            }),
            ApiError::Conflict(_) => json!({ "code": "conflict", "message": message }),
            ApiError::InvalidManifest { problems, .. } => {
                let problems: Vec<Value> = problems
                    .iter()
                    .map(|(path, message)| json!({ "path": path, "message": message }))
                    .collect();
                json!({ "code": "invalid_manifest", "message": message, "problems": problems })
            }
            ApiError::PreconditionFailed { current, .. } => json!({
                "code": "version_conflict", "field": "If-Match", "current": current, "message": message
            }),
            ApiError::StaleCart { current, cart, .. } => json!({
                "code": "version_conflict", "field": "If-Match", "current": current, "cart": cart,
                "message": message
            }),
            ApiError::PreconditionRequired { current, .. } => json!({
                "code": "precondition_required", "field": "If-Match", "current": current,
                "message": message
            }),
            ApiError::Unauthenticated(_) => {
                json!({ "code": "unauthenticated", "message": message })
            }
            ApiError::Forbidden { code, .. } => json!({ "code": code, "message": message }),
            ApiError::Internal(_) => json!({ "code": "server", "message": "internal error" }),
        };
        json!({ "error": e })
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(m) = &self {
            eprintln!("commerce: internal error: {m}");
        }
        (self.status(), Json(self.body())).into_response()
    }
}
