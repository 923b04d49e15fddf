//! `commerce`: runs the reference API and serves the demo pages on one origin.
//!
//! `commerce --dist www/dist [--addr 127.0.0.1:8080] [--db commerce.sqlite] [--demo-deals]`;
//! `--demo-deals` starts a flash deal and announces another when none is live or coming. It creates and
//! seeds the database on first run, prints `listening on http://ADDR` once the socket is bound
//! (port 0 picks a free one), and stops cleanly on Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;

fn usage() -> ! {
    eprintln!("usage: commerce --dist DIR [--addr HOST:PORT] [--db FILE] [--demo-deals]");
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let mut dist = None;
    let mut db_path = PathBuf::from("commerce.sqlite");
    let mut addr: SocketAddr = SocketAddr::from(([127, 0, 0, 1], 8080));
    let mut demo_deals = false;
    let mut args = std::env::args().skip(1).filter(|a| {
        let flag = a == "--demo-deals";
        demo_deals |= flag;
        !flag
    });
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--dist", Some(d)) => dist = Some(PathBuf::from(d)),
            ("--db", Some(d)) => db_path = PathBuf::from(d),
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
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("commerce: cannot listen on {addr}: {e}");
            std::process::exit(1)
        }
    };
    let bound = listener.local_addr().unwrap_or(addr);
    println!("listening on http://{bound}");
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
    if let Err(e) = axum::serve(listener, commerce::app(dist, db))
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("commerce: server error: {e}");
        std::process::exit(1);
    }
}
