//! `leadtrack`: the app's badge reading and lead exports for admins and scripts.
//!
//! A manager writing a badge profile before a show, or a support engineer looking at a badge
//! a rep says "didn't read", wants the same answer the app gives, from a shell, as JSON. So this
//! binary is a thin layer over the crates the app uses (`leadtrack-badge`, `leadtrack-scan`):
//! it reads files and stdin, prints JSON on stdout, and puts everything else on stderr.
//! `leads export` does the same for the app's exports, reading the data folder read-only so
//! it can run beside the app.
//!
//! Exit codes: 0 done; 1 an image could not be read (or had no code, with `--require-code`),
//! after every result was printed, or the output file could not be written; 2 the command line
//! or its inputs are wrong (a bad profile, unreadable stdin, no database, an unknown show or
//! rep). User errors are one line on stderr, never a panic or a debug dump.

#![forbid(unsafe_code)]

mod badge;
mod leads;
mod quote;
mod sync;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "leadtrack",
    version,
    about = "LeadTrack from the command line: badge payloads and photos to contact JSON, lead exports."
)]
struct Cli {
    /// Print JSON on one line instead of pretty-printed.
    #[arg(long, global = true)]
    compact: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read badges: parse payloads, scan photos
    #[command(subcommand)]
    Badge(badge::Command),
    /// Work with leads: export them for a CRM, a spreadsheet or an address book
    #[command(subcommand)]
    Leads(leads::Command),
    /// Quotes: ballpark price ranges and lead times from a pricebook
    #[command(subcommand)]
    Quote(quote::Command),
    #[command(subcommand)]
    Sync(sync::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output { compact: cli.compact };
    let result = match cli.command {
        Command::Badge(command) => badge::run(command, &out),
        Command::Leads(command) => leads::run(command),
        Command::Quote(command) => quote::run(command, &out),
        Command::Sync(command) => sync::run(command),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Quiet) => ExitCode::SUCCESS,
        Err(Failure::Input(e)) => {
            eprintln!("leadtrack: {e:#}");
            ExitCode::from(2)
        }
        Err(Failure::Output(e)) => {
            eprintln!("leadtrack: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

/// Why a command stopped before it was done.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Bad input from the user (exit 2): the message says which file and what is wrong.
    Input(anyhow::Error),
    /// Stdout failed for another reason than a closed pipe (exit 1).
    Output(io::Error),
    /// Stdout was closed (`leadtrack … | head`): stop quietly, as other Unix tools do.
    Quiet,
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::Input(e)
    }
}

/// Where results go: JSON on stdout, one document per command.
pub(crate) struct Output {
    compact: bool,
}

impl Output {
    pub(crate) fn json(&self, value: &impl serde::Serialize) -> Result<(), Failure> {
        let text = if self.compact { serde_json::to_string(value) } else { serde_json::to_string_pretty(value) };
        // Serialising our own plain structs cannot fail; say so rather than print half a document.
        let text = text.map_err(|e| Failure::Output(io::Error::other(e)))?;
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{text}").and_then(|()| stdout.flush()).map_err(|e| match e.kind() {
            io::ErrorKind::BrokenPipe => Failure::Quiet,
            _ => Failure::Output(e),
        })
    }
}
