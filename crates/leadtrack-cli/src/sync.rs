//! `leadtrack sync push`: the post-show bulk upload from a shell, with a progress bar, ending
//! in a reconcile that says "0 missing" or lists what is missing and why.
//!
//! It opens the store read-write (`Store::open`): freezing a batch and recording answers are
//! writes. The app may run at the same time: the database is WAL with one writer at a time,
//! and both sides share the outbox, so they send the same frozen batch at worst; the
//! collector answers the second sender 409 (or replays its stored answer), and recording an
//! answer twice changes nothing. Interrupted (Ctrl-C, a kill, a lost network), it resumes
//! where it stopped: the unanswered batch is sent again byte for byte under the same id.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{anyhow, Context};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use leadtrack_store::{data_dir, Store};
use leadtrack_sync::client::{read_credentials, Pusher, SyncConfig, SyncError, Url};

use crate::Failure;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Upload this device's waiting leads to the collector
    ///
    /// With --all, loops until nothing waits, then asks the collector what it lacks and prints
    /// "0 missing" or one line per missing lead with the reason. Exit 0 when nothing is
    /// missing, 1 when something is, 2 on bad input, 3 when the device key was refused.
    Push(PushArgs),
}

#[derive(Debug, Args)]
pub(crate) struct PushArgs {
    /// Everything, then reconcile (the post-show upload)
    #[arg(long)]
    all: bool,
    /// The data folder [default: LEADTRACK_DATA_DIR, else the app's per-user data folder]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The collector's base URL, e.g. https://leads.example.com/
    #[arg(long, value_name = "URL")]
    endpoint: Url,
    /// The device's credentials: the JSON `leadtrack-collector device add` printed, or a whsec_ secret
    #[arg(long, value_name = "FILE")]
    device_secret_file: PathBuf,
    /// The enrolled device id, when the secret file holds only the secret
    #[arg(long, value_name = "ID")]
    device_id: Option<String>,
    /// Give up on one request after this long and send it again
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    request_timeout: u64,
    /// Print the reconcile report as JSON instead of lines
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(command: Command) -> Result<ExitCode, Failure> {
    let Command::Push(args) = command;
    let dir = args
        .data_dir
        .clone()
        .or_else(data_dir::resolve)
        .ok_or_else(|| anyhow!("no data folder: pass --data-dir or set LEADTRACK_DATA_DIR"))?;
    let text = std::fs::read_to_string(&args.device_secret_file)
        .with_context(|| format!("cannot read {}", args.device_secret_file.display()))?;
    let (device_id, secret) = read_credentials(&text, args.device_id.as_deref()).map_err(|e| anyhow!(e))?;
    if !dir.join(leadtrack_store::DB_FILE).is_file() {
        return Err(anyhow!("no LeadTrack database in {}", dir.display()).into());
    }
    let store = Arc::new(Store::open(&dir).with_context(|| format!("cannot open the store in {}", dir.display()))?);
    let mut config = SyncConfig::new(args.endpoint.clone(), device_id, secret);
    config.request_timeout = Duration::from_secs(args.request_timeout.max(1));
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start the async runtime")?;
    let pusher = Pusher::new(store, config).map_err(|e| anyhow!("{e}"))?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} lead versions sent {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Say why it waits: a failed attempt is retried (never given up), so show the reason.
    let mut updates = pusher.subscribe();
    let watcher = bar.clone();
    let _watch = runtime.spawn(async move {
        let mut shown: Option<String> = None;
        while updates.changed().await.is_ok() {
            let error = updates.borrow_and_update().last_error.clone();
            if error != shown {
                match (&error, watcher.is_hidden()) {
                    (Some(e), true) => eprintln!("leadtrack: retrying: {e}"),
                    (Some(e), false) => watcher.set_message(format!("retrying: {e}")),
                    (None, _) => watcher.set_message(""),
                }
                shown = error;
            }
        }
    });
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    if !args.all {
        let sent = runtime.block_on(pusher.push_waiting(progress));
        bar.finish_and_clear();
        return match sent {
            Ok(n) => {
                let left = pusher.store().sync_status().map_err(|e| anyhow!("{e}"))?;
                println!("{n} lead versions sent, {} waiting, {} parked", left.pending + left.inflight, left.parked);
                Ok(ExitCode::SUCCESS)
            }
            Err(e @ SyncError::KeyRefused(_)) => {
                eprintln!("leadtrack: {e}");
                Ok(ExitCode::from(3))
            }
            Err(e) => Err(anyhow!("{e}").into()),
        };
    }
    let result = runtime.block_on(pusher.push_all(progress));
    bar.finish_and_clear();
    let report = match result {
        Ok(r) => r,
        Err(e @ SyncError::KeyRefused(_)) => {
            eprintln!("leadtrack: {e}");
            return Ok(ExitCode::from(3));
        }
        Err(e) => return Err(anyhow!("{e}").into()),
    };
    if args.json {
        crate::Output { compact: false }.json(&report)?;
    } else {
        println!("{}", report.summary());
        for m in &report.missing {
            println!("missing {} v{} ({}): {}", m.lead_id, m.version, m.kind, m.reason);
        }
        for p in &report.parked {
            println!("parked {} v{}: {}", p.lead_id, p.version, p.reason);
        }
        if report.missing.is_empty() {
            println!("0 missing");
        }
    }
    Ok(if report.missing.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
