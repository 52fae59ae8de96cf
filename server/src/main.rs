//! `plumb`: bootstrap only. Parse the command line, set up logging, run the subcommand.

use std::process::ExitCode;

use clap::Parser;
use plumb::cli::{Cli, Command};
use plumb::database::Database;

#[tokio::main]
async fn main() -> ExitCode {
    plumb::telemetry::init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.selected_command() {
        Command::Serve(args) => {
            let database = Database::connect(&cli.database).await?;
            plumb::serve::run(args, database).await
        }
        Command::Migrate => {
            let database = Database::connect(&cli.database).await?;
            let migrated = database.migrate().await;
            let closed = database.close().await;
            migrated.and(closed)?;
            println!("Database is up to date ({} migrations).", plumb::database::MIGRATOR.iter().count());
            Ok(())
        }
        Command::Parse(args) => {
            plumb::commands::parse::run(&args.files, args.pretty, &mut std::io::stdout().lock())
        }
    }
}
