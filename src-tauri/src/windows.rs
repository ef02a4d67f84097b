//! The two windows and which commands each may call, and kiosk mode's window handling: the
//! kiosk opens full screen over a hidden rep window, cannot be closed, reloaded or navigated
//! away from, and only the staff PIN brings the rep window back.
//!
//! The capability files already keep each window to its commands; [`allowed`] checks again in
//! the invoke handler, so a mistake in one JSON file does not open the kiosk to lead data.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};

use crate::commands::names::{KIOSK_COMMANDS, REP_COMMANDS};

pub const REP: &str = "rep";
pub const KIOSK: &str = "kiosk";

/// Whether the window labelled `label` may call `command`. Plugin commands (`plugin:…`) are
/// left to their capability permissions, which neither window's file grants beyond events.
pub fn allowed(label: &str, command: &str) -> bool {
    if command.starts_with("plugin:") {
        return true;
    }
    match label {
        REP => REP_COMMANDS.contains(&command),
        KIOSK => KIOSK_COMMANDS.contains(&command),
        _ => false,
    }
}

/// Set while the kiosk window is being closed by a staff PIN: the only close it lets through.
#[derive(Default)]
pub struct KioskExit(AtomicBool);

/// Opens the kiosk window (full screen, undecorated, on top) and hides the rep window. Called
/// when kiosk mode starts and at launch when it was on.
pub fn open_kiosk<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    if let Some(rep) = app.get_webview_window(REP) {
        rep.hide()?;
    }
    if let Some(kiosk) = app.get_webview_window(KIOSK) {
        kiosk.set_focus()?;
        return Ok(());
    }
    app.state::<KioskExit>().0.store(false, Ordering::SeqCst);
    let mut builder = WebviewWindowBuilder::new(app, KIOSK, WebviewUrl::App("kiosk.html".into()))
        .title("LeadTrack")
        .fullscreen(true)
        .decorations(false)
        .always_on_top(true)
        .focused(true)
        .disable_drag_drop_handler()
        // Only the app's own pages: a link or a dropped file must not take the kiosk elsewhere.
        .on_navigation(is_app_url);
    // On Linux full screen is the window manager's to grant; with none (a bare X session started
    // just for the kiosk) the window would stay small in a corner, so it also starts covering
    // the monitor.
    if cfg!(target_os = "linux") {
        if let Some(monitor) = app.primary_monitor()? {
            let scale = monitor.scale_factor();
            let (at, size) = (monitor.position().to_logical::<f64>(scale), monitor.size().to_logical::<f64>(scale));
            builder = builder.position(at.x, at.y).inner_size(size.width, size.height);
        }
    }
    let kiosk = builder.build()?;
    let app = app.clone();
    kiosk.on_window_event(move |event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            // Alt+F4, the window manager's close, Ctrl+W: only the staff PIN closes the kiosk.
            if !app.state::<KioskExit>().0.load(Ordering::SeqCst) {
                api.prevent_close();
            }
        }
    });
    Ok(())
}

/// Whether the kiosk window is open and no staff PIN has released it.
pub fn kiosk_holds<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.get_webview_window(KIOSK).is_some() && !app.state::<KioskExit>().0.load(Ordering::SeqCst)
}

/// Closes the kiosk window after a staff PIN was accepted and brings the rep window back.
pub fn close_kiosk<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    app.state::<KioskExit>().0.store(true, Ordering::SeqCst);
    if let Some(kiosk) = app.get_webview_window(KIOSK) {
        kiosk.close()?;
    }
    if let Some(rep) = app.get_webview_window(REP) {
        rep.show()?;
        rep.set_focus()?;
    }
    Ok(())
}

/// Shows the rep window at launch unless kiosk mode is on, in which case the kiosk opens
/// instead (the rep window starts hidden, so it never flashes up in front of a visitor).
pub fn show_at_launch<R: Runtime>(app: &AppHandle<R>, kiosk_on: bool) -> tauri::Result<()> {
    if kiosk_on {
        return open_kiosk(app);
    }
    if let Some(rep) = app.get_webview_window(REP) {
        rep.show()?;
    }
    Ok(())
}

fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost") || is_dev_server(url),
        _ => false,
    }
}

/// `cargo tauri dev` serves the UI from Vite on localhost.
fn is_dev_server(url: &tauri::Url) -> bool {
    cfg!(debug_assertions) && matches!(url.host_str(), Some("localhost") | Some("127.0.0.1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_window_reaches_only_its_own_commands() {
        assert!(allowed(REP, "leads_search"));
        assert!(!allowed(KIOSK, "leads_search"));
        assert!(allowed(KIOSK, "kiosk_register"));
        assert!(!allowed(REP, "kiosk_register"), "the rep window does not register visitors");
        assert!(!allowed("stranger", "app_info"));
        for cmd in REP_COMMANDS {
            assert!(!KIOSK_COMMANDS.contains(cmd), "{cmd} is in both lists");
        }
    }

    #[test]
    fn only_the_apps_own_pages_load_in_the_kiosk() {
        for ok in ["tauri://localhost/kiosk.html", "http://tauri.localhost/kiosk.html#/form"] {
            assert!(is_app_url(&ok.parse().unwrap()), "{ok}");
        }
        for bad in ["https://evil.example/", "file:///etc/passwd", "tauri://evil/", "data:text/html,hi"] {
            assert!(!is_app_url(&bad.parse().unwrap()), "{bad}");
        }
    }
}
