//! `api-tokens-backend`: the reference Frontegg-compatible token backend (the library's
//! `cli::run` with the command line).

use std::process::ExitCode;

use api_tokens_backend::cli::{init_logs, run, Cli};
use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(&cli.log_format);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("api-tokens-backend: {e}");
            ExitCode::FAILURE
        }
    }
}
