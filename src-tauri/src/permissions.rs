//! What the webview may ask the operating system for. WebKitGTK denies every request the
//! app does not answer, so voice memos (and, with badge scanning, the webcam) need a yes
//! here; everything else stays no. Only our own bundled pages run in the webview (the CSP
//! forbids remote content), so a "yes" never reaches a web page.

use tauri::webview::{PermissionKind, PermissionResponse};

/// The decision for a request from the window labelled `window`.
pub fn decide(window: &str, kind: PermissionKind) -> PermissionResponse {
    match (window, kind) {
        ("rep", PermissionKind::Microphone | PermissionKind::Camera) => PermissionResponse::Allow,
        _ => PermissionResponse::Deny,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rep_window_may_record_voice_memos_and_nothing_else_is_granted() {
        assert!(matches!(decide("rep", PermissionKind::Microphone), PermissionResponse::Allow));
        assert!(matches!(decide("rep", PermissionKind::Camera), PermissionResponse::Allow));
        assert!(matches!(decide("rep", PermissionKind::Geolocation), PermissionResponse::Deny));
        assert!(matches!(decide("rep", PermissionKind::Notifications), PermissionResponse::Deny));
        assert!(matches!(decide("stranger", PermissionKind::Microphone), PermissionResponse::Deny));
    }
}
