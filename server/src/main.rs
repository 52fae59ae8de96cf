//! `plumb`: bootstrap only. Parse the command line, set up logging, run the subcommand.

use std::process::ExitCode;

use app::actions::reparse::Mode;
use clap::Parser;
use plumb::cli::{Cli, Command, ProjectCommand, TokenCommand, UserCommand};
use plumb::commands;
use plumb::database::Database;
use sqlx::PgPool;

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
        Command::Eval(args) => {
            commands::eval::run(&args.labels, &args.dir, args.misses, &mut std::io::stdout().lock())
        }
        Command::Import(args) => {
            with_database(&cli, |pool| async move {
                let out = &mut std::io::stdout();
                if !commands::import::run(&pool, &args.paths, &args.project, args.create, out).await? {
                    anyhow::bail!("some files were not imported (see the table above)");
                }
                Ok(())
            })
            .await
        }
        Command::Reparse(args) => {
            with_database(&cli, |pool| async move {
                let mode = if args.dry_run { Mode::DryRun } else { Mode::Record };
                commands::reparse::run(&pool, args.project.as_deref(), mode, &mut std::io::stdout()).await
            })
            .await
        }
        Command::Project(command) => {
            with_database(&cli, |pool| async move {
                let out = &mut std::io::stdout();
                match command {
                    ProjectCommand::List { all } => commands::project::list(&pool, all, out).await,
                    ProjectCommand::Create { slug, name } => {
                        commands::project::create(&pool, &slug, name.as_deref(), out).await
                    }
                    ProjectCommand::Archive { slug } => commands::project::archive(&pool, &slug, out).await,
                }
            })
            .await
        }
        Command::Token(command) => {
            with_database(&cli, |pool| async move {
                let out = &mut std::io::stdout();
                match command {
                    TokenCommand::Create { project, all, read_only, expires_in, name } => {
                        let request = commands::token::CreateToken {
                            project: project.as_deref(),
                            all,
                            read_only,
                            expires_in: expires_in.as_deref(),
                            name: name.as_deref(),
                        };
                        commands::token::create(&pool, request, out).await
                    }
                    TokenCommand::List => commands::token::list(&pool, out).await,
                    TokenCommand::Revoke { id } => commands::token::revoke(&pool, id, out).await,
                }
            })
            .await
        }
        Command::User(command) => {
            with_database(&cli, |pool| async move {
                let out = &mut std::io::stdout();
                match command {
                    UserCommand::Create { email, role, name, password_stdin } => {
                        let request = commands::user::CreateUser {
                            email: &email,
                            name: name.as_deref(),
                            role,
                            password_stdin,
                        };
                        commands::user::create(&pool, request, out).await
                    }
                    UserCommand::List => commands::user::list(&pool, out).await,
                    UserCommand::SetRole { email, role } => {
                        commands::user::set_role(&pool, &email, role, out).await
                    }
                    UserCommand::Disable { email } => commands::user::disable(&pool, &email, out).await,
                    UserCommand::Unlock { email } => commands::user::unlock(&pool, &email, out).await,
                }
            })
            .await
        }
        Command::Report(args) => {
            with_database(&cli, |pool| async move {
                commands::report::run(&pool, &args, &mut std::io::stdout()).await
            })
            .await
        }
        Command::Demo(args) => {
            with_database(&cli, |pool| async move {
                let out = &mut std::io::stdout();
                match args.scale {
                    Some(projects) => {
                        let scale = commands::demo_scale::Scale {
                            projects,
                            snapshots: args.snapshots,
                            seed: args.seed,
                        };
                        commands::demo_scale::run(&pool, scale, out).await
                    }
                    None => commands::demo::run(&pool, args.if_empty, out).await,
                }
            })
            .await
        }
    }
}

/// Runs a command's `work` on the connected, migrated database, then closes the database
/// (which stops the private cluster when this process was its last user) whatever the work
/// answered.
async fn with_database<F, Fut>(cli: &Cli, work: F) -> anyhow::Result<()>
where
    F: FnOnce(PgPool) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let database = connect_migrated(cli).await?;
    let done = work(database.pool.clone()).await;
    database.close().await?;
    done
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
