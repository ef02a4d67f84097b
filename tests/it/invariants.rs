//! DESIGN.md's checkable invariants, as tests, so a change that breaks one fails CI.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "node_modules" && n != "dist" && n != "target") {
                files(&p, exts, out);
            }
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e)) {
            out.push(p);
        }
    }
}

/// Dependency names declared in a Cargo.toml's dependency tables.
fn dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let mut in_deps = false;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_deps = line.contains("dependencies");
        } else if in_deps && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                out.push(name.trim().trim_end_matches(".workspace").to_string());
            }
        }
    }
    out
}

#[test]
fn invariant_1_nothing_under_crates_depends_on_tauri() {
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        let manifest = entry.path().join("Cargo.toml");
        if manifest.exists() {
            checked += 1;
            for dep in dependencies(&manifest) {
                assert!(!dep.starts_with("tauri"), "{} depends on {dep}", manifest.display());
            }
        }
    }
    assert!(checked >= 2, "found no crates to check");
}

#[test]
fn invariant_3_only_ui_src_ipc_imports_tauri_apps() {
    let src = root().join("ui/src");
    let mut all = Vec::new();
    files(&src, &["ts", "tsx", "js", "jsx"], &mut all);
    assert!(!all.is_empty(), "no UI sources found under {}", src.display());
    let ipc = src.join("ipc");
    for f in all.iter().filter(|f| !f.starts_with(&ipc)) {
        let text = std::fs::read_to_string(f).unwrap();
        let imports = ["from \"@tauri-apps/", "from '@tauri-apps/", "import(\"@tauri-apps/", "import('@tauri-apps/"];
        assert!(!imports.iter().any(|i| text.contains(i)), "{} imports @tauri-apps/* outside ui/src/ipc/", f.display());
    }
}

#[test]
fn invariant_6_the_shell_holds_no_sql() {
    let mut all = Vec::new();
    files(&root().join("src-tauri/src"), &["rs"], &mut all);
    for f in all {
        let text = std::fs::read_to_string(&f).unwrap();
        for needle in ["rusqlite", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM"] {
            assert!(!text.contains(needle), "{} contains {needle:?}: SQL belongs in leadtrack-store", f.display());
        }
    }
    assert!(!dependencies(&root().join("src-tauri/Cargo.toml")).iter().any(|d| d == "rusqlite"));
}

/// A panic in the shell kills the booth's window mid-show: outside test code, errors are
/// mapped to `IpcError`, never unwrapped. Test modules (`mod tests` at the end of a file, and
/// the test-only `ipc_tests.rs`/`bindings.rs`) are left out.
#[test]
fn the_shell_never_unwraps_outside_its_tests() {
    let mut all = Vec::new();
    files(&root().join("src-tauri/src"), &["rs"], &mut all);
    for f in all {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        if name == "ipc_tests.rs" || name == "bindings.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        // The test module runs to the end of the file; other `#[cfg(test)]` items are checked.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or_default();
            assert!(
                !line.contains(".unwrap()") && !line.contains(".expect("),
                "{}:{}: unwrap/expect in the shell; map the error instead",
                f.display(),
                n + 1
            );
        }
    }
}

#[test]
fn invariant_5_the_webview_is_locked_down() {
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("src-tauri/tauri.conf.json")).unwrap()).unwrap();
    let security = &conf["app"]["security"];
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert_eq!(security["freezePrototype"], true);
    let csp = security["csp"].as_object().expect("CSP is a directive map");
    let all: String = csp.values().map(|v| v.as_str().unwrap_or_default()).collect::<Vec<_>>().join(" ");
    assert!(!all.contains("unsafe-eval"), "CSP allows eval");
    assert_eq!(csp["script-src"], "'self'");
    assert!(!all.contains("http:") || all.contains("http://ipc.localhost"), "CSP allows remote http");
    for dep in dependencies(&root().join("src-tauri/Cargo.toml")) {
        assert!(
            !["reqwest", "hyper", "ureq", "tauri-plugin-fs", "tauri-plugin-http"].contains(&dep.as_str()),
            "the shell depends on {dep}"
        );
    }
}

#[test]
fn every_crate_says_what_it_is_for() {
    let mut manifests =
        vec![root().join("src-tauri/Cargo.toml"), root().join("tests/Cargo.toml"), root().join("xtask/Cargo.toml")];
    for entry in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        manifests.push(entry.path().join("Cargo.toml"));
    }
    for m in manifests.iter().filter(|m| m.exists()) {
        let text = std::fs::read_to_string(m).unwrap();
        assert!(text.lines().any(|l| l.starts_with("description = ")), "{} has no description", m.display());
    }
}

/// DESIGN invariant 5, with its one documented exception (ARCHITECTURE.md): HTTP lives only in
/// sync (client), the collector (server) and the phone-registration server (LAN only, off by
/// default).
#[test]
fn invariant_5_only_sync_the_collector_and_the_phone_server_speak_http() {
    let allowed = ["leadtrack-sync", "leadtrack-collector", "leadtrack-phone"];
    let mut manifests = vec![root().join("src-tauri/Cargo.toml")];
    for entry in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        if !allowed.iter().any(|a| entry.file_name() == *a) {
            manifests.push(entry.path().join("Cargo.toml"));
        }
    }
    for m in manifests.iter().filter(|m| m.exists()) {
        for dep in dependencies(m) {
            assert!(
                !["axum", "hyper", "hyper-util", "reqwest", "ureq", "tiny_http", "actix-web", "warp"]
                    .contains(&dep.as_str()),
                "{} depends on {dep}",
                m.display()
            );
        }
    }
}
