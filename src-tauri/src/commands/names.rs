// Every app command, in one list shared by build.rs (which generates an `allow-*`
// permission per command) and the shell (binding generation checks against it).
// Add a command here, in `commands/<area>.rs`, in `lib.rs`'s handler and in a
// capability file — the tests fail until all four agree.
#[allow(dead_code)] // read by build.rs and the tests
pub const REP_COMMANDS: &[&str] = &[
    "app_info",
    "session_get",
    "session_set_event",
    "session_set_user",
    "events_list",
    "events_create",
    "events_set_badge_profile",
    "users_list",
    "leads_create",
    "leads_update",
    "leads_get",
    "leads_find_by_badge",
    "leads_search",
    "leads_versions",
    "leads_merge",
    "leads_duplicates",
    "leads_export",
    "attachments_add",
    "attachments_list",
    "attachments_get",
    "attendees_preview",
    "attendees_import",
    "attendees_find",
    "attendees_status",
    "badges_parse",
    "badges_scan_image",
    "badges_try_profile",
    "badges_scan_frame",
    "kiosk_status",
    "kiosk_set_pin",
    "kiosk_start",
    "events_set_kiosk_form",
    "sync_get_settings",
    "sync_set_settings",
    "sync_status",
    "sync_parked",
    "sync_upload_all",
    "phone_registration_get",
    "phone_registration_set",
];

/// The kiosk window's commands: its form, badges, registering the visitor, the staff PIN. None
/// of them returns anything about another visitor.
#[allow(dead_code)] // read by build.rs and the tests
pub const KIOSK_COMMANDS: &[&str] =
    &["kiosk_config", "kiosk_scan", "kiosk_scan_frame", "kiosk_register", "kiosk_exit", "kiosk_phone_link"];
