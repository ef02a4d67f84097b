//! LeadTrack's desktop shell.
//!
//! The shell only wires things together: it resolves the data folder, starts logging,
//! opens the store, and exposes thin commands (parse → call a crate → map the error) to
//! the windows its capability files name. Everything that decides anything lives in the
//! crates under `crates/`, which never see Tauri.

mod commands;
mod data_dir;
mod error;
mod events;
mod logging;
mod media;
mod permissions;
mod state;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod ipc_tests;

use tauri::{Manager, Runtime};

pub use error::IpcError;
pub use state::AppState;

/// The app minus its runtime, context and state, so tests can build it on the mock
/// runtime with a store of their own.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.on_permission_request(|webview, kind| permissions::decide(webview.label(), kind)).invoke_handler(
        tauri::generate_handler![
            commands::app::app_info,
            commands::session::session_get,
            commands::session::session_set_event,
            commands::session::session_set_user,
            commands::events::events_list,
            commands::events::events_create,
            commands::users::users_list,
            commands::leads::leads_create,
            commands::leads::leads_update,
            commands::leads::leads_get,
            commands::leads::leads_find_by_badge,
            commands::leads::leads_search,
            commands::leads::leads_versions,
            commands::attachments::attachments_add,
            commands::attachments::attachments_list,
            commands::attachments::attachments_get,
            commands::badges::badges_parse,
            commands::badges::badges_scan_image,
        ],
    )
}

/// Resolves the data folder, starts logging, opens the store (seeding the demo booth when
/// `LEADTRACK_SEED_DEMO` is set) and hands the state to every command.
fn setup<R: Runtime>(app: &mut tauri::App<R>) -> Result<(), Box<dyn std::error::Error>> {
    let dir = data_dir::resolve(app.handle())?;
    if let Some(guard) = logging::init(&dir) {
        app.manage(guard);
    }
    let state = AppState::open(&dir)?;
    if std::env::var_os("LEADTRACK_SEED_DEMO").is_some() && state.store.seed_demo()? {
        tracing::info!("seeded the demo booth");
    }
    app.manage(state);
    media::enable(app);
    Ok(())
}

/// The compiled-in configuration, capabilities and UI assets.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Runs the desktop app. Startup failures (a database from a newer version, a data folder
/// that cannot be written) are shown in a dialog-free way: logged, printed, exit code 1.
pub fn run() {
    let result = builder(tauri::Builder::default()).setup(setup).run(context());
    if let Err(e) = result {
        eprintln!("LeadTrack could not start: {e}");
        tracing::error!(error = %e, "startup failed");
        std::process::exit(1);
    }
}
