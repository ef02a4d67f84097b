//! `cargo xtask test`: the whole check, in the order CI runs it, ending with one line
//! `N passed, M failed` (Rust + UI tests) that CI reads.

use crate::{cmd, deps, ui_build, Ws};
use anyhow::{bail, Result};
use std::ffi::OsString;
use std::process::{Command, ExitCode, Stdio};

/// Which parts to run (from the flags).
struct Opts {
    e2e: bool,
    rust: bool,
    ui: bool,
}

/// Test counts gathered from the runners' own summaries.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

/// Runs the steps, then prints the summary as the very last line, whatever happened.
pub fn main(ws: &Ws, args: &[String]) -> Result<ExitCode> {
    let opts = parse(args)?;
    let mut tally = Tally::default();
    let result = steps(ws, &opts, &mut tally);
    if let Err(e) = &result {
        eprintln!("xtask: error: {e:#}");
        // A failed run must never read as "0 failed", e.g. when clippy fails before any test.
        tally.failed = tally.failed.max(1);
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    Ok(if result.is_ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `--no-e2e`, `--rust-only`, `--ui-only`.
fn parse(args: &[String]) -> Result<Opts> {
    let mut o = Opts { e2e: true, rust: true, ui: true };
    for arg in args {
        match arg.as_str() {
            "--no-e2e" => o.e2e = false,
            "--rust-only" => o.ui = false,
            "--ui-only" => o.rust = false,
            _ => bail!("usage: cargo xtask test [--no-e2e] [--rust-only | --ui-only]"),
        }
    }
    if !o.rust && !o.ui {
        bail!("--rust-only and --ui-only exclude each other");
    }
    Ok(o)
}

/// Dependencies, then the UI checks, then the Rust checks; stops at the first failure.
fn steps(ws: &Ws, o: &Opts, t: &mut Tally) -> Result<()> {
    match o.rust {
        true => deps::deps(ws, deps::Need { test: true, driver: o.e2e })?,
        false => deps::npm_ci(ws)?,
    }
    match o.ui {
        true => ui_checks(ws, t)?,
        false => ensure_ui_dist(ws)?,
    }
    if o.rust {
        rust_checks(ws, o, t)?;
    }
    Ok(())
}

/// Lint, types and unit tests of the UI, then the production build the app embeds.
fn ui_checks(ws: &Ws, t: &mut Tally) -> Result<()> {
    cmd::run("ui: npm run lint", ws.npm().args(["run", "lint"]))?;
    cmd::run("ui: npm run typecheck", ws.npm().args(["run", "typecheck"]))?;
    vitest(ws, t)?;
    ui_build(ws)
}

/// `npm test` (vitest run). Stdin is closed so vitest never starts watch mode.
fn vitest(ws: &Ws, t: &mut Tally) -> Result<()> {
    let mut npm = ws.npm();
    npm.arg("test").stdin(Stdio::null());
    let (status, out) = cmd::run_tee("ui: npm test (vitest)", &mut npm)?;
    let (passed, failed) = vitest_counts(&out);
    t.passed += passed;
    t.failed += failed;
    cmd::check("ui: npm test (vitest)", &npm, status)
}

/// The app embeds ui/dist at compile time, so the Rust-only loop still needs one (built once):
/// both windows' pages, so a dist from before the kiosk is rebuilt.
fn ensure_ui_dist(ws: &Ws) -> Result<()> {
    match ["index.html", "kiosk.html"].iter().all(|page| ws.ui().join("dist").join(page).exists()) {
        true => Ok(()),
        false => ui_build(ws),
    }
}

/// Format, lints, the app binary the e2e tests launch, then every workspace test.
fn rust_checks(ws: &Ws, o: &Opts, t: &mut Tally) -> Result<()> {
    cmd::run("cargo fmt --check", ws.cargo().args(["fmt", "--all", "--", "--check"]))?;
    let clippy = ["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"];
    cmd::run("cargo clippy", ws.cargo().args(clippy))?;
    cmd::run("build leadtrack-app", ws.cargo().args(["build", "-p", "leadtrack-app"]))?;
    cargo_test(ws, o, t)
}

/// `cargo test --workspace`, teed so its `test result:` lines can be counted.
/// --no-fail-fast: one failing test binary must not hide the results of the others.
fn cargo_test(ws: &Ws, o: &Opts, t: &mut Tally) -> Result<()> {
    let mut test = display_wrapped(ws, o.e2e)?;
    test.args(["test", "--workspace", "--no-fail-fast"]);
    test_env(ws, o, &mut test);
    let (status, out) = cmd::run_tee("cargo test", &mut test)?;
    let (passed, failed) = cargo_counts(&out);
    t.passed += passed;
    t.failed += failed;
    cmd::check("cargo test", &test, status)
}

/// The e2e tests open real windows: with no DISPLAY, run cargo inside a throwaway Xvfb
/// (`-a` picks a free display number). Without e2e there's nothing to show, so no Xvfb.
fn display_wrapped(ws: &Ws, e2e: bool) -> Result<Command> {
    let has_display = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty());
    if has_display || !e2e {
        return Ok(ws.cargo());
    }
    if cmd::which("xvfb-run").is_none() {
        bail!("DISPLAY is unset and xvfb-run is missing: run `cargo xtask deps --test`");
    }
    let cargo = cmd::cargo();
    let mut xvfb = Command::new("xvfb-run");
    xvfb.args(["-a", "-s", "-screen 0 1280x800x24"]).arg(cargo.get_program());
    xvfb.current_dir(&ws.root).env("CARGO_TARGET_DIR", &ws.target);
    Ok(xvfb)
}

/// What the tests read: the app to launch, whether e2e is required, how hard the durability
/// test kills, that PostgreSQL must be there, and a PATH that finds tauri-driver even when
/// ~/.cargo/bin isn't on it.
fn test_env(ws: &Ws, o: &Opts, test: &mut Command) {
    test.env("LEADTRACK_APP_BIN", ws.app_bin());
    match o.e2e {
        true => test.env("LEADTRACK_E2E", "required"),
        false => test.env_remove("LEADTRACK_E2E"),
    };
    if std::env::var_os("LEADTRACK_DURABILITY_KILLS").is_none() {
        test.env("LEADTRACK_DURABILITY_KILLS", "300");
    }
    // deps installed PostgreSQL, so the collector tests must run here, not skip.
    if std::env::var_os("LEADTRACK_REQUIRE_POSTGRES").is_none() {
        test.env("LEADTRACK_REQUIRE_POSTGRES", "1");
    }
    if let Some(path) = path_with_cargo_bin() {
        test.env("PATH", path);
    }
}

/// PATH with cargo's bin dir appended, if it isn't there already.
pub(crate) fn path_with_cargo_bin() -> Option<OsString> {
    let bin = deps::cargo_bin_dir()?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<_> = std::env::split_paths(&path).collect();
    if dirs.contains(&bin) {
        return None;
    }
    dirs.push(bin);
    std::env::join_paths(dirs).ok()
}

/// Sums libtest's `test result: ok. N passed; M failed; …` lines (one per test binary).
fn cargo_counts(out: &str) -> (u64, u64) {
    out.lines()
        .map(strip_ansi)
        .filter(|l| l.trim_start().starts_with("test result:"))
        .map(|l| (count(&l, "passed"), count(&l, "failed")))
        .fold((0, 0), |(p, f), (lp, lf)| (p + lp, f + lf))
}

/// Vitest's summary line, e.g. `      Tests  1 failed | 12 passed (13)` (the last one wins).
fn vitest_counts(out: &str) -> (u64, u64) {
    let is_summary = |l: &String| {
        let l = l.trim_start();
        l.starts_with("Tests ") && !l.starts_with("Test Files")
    };
    let line = out.lines().map(strip_ansi).rfind(is_summary);
    line.map_or((0, 0), |l| (count(&l, "passed"), count(&l, "failed")))
}

/// The number just before `word` in a summary line (`12 passed;` → 12), or 0.
fn count(line: &str, word: &str) -> u64 {
    let clean: String = line.chars().map(|c| if ";,|()".contains(c) { ' ' } else { c }).collect();
    let words: Vec<&str> = clean.split_whitespace().collect();
    words.windows(2).find(|w| w[1] == word).and_then(|w| w[0].parse().ok()).unwrap_or(0)
}

/// Drops terminal colour codes (`ESC [ … letter`), in case a runner colours piped output.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_results_across_binaries() {
        let out = "running 2 tests\n\
            test result: ok. 5 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
            test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(cargo_counts(out), (8, 2));
    }

    #[test]
    fn counts_vitest_summary_with_colours() {
        let out = " \u{1b}[2m Test Files \u{1b}[22m \u{1b}[1m\u{1b}[31m1 failed\u{1b}[39m | 2 passed (3)\n\
            \u{1b}[2m      Tests \u{1b}[22m \u{1b}[1m\u{1b}[31m1 failed\u{1b}[39m\u{1b}[22m\u{1b}[2m | \u{1b}[22m\u{1b}[1m\u{1b}[32m12 passed\u{1b}[39m (13)\n";
        assert_eq!(vitest_counts(out), (12, 1));
        assert_eq!(vitest_counts("      Tests  7 passed (7)\n"), (7, 0));
    }
}
