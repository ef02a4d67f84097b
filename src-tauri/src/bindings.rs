//! Generates `ui/src/ipc/bindings.ts` from the Rust types and the command table, and fails
//! when the committed file has drifted. Regenerate with:
//! `LEADTRACK_BLESS=1 cargo test -p leadtrack-app bindings`.

use leadtrack_domain::*;
use ts_rs::{Config, TS};

use crate::commands::app::AppInfo;
use crate::commands::attendees::{AttendeePreview, SheetRow};
use crate::commands::badges::ScannedSymbol;
use crate::commands::kiosk::{KioskConfig, KioskPrefill, KioskReceipt};
use crate::commands::leads::ExportedFile;
use crate::commands::names::{KIOSK_COMMANDS, REP_COMMANDS};
use crate::commands::session::Session;
use crate::error::{IpcError, IpcErrorKind};
use crate::events::LeadsChanged;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/ipc/bindings.ts");

/// (TypeScript function, command, arguments as (name, TypeScript type), TypeScript result).
type CommandRow = (&'static str, &'static str, &'static [(&'static str, &'static str)], &'static str);

const COMMANDS: &[CommandRow] = &[
    ("appInfo", "app_info", &[], "AppInfo"),
    ("sessionGet", "session_get", &[], "Session"),
    ("sessionSetEvent", "session_set_event", &[("id", "string")], "Session"),
    ("sessionUsers", "session_users", &[], "Array<SignInUser>"),
    ("sessionSignIn", "session_sign_in", &[("userId", "string"), ("secret", "string")], "PinCheck"),
    ("sessionChooseSecret", "session_choose_secret", &[("userId", "string"), ("secret", "string")], "PinCheck"),
    ("sessionSignOut", "session_sign_out", &[], "Session"),
    ("sessionSetIdleLock", "session_set_idle_lock", &[("minutes", "number")], "Session"),
    ("eventsList", "events_list", &[], "Array<Event>"),
    ("eventsCreate", "events_create", &[("input", "EventInput")], "Event"),
    (
        "eventsSetBadgeProfile",
        "events_set_badge_profile",
        &[("eventId", "string"), ("profile", "string | null")],
        "Event",
    ),
    ("usersList", "users_list", &[], "Array<User>"),
    ("usersTeam", "users_team", &[], "Array<TeamMember>"),
    ("usersAdd", "users_add", &[("name", "string"), ("email", "string"), ("role", "Role")], "User"),
    ("usersSetRole", "users_set_role", &[("id", "string"), ("role", "Role")], "null"),
    ("usersResetSecret", "users_reset_secret", &[("id", "string"), ("secret", "string | null")], "null"),
    ("usersSetProfile", "users_set_profile", &[("id", "string"), ("profile", "AssignProfile")], "null"),
    ("leadsCreate", "leads_create", &[("input", "LeadInput")], "Lead"),
    ("leadsUpdate", "leads_update", &[("id", "string"), ("input", "LeadInput")], "Lead"),
    ("leadsGet", "leads_get", &[("id", "string")], "Lead"),
    ("leadsFindByBadge", "leads_find_by_badge", &[("event", "string"), ("raw", "string")], "Lead | null"),
    ("leadsSearch", "leads_search", &[("query", "LeadQuery")], "Array<LeadSummary>"),
    ("leadsVersions", "leads_versions", &[("id", "string")], "Array<LeadVersion>"),
    ("leadsInteractions", "leads_interactions", &[("id", "string")], "Array<Interaction>"),
    ("leadsMerge", "leads_merge", &[("survivor", "string"), ("absorbed", "string"), ("choice", "MergeChoice")], "Lead"),
    ("leadsDuplicates", "leads_duplicates", &[("id", "string")], "Array<LeadSummary>"),
    ("leadsExport", "leads_export", &[("format", "ExportFormat"), ("query", "LeadQuery")], "ExportedFile | null"),
    ("leadsAssign", "leads_assign", &[("assignments", "Array<Assignment>")], "Array<Lead>"),
    ("leadsProposeAssignments", "leads_propose_assignments", &[("eventId", "string | null")], "Array<AssignProposal>"),
    ("auditList", "audit_list", &[("query", "AuditQuery")], "Array<AuditEntry>"),
    ("attachmentsList", "attachments_list", &[("id", "string")], "Array<Attachment>"),
    ("attachmentsGet", "attachments_get", &[("id", "string")], "ArrayBuffer"),
    ("attendeesFind", "attendees_find", &[("event", "string"), ("id", "string")], "Attendee | null"),
    ("attendeesStatus", "attendees_status", &[("event", "string")], "AttendeeListStatus"),
    ("badgesParse", "badges_parse", &[("payload", "string")], "ParsedBadge"),
    ("badgesTryProfile", "badges_try_profile", &[("profile", "string"), ("sample", "string")], "ParsedBadge"),
    ("kioskStatus", "kiosk_status", &[], "KioskStatus"),
    ("kioskSetPin", "kiosk_set_pin", &[("pin", "string")], "KioskStatus"),
    ("kioskStart", "kiosk_start", &[("eventId", "string")], "KioskStatus"),
    ("eventsSetKioskForm", "events_set_kiosk_form", &[("eventId", "string"), ("form", "KioskForm")], "Event"),
    ("kioskConfig", "kiosk_config", &[], "KioskConfig"),
    ("kioskAttract", "kiosk_attract", &[], "KioskAttract"),
    ("kioskAttractFile", "kiosk_attract_file", &[("materialId", "string")], "ArrayBuffer"),
    ("kioskScan", "kiosk_scan", &[("payload", "string")], "KioskPrefill"),
    ("kioskRegister", "kiosk_register", &[("registration", "KioskRegistration")], "KioskReceipt"),
    ("kioskExit", "kiosk_exit", &[("pin", "string")], "PinCheck"),
    ("syncGetSettings", "sync_get_settings", &[], "SyncSettings"),
    (
        "syncSetSettings",
        "sync_set_settings",
        &[("endpoint", "string"), ("deviceId", "string | null"), ("secret", "string | null")],
        "SyncSettings",
    ),
    ("syncStatus", "sync_status", &[], "SyncStatus"),
    ("syncParked", "sync_parked", &[], "Array<ParkedItem>"),
    ("syncUploadAll", "sync_upload_all", &[], "ReconcileReport"),
    ("materialsList", "materials_list", &[("query", "MaterialQuery")], "Array<Material>"),
    ("materialsPack", "materials_pack", &[], "ContentPack | null"),
    ("materialsPage", "materials_page", &[("id", "string")], "string"),
    ("materialsFile", "materials_file", &[("id", "string")], "ArrayBuffer"),
    (
        "materialsFileRange",
        "materials_file_range",
        &[("id", "string"), ("offset", "number"), ("length", "number")],
        "ArrayBuffer",
    ),
    ("materialsImportFolder", "materials_import_folder", &[], "ContentPack | null"),
    ("materialsImportZip", "materials_import_zip", &[], "ContentPack | null"),
    ("materialsDownload", "materials_download", &[], "ContentPack"),
    ("materialsPlaylistGet", "materials_playlist_get", &[("eventId", "string")], "KioskPlaylist"),
    (
        "materialsPlaylistSet",
        "materials_playlist_set",
        &[("eventId", "string"), ("playlist", "KioskPlaylist")],
        "KioskPlaylist",
    ),
    (
        "materialsRecord",
        "materials_record",
        &[("leadId", "string"), ("materialId", "string"), ("shared", "boolean")],
        "null",
    ),
    ("phoneRegistrationGet", "phone_registration_get", &[], "PhoneRegistration"),
    (
        "phoneRegistrationSet",
        "phone_registration_set",
        &[("enabled", "boolean"), ("address", "string | null")],
        "PhoneRegistration",
    ),
    ("kioskPhoneLink", "kiosk_phone_link", &[], "string | null"),
    ("followupToday", "followup_today", &[], "TodayTasks"),
    ("followupLeadTasks", "followup_lead_tasks", &[("leadId", "string")], "Array<FollowUpTask>"),
    ("followupSnooze", "followup_snooze", &[("id", "string"), ("until", "number")], "FollowUpTask"),
    ("followupTomorrowMorning", "followup_tomorrow_morning", &[("id", "string")], "number"),
    ("followupDone", "followup_done", &[("id", "string"), ("outcome", "TaskOutcome")], "FollowUpTask"),
    (
        "followupDraft",
        "followup_draft",
        &[("leadId", "string"), ("templateId", "string"), ("locale", "string")],
        "DraftView",
    ),
    ("followupOpenMail", "followup_open_mail", &[("draft", "Draft")], "null"),
    ("followupSaveEml", "followup_save_eml", &[("draft", "Draft")], "SavedFile | null"),
    ("followupMarkSent", "followup_mark_sent", &[("id", "string"), ("draft", "Draft")], "FollowUpTask"),
    ("followupExportIcs", "followup_export_ics", &[], "SavedFile | null"),
    ("followupRulesGet", "followup_rules_get", &[("eventId", "string")], "FollowUpRules"),
    (
        "followupRulesSet",
        "followup_rules_set",
        &[("eventId", "string"), ("rules", "FollowUpRules | null")],
        "FollowUpRules",
    ),
    ("followupTemplatesGet", "followup_templates_get", &[("eventId", "string")], "Array<EmailTemplate>"),
    (
        "followupTemplateSet",
        "followup_template_set",
        &[("eventId", "string"), ("template", "EmailTemplate"), ("reset", "boolean")],
        "EmailTemplate",
    ),
    ("followupTimeZoneGet", "followup_time_zone_get", &[("eventId", "string")], "string"),
    (
        "followupTimeZoneSet",
        "followup_time_zone_set",
        &[("eventId", "string"), ("timeZone", "string | null")],
        "string",
    ),
    ("pricebooksList", "pricebooks_list", &[], "Array<PricebookVersion>"),
    ("pricebooksGet", "pricebooks_get", &[("id", "string"), ("version", "number | null")], "Pricebook"),
    ("pricebooksVersions", "pricebooks_versions", &[("id", "string")], "Array<PricebookVersion>"),
    ("pricebooksUpdateProduct", "pricebooks_update_product", &[("id", "string"), ("product", "Product")], "Pricebook"),
    (
        "quotesEstimate",
        "quotes_estimate",
        &[("pricebookId", "string"), ("version", "number | null"), ("request", "EstimateRequest")],
        "Estimate",
    ),
    ("quotesSave", "quotes_save", &[("input", "QuoteInput")], "Quote"),
    ("quotesForLead", "quotes_for_lead", &[("leadId", "string")], "Array<Quote>"),
    ("promoCodesGet", "promo_codes_get", &[("eventId", "string")], "Array<PromoCode>"),
    (
        "promoCodesSet",
        "promo_codes_set",
        &[("eventId", "string"), ("userId", "string | null"), ("code", "string")],
        "Array<PromoCode>",
    ),
    ("quotesPdfSave", "quotes_pdf_save", &[("quoteId", "string"), ("text", "HandoutText")], "HandoutFile | null"),
    ("quotesPrint", "quotes_print", &[("quoteId", "string"), ("text", "HandoutText")], "PrintResult"),
    ("dashboardGet", "dashboard_get", &[("eventId", "string | null")], "Dashboard"),
    ("dashboardRoi", "dashboard_roi", &[("eventId", "string")], "ShowRoi"),
    ("dashboardCostsSet", "dashboard_costs_set", &[("eventId", "string"), ("costs", "Array<EventCost>")], "ShowRoi"),
    ("dashboardEvaluationGet", "dashboard_evaluation_get", &[("eventId", "string")], "ShowEvaluation"),
    (
        "dashboardEvaluationSet",
        "dashboard_evaluation_set",
        &[("eventId", "string"), ("evaluation", "ShowEvaluation")],
        "ShowEvaluation",
    ),
    (
        "dashboardReportSave",
        "dashboard_report_save",
        &[("eventId", "string"), ("format", "ReportFormat"), ("text", "ReportText")],
        "ReportFile | null",
    ),
    (
        "dashboardTableSave",
        "dashboard_table_save",
        &[("fileName", "string"), ("headers", "Array<string>"), ("rows", "Array<Array<string>>")],
        "ReportFile | null",
    ),
];

/// Commands whose body is raw bytes rather than JSON: (command, the whole TypeScript entry).
const RAW_COMMANDS: &[(&str, &str)] = &[
    (
        "dashboard_orders_import",
        "  dashboardOrdersImport: (eventId: string, currency: string, data: Uint8Array, fileExt: string) =>\n    \
         invoke<OrderImport>(\"dashboard_orders_import\", data, {\n      \
         headers: { \"x-event-id\": eventId, \"x-currency\": currency, \"x-file-ext\": fileExt },\n    \
         }),\n",
    ),
    (
        "kiosk_scan_frame",
        "  kioskScanFrame: (width: number, height: number, luma: Uint8Array) =>\n    \
         invoke<KioskPrefill | null>(\"kiosk_scan_frame\", luma, { headers: { \"x-width\": String(width), \"x-height\": String(height) } }),\n",
    ),
    (
        "attendees_preview",
        "  attendeesPreview: (data: Uint8Array, fileExt: string) =>\n    \
         invoke<AttendeePreview>(\"attendees_preview\", data, { headers: { \"x-file-ext\": fileExt } }),\n",
    ),
    (
        "attendees_import",
        "  attendeesImport: (eventId: string, columns: AttendeeColumns, data: Uint8Array, fileExt: string) =>\n    \
         invoke<AttendeeImport>(\"attendees_import\", data, {\n      \
         headers: { \"x-event-id\": eventId, \"x-columns\": JSON.stringify(columns), \"x-file-ext\": fileExt },\n    \
         }),\n",
    ),
    (
        "pricebooks_preview",
        "  pricebooksPreview: (data: Uint8Array, fileExt: string) =>\n    \
         invoke<PricebookPreview>(\"pricebooks_preview\", data, { headers: { \"x-file-ext\": fileExt } }),\n",
    ),
    (
        "pricebooks_import",
        "  pricebooksImport: (pricebookId: string | null, data: Uint8Array, fileExt: string) =>\n    \
         invoke<Pricebook>(\"pricebooks_import\", data, { headers: { \"x-pricebook-id\": pricebookId ?? \"\", \"x-file-ext\": fileExt } }),\n",
    ),
    (
        "attachments_add",
        "  attachmentsAdd: (leadId: string, kind: AttachmentKind, data: Uint8Array) =>\n    \
         invoke<Attachment>(\"attachments_add\", data, { headers: { \"x-lead-id\": leadId, \"x-kind\": kind } }),\n",
    ),
    (
        "badges_scan_image",
        "  badgesScanImage: (data: Uint8Array) => invoke<Array<ScannedSymbol>>(\"badges_scan_image\", data),\n",
    ),
    (
        "badges_scan_frame",
        "  badgesScanFrame: (width: number, height: number, luma: Uint8Array) =>\n    \
         invoke<Array<ScannedSymbol>>(\"badges_scan_frame\", luma, { headers: { \"x-width\": String(width), \"x-height\": String(height) } }),\n",
    ),
];

fn render() -> String {
    let cfg = Config::new();
    let decls = [
        Grade::decl(&cfg),
        Role::decl(&cfg),
        User::decl(&cfg),
        NextAction::decl(&cfg),
        LeadStatus::decl(&cfg),
        LeadSource::decl(&cfg),
        CaptureForm::decl(&cfg),
        Event::decl(&cfg),
        EventInput::decl(&cfg),
        LeadInput::decl(&cfg),
        Lead::decl(&cfg),
        LeadSummary::decl(&cfg),
        MergeSide::decl(&cfg),
        MergeChoice::decl(&cfg),
        MergeNote::decl(&cfg),
        LeadVersion::decl(&cfg),
        leadtrack_domain::InteractionKind::decl(&cfg),
        leadtrack_domain::Interaction::decl(&cfg),
        LeadQuery::decl(&cfg),
        FieldError::decl(&cfg),
        IpcErrorKind::decl(&cfg),
        IpcError::decl(&cfg),
        Session::decl(&cfg),
        AppInfo::decl(&cfg),
        LeadsChanged::decl(&cfg),
        crate::events::LeadsAssigned::decl(&cfg),
        SignInUser::decl(&cfg),
        assign::AssignProfile::decl(&cfg),
        assign::AssignReason::decl(&cfg),
        leadtrack_store::TeamMember::decl(&cfg),
        leadtrack_store::Assignment::decl(&cfg),
        leadtrack_store::AssignProposal::decl(&cfg),
        AuditAction::decl(&cfg),
        AuditEntry::decl(&cfg),
        AuditQuery::decl(&cfg),
        AttachmentKind::decl(&cfg),
        Attachment::decl(&cfg),
        leadtrack_badge::Format::decl(&cfg),
        leadtrack_badge::ContactFields::decl(&cfg),
        leadtrack_badge::Parsed::decl(&cfg),
        ScannedSymbol::decl(&cfg),
        Attendee::decl(&cfg),
        AttendeeColumns::decl(&cfg),
        AttendeeImport::decl(&cfg),
        AttendeeListStatus::decl(&cfg),
        SheetRow::decl(&cfg),
        AttendeePreview::decl(&cfg),
        kiosk::QuestionKind::decl(&cfg),
        kiosk::KioskOption::decl(&cfg),
        kiosk::KioskQuestion::decl(&cfg),
        kiosk::ConsentChannel::decl(&cfg),
        kiosk::KioskConsent::decl(&cfg),
        kiosk::KioskForm::decl(&cfg),
        kiosk::ConsentGiven::decl(&cfg),
        kiosk::Consent::decl(&cfg),
        kiosk::Answer::decl(&cfg),
        kiosk::KioskRegistration::decl(&cfg),
        kiosk::KioskStatus::decl(&cfg),
        kiosk::PinCheck::decl(&cfg),
        KioskConfig::decl(&cfg),
        KioskPrefill::decl(&cfg),
        KioskReceipt::decl(&cfg),
        leadtrack_export::ExportFormat::decl(&cfg),
        ExportedFile::decl(&cfg),
        crate::secrets::SecretStorage::decl(&cfg),
        crate::sync_task::SyncSettings::decl(&cfg),
        crate::commands::phone::NetInterface::decl(&cfg),
        crate::commands::phone::PhoneRegistration::decl(&cfg),
        leadtrack_sync::SyncStatus::decl(&cfg),
        crate::sync_client::ParkedItem::decl(&cfg),
        leadtrack_sync::MissingLead::decl(&cfg),
        leadtrack_sync::ReconcileReport::decl(&cfg),
        crate::sync_task::UploadProgress::decl(&cfg),
        leadtrack_store::leadtrack_content::Kind::decl(&cfg),
        leadtrack_store::Material::decl(&cfg),
        leadtrack_store::ContentPack::decl(&cfg),
        leadtrack_store::MaterialQuery::decl(&cfg),
        leadtrack_store::PlaylistEntry::decl(&cfg),
        leadtrack_store::KioskPlaylist::decl(&cfg),
        leadtrack_store::AttractSlide::decl(&cfg),
        leadtrack_store::KioskAttract::decl(&cfg),
        leadtrack_store::leadtrack_content::DownloadProgress::decl(&cfg),
        followup::TaskKind::decl(&cfg),
        followup::RuleStep::decl(&cfg),
        followup::FollowUpRules::decl(&cfg),
        followup::TaskStatus::decl(&cfg),
        followup::Urgency::decl(&cfg),
        followup::FollowUpTask::decl(&cfg),
        followup::ReminderState::decl(&cfg),
        followup::Alert::decl(&cfg),
        followup_mail::MergeFields::decl(&cfg),
        followup_mail::EmailTemplate::decl(&cfg),
        followup_mail::Draft::decl(&cfg),
        crate::commands::followup::TodayTasks::decl(&cfg),
        crate::commands::followup::DraftView::decl(&cfg),
        crate::commands::followup::SavedFile::decl(&cfg),
        crate::commands::followup::TaskOutcome::decl(&cfg),
        crate::reminders::Reminder::decl(&cfg),
        crate::reminders::AlertShown::decl(&cfg),
        pricebook::BelowMoq::decl(&cfg),
        pricebook::Tier::decl(&cfg),
        pricebook::Widen::decl(&cfg),
        pricebook::ProductOption::decl(&cfg),
        pricebook::Ingredient::decl(&cfg),
        pricebook::Formulation::decl(&cfg),
        pricebook::Product::decl(&cfg),
        pricebook::ShippingLane::decl(&cfg),
        pricebook::Pricebook::decl(&cfg),
        leadtrack_domain::pricebook_import::RowError::decl(&cfg),
        leadtrack_store::PricebookVersion::decl(&cfg),
        crate::commands::quotes::PricebookPreview::decl(&cfg),
        quote::DaysRange::decl(&cfg),
        quote::LineRequest::decl(&cfg),
        quote::EstimateRequest::decl(&cfg),
        quote::Warning::decl(&cfg),
        quote::LineEstimate::decl(&cfg),
        quote::Estimate::decl(&cfg),
        quote::QuoteInput::decl(&cfg),
        quote::Quote::decl(&cfg),
        quote::PromoCode::decl(&cfg),
        crate::commands::quotes::HandoutPaper::decl(&cfg),
        crate::commands::quotes::HandoutText::decl(&cfg),
        leadtrack_domain::roi::Money::decl(&cfg),
        leadtrack_domain::roi::CostCategory::decl(&cfg),
        leadtrack_domain::dashboard::Count::decl(&cfg),
        leadtrack_domain::dashboard::HourCount::decl(&cfg),
        leadtrack_domain::dashboard::FollowUpStatus::decl(&cfg),
        leadtrack_domain::dashboard::Funnel::decl(&cfg),
        leadtrack_domain::dashboard::InterestHeat::decl(&cfg),
        leadtrack_domain::dashboard::SyncBacklog::decl(&cfg),
        leadtrack_domain::dashboard::Dashboard::decl(&cfg),
        leadtrack_domain::dashboard::EventCost::decl(&cfg),
        leadtrack_domain::dashboard::OrderImport::decl(&cfg),
        leadtrack_domain::dashboard::RoiLine::decl(&cfg),
        leadtrack_domain::dashboard::ShowRoi::decl(&cfg),
        leadtrack_domain::dashboard::ShowEvaluation::decl(&cfg),
        crate::commands::dashboard::ReportText::decl(&cfg),
        crate::commands::dashboard::ReportFormat::decl(&cfg),
        crate::commands::dashboard::ReportFile::decl(&cfg),
        crate::commands::quotes::HandoutFile::decl(&cfg),
        crate::commands::quotes::PrintResult::decl(&cfg),
    ];
    let mut out = String::from(
        "// GENERATED by `LEADTRACK_BLESS=1 cargo test -p leadtrack-app bindings` from the Rust\n\
         // types in crates/leadtrack-domain and src-tauri. Do not edit; the test fails on drift.\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(d.trim());
        out.push('\n');
    }
    out.push_str(
        "\n/** Every command, one typed function each: the rep window's and the kiosk window's (each window may call only its own). */\nexport const commands = {\n",
    );
    for (ts, cmd, args, ret) in COMMANDS {
        let params = args.iter().map(|(n, t)| format!("{n}: {t}")).collect::<Vec<_>>().join(", ");
        let pass = if args.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", args.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))
        };
        out.push_str(&format!("  {ts}: ({params}) => invoke<{ret}>(\"{cmd}\"{pass}),\n"));
    }
    for (_, entry) in RAW_COMMANDS {
        out.push_str(entry);
    }
    out.push_str("};\n\n/** Events the app emits, with their payload types. */\nexport const events = {\n");
    out.push_str(&format!("  leadsChanged: \"{}\", // payload: LeadsChanged\n", crate::events::LEADS_CHANGED));
    out.push_str(&format!("  leadsAssigned: \"{}\", // payload: LeadsAssigned\n", crate::events::LEADS_ASSIGNED));
    out.push_str(&format!("  syncStatus: \"{}\", // payload: SyncStatus\n", crate::sync_task::STATUS_EVENT));
    out.push_str(&format!("  syncProgress: \"{}\", // payload: UploadProgress\n", crate::sync_task::PROGRESS_EVENT));
    out.push_str(&format!(
        "  materialsProgress: \"{}\", // payload: DownloadProgress\n",
        crate::commands::materials::PROGRESS_EVENT
    ));
    out.push_str(&format!("  followupReminder: \"{}\", // payload: Reminder\n", crate::reminders::REMINDER_EVENT));
    out.push_str(&format!("  followupAlert: \"{}\", // payload: AlertShown\n", crate::reminders::ALERT_EVENT));
    out.push_str("} as const;\n");
    out
}

#[test]
fn bindings_match_the_rust_types() {
    let fresh = render();
    if std::env::var_os("LEADTRACK_BLESS").is_some() {
        if let Err(e) = std::fs::write(PATH, &fresh) {
            panic!("cannot write {PATH}: {e}");
        }
        return;
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/ipc/bindings.ts is out of date with the Rust types; run \
         `LEADTRACK_BLESS=1 cargo test -p leadtrack-app bindings` and commit the result"
    );
}

#[test]
fn bindings_cover_every_registered_command_once() {
    let mut listed: Vec<&str> = COMMANDS.iter().map(|c| c.1).chain(RAW_COMMANDS.iter().map(|c| c.0)).collect();
    listed.sort();
    let mut registered = [REP_COMMANDS, KIOSK_COMMANDS].concat();
    registered.sort();
    assert_eq!(listed, registered);
}
