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
    "users_list",
    "leads_create",
    "leads_update",
    "leads_get",
    "leads_find_by_badge",
    "leads_search",
    "leads_versions",
    "attachments_add",
    "attachments_list",
    "attachments_get",
    "badges_parse",
    "badges_scan_image",
];
