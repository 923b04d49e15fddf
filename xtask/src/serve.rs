//! Runs the commerce server over `www/dist`: in the foreground for the demo, or in the
//! background (on a free port) for tests and benchmarks.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::util::{cargo, dist, root, run};

fn binary() -> Result<std::path::PathBuf> {
    run(cargo().args(["build", "--profile", "xtask", "-p", "commerce"]))?;
    Ok(root().join("target/xtask/commerce"))
}

pub fn foreground(port: u16) -> Result<()> {
    let bin = binary()?;
    eprintln!("xtask: demo at http://127.0.0.1:{port}/ (Ctrl-C stops it)");
    run(Command::new(bin)
        .arg("--dist")
        .arg(dist())
        .arg("--db")
        .arg(root().join("commerce.sqlite"))
        .arg("--demo-deals")
        // The seller, host and creator, with a fresh password printed under the address.
        .arg("--demo-accounts")
        .args(["--addr", &format!("127.0.0.1:{port}")]))
}

/// A server running in the background; killed on drop.
pub struct Server {
    child: Child,
    pub url: String,
    /// The demo people's password (`commerce::auth::accounts::DEMO_PEOPLE`), for the tests
    /// that sign in as them.
    pub password: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server on a free port over a fresh database (tests and benchmarks start from the seed).
pub fn background() -> Result<Server> {
    let bin = binary()?;
    let db = root().join("target/test-commerce.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let password = demo_password();
    let mut child = Command::new(bin)
        .arg("--dist")
        .arg(dist())
        .arg("--db")
        .arg(&db)
        .arg("--demo-accounts")
        .env("COMMERCE_DEMO_PASSWORD", &password)
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .context("starting the commerce server")?;
    let stdout = child.stdout.take().context("server stdout")?;
    let mut reader = BufReader::new(stdout);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // The rest of what it says (the demo people's password) is read and dropped, so the
    // server never writes into a pipe nobody reads. (A native build tool: threads are fine;
    // the lint is for the wasm32 crates.)
    #[allow(clippy::disallowed_methods)]
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let Some(url) = line.trim().strip_prefix("listening on ") else {
        let _ = child.kill();
        bail!("the commerce server did not start: {line:?}");
    };
    Ok(Server {
        url: url.to_string(),
        child,
        password,
    })
}

/// A password for one test run's demo people: new each run (from the clock and the process,
/// enough for a server on loopback that lives as long as the run).
fn demo_password() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.write_u32(std::process::id());
    format!("test-{:016x}", h.finish())
}
