//! `chronicle serve`: the web UI and JSON API over a store
//! (`chronicle-serve`).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use clap::Args;

#[derive(Args)]
pub struct ServeArgs {
    /// The database `chronicle ingest` built.
    #[arg(long, default_value = "chronicle.db")]
    db: PathBuf,
    /// Address to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
}

pub fn run(a: ServeArgs) -> Result<()> {
    let config = chronicle_serve::Config::from_env(a.db);
    let writes = if config.token.is_some() {
        format!("writes need the CHRONICLE_TOKEN bearer token; reviewer {:?} unless X-Chronicle-User says otherwise", config.user)
    } else {
        "read-only: set CHRONICLE_TOKEN to allow reviews".to_string()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    rt.block_on(async move {
        let router = chronicle_serve::app(&config).map_err(|e| anyhow!(e))?;
        let listener = tokio::net::TcpListener::bind(a.addr)
            .await
            .with_context(|| format!("listening on {}", a.addr))?;
        let bound = listener.local_addr()?;
        eprintln!(
            "chronicle: serving {} on http://{bound}/ ({writes})",
            config.db.display()
        );
        chronicle_serve::serve(listener, router)
            .await
            .context("serving")
    })
}
