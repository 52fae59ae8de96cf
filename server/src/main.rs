//! `plumb`: bootstrap only. Parse the command line, set up logging, run the subcommand.

use std::process::ExitCode;

use clap::Parser;
use plumb::cli::{Cli, Command, ProjectCommand, TokenCommand, UserCommand};
use plumb::commands;
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
        Command::Parse(args) => commands::parse::run(&args.files, args.pretty, &mut std::io::stdout().lock()),
        Command::Import(args) => {
            let database = connect_migrated(&cli).await?;
            let imported = commands::import::run(
                &database.pool,
                &args.paths,
                &args.project,
                args.create,
                &mut std::io::stdout(),
            )
            .await;
            database.close().await?;
            if !imported? {
                anyhow::bail!("some files were not imported (see the table above)");
            }
            Ok(())
        }
        Command::Project(command) => {
            let database = connect_migrated(&cli).await?;
            let out = &mut std::io::stdout();
            let done = match command {
                ProjectCommand::List { all } => commands::project::list(&database.pool, all, out).await,
                ProjectCommand::Create { slug, name } => {
                    commands::project::create(&database.pool, &slug, name.as_deref(), out).await
                }
                ProjectCommand::Archive { slug } => {
                    commands::project::archive(&database.pool, &slug, out).await
                }
            };
            database.close().await?;
            done
        }
        Command::Token(command) => {
            let database = connect_migrated(&cli).await?;
            let out = &mut std::io::stdout();
            let done = match command {
                TokenCommand::Create { project, all, read_only, expires_in, name } => {
                    let request = commands::token::CreateToken {
                        project: project.as_deref(),
                        all,
                        read_only,
                        expires_in: expires_in.as_deref(),
                        name: name.as_deref(),
                    };
                    commands::token::create(&database.pool, request, out).await
                }
                TokenCommand::List => commands::token::list(&database.pool, out).await,
                TokenCommand::Revoke { id } => commands::token::revoke(&database.pool, id, out).await,
            };
            database.close().await?;
            done
        }
        Command::User(command) => {
            let database = connect_migrated(&cli).await?;
            let out = &mut std::io::stdout();
            let done = match command {
                UserCommand::Create { email, role, name, password_stdin } => {
                    let request = commands::user::CreateUser {
                        email: &email,
                        name: name.as_deref(),
                        role,
                        password_stdin,
                    };
                    commands::user::create(&database.pool, request, out).await
                }
                UserCommand::List => commands::user::list(&database.pool, out).await,
                UserCommand::SetRole { email, role } => {
                    commands::user::set_role(&database.pool, &email, role, out).await
                }
                UserCommand::Disable { email } => commands::user::disable(&database.pool, &email, out).await,
                UserCommand::Unlock { email } => commands::user::unlock(&database.pool, &email, out).await,
            };
            database.close().await?;
            done
        }
        Command::Report(args) => {
            let database = connect_migrated(&cli).await?;
            let written = commands::report::run(&database.pool, &args, &mut std::io::stdout()).await;
            database.close().await?;
            written
        }
        Command::Demo(args) => {
            let database = connect_migrated(&cli).await?;
            let mut out = std::io::stdout();
            let loaded = match args.scale {
                Some(projects) => {
                    let scale =
                        commands::demo_scale::Scale { projects, snapshots: args.snapshots, seed: args.seed };
                    commands::demo_scale::run(&database.pool, scale, &mut out).await
                }
                None => commands::demo::run(&database.pool, args.if_empty, &mut out).await,
            };
            database.close().await?;
            loaded
        }
    }
}

/// The database for a command that reads or writes data: connected and migrated.
async fn connect_migrated(cli: &Cli) -> anyhow::Result<Database> {
    let database = Database::connect(&cli.database).await?;
    if let Err(error) = database.migrate().await {
        database.close().await?;
        return Err(error);
    }
    Ok(database)
}
