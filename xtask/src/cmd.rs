//! Running child processes: every step is announced (`==> step`), streams its output, and a
//! failure names the step and the command, so a CI log shows at once what broke.

use anyhow::{bail, Context, Result};
use std::ffi::OsStr;
use std::io::{ErrorKind, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};

/// The cargo that started us (`$CARGO`), so nested builds use the same toolchain.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Prints the step name and the exact command line before it runs.
pub fn announce(step: &str, cmd: &Command) {
    println!("==> {step}");
    println!("    $ {}", show(cmd));
    let _ = std::io::stdout().flush();
}

/// The command line as one would type it (for logs, not for a shell).
fn show(cmd: &Command) -> String {
    let words = std::iter::once(cmd.get_program()).chain(cmd.get_args());
    let quoted = words.map(OsStr::to_string_lossy).map(|w| match w.contains(' ') {
        true => format!("\"{w}\""),
        false => w.into_owned(),
    });
    quoted.collect::<Vec<_>>().join(" ")
}

/// Starts the command; "not found" becomes a hint to install the program.
pub fn spawn(cmd: &mut Command) -> Result<Child> {
    cmd.spawn().map_err(|e| {
        let program = cmd.get_program().to_string_lossy().into_owned();
        match e.kind() {
            ErrorKind::NotFound => {
                anyhow::anyhow!("`{program}` not found: is it installed and on PATH?")
            }
            _ => anyhow::Error::new(e).context(format!("could not start `{program}`")),
        }
    })
}

/// Runs one step with inherited stdio and fails on a non-zero exit.
pub fn run(step: &str, cmd: &mut Command) -> Result<()> {
    announce(step, cmd);
    let status = spawn(cmd)?.wait()?;
    check(step, cmd, status)
}

/// Turns an exit status into the error that stops the run.
pub fn check(step: &str, cmd: &Command, status: ExitStatus) -> Result<()> {
    if status.success() {
        return Ok(());
    }
    bail!("step `{step}` failed ({status}): {}", show(cmd))
}

/// Runs a step whose stdout must be parsed (test counts) without hiding a live run: each chunk
/// is forwarded to our stdout as soon as it arrives and also kept. Stderr is inherited.
pub fn run_tee(step: &str, cmd: &mut Command) -> Result<(ExitStatus, String)> {
    announce(step, cmd);
    let mut child = spawn(cmd.stdout(Stdio::piped()))?;
    let mut pipe = child.stdout.take().context("child stdout was not piped")?;
    let mut kept = Vec::new();
    let mut buf = [0u8; 8192];
    let mut out = std::io::stdout();
    loop {
        let n = match pipe.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context("reading the child's output"),
        };
        // If our own stdout is gone, keep draining so the child isn't blocked on a full pipe.
        let _ = out.write_all(&buf[..n]).and_then(|()| out.flush());
        kept.extend_from_slice(&buf[..n]);
    }
    let status = child.wait()?;
    Ok((status, String::from_utf8_lossy(&kept).into_owned()))
}

/// Finds a program on PATH, like `which`.
pub fn which(program: &str) -> Option<PathBuf> {
    let name = format!("{program}{}", std::env::consts::EXE_SUFFIX);
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(&name)).find(|p| p.is_file())
}
