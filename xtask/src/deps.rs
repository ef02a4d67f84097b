//! `cargo xtask deps`: everything outside cargo that a build or the tests need — system
//! packages, ui/node_modules and tauri-driver. Each part checks first and does nothing when
//! already satisfied, so a warm machine passes through in well under a second.

use crate::{cmd, Ws};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What to make sure of: `test` adds the test packages, `driver` tauri-driver (e2e only).
#[derive(Default)]
pub struct Need {
    pub test: bool,
    pub driver: bool,
}

/// The whole of `deps`, in the order a fresh machine needs it.
pub fn deps(ws: &Ws, need: Need) -> Result<()> {
    if cfg!(target_os = "linux") {
        linux_packages(ws, need.test)?;
    } else {
        other_os(need.test)?;
    }
    npm_ci(ws)?;
    if need.driver {
        tauri_driver()?;
    }
    Ok(())
}

/// Installs the apt packages through installers/linux/install-deps.sh, the one list of them;
/// asks dpkg first so that a warm machine never needs apt or sudo.
fn linux_packages(ws: &Ws, test: bool) -> Result<()> {
    let script = ws.root.join("installers/linux/install-deps.sh");
    let flag: &[&str] = if test { &["--test"] } else { &[] };
    println!("==> system packages ({})", if test { "build + test" } else { "build" });
    if cmd::which("apt-get").is_none() {
        let list = format!("bash {} --print {}", script.display(), flag.join(" "));
        println!("    no apt-get here: install your distribution's equivalents of `{list}`");
        return Ok(());
    }
    let wanted = package_list(&script, flag)?;
    let missing = missing_packages(&wanted)?;
    if missing.is_empty() {
        println!("    all {} installed", wanted.len());
        return Ok(());
    }
    println!("    missing: {}", missing.join(" "));
    let mut install = if is_root()? { Command::new("bash") } else { sudo_bash()? };
    cmd::run("install system packages", install.arg(&script).args(flag))
}

/// `sudo -- bash` for a non-root developer (apt needs root).
fn sudo_bash() -> Result<Command> {
    if cmd::which("sudo").is_none() {
        bail!("installing packages needs root, and sudo is missing: run `cargo xtask deps` as root");
    }
    let mut sudo = Command::new("sudo");
    sudo.args(["--", "bash"]);
    Ok(sudo)
}

/// The package names, from `install-deps.sh --print`.
fn package_list(script: &Path, flag: &[&str]) -> Result<Vec<String>> {
    let mut print = Command::new("bash");
    print.arg(script).arg("--print").args(flag);
    let out = print.output().context("running install-deps.sh --print")?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        bail!("{} --print failed: {why}", script.display());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.split_whitespace().map(str::to_owned).collect())
}

/// The packages dpkg doesn't report as "install ok installed" (unknown ones included).
fn missing_packages(wanted: &[String]) -> Result<Vec<String>> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Package} ${Status}\\n"])
        .args(wanted)
        .output()
        .context("running dpkg-query")?; // exits 1 when a package is unknown: that's fine
    let text = String::from_utf8_lossy(&out.stdout);
    let installed: Vec<&str> = text
        .lines()
        .filter(|l| l.ends_with("install ok installed"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    Ok(wanted.iter().filter(|p| !installed.contains(&p.as_str())).cloned().collect())
}

/// Root can call apt directly; everyone else goes through sudo.
fn is_root() -> Result<bool> {
    let out = Command::new("id").arg("-u").output().context("running `id -u`")?;
    Ok(String::from_utf8_lossy(&out.stdout).trim() == "0")
}

const MACOS: &str = "\
    macOS (Tauri 2 prerequisites): Xcode Command Line Tools (`xcode-select --install`; WebKit
    ships with macOS), Rust via rustup, Node.js 20+ with npm.";

const WINDOWS: &str = "\
    Windows (Tauri 2 prerequisites): Microsoft C++ Build Tools (Visual Studio Build Tools,
    workload \"Desktop development with C++\"); Microsoft Edge WebView2 Runtime (preinstalled on
    Windows 10 1803+ and 11, else the Evergreen Bootstrapper from
    https://developer.microsoft.com/microsoft-edge/webview2/); Rust with the MSVC toolchain
    (`rustup default stable-msvc`); Node.js 20+ with npm.";

/// macOS and Windows have no package manager we can drive: say exactly what to install. The
/// app may still build there; the test suite (Xvfb, WebKitWebDriver, apt tools) cannot run.
fn other_os(test: bool) -> Result<()> {
    let text = if cfg!(target_os = "macos") { MACOS } else { WINDOWS };
    println!("==> system prerequisites (not checked or installed on this OS)\n{text}");
    if test {
        bail!("the test suite needs Linux (Debian/Ubuntu); use `cargo xtask test --ui-only` here");
    }
    Ok(())
}

/// `npm ci` in ui/, skipped when npm's own record of the installed tree
/// (node_modules/.package-lock.json) is newer than the lockfile.
pub fn npm_ci(ws: &Ws) -> Result<()> {
    let lock = ws.ui().join("package-lock.json");
    if !lock.exists() {
        bail!("ui/package-lock.json is missing; `npm ci` needs it (run `npm install` in ui/)");
    }
    let stamp = ws.ui().join("node_modules").join(".package-lock.json");
    if is_newer(&stamp, &lock) {
        println!("==> ui: node_modules up to date (npm ci skipped)");
        return Ok(());
    }
    if cmd::run("ui: npm ci", ws.npm().arg("ci")).is_ok() {
        return Ok(());
    }
    // A lockfile written through a registry mirror that lacks other platforms' optional
    // packages (rollup, esbuild, tauri-cli binaries) makes `npm ci` report it "out of sync".
    // `npm install --no-save` follows the same lockfile but tolerates that, and writes nothing.
    println!("    npm ci refused; retrying with `npm install --no-save` (lockfile left as is)");
    cmd::run("ui: npm install --no-save", ws.npm().args(["install", "--no-save"]))
}

/// True when `a` exists and was modified after `b`.
fn is_newer(a: &Path, b: &Path) -> bool {
    let mtime = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    matches!((mtime(a), mtime(b)), (Some(a), Some(b)) if a > b)
}

/// The e2e tests drive the app through tauri-driver; building it takes ~50 s, so only when
/// it is neither on PATH nor in cargo's bin dir. `^2` because crates.io's newest is a 3.0 alpha.
fn tauri_driver() -> Result<()> {
    if let Some(found) = find_tauri_driver() {
        println!("==> tauri-driver: {}", found.display());
        return Ok(());
    }
    let mut install = cmd::cargo();
    install.args(["install", "tauri-driver", "--version", "^2", "--locked"]);
    cmd::run("install tauri-driver", &mut install)
}

/// tauri-driver on PATH, else in cargo's bin dir (often not on PATH in CI shells).
pub fn find_tauri_driver() -> Option<PathBuf> {
    let name = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    cmd::which("tauri-driver").or_else(|| cargo_bin_dir().map(|d| d.join(name)).filter(|p| p.is_file()))
}

/// `$CARGO_HOME/bin`, defaulting to `~/.cargo/bin`, where `cargo install` puts binaries.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| {
        let user = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })?;
        Some(PathBuf::from(user).join(".cargo"))
    })?;
    Some(home.join("bin"))
}
