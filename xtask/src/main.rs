//! LeadTrack's developer entry points (`cargo xtask <command>`).
//!
//! One program owns the order of the steps, so the README, CI (`.ci/run`) and developers all run
//! the same thing. Std + anyhow only, so it compiles in seconds on a fresh machine.

mod cmd;
mod deps;
mod test;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

  deps [--test]      system packages (apt, via installers/linux/install-deps.sh) and
                     ui/node_modules (npm ci); --test adds the test packages and tauri-driver
  ui-build           npm run build in ui/ (ui/dist, which the app embeds)
  run [-- <args>]    deps, ui-build, build leadtrack-app and start it with a demo show
                     (LEADTRACK_SEED_DEMO=1); <args> go to the app
  test [<flags>]     deps --test; ui: lint, typecheck, vitest, build; cargo fmt --check,
                     clippy -D warnings, build leadtrack-app, cargo test (under xvfb-run
                     when DISPLAY is unset, with LEADTRACK_E2E=required)
      --no-e2e       end-to-end tests not required (no LEADTRACK_E2E, no Xvfb, no tauri-driver)
      --rust-only    skip ui lint/typecheck/vitest (ui/dist is built only when missing)
      --ui-only      only the ui steps
  bench [<args>]     cargo run --release -p leadtrack-tests --bin bench -- <args>; first builds
                     the UI and the debug app for pdf_20mb_first_page_ms (the real window,
                     under xvfb-run when DISPLAY is unset; skipped with a note if it cannot run)
  bundle             ui-build, then a .deb with tauri-cli (<target>/release/bundle/deb/)

`test` ends with one line `N passed, M failed` (Rust + UI tests) and exits non-zero if anything
failed; a failing step that is not a test (lint, clippy, a build) counts as one failure.
Environment: CARGO_TARGET_DIR (respected), DISPLAY (else xvfb-run),
LEADTRACK_DURABILITY_KILLS (test; default 300).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Maps the first argument to a command; everything after it belongs to that command.
fn dispatch(args: &[String]) -> Result<ExitCode> {
    let (name, rest) = match args.split_first() {
        None => return usage(),
        Some((name, rest)) => (name.as_str(), rest),
    };
    if matches!(name, "-h" | "--help" | "help") {
        return usage();
    }
    let ws = Ws::locate()?;
    match name {
        "deps" => deps_cmd(&ws, rest).map(|()| ExitCode::SUCCESS),
        "ui-build" => ui_build_cmd(&ws, rest).map(|()| ExitCode::SUCCESS),
        "run" => run_app(&ws, passthrough(rest)),
        "test" => test::main(&ws, rest),
        "bench" => bench(&ws, passthrough(rest)).map(|()| ExitCode::SUCCESS),
        "bundle" => bundle(&ws, rest).map(|()| ExitCode::SUCCESS),
        other => bail!("unknown command `{other}` (see `cargo xtask --help`)"),
    }
}

/// The help text, for no arguments or `--help`.
fn usage() -> Result<ExitCode> {
    print!("{USAGE}");
    Ok(ExitCode::SUCCESS)
}

/// Arguments meant for another program; `cargo xtask run -- --x` arrives as `["--", "--x"]`.
fn passthrough(rest: &[String]) -> &[String] {
    match rest.first() {
        Some(first) if first == "--" => &rest[1..],
        _ => rest,
    }
}

/// Rejects arguments a command does not take, instead of silently ignoring a typo.
fn no_args(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        Some(arg) => bail!("`{command}` takes no argument `{arg}` (see `cargo xtask --help`)"),
        None => Ok(()),
    }
}

/// Where things live, worked out once: the workspace root and cargo's target directory.
pub struct Ws {
    pub root: PathBuf,
    pub target: PathBuf,
}

impl Ws {
    /// The root is xtask's parent directory; the target dir honours CARGO_TARGET_DIR (made
    /// absolute, because we run cargo from the root and cargo resolves it against its cwd).
    fn locate() -> Result<Ws> {
        let root =
            Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("xtask has no parent directory")?.to_path_buf();
        let target = match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
            Some(dir) => std::env::current_dir()?.join(dir),
            None => root.join("target"),
        };
        Ok(Ws { root, target })
    }

    pub fn ui(&self) -> PathBuf {
        self.root.join("ui")
    }

    /// The debug app binary that `cargo build -p leadtrack-app` produces.
    pub fn app_bin(&self) -> PathBuf {
        let name = format!("leadtrack-app{}", std::env::consts::EXE_SUFFIX);
        self.target.join("debug").join(name)
    }

    /// `cargo` in the workspace root, pinned to our target dir so the paths above are right.
    pub fn cargo(&self) -> Command {
        let mut cmd = cmd::cargo();
        cmd.current_dir(&self.root).env("CARGO_TARGET_DIR", &self.target);
        cmd
    }

    /// `npm` in ui/.
    pub fn npm(&self) -> Command {
        let mut cmd = Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" });
        cmd.current_dir(self.ui());
        cmd
    }
}

/// `deps [--test]`: what a build (or, with --test, the test suite) needs outside cargo.
fn deps_cmd(ws: &Ws, rest: &[String]) -> Result<()> {
    let test = match rest {
        [] => false,
        [flag] if flag == "--test" => true,
        _ => bail!("usage: cargo xtask deps [--test]"),
    };
    deps::deps(ws, deps::Need { test, driver: test })
}

/// `ui-build` on its own also makes sure node_modules is there (a cheap check when it is).
fn ui_build_cmd(ws: &Ws, rest: &[String]) -> Result<()> {
    no_args("ui-build", rest)?;
    deps::npm_ci(ws)?;
    ui_build(ws)
}

/// Vite writes ui/dist, which tauri embeds into the app binary at compile time.
pub fn ui_build(ws: &Ws) -> Result<()> {
    cmd::run("ui: npm run build", ws.npm().args(["run", "build"]))
}

/// `run`: a ready-to-click app with a demo show, in one command.
fn run_app(ws: &Ws, app_args: &[String]) -> Result<ExitCode> {
    deps::deps(ws, deps::Need::default())?;
    ui_build(ws)?;
    cmd::run("build leadtrack-app", ws.cargo().args(["build", "-p", "leadtrack-app"]))?;
    let mut app = Command::new(ws.app_bin());
    app.args(app_args).env("LEADTRACK_SEED_DEMO", "1");
    cmd::announce("start leadtrack-app (LEADTRACK_SEED_DEMO=1)", &app);
    let status = cmd::spawn(&mut app)?.wait()?;
    Ok(ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8))
}

/// `bench`: the bench binary (in leadtrack-tests) prints its table and writes the summary.
fn bench(ws: &Ws, bench_args: &[String]) -> Result<()> {
    // Badge decoding first, into its own file; the store bench then writes the one summary
    // with those figures merged in.
    let scan = ws.target.join("bench").join("scan.json");
    std::fs::create_dir_all(scan.parent().unwrap_or(&ws.target))?;
    let mut cmd = ws.cargo();
    cmd.args(["run", "--release", "-p", "leadtrack-scan", "--example", "scan_bench", "--", "--out"]).arg(&scan);
    cmd::run("scan bench", &mut cmd)?;
    // The sync figure drives the real collector binary, found next to the bench binary.
    let mut cmd = ws.cargo();
    cmd::run("collector build", cmd.args(["build", "--release", "-p", "leadtrack-collector"]))?;
    let mut cmd = bench_cmd(ws, bench_args);
    cmd.args(["run", "--release", "-p", "leadtrack-tests", "--bin", "bench", "--", "--merge"]).arg(&scan);
    cmd::run("bench", cmd.args(bench_args))?;
    let summary = ws.target.join("bench").join("summary.json");
    match summary.exists() {
        true => println!("==> bench summary: {}", summary.display()),
        false => println!("==> bench summary not found at {}", summary.display()),
    }
    Ok(())
}

/// The bench's cargo: `pdf_20mb_first_page_ms` opens the real window as the e2e tests do, so
/// (unless another `--only-` area was asked for) the UI and the debug app are built first and,
/// with no DISPLAY, the bench runs inside a throwaway Xvfb. Any of that missing is not an error:
/// the bench prints why the figure was skipped.
fn bench_cmd(ws: &Ws, bench_args: &[String]) -> Command {
    let other_area = bench_args.iter().any(|a| a.starts_with("--only-") && a != "--only-pdf-view");
    if other_area {
        return ws.cargo();
    }
    let built =
        ui_build(ws).and_then(|()| cmd::run("build leadtrack-app", ws.cargo().args(["build", "-p", "leadtrack-app"])));
    if let Err(e) = built {
        println!("==> bench: no app for pdf_20mb_first_page_ms ({e:#})");
    }
    let has_display = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty());
    let mut cargo = if has_display || cmd::which("xvfb-run").is_none() {
        ws.cargo()
    } else {
        let mut xvfb = Command::new("xvfb-run");
        xvfb.args(["-a", "-s", "-screen 0 1280x800x24"]).arg(cmd::cargo().get_program());
        xvfb.current_dir(&ws.root).env("CARGO_TARGET_DIR", &ws.target);
        xvfb
    };
    cargo.env("LEADTRACK_APP_BIN", ws.app_bin());
    if let Some(path) = test::path_with_cargo_bin() {
        cargo.env("PATH", path);
    }
    cargo
}

/// `bundle`: a .deb via tauri-cli from npm (the cargo-installed CLI takes ~7 min to build).
/// tauri-cli looks for src-tauri/tauri.conf.json below its cwd, so it runs from the root.
fn bundle(ws: &Ws, rest: &[String]) -> Result<()> {
    no_args("bundle", rest)?;
    deps::deps(ws, deps::Need::default())?;
    ui_build(ws)?;
    let bin = if cfg!(windows) { "tauri.cmd" } else { "tauri" };
    let cli = ws.ui().join("node_modules").join(".bin").join(bin);
    if !cli.exists() {
        bail!("{} is missing: ui/package.json must have @tauri-apps/cli in devDependencies", cli.display());
    }
    let mut cmd = Command::new(&cli);
    cmd.current_dir(&ws.root).env("CARGO_TARGET_DIR", &ws.target).arg("build");
    if cfg!(target_os = "linux") {
        cmd.args(["--bundles", "deb"]);
    }
    cmd::run("tauri build", &mut cmd)?;
    println!("==> bundles in {}", ws.target.join("release").join("bundle").display());
    Ok(())
}
