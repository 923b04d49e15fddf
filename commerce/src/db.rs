//! The SQLite store: one file (WAL), created and seeded on first run; every request runs on a
//! blocking thread holding the one connection, so each mutation is a single serialized
//! transaction (SQLite serializes writers anyway) and concurrent buyers cannot oversell.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::catalog::{image_svg, stock, variants, PRODUCTS};
use crate::error::ApiError;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS products (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL,
  currency TEXT NOT NULL, colour TEXT NOT NULL, url TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS variants (
  id TEXT PRIMARY KEY, product_id TEXT NOT NULL REFERENCES products(id),
  size TEXT, colour TEXT NOT NULL, price INTEGER NOT NULL, compare_at INTEGER,
  stock INTEGER NOT NULL CHECK (stock >= 0), position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS variants_by_product ON variants(product_id, position);
CREATE TABLE IF NOT EXISTS carts (
  id TEXT PRIMARY KEY, revision INTEGER NOT NULL, created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cart_lines (
  cart_id TEXT NOT NULL REFERENCES carts(id), variant_id TEXT NOT NULL REFERENCES variants(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0), creator TEXT, campaign TEXT,
  position INTEGER NOT NULL, PRIMARY KEY (cart_id, variant_id)
);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY, cart_id TEXT NOT NULL UNIQUE REFERENCES carts(id),
  total INTEGER NOT NULL, currency TEXT NOT NULL, created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS order_lines (
  order_id TEXT NOT NULL REFERENCES orders(id), variant_id TEXT NOT NULL,
  quantity INTEGER NOT NULL, unit_price INTEGER NOT NULL, creator TEXT, campaign TEXT,
  PRIMARY KEY (order_id, variant_id)
);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
  body TEXT NOT NULL, created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS analytics (
  id INTEGER PRIMARY KEY, received_ms INTEGER NOT NULL, event TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deals (
  id TEXT PRIMARY KEY, product_id TEXT NOT NULL REFERENCES products(id),
  variant_id TEXT REFERENCES variants(id), price INTEGER NOT NULL CHECK (price >= 0),
  starts_ms INTEGER NOT NULL, ends_ms INTEGER NOT NULL, announce_ms INTEGER,
  per_customer INTEGER CHECK (per_customer > 0), stock INTEGER CHECK (stock >= 0),
  title TEXT, created_ms INTEGER NOT NULL,
  CHECK (ends_ms > starts_ms), CHECK (announce_ms IS NULL OR announce_ms <= starts_ms)
);
CREATE INDEX IF NOT EXISTS deals_by_product ON deals(product_id, ends_ms);
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS room_pins (
  room_id TEXT NOT NULL REFERENCES rooms(id), product_id TEXT NOT NULL REFERENCES products(id),
  position INTEGER NOT NULL, PRIMARY KEY (room_id, product_id)
);
CREATE TABLE IF NOT EXISTS room_events (
  room_id TEXT NOT NULL REFERENCES rooms(id), seq INTEGER NOT NULL, kind TEXT NOT NULL,
  data TEXT NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY (room_id, seq)
);
";

/// Schema changes after the first release, in order; `PRAGMA user_version` counts the applied
/// ones, so an older demo database is brought up to date in place.
const MIGRATIONS: &[&str] = &[
    // 1: deals are priced per customer (an anonymous id the overlay keeps), and an order line
    //    records the deal it was priced under.
    "ALTER TABLE carts ADD COLUMN customer TEXT;
     ALTER TABLE order_lines ADD COLUMN deal_id TEXT REFERENCES deals(id);
     CREATE INDEX IF NOT EXISTS order_lines_by_deal ON order_lines(deal_id);",
    // 2: published manifests, every version kept; the highest version is the one served.
    "CREATE TABLE manifests (
       video_id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL,
       tags INTEGER NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY (video_id, version)
     );",
    // 3: tenancy. Accounts are sellers or creators; their people sign in (sessions) or call
    //    from servers (API tokens), both stored hashed. Sellers own products (and so their
    //    variants and deals); videos belong to the account that first published them; rooms
    //    to their host; a seller's affiliate programme says which creators may tag and earn
    //    on which products; an order line records its seller; every seller and creator action
    //    is in the audit log. Rows from before tenancy belong to the demo seller. (SQLite
    //    cannot add a REFERENCES column with a default to a table that has rows: the owner
    //    columns added here are checked by the code that writes them, `auth::owner`.)
    "CREATE TABLE accounts (
       id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('seller', 'creator')),
       name TEXT NOT NULL, created_ms INTEGER NOT NULL
     );
     CREATE TABLE users (
       id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
       handle TEXT NOT NULL UNIQUE, role TEXT NOT NULL CHECK (role IN ('admin', 'host')),
       password TEXT, created_ms INTEGER NOT NULL
     );
     CREATE TABLE sessions (
       hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), csrf TEXT NOT NULL,
       created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL, revoked_ms INTEGER
     );
     CREATE TABLE api_tokens (
       id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL REFERENCES users(id),
       label TEXT NOT NULL, scopes TEXT NOT NULL, created_ms INTEGER NOT NULL,
       expires_ms INTEGER NOT NULL, revoked_ms INTEGER
     );
     CREATE TABLE programmes (
       seller_id TEXT NOT NULL REFERENCES accounts(id), creator_id TEXT NOT NULL REFERENCES accounts(id),
       product_id TEXT NOT NULL DEFAULT '*', rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
       PRIMARY KEY (seller_id, creator_id, product_id)
     );
     CREATE TABLE videos (
       id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES accounts(id), created_ms INTEGER NOT NULL
     );
     CREATE TABLE audit (
       id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, account_id TEXT NOT NULL, user_id TEXT NOT NULL,
       action TEXT NOT NULL, subject TEXT NOT NULL, before TEXT, after TEXT
     );
     CREATE INDEX audit_by_account ON audit(account_id, id);
     INSERT INTO accounts (id, kind, name, created_ms) VALUES ('s-northwind', 'seller', 'Northwind Outfitters', 0);
     ALTER TABLE products ADD COLUMN seller_id TEXT NOT NULL DEFAULT 's-northwind';
     ALTER TABLE rooms ADD COLUMN host_id TEXT NOT NULL DEFAULT 's-northwind';
     ALTER TABLE order_lines ADD COLUMN seller_id TEXT;
     INSERT INTO videos (id, owner_id, created_ms) SELECT DISTINCT video_id, 's-northwind', 0 FROM manifests;",
    // 4: passkeys (WebAuthn credentials, as webauthn-rs keeps them) and the ceremonies
    //    waiting to finish (stored, so any instance finishes what another started).
    "CREATE TABLE passkeys (
       id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL,
       passkey TEXT NOT NULL, created_ms INTEGER NOT NULL, last_used_ms INTEGER
     );
     CREATE INDEX passkeys_by_user ON passkeys(user_id);
     CREATE TABLE ceremonies (
       id TEXT PRIMARY KEY, kind TEXT NOT NULL, user_id TEXT NOT NULL, state TEXT NOT NULL,
       expires_ms INTEGER NOT NULL
     );",
    // 5: what an order line earned its creator (the creator's account, the programme's rate
    //    and the amount, worked out at checkout).
    "ALTER TABLE order_lines ADD COLUMN creator_id TEXT;
     ALTER TABLE order_lines ADD COLUMN commission_bp INTEGER;
     ALTER TABLE order_lines ADD COLUMN commission INTEGER;
     CREATE INDEX order_lines_by_creator ON order_lines(creator_id);
     CREATE INDEX order_lines_by_seller ON order_lines(seller_id);",
    // 6: the video a cart line was added from, kept on the order line (earnings per video).
    "ALTER TABLE cart_lines ADD COLUMN video TEXT;
     ALTER TABLE order_lines ADD COLUMN video TEXT;",
    // 7: the catalogue in other languages (English, in `products`, is every field's fallback).
    "CREATE TABLE product_text (
       product_id TEXT NOT NULL REFERENCES products(id), lang TEXT NOT NULL,
       title TEXT, description TEXT, PRIMARY KEY (product_id, lang));
     CREATE TABLE catalog_words (
       word TEXT NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (word, lang));",
    // 8: the number people read on an order (order_number.rs); older orders have none.
    "ALTER TABLE orders ADD COLUMN number TEXT;
     CREATE UNIQUE INDEX orders_by_number ON orders(number);",
];

fn migrate(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let done: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, m) in MIGRATIONS.iter().enumerate().skip(done.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(m)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// The shared connection.
#[derive(Clone)]
pub struct Db(Arc<Mutex<Connection>>);

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Db {
    /// Opens (creating and seeding when new) the database at `path`.
    pub fn open(path: &Path) -> Result<Db, rusqlite::Error> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: an acknowledged order survives a power cut, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        migrate(&mut conn)?;
        seed(&mut conn)?;
        crate::words::seed(&conn)?;
        Ok(Db(Arc::new(Mutex::new(conn))))
    }

    /// Runs `f` with the connection on this thread (a command-line tool's, not a server's).
    pub fn blocking<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut conn = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    /// Runs `f` with the connection on a blocking thread.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = self.0.clone();
        tokio::task::spawn_blocking(move || {
            // A panic in another request cannot leave a transaction half-applied (it rolls
            // back on drop), so the connection stays usable after a poisoned lock.
            let mut conn = db.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }
}

fn seed(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let n: i64 = conn.query_row("SELECT count(*) FROM products", [], |r| r.get(0))?;
    if n > 0 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (id, title, colour, price, compare_at, cut) in PRODUCTS {
        tx.execute(
            "INSERT INTO products (id, title, description, currency, colour, url)
             VALUES (?1, ?2, ?3, 'USD', ?4, ?5)",
            params![
                id,
                title,
                format!("{title}, as seen in the video."),
                colour,
                format!("https://shop.example/products/{id}")
            ],
        )?;
        for (pos, (vid, size, vcolour)) in variants(id, *cut).into_iter().enumerate() {
            tx.execute(
                "INSERT INTO variants (id, product_id, size, colour, price, compare_at, stock, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![vid, id, size, vcolour, price, compare_at, stock(&vid), pos as i64],
            )?;
        }
    }
    tx.commit()
}

/// The picture of a product: its illustration (the sample catalogue's), else one generated
/// from its title and colour.
pub fn product_image(conn: &Connection, id: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT title, colour FROM products WHERE id = ?1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .map(|(t, c)| {
            crate::illustrations::of(id).map_or_else(|| image_svg(&t, &c), str::to_string)
        }))
}

/// A response as stored for an idempotency key.
pub struct Stored {
    pub status: u16,
    pub body: String,
}

/// Runs a mutation under an idempotency key: the first response (success or refusal) is
/// stored in the same transaction as the change and replayed for the same key and request;
/// the same key with a different request is refused. Server errors are not stored, so a retry
/// can succeed.
pub fn idempotent(
    conn: &mut Connection,
    key: &str,
    fingerprint: &str,
    f: impl FnOnce(&Connection) -> Result<(u16, serde_json::Value), ApiError>,
) -> Result<Stored, ApiError> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let prior: Option<(String, u16, String)> = tx
        .query_row(
            "SELECT fingerprint, status, body FROM idempotency WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((fp, status, body)) = prior {
        return if fp == fingerprint {
            Ok(Stored { status, body })
        } else {
            Err(ApiError::KeyReused)
        };
    }
    // The change runs in a savepoint: a refusal undoes it but is still recorded.
    let outcome = {
        let sp = tx.savepoint()?;
        let r = f(&sp);
        if r.is_ok() {
            sp.commit()?;
        }
        r
    };
    let (status, body) = match outcome {
        Ok((status, body)) => (status, body.to_string()),
        Err(e @ ApiError::Internal(_)) => return Err(e),
        Err(e) => (e.status().as_u16(), e.body().to_string()),
    };
    tx.execute(
        "INSERT INTO idempotency (key, fingerprint, status, body, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key, fingerprint, status, body, now_ms()],
    )?;
    tx.commit()?;
    Ok(Stored { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A demo database from before tenancy (schema version 2, with a room and a published
    /// manifest) opens: everything in it becomes the demo seller's.
    #[test]
    fn a_database_from_before_tenancy_is_brought_up_to_date() {
        let dir = std::env::temp_dir().join(format!("commerce-migrate-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("old.sqlite");
        {
            let Ok(mut conn) = Connection::open(&path) else {
                panic!("open");
            };
            let old = conn.execute_batch(SCHEMA).and_then(|_| {
                let tx = conn.transaction()?;
                for m in &MIGRATIONS[..2] {
                    tx.execute_batch(m)?;
                }
                tx.pragma_update(None, "user_version", 2)?;
                tx.commit()
            });
            assert!(old.is_ok(), "{old:?}");
            assert!(seed(&mut conn).is_ok());
            let rows = conn.execute_batch(
                "INSERT INTO rooms (id, title, created_ms) VALUES ('r-old', 'Old room', 1);
                 INSERT INTO manifests (video_id, version, body, tags, created_ms)
                   VALUES ('v-old', 1, '{}', 0, 1);",
            );
            assert!(rows.is_ok(), "{rows:?}");
        }
        let db = Db::open(&path).unwrap_or_else(|e| panic!("migrate: {e}"));
        let owners = db.blocking(|conn| {
            let q = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, String>(0));
            Ok((
                q("SELECT DISTINCT seller_id FROM products")?,
                q("SELECT host_id FROM rooms WHERE id = 'r-old'")?,
                q("SELECT owner_id FROM videos WHERE id = 'v-old'")?,
            ))
        });
        let s = "s-northwind".to_string();
        assert_eq!(owners.ok(), Some((s.clone(), s.clone(), s)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
