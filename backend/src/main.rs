//! `api-tokens-backend`: the reference Frontegg-compatible token backend (the library's
//! `cli::run` with the command line).

use std::process::ExitCode;

use api_tokens_backend::cli::{run, Cli};
use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("api-tokens-backend: {e}");
            ExitCode::FAILURE
        }
    }
}
