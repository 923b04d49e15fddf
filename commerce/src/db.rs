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
        Ok(Db(Arc::new(Mutex::new(conn))))
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

/// The image of a product, generated from its title and colour.
pub fn product_image(conn: &Connection, id: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT title, colour FROM products WHERE id = ?1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?
        .map(|(t, c)| image_svg(&t, &c)))
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
