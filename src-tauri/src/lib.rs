//! LeadTrack's desktop shell.
//!
//! The shell only wires things together: it resolves the data folder, starts logging,
//! opens the store, and exposes thin commands (parse → call a crate → map the error) to
//! the windows its capability files name. Everything that decides anything lives in the
//! crates under `crates/`, which never see Tauri.

mod commands;
mod content_protocol;
mod data_dir;
mod error;
mod events;
mod logging;
mod media;
mod open_dialog;
mod permissions;
mod reminders;
mod save_dialog;
mod secrets;
mod state;
mod sync_client;
mod sync_task;
mod windows;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod ipc_tests;

use tauri::{Manager, Runtime};

pub use error::IpcError;
pub use state::AppState;

/// Every command of both windows; `builder` checks the calling window before it runs one.
fn all_commands<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::app::app_info,
        commands::session::session_get,
        commands::session::session_set_event,
        commands::session::session_users,
        commands::session::session_sign_in,
        commands::session::session_choose_secret,
        commands::session::session_sign_out,
        commands::session::session_set_idle_lock,
        commands::events::events_list,
        commands::events::events_create,
        commands::events::events_set_badge_profile,
        commands::users::users_list,
        commands::users::users_team,
        commands::users::users_add,
        commands::users::users_set_role,
        commands::users::users_reset_secret,
        commands::users::users_set_profile,
        commands::leads::leads_create,
        commands::leads::leads_update,
        commands::leads::leads_get,
        commands::leads::leads_find_by_badge,
        commands::leads::leads_search,
        commands::leads::leads_versions,
        commands::leads::leads_interactions,
        commands::leads::leads_merge,
        commands::leads::leads_duplicates,
        commands::leads::leads_export,
        commands::leads::leads_assign,
        commands::leads::leads_propose_assignments,
        commands::leads::audit_list,
        commands::attachments::attachments_add,
        commands::attachments::attachments_list,
        commands::attachments::attachments_get,
        commands::attendees::attendees_preview,
        commands::attendees::attendees_import,
        commands::attendees::attendees_find,
        commands::attendees::attendees_status,
        commands::badges::badges_parse,
        commands::badges::badges_scan_image,
        commands::badges::badges_try_profile,
        commands::badges::badges_scan_frame,
        commands::kiosk::kiosk_status,
        commands::kiosk::kiosk_set_pin,
        commands::kiosk::kiosk_start,
        commands::kiosk::events_set_kiosk_form,
        commands::kiosk::kiosk_config,
        commands::kiosk::kiosk_scan,
        commands::kiosk::kiosk_scan_frame,
        commands::kiosk::kiosk_register,
        commands::kiosk::kiosk_exit,
        commands::kiosk::kiosk_attract,
        commands::kiosk::kiosk_attract_file,
        commands::sync::sync_get_settings,
        commands::sync::sync_set_settings,
        commands::sync::sync_status,
        commands::sync::sync_parked,
        commands::sync::sync_upload_all,
        commands::materials::materials_list,
        commands::materials::materials_pack,
        commands::materials::materials_page,
        commands::materials::materials_file,
        commands::materials::materials_file_range,
        commands::materials::materials_import_folder,
        commands::materials::materials_import_zip,
        commands::materials::materials_download,
        commands::materials::materials_record,
        commands::materials::materials_playlist_get,
        commands::materials::materials_playlist_set,
        commands::phone::phone_registration_get,
        commands::phone::phone_registration_set,
        commands::followup::followup_today,
        commands::followup::followup_lead_tasks,
        commands::followup::followup_snooze,
        commands::followup::followup_tomorrow_morning,
        commands::followup::followup_done,
        commands::followup::followup_draft,
        commands::followup::followup_open_mail,
        commands::followup::followup_save_eml,
        commands::followup::followup_mark_sent,
        commands::followup::followup_export_ics,
        commands::followup::followup_rules_get,
        commands::followup::followup_rules_set,
        commands::followup::followup_templates_get,
        commands::followup::followup_template_set,
        commands::followup::followup_time_zone_get,
        commands::followup::followup_time_zone_set,
        commands::quotes::pricebooks_preview,
        commands::quotes::pricebooks_import,
        commands::quotes::pricebooks_list,
        commands::quotes::pricebooks_get,
        commands::quotes::pricebooks_versions,
        commands::quotes::pricebooks_update_product,
        commands::quotes::quotes_estimate,
        commands::quotes::quotes_save,
        commands::quotes::quotes_for_lead,
        commands::quotes::promo_codes_get,
        commands::quotes::promo_codes_set,
        commands::quotes::quotes_pdf_save,
        commands::quotes::quotes_print,
        commands::dashboard::dashboard_get,
        commands::dashboard::dashboard_roi,
        commands::dashboard::dashboard_costs_set,
        commands::dashboard::dashboard_orders_import,
        commands::dashboard::dashboard_evaluation_get,
        commands::dashboard::dashboard_evaluation_set,
        commands::dashboard::dashboard_report_save,
        commands::dashboard::dashboard_table_save,
        commands::phone::kiosk_phone_link,
    ]
}

/// The app minus its runtime, context and state, so tests can build it on the mock
/// runtime with a store of their own.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    // The dialog plugin's commands stay unreachable: no capability grants `dialog:*`;
    // only `leads_export` opens a dialog, from Rust.
    let handler = all_commands::<R>();
    // Materials load from the cache by hash through our own scheme, not the fs asset protocol.
    content_protocol::register(builder)
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .manage(windows::KioskExit::default())
        .on_permission_request(|webview, kind| permissions::decide(webview.label(), kind))
        // Each window's commands are checked here as well as by its capability file: the
        // kiosk must never reach lead data, even through a mistake in one JSON file.
        .invoke_handler(move |invoke| {
            let (label, command) = (invoke.message.webview_ref().label().to_string(), invoke.message.command());
            if !windows::allowed(&label, command) {
                tracing::warn!(window = %label, command, "command refused for this window");
                invoke.resolver.reject(IpcError::new(
                    error::IpcErrorKind::Forbidden,
                    format!("{command} is not allowed in the {label} window"),
                ));
                return true;
            }
            handler(invoke)
        })
}

/// Resolves the data folder, starts logging, opens the store (seeding the demo booth when
/// `LEADTRACK_SEED_DEMO` is set) and hands the state to every command.
fn setup<R: Runtime>(app: &mut tauri::App<R>) -> Result<(), Box<dyn std::error::Error>> {
    let dir = data_dir::resolve(app.handle())?;
    if let Some(guard) = logging::init(&dir) {
        app.manage(guard);
    }
    let state = AppState::open(&dir)?;
    // A restart always asks who is at the laptop again.
    state.store.end_session_at_launch()?;
    if std::env::var_os("LEADTRACK_SEED_DEMO").is_some() && state.store.seed_demo()? {
        tracing::info!("seeded the demo booth");
    }
    let kiosk_on = state.store.kiosk_status()?.event_id.is_some();
    // Phone registration listens only when a rep turned it on; an address gone since is logged.
    if let Err(e) = state.phone.start_from_settings() {
        tracing::warn!(error = %e, "phone registration not started");
    }
    let store = state.store.clone();
    app.manage(state);
    // Sync runs only once an endpoint and a secret are set; a bad setting must not stop the app.
    app.manage(sync_task::SyncTask::new(secrets::Secrets::for_app(&dir)));
    if let Err(e) = app.state::<sync_task::SyncTask>().restart(app.handle(), &store) {
        tracing::warn!(error = %e.message, "sync task not started");
    }
    // Follow-up reminders: notifications and toasts for the signed-in person's due tasks.
    reminders::start(app.handle(), store.clone());
    if let Some(export_to) = save_dialog::ExportTo::from_env() {
        tracing::info!(dir = %export_to.0.display(), "exports skip the save dialog");
        app.manage(export_to);
    }
    if let Some(import_from) = open_dialog::ImportFrom::from_env() {
        tracing::info!(path = %import_from.0.display(), "content imports skip the open dialog");
        app.manage(import_from);
    }
    media::enable(app);
    // The rep window starts hidden: in kiosk mode the kiosk opens instead, before anything shows.
    windows::show_at_launch(app.handle(), kiosk_on)?;
    Ok(())
}

/// The compiled-in configuration, capabilities and UI assets.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Runs the desktop app. Startup failures (a database from a newer version, a data folder
/// that cannot be written) are shown in a dialog-free way: logged, printed, exit code 1.
pub fn run() {
    match builder(tauri::Builder::default()).setup(setup).build(context()) {
        Ok(app) => app.run(|app, event| {
            // Quitting the whole app (Cmd+Q on macOS, the last window closing) must not end
            // kiosk mode either: only the staff PIN does.
            if let tauri::RunEvent::ExitRequested { api, .. } = event {
                if windows::kiosk_holds(app) {
                    tracing::warn!("quit refused while the kiosk is open");
                    api.prevent_exit();
                }
            }
        }),
        Err(e) => {
            eprintln!("LeadTrack could not start: {e}");
            tracing::error!(error = %e, "startup failed");
            std::process::exit(1);
        }
    }
}
