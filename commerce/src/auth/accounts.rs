//! Accounts and their people: creating sellers and creators (the `commerce account` command
//! and the tests), a person's password, the affiliate programme's rows, and the demo's ready
//! seller, host and creator.

use rusqlite::{params, Connection, OptionalExtension};

use super::{password, Kind, Member, Role, Via};
use crate::db::now_ms;
use crate::error::ApiError;

/// The demo seller: owns the sample catalogue and videos.
pub const DEMO_SELLER: &str = "s-northwind";
/// The demo creator: in the demo seller's affiliate programme for every product.
pub const DEMO_CREATOR: &str = "c-maya";
/// The demo's people: handle, account, role, what they are for.
pub const DEMO_PEOPLE: [(&str, &str, Role, &str); 3] = [
    (
        "seller@northwind.example",
        DEMO_SELLER,
        Role::Admin,
        "seller (studio, deals, rooms, tokens)",
    ),
    (
        "host@northwind.example",
        DEMO_SELLER,
        Role::Host,
        "the seller's LIVE host (host console only)",
    ),
    (
        "maya@creators.example",
        DEMO_CREATOR,
        Role::Admin,
        "affiliate creator (studio, rooms)",
    ),
];
/// The demo creator's commission on the demo seller's products, in basis points.
pub const DEMO_RATE_BP: i64 = 1000;

/// An account id: `s-` for a seller or `c-` for a creator, then 1 to 60 of `a-z 0-9 -`.
pub fn check_id(id: &str, kind: Kind) -> Result<(), ApiError> {
    let prefix = match kind {
        Kind::Seller => "s-",
        Kind::Creator => "c-",
    };
    let rest = id.strip_prefix(prefix).unwrap_or("");
    if rest.is_empty()
        || rest.len() > 60
        || !rest
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(ApiError::invalid(
            "id",
            format!(
                "a {} id is \"{prefix}\" and 1 to 60 of a-z, 0-9 and -",
                kind.as_str()
            ),
        ));
    }
    Ok(())
}

/// Creates an account (refused when the id is taken).
pub fn create(conn: &Connection, id: &str, kind: Kind, name: &str) -> Result<(), ApiError> {
    check_id(id, kind)?;
    if name.trim().is_empty() || name.chars().count() > 80 {
        return Err(ApiError::invalid("name", "must be 1 to 80 characters"));
    }
    let n = conn.execute(
        "INSERT OR IGNORE INTO accounts (id, kind, name, created_ms) VALUES (?1, ?2, ?3, ?4)",
        params![id, kind.as_str(), name, now_ms()],
    )?;
    if n == 0 {
        return Err(ApiError::Conflict(format!("the account {id} exists")));
    }
    Ok(())
}

/// Adds a person to `account` (or, when `handle` is taken by a person of the same account,
/// changes their role) and sets their password; returns the person's id.
pub fn add_person(
    conn: &Connection,
    account: &str,
    handle: &str,
    role: Role,
    secret: &str,
) -> Result<String, ApiError> {
    let handle = handle.trim().to_lowercase();
    if handle.is_empty() || handle.len() > 254 || handle.chars().any(char::is_whitespace) {
        return Err(ApiError::invalid(
            "handle",
            "must be 1 to 254 characters, no spaces",
        ));
    }
    password::check_new(secret)?;
    let hash = password::hash(secret)?;
    let existing: Option<(String, String)> = conn
        .query_row(
            "SELECT id, account_id FROM users WHERE handle = ?1",
            [&handle],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match existing {
        Some((id, a)) if a == account => {
            conn.execute(
                "UPDATE users SET role = ?2, password = ?3 WHERE id = ?1",
                params![id, role.as_str(), hash],
            )?;
            Ok(id)
        }
        Some(_) => Err(ApiError::Conflict(format!(
            "{handle} belongs to another account"
        ))),
        None => {
            let id = format!("u-{}", super::secret::random_hex(8)?);
            conn.execute(
                "INSERT INTO users (id, account_id, handle, role, password, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, account, handle, role.as_str(), hash, now_ms()],
            )?;
            Ok(id)
        }
    }
}

/// Lets `creator` tag and earn on `seller`'s `product` (all of them for `None`) at `rate_bp`.
pub fn join_programme(
    conn: &Connection,
    seller: &str,
    creator: &str,
    product: Option<&str>,
    rate_bp: i64,
) -> Result<(), ApiError> {
    conn.execute(
        "INSERT INTO programmes (seller_id, creator_id, product_id, rate_bp) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (seller_id, creator_id, product_id) DO UPDATE SET rate_bp = excluded.rate_bp",
        params![seller, creator, product.unwrap_or("*"), rate_bp],
    )?;
    Ok(())
}

/// The demo's people, ready to sign in with `secret` (set again on every start, so the
/// password is only ever in the process that printed it).
pub fn seed_demo(conn: &mut Connection, secret: &str) -> Result<(), ApiError> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT OR IGNORE INTO accounts (id, kind, name, created_ms) VALUES (?1, 'creator', 'Maya Lin', ?2)",
        params![DEMO_CREATOR, now_ms()],
    )?;
    for (handle, account, role, _) in DEMO_PEOPLE {
        add_person(&tx, account, handle, role, secret)?;
    }
    join_programme(&tx, DEMO_SELLER, DEMO_CREATOR, None, DEMO_RATE_BP)?;
    tx.commit()?;
    Ok(())
}

/// The id of the person with `handle` (as typed: case and surrounding space do not count).
pub fn person(conn: &Connection, handle: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .prepare_cached("SELECT id FROM users WHERE handle = ?1")?
        .query_row([handle.trim().to_lowercase()], |r| r.get(0))
        .optional()?)
}

/// The member person `user` is, proving it `via`; `None` for an unknown person.
pub fn member(conn: &Connection, user: &str, via: Via) -> Result<Option<Member>, ApiError> {
    let row: Option<(String, String, String)> = conn
        .query_row(
            "SELECT u.account_id, a.kind, u.role FROM users u JOIN accounts a ON a.id = u.account_id
             WHERE u.id = ?1",
            [user],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(row.and_then(|(account, kind, role)| {
        Some(Member {
            account,
            kind: Kind::parse(&kind)?,
            user: user.to_string(),
            role: Role::parse(&role)?,
            via,
        })
    }))
}

/// The person with `handle` and `secret`: their id, or "wrong handle or password" (the same
/// answer, after the same work, whichever was wrong).
pub fn check_password(conn: &Connection, handle: &str, secret: &str) -> Result<String, ApiError> {
    let handle = handle.trim().to_lowercase();
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT id, password FROM users WHERE handle = ?1",
            [&handle],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let stored = row
        .as_ref()
        .and_then(|(_, p)| p.as_deref())
        .unwrap_or(password::decoy());
    match (password::verify(secret, stored), row) {
        (true, Some((id, _))) => Ok(id),
        _ => Err(ApiError::unauthenticated("wrong handle or password")),
    }
}

/// The account's name and kind, for the console's header.
pub fn describe(conn: &Connection, account: &str) -> Result<(String, String), ApiError> {
    conn.query_row(
        "SELECT name, kind FROM accounts WHERE id = ?1",
        [account],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| ApiError::NotFound {
        what: "account",
        id: account.to_string(),
    })
}
