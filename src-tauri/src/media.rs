//! Microphone and camera in the webview.
//!
//! WebKitGTK needs media streams switched on explicitly on some builds. For end-to-end
//! tests on machines without a microphone or camera, `LEADTRACK_MOCK_MEDIA=1` switches on
//! WebKit's mock capture devices (a synthetic microphone and camera); real booths never set it.

use tauri::{Manager, Runtime};

pub const MOCK_ENV: &str = "LEADTRACK_MOCK_MEDIA";

pub fn enable<R: Runtime>(app: &tauri::App<R>) {
    let mock = std::env::var_os(MOCK_ENV).is_some_and(|v| v == "1");
    for window in app.webview_windows().into_values() {
        let result = window.with_webview(move |_webview| {
            #[cfg(target_os = "linux")]
            {
                use webkit2gtk::{SettingsExt, WebViewExt};
                if let Some(settings) = _webview.inner().settings() {
                    settings.set_enable_media_stream(true);
                    settings.set_enable_mock_capture_devices(mock);
                }
            }
        });
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not configure media for a window");
        }
    }
    if mock {
        tracing::warn!("{MOCK_ENV}=1: using WebKit's mock microphone and camera");
    }
}
