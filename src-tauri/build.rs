// Gates our commands behind the ACL: each command gets an `allow-<name>` permission that
// a window only has when its capability file grants it.
include!("src/commands/names.rs");

fn main() {
    let ui_dist = std::path::Path::new("../ui/dist");
    if !ui_dist.join("index.html").exists() {
        // `cargo clippy` or `cargo build` before `cargo xtask ui-build`: embed a page that
        // says what to do instead of failing the Rust build.
        std::fs::create_dir_all(ui_dist).expect("create ui/dist");
        std::fs::write(
            ui_dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>LeadTrack</title>\
             <p style='font:20px sans-serif;padding:2em'>The user interface is not built. \
             Run <code>cargo xtask run</code>.</p>",
        )
        .expect("write placeholder ui/dist/index.html");
    }
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(Box::leak([REP_COMMANDS, KIOSK_COMMANDS].concat().into_boxed_slice())),
    ))
    .expect("tauri build script failed");
}
