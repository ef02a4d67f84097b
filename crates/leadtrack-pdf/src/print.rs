//! Printing a finished PDF through the operating system.
//!
//! On Linux and macOS that is CUPS's `lp`. Where there is no `lp`, or CUPS has no printer to
//! send to, the answer is [`PrintOutcome::NoPrinter`] and the app opens the file in the system
//! viewer instead, whose print dialog does the rest.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// What became of a print request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintOutcome {
    /// CUPS queued the job; `job` is its id (`office-42`) when `lp` said it.
    Sent { job: Option<String> },
    /// No `lp`, or no printer (no default destination, scheduler not running).
    NoPrinter,
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("the file to print does not exist: {0}")]
    Missing(String),
    #[error("the printer refused the file: {0}")]
    Refused(String),
    #[error("could not run lp: {0}")]
    Io(#[from] std::io::Error),
}

/// Sends `path` (a PDF) to the default printer with `lp`.
pub fn print_file(path: &Path) -> Result<PrintOutcome, PrintError> {
    print_with(OsStr::new("lp"), path)
}

/// [`print_file`] with another `lp` program (tests use a script).
pub(crate) fn print_with(lp: &OsStr, path: &Path) -> Result<PrintOutcome, PrintError> {
    if !path.is_file() {
        return Err(PrintError::Missing(path.display().to_string()));
    }
    // An absolute path never starts with '-', so lp cannot take a file name for an option.
    let path = std::path::absolute(path)?;
    let output = match Command::new(lp).arg(&path).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(PrintOutcome::NoPrinter),
        Err(e) => return Err(e.into()),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        return Ok(PrintOutcome::Sent { job: job_id(&stdout) });
    }
    if no_printer(&stderr) {
        return Ok(PrintOutcome::NoPrinter);
    }
    Err(PrintError::Refused(stderr.trim().to_string()))
}

/// `request id is office-42 (1 file(s))` → `office-42`.
fn job_id(stdout: &str) -> Option<String> {
    let rest = stdout.split("request id is ").nth(1)?;
    rest.split_whitespace().next().map(str::to_string)
}

/// CUPS's messages when there is nothing to print to (English; CUPS's C locale is what a
/// `Command` without LANG gets on a booth laptop set up by our installer — and a message we do
/// not recognise is reported as an error, which the app shows, so nothing is lost).
fn no_printer(stderr: &str) -> bool {
    let s = stderr.to_ascii_lowercase();
    ["no default destination", "scheduler is not running", "does not exist"].iter().any(|m| s.contains(m))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;

    fn script(dir: &Path, body: &str) -> std::path::PathBuf {
        let path = dir.join("lp");
        let mut f = std::fs::File::create(&path).unwrap();
        writeln!(f, "#!/bin/sh\n{body}").unwrap();
        drop(f);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn pdf(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("quote.pdf");
        std::fs::write(&path, b"%PDF-1.7\n").unwrap();
        path
    }

    #[test]
    fn a_queued_job_reports_the_id_cups_gave_it_and_lp_gets_the_absolute_path() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("args");
        let lp =
            script(dir.path(), &format!("echo \"$@\" > {}\necho 'request id is office-42 (1 file(s))'", log.display()));
        let file = pdf(dir.path());
        let outcome = print_with(lp.as_os_str(), &file).unwrap();
        assert_eq!(outcome, PrintOutcome::Sent { job: Some("office-42".into()) });
        assert_eq!(std::fs::read_to_string(log).unwrap().trim(), file.display().to_string());
    }

    #[test]
    fn no_default_destination_means_no_printer_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let lp = script(dir.path(), "echo 'lp: Error - No default destination.' >&2; exit 1");
        let outcome = print_with(lp.as_os_str(), &pdf(dir.path())).unwrap();
        assert_eq!(outcome, PrintOutcome::NoPrinter);
    }

    #[test]
    fn a_machine_without_lp_has_no_printer() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-lp");
        let outcome = print_with(missing.as_os_str(), &pdf(dir.path())).unwrap();
        assert_eq!(outcome, PrintOutcome::NoPrinter);
    }

    #[test]
    fn another_lp_failure_is_an_error_with_its_message() {
        let dir = tempfile::tempdir().unwrap();
        let lp = script(dir.path(), "echo 'lp: Error - Unsupported document-format' >&2; exit 1");
        let err = print_with(lp.as_os_str(), &pdf(dir.path())).unwrap_err();
        assert!(matches!(&err, PrintError::Refused(m) if m.contains("Unsupported")), "{err}");
    }

    #[test]
    fn a_missing_file_is_refused_before_lp_runs() {
        let dir = tempfile::tempdir().unwrap();
        let err = print_with(OsStr::new("lp"), &dir.path().join("gone.pdf")).unwrap_err();
        assert!(matches!(err, PrintError::Missing(_)));
    }
}
