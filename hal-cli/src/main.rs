//! `hal`: lint, format, expand templates in and list the links of HAL documents; get resources
//! and crawl HAL APIs.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = hal_cli::Cli::parse();
    let outcome = hal_cli::run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(outcome as u8)
}
