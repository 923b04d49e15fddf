//! `commerce`: runs the reference API and serves the demo pages on one origin.
//!
//! `commerce --dist www/dist [--addr 127.0.0.1:8080] [--db commerce.sqlite] [--demo-deals]
//! [--demo-accounts] [--public-origin URL]`; `--public-origin` is where people reach the
//! site (the passkeys' relying party; `http://localhost:PORT` by default); `--trust-proxy`
//! takes the client's address from `X-Forwarded-For` (behind a proxy that sets it) for the
//! rate limits; `--demo-deals` starts a flash deal and announces another when none is
//! live or coming; `--demo-accounts` makes the demo's seller, host and creator ready to sign
//! in with a fresh password (`COMMERCE_DEMO_PASSWORD` when set) and prints it. It creates and
//! seeds the database on first run, prints `listening on http://ADDR` once the socket is bound
//! (port 0 picks a free one), and stops cleanly on Ctrl-C or SIGTERM.
//!
//! Accounts, for a team running it: `commerce account --db FILE seller|creator ID NAME HANDLE`
//! makes an account with its first admin; `commerce person --db FILE ACCOUNT HANDLE
//! admin|host` adds a person (or gives them a new password); `commerce programme --db FILE
//! SELLER CREATOR RATE_BP [PRODUCT]` lets a creator feature and earn on a seller's products.
//! Each new password is printed once.

use std::net::SocketAddr;
use std::path::PathBuf;

fn usage() -> ! {
    eprintln!(
        "usage: commerce --dist DIR [--addr HOST:PORT] [--db FILE] [--public-origin URL] [--trust-proxy] [--demo-deals] [--demo-accounts]\n\
         \x20      commerce account --db FILE seller|creator ID NAME HANDLE\n\
         \x20      commerce person --db FILE ACCOUNT HANDLE admin|host\n\
         \x20      commerce programme --db FILE SELLER CREATOR RATE_BP [PRODUCT]"
    );
    std::process::exit(2)
}

/// A new password to print once: 96 random bits.
fn new_password() -> String {
    commerce::auth::secret::random_hex(12).unwrap_or_else(|e| {
        eprintln!("commerce: {e}");
        std::process::exit(1)
    })
}

/// `account`, `person` and `programme`: run against the database file, print the outcome.
fn admin(command: &str, args: &[String]) -> ! {
    use commerce::auth::{accounts, Kind, Role};
    let (Some("--db"), Some(path)) = (args.first().map(String::as_str), args.get(1)) else {
        usage()
    };
    let rest: Vec<&str> = args[2..].iter().map(String::as_str).collect();
    let db = match commerce::Db::open(std::path::Path::new(path)) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("commerce: cannot open the database {path}: {e}");
            std::process::exit(1)
        }
    };
    let password = new_password();
    let shown = password.clone();
    let outcome = db.blocking(move |conn| match (command, rest.as_slice()) {
        ("account", [kind, id, name, handle]) => {
            let kind = Kind::parse(kind).ok_or_else(|| {
                commerce::error::ApiError::invalid("kind", "must be seller or creator")
            })?;
            let tx = conn.transaction()?;
            accounts::create(&tx, id, kind, name)?;
            accounts::add_person(&tx, id, handle, Role::Admin, &password)?;
            tx.commit()?;
            Ok(format!(
                "{} {id} made; {handle} signs in with the password {shown}",
                kind.as_str()
            ))
        }
        ("person", [account, handle, role]) => {
            let role = Role::parse(role).ok_or_else(|| {
                commerce::error::ApiError::invalid("role", "must be admin or host")
            })?;
            accounts::describe(conn, account)?;
            accounts::add_person(conn, account, handle, role, &password)?;
            Ok(format!(
                "{handle} ({}) of {account} signs in with the password {shown}",
                role.as_str()
            ))
        }
        ("programme", [seller, creator, rate, product @ ..]) if product.len() <= 1 => {
            let rate: i64 = rate
                .parse()
                .ok()
                .filter(|r| (0..=10_000).contains(r))
                .ok_or_else(|| {
                    commerce::error::ApiError::invalid("RATE_BP", "must be 0 to 10000 basis points")
                })?;
            accounts::join_programme(conn, seller, creator, product.first().copied(), rate)?;
            Ok(format!(
                "{creator} may feature {} of {seller} at {:.2}%",
                product.first().unwrap_or(&"every product"),
                rate as f64 / 100.0
            ))
        }
        _ => usage(),
    });
    match outcome {
        Ok(said) => {
            println!("{said}");
            std::process::exit(0)
        }
        Err(e) => {
            eprintln!("commerce {command}: {e}");
            std::process::exit(1)
        }
    }
}

#[tokio::main]
async fn main() {
    let all: Vec<String> = std::env::args().skip(1).collect();
    if let Some(command @ ("account" | "person" | "programme")) = all.first().map(String::as_str) {
        admin(command, &all[1..]);
    }
    let mut dist = None;
    let mut db_path = PathBuf::from("commerce.sqlite");
    let mut addr: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    let (mut demo_deals, mut demo_accounts, mut trust_proxy) = (false, false, false);
    let mut public_origin: Option<String> = None;
    let mut args = all.into_iter().filter(|a| {
        let (deals, accounts, proxy) = (
            a == "--demo-deals",
            a == "--demo-accounts",
            a == "--trust-proxy",
        );
        demo_deals |= deals;
        demo_accounts |= accounts;
        trust_proxy |= proxy;
        !(deals || accounts || proxy)
    });
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--dist", Some(d)) => dist = Some(PathBuf::from(d)),
            ("--db", Some(d)) => db_path = PathBuf::from(d),
            ("--public-origin", Some(o)) => public_origin = Some(o),
            ("--addr", Some(s)) => match s.parse() {
                Ok(v) => addr = v,
                Err(e) => {
                    eprintln!("commerce: --addr {s}: {e}");
                    std::process::exit(2)
                }
            },
            _ => usage(),
        }
    }
    let Some(dist) = dist else { usage() };
    if !dist.join("index.html").is_file() {
        eprintln!(
            "commerce: {} has no index.html; build it with `cargo xtask build`",
            dist.display()
        );
        std::process::exit(2);
    }
    let db = match commerce::Db::open(&db_path) {
        Ok(db) => db,
        Err(e) => {
            eprintln!(
                "commerce: cannot open the database {}: {e}",
                db_path.display()
            );
            std::process::exit(1)
        }
    };
    if demo_deals {
        if let Err(e) = commerce::deals::seed_demo_deals(&db).await {
            eprintln!("commerce: could not create the demo deals: {e}");
        }
    }
    let demo_password = demo_accounts.then(|| {
        std::env::var("COMMERCE_DEMO_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty())
            .unwrap_or_else(new_password)
    });
    if let Some(p) = &demo_password {
        let secret = p.clone();
        if let Err(e) = db
            .run(move |conn| commerce::auth::accounts::seed_demo(conn, &secret))
            .await
        {
            eprintln!("commerce: could not make the demo accounts: {e}");
            std::process::exit(1)
        }
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("commerce: cannot listen on {addr}: {e}");
            std::process::exit(1)
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    println!("listening on http://{bound}");
    if let Some(p) = &demo_password {
        // On localhost, where passkeys work (they cannot belong to an IP address). Written
        // without panicking: whoever started the server may have stopped reading its output.
        let at = if bound.ip().is_loopback() {
            format!("localhost:{}", bound.port())
        } else {
            bound.to_string()
        };
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "sign in at http://{at}/signin.html with the password {p} as:"
        );
        for (handle, _, _, what) in commerce::auth::accounts::DEMO_PEOPLE {
            let _ = writeln!(out, "  {handle:<26} {what}");
        }
        let _ = out.flush();
    }
    let shutdown = async {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        {
            let mut term =
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(s) => s,
                    Err(_) => return std::future::pending().await,
                };
            tokio::select! {
                _ = ctrl_c => {},
                _ = term.recv() => {},
            }
        }
        #[cfg(not(unix))]
        let _ = ctrl_c.await;
    };
    // Passkeys name the site they belong to: its public origin, or on this machine
    // `localhost` at the bound port (an IP address cannot be a passkey's site).
    let origin = public_origin.unwrap_or_else(|| format!("http://localhost:{}", bound.port()));
    let passkeys = match commerce::auth::passkey::Passkeys::at(&origin) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("commerce: --public-origin {e}");
            std::process::exit(2)
        }
    };
    let options = commerce::Options {
        passkeys,
        limits: commerce::limit::Limits::new(trust_proxy),
    };
    let app =
        commerce::app_with(dist, db, options).into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("commerce: server error: {e}");
        std::process::exit(1);
    }
}
