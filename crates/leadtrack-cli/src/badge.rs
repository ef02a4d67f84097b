//! `leadtrack badge …`: what the app would read from a badge payload or a badge photo.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context};
use clap::{Args, Subcommand};
use leadtrack_badge::{BadgeProfile, Parsed};
use leadtrack_scan::Symbology;
use serde::Serialize;

use crate::{Failure, Output};

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Parse a badge payload and print the contact as JSON
    ///
    /// Prints {format, fields, attendee_id, raw, warnings}, as the app reads the badge.
    Parse {
        #[command(flatten)]
        profile: ProfileArg,
        /// The payload as scanned, or `-` to read it from stdin exactly (vCards span lines).
        #[arg(value_name = "PAYLOAD | -", allow_hyphen_values = true)]
        payload: String,
    },
    /// Decode the codes in badge photos and parse each one
    ///
    /// Prints a JSON array, one object per image: {image, symbols: [{symbology, text, parsed}],
    /// error}. An image with no code has no symbols and no error. Exits 1, after printing every
    /// result, if any image could not be read.
    Scan {
        #[command(flatten)]
        profile: ProfileArg,
        /// Also exit 1 when an image has no code in it.
        #[arg(long)]
        require_code: bool,
        /// Photos of badges, PNG or JPEG.
        #[arg(value_name = "IMAGE", required = true)]
        images: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ProfileArg {
    /// The show's badge profile (JSON), as the settings screen saves it.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

impl ProfileArg {
    fn load(&self) -> anyhow::Result<Option<BadgeProfile>> {
        let Some(path) = &self.profile else { return Ok(None) };
        let json = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the badge profile {}", path.display()))?;
        BadgeProfile::from_json(&json).map(Some).map_err(|e| anyhow!("badge profile {}: {e}", path.display()))
    }
}

pub(crate) fn run(command: Command, out: &Output) -> Result<ExitCode, Failure> {
    match command {
        Command::Parse { profile, payload } => {
            let profile = profile.load()?;
            let parsed = if payload == "-" {
                let mut bytes = Vec::new();
                std::io::stdin().read_to_end(&mut bytes).context("cannot read the payload from stdin")?;
                leadtrack_badge::parse_bytes(&bytes, profile.as_ref())
            } else {
                leadtrack_badge::parse(&payload, profile.as_ref())
            };
            out.json(&parsed)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Scan { profile, require_code, images } => {
            let profile = profile.load()?;
            let reports: Vec<ImageReport> = images.iter().map(|path| scan(path, profile.as_ref())).collect();
            out.json(&reports)?;
            let failed = reports.iter().any(|r| r.error.is_some() || (require_code && r.symbols.is_empty()));
            Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
    }
}

/// One image's line in `badge scan`'s output.
#[derive(Debug, Serialize)]
struct ImageReport {
    image: String,
    symbols: Vec<SymbolReport>,
    /// Why the image could not be read; `null` when it was (even with no code in it).
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct SymbolReport {
    symbology: Symbology,
    text: String,
    parsed: Parsed,
}

fn scan(path: &Path, profile: Option<&BadgeProfile>) -> ImageReport {
    let image = path.display().to_string();
    let decoded = std::fs::read(path)
        .map_err(|e| format!("cannot read the file: {e}"))
        .and_then(|bytes| leadtrack_scan::decode_image(&bytes).map_err(|e| e.to_string()));
    match decoded {
        // The decoder has already applied the code's charset, so its text is what to parse.
        Ok(symbols) => ImageReport {
            image,
            symbols: symbols
                .into_iter()
                .map(|s| SymbolReport {
                    parsed: leadtrack_badge::parse(&s.text, profile),
                    symbology: s.symbology,
                    text: s.text,
                })
                .collect(),
            error: None,
        },
        Err(error) => {
            eprintln!("leadtrack: {image}: {error}");
            ImageReport { image, symbols: Vec::new(), error: Some(error) }
        }
    }
}
