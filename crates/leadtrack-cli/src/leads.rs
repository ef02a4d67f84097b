//! `leadtrack leads export`: the app's exports, from a shell, beside a running app.
//!
//! Opens the data folder read-only (`ReadOnlyStore`: no migrations, no writes, safe while the
//! app has the database open), resolves the show and the rep the way a person names them,
//! and writes the file durably, or the bytes to stdout.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::{Args, Subcommand};
use leadtrack_domain::{Grade, LeadQuery, LeadStatus};
use leadtrack_export::ExportFormat;
use leadtrack_store::{data_dir, ReadOnlyStore};

use crate::Failure;

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Export leads as CRM CSV (HubSpot, Salesforce), Excel CSV, XLSX, vCard or JSON
    ///
    /// Takes every lead the filters match (merged-away leads excluded), oldest capture first.
    /// Writes to FILE with -o, else to stdout; XLSX is not written to a terminal.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The data folder [default: LEADTRACK_DATA_DIR, else the app's per-user data folder]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// hubspot | salesforce | excel-csv | xlsx | vcard | json
    #[arg(long, value_name = "FORMAT")]
    format: ExportFormat,
    /// Only this show (its tag, or its id)
    #[arg(long, value_name = "TAG")]
    show: Option<String>,
    /// Only this grade (A, B, C or D)
    #[arg(long, value_name = "GRADE", value_parser = parse_grade)]
    grade: Option<Grade>,
    /// Only leads this rep captured (name or id)
    #[arg(long, value_name = "NAME|ID")]
    rep: Option<String>,
    /// Only this status (draft, new, contacted, opportunity, quoted, won, lost)
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    status: Option<LeadStatus>,
    /// Write to FILE (replaced whole, never half-written) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_grade(s: &str) -> Result<Grade, String> {
    Grade::parse(s).ok_or_else(|| format!("{s:?} is not a grade; use A, B, C or D"))
}

fn parse_status(s: &str) -> Result<LeadStatus, String> {
    LeadStatus::parse(&s.trim().to_ascii_lowercase()).ok_or_else(|| {
        let all: Vec<&str> = LeadStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("{s:?} is not a status; use one of {}", all.join(", "))
    })
}

pub(crate) fn run(command: Command) -> Result<ExitCode, Failure> {
    match command {
        Command::Export(args) => export(args),
    }
}

fn export(args: ExportArgs) -> Result<ExitCode, Failure> {
    // Refuse before reading anything: a workbook on a terminal is noise and can upset it.
    if args.output.is_none() && args.format.is_binary() && io::stdout().is_terminal() {
        return Err(Failure::Input(anyhow!(
            "{} is binary and stdout is a terminal; use -o FILE or redirect stdout",
            args.format.cli_name()
        )));
    }
    let dir = match args.data_dir {
        Some(dir) => dir,
        None => data_dir::resolve().ok_or_else(|| anyhow!("no data folder: pass --data-dir DIR"))?,
    };
    let store = ReadOnlyStore::open(&dir).map_err(|e| anyhow!("{e}"))?;
    let query = LeadQuery {
        event_id: args.show.as_deref().map(|s| store.find_show(s)).transpose().map_err(|e| anyhow!("{e}"))?,
        captured_by: args.rep.as_deref().map(|r| store.find_rep(r)).transpose().map_err(|e| anyhow!("{e}"))?,
        grade: args.grade,
        status: args.status,
        ..LeadQuery::default()
    };
    let leads = store.export_leads(&query).map_err(|e| anyhow!("cannot read the leads: {e}"))?;
    let bytes = leadtrack_export::export(args.format, &leads).context("cannot build the export")?;
    match &args.output {
        Some(path) => {
            leadtrack_store::write_file_durably(path, &bytes)
                .map_err(|e| Failure::Output(io::Error::new(e.kind(), format!("{}: {e}", path.display()))))?;
            eprintln!("leadtrack: exported {} leads to {}", leads.len(), path.display());
        }
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(&bytes).and_then(|()| stdout.flush()).map_err(|e| match e.kind() {
                io::ErrorKind::BrokenPipe => Failure::Quiet,
                _ => Failure::Output(e),
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
