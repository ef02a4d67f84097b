//! `leadtrack-collector`: serve the sync endpoint, migrate, and manage device keys.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use leadtrack_collector::{db, devices, Limits, ServeConfig};
use tracing_subscriber::fmt::writer::BoxMakeWriter;

#[derive(Parser)]
#[command(name = "leadtrack-collector", version, about = "LeadTrack's company endpoint for booth devices")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Db {
    /// postgres://user:password@host:port/database
    #[arg(long, env = "LEADTRACK_DATABASE_URL")]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve the sync endpoint (JSON logs on stdout).
    Serve {
        #[command(flatten)]
        db: Db,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Database connections this instance may hold.
        #[arg(long, default_value_t = 16)]
        pool_size: usize,
        /// Larger request bodies are refused with 413.
        #[arg(long, default_value_t = Limits::default().max_body_bytes)]
        max_body_bytes: usize,
        /// Requests handled at once; more are refused with 429.
        #[arg(long, default_value_t = Limits::default().max_in_flight)]
        max_in_flight: usize,
        /// How long a batch waits for a lead another request holds before deferring it.
        #[arg(long, default_value_t = 2000)]
        lock_wait_ms: u64,
        /// Also serve this content pack folder (manifest.json + files) read-only under /v1/content/.
        #[arg(long)]
        content_dir: Option<std::path::PathBuf>,
    },
    /// Apply pending migrations and exit.
    Migrate {
        #[command(flatten)]
        db: Db,
    },
    /// Enrol and manage devices.
    Device {
        #[command(subcommand)]
        command: DeviceCommand,
    },
}

#[derive(Subcommand)]
enum DeviceCommand {
    /// Enrol a device; prints its id and secret as JSON (put the secret in the device's keychain).
    Add {
        #[command(flatten)]
        db: Db,
        #[arg(long)]
        name: String,
    },
    /// List devices (never their secrets).
    List {
        #[command(flatten)]
        db: Db,
    },
    /// Give a device a new secret; the previous one keeps working until --retire-old or the next rotation.
    Rotate {
        #[command(flatten)]
        db: Db,
        #[arg(long)]
        device_id: String,
        #[arg(long)]
        retire_old: bool,
    },
    /// Refuse every further request from a device (its leads stay).
    Revoke {
        #[command(flatten)]
        db: Db,
        #[arg(long)]
        device_id: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `serve` logs to stdout (one JSON object a line); admin commands keep stdout for their answer.
    let writer = match cli.command {
        Command::Serve { .. } => BoxMakeWriter::new(std::io::stdout),
        _ => BoxMakeWriter::new(std::io::stderr),
    };
    tracing_subscriber::fmt()
        .json()
        .with_writer(writer)
        .with_current_span(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("leadtrack-collector: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "exiting");
            eprintln!("leadtrack-collector: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve { db, listen, pool_size, max_body_bytes, max_in_flight, lock_wait_ms, content_dir } => {
            let limits = Limits { max_body_bytes, max_in_flight, lock_wait: Duration::from_millis(lock_wait_ms) };
            let config = ServeConfig { listen, database_url: db.database_url, pool_size, limits, content_dir };
            leadtrack_collector::serve(config).await
        }
        Command::Migrate { db } => {
            let mut client = admin(&db).await?;
            let n = db::migrate(&mut client).await?;
            println!("{}", serde_json::json!({ "migrations_applied": n }));
            Ok(())
        }
        Command::Device { command } => device(command).await,
    }
}

async fn device(command: DeviceCommand) -> anyhow::Result<()> {
    let json = match command {
        DeviceCommand::Add { db, name } => serde_json::to_string(&devices::add(&*admin(&db).await?, &name).await?)?,
        DeviceCommand::List { db } => serde_json::to_string(&devices::list(&*admin(&db).await?).await?)?,
        DeviceCommand::Rotate { db, device_id, retire_old } => {
            serde_json::to_string(&devices::rotate(&*admin(&db).await?, &device_id, retire_old).await?)?
        }
        DeviceCommand::Revoke { db, device_id } => {
            devices::revoke(&*admin(&db).await?, &device_id).await?;
            serde_json::to_string(&serde_json::json!({ "device_id": device_id, "revoked": true }))?
        }
    };
    println!("{json}");
    Ok(())
}

/// One connection for an admin command, on a migrated database.
async fn admin(db: &Db) -> anyhow::Result<deadpool_postgres::Object> {
    let pool = db::pool(&db.database_url, 1)?;
    let mut client = pool.get().await.map_err(leadtrack_collector::Error::Pool)?;
    db::migrate(&mut client).await?;
    Ok(client)
}
