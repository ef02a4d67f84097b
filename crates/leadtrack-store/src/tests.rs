//! Story-style tests on real files in temp dirs (WAL behaves as in production).

use std::path::{Path, PathBuf};

use leadtrack_domain::{
    AttachmentKind, CaptureForm, Event, EventInput, Grade, LeadInput, LeadQuery, LeadStatus, MergeChoice, MergeSide,
    NextAction, Role, User,
};
use rusqlite::Connection;

use crate::{migrations, Error, Store, DB_FILE};

/// The committed database an older LeadTrack (schema 1) left behind.
const SCHEMA_V1_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/db/schema-v1.sqlite3");
/// The committed database a LeadTrack at schema 3 (attachments, before the badge index) left.
const SCHEMA_V3_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/db/schema-v3.sqlite3");
/// The committed database a LeadTrack at schema 4 (before attendee lists and merges) left.
const SCHEMA_V4_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/db/schema-v4.sqlite3");
/// The committed database a LeadTrack at schema 5 (before sync batches) left.
const SCHEMA_V5_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/db/schema-v5.sqlite3");
/// The committed database a LeadTrack at schema 6 left while uploading (an open batch).
const SCHEMA_V6_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/db/schema-v6.sqlite3");

struct Booth {
    _dir: tempfile::TempDir,
    store: Store,
    event: Event,
    rep: User,
}

fn booth() -> Booth {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let event = store
        .create_event(EventInput {
            tag: "t-1".into(),
            name: "Test Show".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-25".into(),
            booth: "A1".into(),
            country: "CN".into(),
            form: CaptureForm { required: vec!["name".into(), "company".into()], ..CaptureForm::default() },
        })
        .unwrap();
    let rep = store.create_user("Dylan", "", Role::Rep).unwrap();
    Booth { _dir: dir, store, event, rep }
}

fn lead(b: &Booth, name: &str, company: &str) -> LeadInput {
    LeadInput { event_id: b.event.id.clone(), name: name.into(), company: company.into(), ..LeadInput::default() }
}

fn count(path: &Path, table: &str) -> i64 {
    Connection::open(path).unwrap().query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn names(store: &Store, text: &str) -> Vec<String> {
    let mut v: Vec<String> = store
        .search_leads(&LeadQuery { text: text.into(), ..LeadQuery::default() })
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    v.sort();
    v
}

#[test]
fn a_fresh_store_is_at_the_latest_schema_with_every_pragma_set() {
    let b = booth();
    let c = crate::connection::open(b.store.path()).unwrap();
    let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, migrations::latest());
    let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = c.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = c.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    assert_eq!(b.store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_save_writes_the_lead_its_version_and_its_outbox_row_together() {
    let b = booth();
    let saved = b.store.create_lead(lead(&b, "Ana", "Acme"), &b.rep.id).unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(saved.event_tag, "T-1");
    assert_eq!(saved.captured_by_name, "Dylan");
    for table in ["leads", "lead_versions", "outbox"] {
        assert_eq!(count(b.store.path(), table), 1, "{table}");
    }
    assert_eq!(b.store.outbox_pending().unwrap(), 1);
}

#[test]
fn an_invalid_lead_is_refused_and_nothing_is_written() {
    let b = booth();
    let err = b.store.create_lead(lead(&b, "Ana", ""), &b.rep.id).unwrap_err();
    let Error::Invalid(v) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(v.fields[0].field, "company");
    for table in ["leads", "lead_versions", "outbox"] {
        assert_eq!(count(b.store.path(), table), 0, "{table}");
    }
}

#[test]
fn the_newest_edit_wins_and_every_earlier_version_stays_visible() {
    let b = booth();
    let first = b.store.create_lead(lead(&b, "Ana", "Acme"), &b.rep.id).unwrap();
    let lisa = b.store.create_user("Lisa", "", Role::Manager).unwrap();
    let mut edit = lead(&b, "Ana", "Acme Corp");
    edit.grade = Some(Grade::A);
    edit.next_action = Some(NextAction::Demo);
    let second = b.store.update_lead(&first.id, edit, &lisa.id).unwrap();
    assert_eq!(second.version, 2);
    assert!(second.hlc > first.hlc);
    assert_eq!(second.captured_by_name, "Dylan", "an edit does not change who captured the lead");
    let now = b.store.lead(&first.id).unwrap();
    assert_eq!((now.company.as_str(), now.grade), ("Acme Corp", Some(Grade::A)));

    let history = b.store.lead_versions(&first.id).unwrap();
    assert_eq!(history.iter().map(|v| v.version).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(history[0].author_name, "Lisa");
    assert_eq!(history[0].changed, vec!["company", "grade", "next_action"]);
    assert_eq!(history[1].lead.company, "Acme");
    assert_eq!(count(b.store.path(), "outbox"), 2);
}

#[test]
fn a_draft_stays_on_the_drafts_list_until_it_is_completed() {
    let b = booth();
    let mut half = lead(&b, "", "");
    half.email = "someone@example.com".into();
    half.draft = true;
    let draft = b.store.create_lead(half, &b.rep.id).unwrap();
    assert_eq!(draft.status, LeadStatus::Draft);
    let drafts = |s: &Store| {
        s.search_leads(&LeadQuery { status: Some(LeadStatus::Draft), ..LeadQuery::default() }).unwrap().len()
    };
    assert_eq!(drafts(&b.store), 1);

    let mut complete = lead(&b, "Sam", "Initech");
    complete.email = "someone@example.com".into();
    let done = b.store.update_lead(&draft.id, complete, &b.rep.id).unwrap();
    assert_eq!(done.status, LeadStatus::New);
    assert_eq!(drafts(&b.store), 0);
}

#[test]
fn chinese_and_persian_substrings_find_names_and_companies() {
    let b = booth();
    for (name, company) in [
        ("王伟", "深圳华强照明有限公司"),
        ("张伟", "北京照明"),
        ("رضا احمدی", "پارس روشنایی"),
        ("Anna Müller", "Lichtwerk GmbH"),
    ] {
        b.store.create_lead(lead(&b, name, company), &b.rep.id).unwrap();
    }
    assert_eq!(names(&b.store, "华强照明"), vec!["王伟"]);
    assert_eq!(names(&b.store, "照明"), vec!["张伟", "王伟"], "two characters: below trigram size");
    assert_eq!(names(&b.store, "伟"), vec!["张伟", "王伟"]);
    assert_eq!(names(&b.store, "احمد"), vec!["رضا احمدی"]);
    assert_eq!(names(&b.store, "روشن"), vec!["رضا احمدی"]);
    assert_eq!(names(&b.store, "lichtWERK"), vec!["Anna Müller"], "case-insensitive");
    assert_eq!(names(&b.store, "anna werk"), vec!["Anna Müller"], "every word must match");
    assert!(names(&b.store, "nobody").is_empty());
}

#[test]
fn hostile_text_is_stored_verbatim_and_searched_as_text() {
    let b = booth();
    let hostile = ["<img src=x onerror=alert(1)>", "'; DROP TABLE leads; --", "\" OR 1=1 --", "100% _x_ \\"];
    for h in hostile {
        b.store.create_lead(lead(&b, h, "Evil Corp"), &b.rep.id).unwrap();
    }
    for h in hostile {
        assert_eq!(names(&b.store, h), vec![h.to_string()], "{h}");
    }
    assert_eq!(names(&b.store, "%").len(), 1, "% is a literal, not a wildcard");
    assert_eq!(count(b.store.path(), "leads"), 4);
}

#[test]
fn filters_narrow_the_list_by_grade_status_and_rep() {
    let b = booth();
    let mina = b.store.create_user("Mina", "", Role::Rep).unwrap();
    let mut hot = lead(&b, "Hot", "A Co");
    hot.grade = Some(Grade::A);
    b.store.create_lead(hot, &b.rep.id).unwrap();
    b.store.create_lead(lead(&b, "Warm", "B Co"), &mina.id).unwrap();
    let q = |q: LeadQuery| b.store.search_leads(&q).unwrap().into_iter().map(|s| s.name).collect::<Vec<_>>();
    assert_eq!(q(LeadQuery { grade: Some(Grade::A), ..LeadQuery::default() }), vec!["Hot"]);
    assert_eq!(q(LeadQuery { captured_by: Some(mina.id.clone()), ..LeadQuery::default() }), vec!["Warm"]);
    assert_eq!(q(LeadQuery { event_id: Some(b.event.id.clone()), limit: Some(1), ..LeadQuery::default() }).len(), 1);
    assert!(q(LeadQuery { status: Some(LeadStatus::Won), ..LeadQuery::default() }).is_empty());
}

#[test]
fn leads_survive_closing_and_reopening_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let b = booth();
        let saved = b.store.create_lead(lead(&b, "王伟", "华强"), &b.rep.id).unwrap();
        let src = b.store.path().to_path_buf();
        drop(b.store);
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", src.display()));
            if from.exists() {
                std::fs::copy(&from, dir.path().join(format!("{DB_FILE}{suffix}"))).unwrap();
            }
        }
        saved.id
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.lead(&id).unwrap().name, "王伟");
}

#[test]
fn an_older_database_is_upgraded_and_its_leads_become_searchable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SCHEMA_V1_FIXTURE, dir.path().join(DB_FILE)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let version: i64 =
        Connection::open(store.path()).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, migrations::latest());
    assert_eq!(names(&store, "华强照明"), vec!["王伟"]);
    assert_eq!(names(&store, "احمد"), vec!["رضا احمدی"]);
    let history = store.lead_versions(&store.search_leads(&LeadQuery::default()).unwrap()[0].id).unwrap();
    assert!(!history.is_empty(), "old versions are still readable");
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let c = Connection::open(dir.path().join(DB_FILE)).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
    }
    let before = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    let err = Store::open(dir.path()).err().expect("a newer schema must be refused");
    assert!(matches!(err, Error::TooNew { found: 99, .. }), "{err:?}");
    assert!(err.to_string().contains("newer LeadTrack"), "{err}");
    assert!(std::fs::read(dir.path().join(DB_FILE)).unwrap() == before, "the file was modified");
}

#[test]
fn a_corrupt_database_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(DB_FILE), b"this is not a database, just text that looks nothing like one").unwrap();
    let err = Store::open(dir.path()).err().expect("garbage must be refused");
    assert!(!err.to_string().is_empty());
}

#[test]
fn shipped_migrations_are_never_edited() {
    // FNV-1a of each shipped file. A new migration adds a line; an edited one fails here.
    let pinned: &[(&str, u64)] = &[
        ("0001_init", 13243112989758308486),
        ("0002_lead_search", 5380805479865774909),
        ("0003_attachments", 9594440465123993174),
        ("0004_badge_lookup", 18421597959233710326),
        ("0005_attendees_merges", 7123775110894682645),
        ("0006_sync", 5714297626614539638),
        ("0007_interactions_sync", 17458629040721638102),
        ("0008_quotes", 8790037121316542047),
        ("0009_content", 4081900868603676094),
        ("0010_followup", 8387082504304553686),
        ("0011_roles_audit", 9796163074184653934),
        ("0012_roi_report", 15396020285180170536),
        ("0013_branding", 1088911262932010325),
        ("0014_kiosk_playlist", 18073671865963478530),
    ];
    let fnv = |s: &str| s.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    for ((name, sql), (pinned_name, pinned_hash)) in migrations::MIGRATIONS.iter().zip(pinned) {
        assert_eq!(name, pinned_name);
        assert_eq!(fnv(sql), *pinned_hash, "{name} was edited after shipping: add a new migration instead");
    }
    assert!(migrations::MIGRATIONS.len() >= pinned.len(), "a shipped migration was removed");
    if let Some((name, sql)) = migrations::MIGRATIONS.get(pinned.len()) {
        panic!("pin the new migration here: (\"{name}\", {}),", fnv(sql));
    }
}

#[test]
fn a_badge_scanned_again_at_the_same_show_finds_the_first_lead() {
    let b = booth();
    let scanned = |name: &str, raw: &str| LeadInput { badge_raw: Some(raw.into()), ..lead(&b, name, "Acme") };
    let first = b.store.create_lead(scanned("Lisa Wang", "MECARD:N:Wang,Lisa;;"), &b.rep.id).unwrap();
    b.store.create_lead(scanned("Lisa Again", "MECARD:N:Wang,Lisa;;"), &b.rep.id).unwrap();
    b.store.create_lead(scanned("Bo Li", "MECARD:N:Li,Bo;;"), &b.rep.id).unwrap();

    let found = b.store.lead_by_badge(&b.event.id, "MECARD:N:Wang,Lisa;;").unwrap().unwrap();
    assert_eq!(found.id, first.id);
    assert_eq!(found.captured_by_name, "Dylan");
    assert!(b.store.lead_by_badge(&b.event.id, "MECARD:N:Wang,Lisa").unwrap().is_none(), "another payload");
    assert!(b.store.lead_by_badge("another-show", "MECARD:N:Wang,Lisa;;").unwrap().is_none(), "another show");
}

fn attendee(id: &str, name: &str, company: &str, email: &str) -> leadtrack_domain::Attendee {
    leadtrack_domain::Attendee {
        attendee_id: id.into(),
        name: name.into(),
        company: company.into(),
        email: email.into(),
        ..Default::default()
    }
}

#[test]
fn an_id_only_scan_is_named_from_the_attendee_list_offline() {
    let b = booth();
    let report = b
        .store
        .import_attendees(
            &b.event.id,
            &[attendee("000123", "Lisa Wang", "Acme", "lisa@acme.cn"), attendee(" - ", "No Id", "", "")],
            &b.rep.id,
        )
        .unwrap();
    assert_eq!((report.added, report.updated, report.skipped, report.reconciled), (1, 0, 1, 0));
    assert_eq!(b.store.attendee_status(&b.event.id).unwrap().attendees, 1);
    assert_eq!(b.store.attendee(&b.event.id, "123").unwrap().unwrap().name, "Lisa Wang");

    // The badge prints the id without its zeros; what the rep typed is kept.
    let scan = LeadInput {
        event_id: b.event.id.clone(),
        attendee_id: Some("123".into()),
        title: "CTO".into(),
        badge_raw: Some("123".into()),
        ..LeadInput::default()
    };
    let lead = b.store.create_lead(scan, &b.rep.id).unwrap();
    assert_eq!((lead.name.as_str(), lead.company.as_str(), lead.title.as_str()), ("Lisa Wang", "Acme", "CTO"));
    assert_eq!(lead.email, "lisa@acme.cn");
    assert!(!lead.to_reconcile);

    // A broken email or a country name in the organiser's file does not block the save.
    let messy = leadtrack_domain::Attendee {
        country: "China".into(),
        phone: "12".into(),
        ..attendee("77", "Mei Chen", "Chen Co", "mei@")
    };
    b.store.import_attendees(&b.event.id, &[messy], &b.rep.id).unwrap();
    let scan = LeadInput { event_id: b.event.id.clone(), attendee_id: Some("77".into()), ..LeadInput::default() };
    let lead = b.store.create_lead(scan, &b.rep.id).unwrap();
    assert_eq!(
        (lead.name.as_str(), lead.email.as_str(), lead.country.as_str(), lead.phone.as_str()),
        ("Mei Chen", "", "", "")
    );
}

#[test]
fn an_unknown_id_waits_to_reconcile_and_a_later_list_names_it() {
    let b = booth();
    let scan = |id: &str| LeadInput {
        event_id: b.event.id.clone(),
        attendee_id: Some(id.into()),
        badge_raw: Some(id.into()),
        grade: Some(Grade::A),
        ..LeadInput::default()
    };
    let waiting = b.store.create_lead(scan("A-0042"), &b.rep.id).unwrap();
    let unknown = b.store.create_lead(scan("999"), &b.rep.id).unwrap();
    assert!(waiting.to_reconcile && unknown.to_reconcile);
    assert_eq!(waiting.badge_raw.as_deref(), Some("A-0042"));
    let to_reconcile = LeadQuery { to_reconcile: Some(true), ..LeadQuery::default() };
    assert_eq!(b.store.search_leads(&to_reconcile).unwrap().len(), 2);

    let report =
        b.store.import_attendees(&b.event.id, &[attendee("A42", "Bo Li", "Brightway", "")], &b.rep.id).unwrap();
    assert_eq!(report.reconciled, 1);
    let named = b.store.lead(&waiting.id).unwrap();
    assert_eq!((named.name.as_str(), named.company.as_str(), named.grade), ("Bo Li", "Brightway", Some(Grade::A)));
    assert!(!named.to_reconcile);
    assert_eq!(named.version, 2, "naming a lead is a saved version");
    assert_eq!(b.store.lead_versions(&waiting.id).unwrap()[0].changed, vec!["company", "name"]);
    let still: Vec<_> = b.store.search_leads(&to_reconcile).unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(still, vec![unknown.id]);
    assert_eq!(b.store.attendee_status(&b.event.id).unwrap().to_reconcile, 1);

    // Importing a corrected list replaces the entry; nothing is named twice.
    let again =
        b.store.import_attendees(&b.event.id, &[attendee("a-042", "Bo Li", "Brightway Ltd", "")], &b.rep.id).unwrap();
    assert_eq!((again.added, again.updated, again.reconciled), (0, 1, 0));
}

#[test]
fn the_demo_booth_is_seeded_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert!(store.seed_demo().unwrap());
    assert!(!store.seed_demo().unwrap());
    assert_eq!(store.users().unwrap().len(), 3);
    assert_eq!(store.search_leads(&LeadQuery::default()).unwrap().len(), 4);
}

/// Writes the schema-1 fixture: `cargo test -p leadtrack-store -- --ignored write_schema_v1_fixture`.
/// Run it once when a migration ships after 1; the committed file never changes after that.
#[test]
#[ignore]
fn write_schema_v1_fixture() {
    let path = Path::new(SCHEMA_V1_FIXTURE);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    let mut c = Connection::open(path).unwrap();
    migrations::apply_up_to(&mut c, 1).unwrap();
    c.execute_batch(
        r#"
        INSERT INTO users VALUES ('u1', 'Dylan Zhang', '', 'rep', 1763900000000);
        INSERT INTO events VALUES ('e1', 'OLD-SHOW-2025', 'Old Show 2025', '2025-04-15', '2025-04-19', 'B2', 'CN',
            '{"required":["name","company"],"interests":["LED panels"],"next_actions":["send_quote"]}', 1763900000000);
        INSERT INTO leads (id, event_id, status, source, channel, captured_by, company, name, title, phone, phone_e164,
            email, country, grade, key_needs, next_action, version, hlc, created_at, updated_at)
        VALUES ('l1', 'e1', 'new', 'manual', 'booth', 'u1', '深圳华强照明有限公司', '王伟', '采购经理', '138 0013 8000',
            '+8613800138000', 'wang@example.cn', '', 'A', '20k panels', 'send_quote', 1,
            '0001763900000000-00000000-dev', 1763900000000, 1763900000000),
               ('l2', 'e1', 'new', 'manual', 'booth', 'u1', 'پارس روشنایی', 'رضا احمدی', '', '', NULL,
            '', '', 'B', '', NULL, 1, '0001763900000001-00000000-dev', 1763900000001, 1763900000001);
        INSERT INTO lead_interests VALUES ('l1', 0, 'LED panels');
        INSERT INTO lead_versions VALUES ('l1', 1, '0001763900000000-00000000-dev', 'u1', 1763900000000,
            '{"id":"l1","event_id":"e1","event_tag":"OLD-SHOW-2025","status":"new","source":"manual","channel":"booth","captured_by":"u1","captured_by_name":"Dylan Zhang","assigned_to":null,"company":"深圳华强照明有限公司","name":"王伟","title":"采购经理","phone":"138 0013 8000","phone_e164":"+8613800138000","email":"wang@example.cn","country":"","grade":"A","interests":["LED panels"],"key_needs":"20k panels","next_action":"send_quote","badge_raw":null,"badge_format":null,"version":1,"hlc":"0001763900000000-00000000-dev","created_at":1763900000000,"updated_at":1763900000000}');
        INSERT INTO lead_versions VALUES ('l2', 1, '0001763900000001-00000000-dev', 'u1', 1763900000001,
            '{"id":"l2","event_id":"e1","event_tag":"OLD-SHOW-2025","status":"new","source":"manual","channel":"booth","captured_by":"u1","captured_by_name":"Dylan Zhang","assigned_to":null,"company":"پارس روشنایی","name":"رضا احمدی","title":"","phone":"","phone_e164":null,"email":"","country":"","grade":"B","interests":[],"key_needs":"","next_action":null,"badge_raw":null,"badge_format":null,"version":1,"hlc":"0001763900000001-00000000-dev","created_at":1763900000001,"updated_at":1763900000001}');
        INSERT INTO outbox (lead_id, version, hlc, enqueued_at) VALUES ('l1', 1, '0001763900000000-00000000-dev', 1763900000000);
        PRAGMA journal_mode = DELETE;
        "#,
    )
    .unwrap();
}

#[test]
fn the_clock_keeps_moving_forward_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (first, event_id, rep_id) = {
        let b = booth();
        let first = b.store.create_lead(lead(&b, "Ana", "Acme"), &b.rep.id).unwrap();
        // Move this booth's database into `dir` with the store closed, as a restart would.
        let src = b.store.path().to_path_buf();
        let (event_id, rep_id) = (b.event.id.clone(), b.rep.id.clone());
        drop(b.store);
        std::fs::copy(&src, dir.path().join(DB_FILE)).unwrap();
        (first, event_id, rep_id)
    };
    let store = Store::open(dir.path()).unwrap();
    let input = LeadInput { event_id, name: "Bo".into(), company: "B".into(), ..LeadInput::default() };
    let second = store.create_lead(input, &rep_id).unwrap();
    assert!(second.hlc > first.hlc, "{} !> {}", second.hlc, first.hlc);
}

#[test]
fn a_batch_of_leads_is_saved_whole_or_not_at_all() {
    let b = booth();
    let good = lead(&b, "Ana", "Acme");
    let bad = lead(&b, "No company", "");
    assert!(b.store.create_leads(vec![good.clone(), bad], &b.rep.id).is_err());
    assert_eq!(count(b.store.path(), "leads"), 0);
    assert_eq!(b.store.create_leads(vec![good.clone(), good], &b.rep.id).unwrap().len(), 2);
    let listed = b.store.search_leads(&LeadQuery { text: "Acme".into(), ..LeadQuery::default() }).unwrap();
    assert_eq!(listed.len(), 2);
}

#[test]
fn a_lead_is_findable_the_instant_it_is_saved_and_after_it_is_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_without_background(dir.path()).unwrap();
    let event = store
        .create_event(EventInput {
            tag: "Q".into(),
            name: "Queue Show".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-23".into(),
            booth: String::new(),
            country: String::new(),
            form: CaptureForm::default(),
        })
        .unwrap();
    let rep = store.create_user("Rep", "", Role::Rep).unwrap();
    let input = |name: &str, company: &str| LeadInput {
        event_id: event.id.clone(),
        name: name.into(),
        company: company.into(),
        ..LeadInput::default()
    };
    let old = store.create_lead(input("王伟", "华强照明"), &rep.id).unwrap();
    assert_eq!(store.index_pending().unwrap(), 1);
    store.create_lead(input("李娜", "华强照明二厂"), &rep.id).unwrap();
    assert_eq!(store.queued_for_search().unwrap(), 1, "the new lead waits for the indexer");
    assert_eq!(names(&store, "华强照明"), vec!["李娜", "王伟"], "queued and indexed leads both found");

    // An edit re-queues the lead: its old name stops matching at once, the new one matches.
    store.update_lead(&old.id, input("王强", "深圳新光"), &rep.id).unwrap();
    assert_eq!(names(&store, "华强照明"), vec!["李娜"]);
    assert_eq!(names(&store, "深圳新光"), vec!["王强"]);
    assert_eq!(store.index_pending().unwrap(), 2);
    assert_eq!(store.queued_for_search().unwrap(), 0);
    assert_eq!(names(&store, "华强照明"), vec!["李娜"]);
    assert_eq!(names(&store, "深圳新光"), vec!["王强"]);
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a tiny stand-in for a business card photo";

#[test]
fn a_photo_is_kept_once_per_content_and_listed_with_its_lead() {
    let b = booth();
    let saved = b.store.create_lead(lead(&b, "Ana", "Acme"), &b.rep.id).unwrap();
    let card = b.store.add_attachment(&saved.id, AttachmentKind::Card, PNG, &b.rep.id).unwrap();
    let again = b.store.add_attachment(&saved.id, AttachmentKind::Drawing, PNG, &b.rep.id).unwrap();
    assert_eq!((card.mime.as_str(), card.bytes), ("image/png", PNG.len() as i64));
    assert_eq!(card.sha256, again.sha256);
    let files: Vec<_> = walk(&b.store.path().parent().unwrap().join("attachments"));
    assert_eq!(files.len(), 1, "the same bytes are stored once: {files:?}");
    let listed = b.store.attachments(&saved.id).unwrap();
    assert_eq!(listed.iter().map(|a| a.kind).collect::<Vec<_>>(), vec![AttachmentKind::Card, AttachmentKind::Drawing]);
    assert_eq!(b.store.attachment_bytes(&card.id).unwrap().1, PNG);
}

#[test]
fn a_broken_or_misplaced_attachment_is_refused_or_reported() {
    let b = booth();
    let saved = b.store.create_lead(lead(&b, "Ana", "Acme"), &b.rep.id).unwrap();
    let err = b.store.add_attachment(&saved.id, AttachmentKind::Card, b"<svg onload=alert(1)>", &b.rep.id).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    let err = b.store.add_attachment("no-such-lead", AttachmentKind::Card, PNG, &b.rep.id).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(walk(&b.store.path().parent().unwrap().join("attachments")).is_empty());

    let card = b.store.add_attachment(&saved.id, AttachmentKind::Card, PNG, &b.rep.id).unwrap();
    let file = walk(&b.store.path().parent().unwrap().join("attachments")).remove(0);
    std::fs::write(&file, b"\x89PNG\r\n\x1a\n but not the same bytes").unwrap();
    let err = b.store.attachment_bytes(&card.id).unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged"));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

/// Writes the schema-3 fixture from the schema-1 one plus an attachment row, the way a
/// LeadTrack at schema 3 would have left it. Run once; the committed file never changes.
#[test]
#[ignore]
fn write_schema_v3_fixture() {
    let path = Path::new(SCHEMA_V3_FIXTURE);
    let _ = std::fs::remove_file(path);
    std::fs::copy(SCHEMA_V1_FIXTURE, path).unwrap();
    let mut c = Connection::open(path).unwrap();
    migrations::apply_up_to(&mut c, 3).unwrap();
    c.execute_batch(
        r#"
        UPDATE leads SET badge_raw = 'MECARD:N:Wang,Wei;ORG:Huaqiang;;', badge_format = 'mecard' WHERE id = 'l1';
        INSERT INTO attachments VALUES ('a1', 'l1', 'card', 'image/png',
            'aa3f5c0e1d0e6b1fd3fb3c0b4b2a7f6e0d7c1b3a2f4e5d6c7b8a9f0e1d2c3b4a', 12, 1763900000002, 'u1');
        PRAGMA journal_mode = DELETE;
        "#,
    )
    .unwrap();
}

#[test]
fn a_schema_3_database_is_upgraded_and_its_badge_lookup_works() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SCHEMA_V3_FIXTURE, dir.path().join(DB_FILE)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let version: i64 =
        Connection::open(store.path()).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, migrations::latest());
    let found = store.lead_by_badge("e1", "MECARD:N:Wang,Wei;ORG:Huaqiang;;").unwrap().expect("the scanned lead");
    assert_eq!(found.name, "王伟");
    assert_eq!(store.attachments("l1").unwrap().len(), 1, "attachment rows survive the upgrade");
    assert_eq!(names(&store, "华强照明"), vec!["王伟"]);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// Writes the schema-4 fixture: `cargo test -p leadtrack-store -- --ignored write_schema_v4_fixture`.
#[test]
#[ignore]
fn write_schema_v4_fixture() {
    let path = Path::new(SCHEMA_V4_FIXTURE);
    let _ = std::fs::remove_file(path);
    std::fs::copy(SCHEMA_V3_FIXTURE, path).unwrap();
    let mut c = Connection::open(path).unwrap();
    migrations::apply_up_to(&mut c, 4).unwrap();
    c.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
}

#[test]
fn a_schema_4_database_is_upgraded_and_its_leads_take_attendee_lists_and_merges() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SCHEMA_V4_FIXTURE, dir.path().join(DB_FILE)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let old = store.lead("l1").unwrap();
    assert_eq!((old.attendee_id.as_deref(), old.to_reconcile, old.merged_into.as_deref()), (None, false, None));
    // Versions frozen before schema 5 lack the new fields and still read.
    assert!(!store.lead_versions("l1").unwrap().is_empty());
    store.import_attendees("e1", &[attendee("9", "Someone", "Co", "")], "u1").unwrap();
    let edited = store
        .update_lead(
            "l1",
            LeadInput { attendee_id: Some("0009".into()), title: "Buyer".into(), ..old.to_input() },
            "u1",
        )
        .unwrap();
    assert_eq!((edited.name.as_str(), edited.attendee_id.as_deref()), ("王伟", Some("0009")), "the rep's name is kept");
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// Writes the schema-5 fixture: `cargo test -p leadtrack-store -- --ignored write_schema_v5_fixture`.
#[test]
#[ignore]
fn write_schema_v5_fixture() {
    let path = Path::new(SCHEMA_V5_FIXTURE);
    let _ = std::fs::remove_file(path);
    std::fs::copy(SCHEMA_V4_FIXTURE, path).unwrap();
    let mut c = Connection::open(path).unwrap();
    migrations::apply_up_to(&mut c, 5).unwrap();
    c.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
}

#[test]
fn a_schema_5_database_is_upgraded_and_its_waiting_outbox_rows_are_sent_in_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SCHEMA_V5_FIXTURE, dir.path().join(DB_FILE)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let waiting = store.sync_status().unwrap();
    assert!(waiting.pending > 0, "the fixture's unsent saves are still waiting");
    let encode = |id: &str, items: &[crate::sync::OutboxItem], _: &[leadtrack_domain::Interaction]| {
        serde_json::to_vec(&(id, items.iter().map(|i| i.lead.id.clone()).collect::<Vec<_>>()))
    };
    let batch = store.freeze_batch(1000, 1 << 20, &encode).unwrap().expect("a batch of the old rows");
    assert!(batch.items.iter().any(|(id, _)| id == "l1"));
    assert_eq!(store.sync_status().unwrap().inflight, waiting.pending);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

/// Writes the schema-6 fixture: `cargo test -p leadtrack-store -- --ignored write_schema_v6_fixture`.
/// The schema-5 fixture migrated to 6, with its waiting rows frozen in an open batch, as a
/// device that was uploading when it was updated leaves it.
#[test]
#[ignore]
fn write_schema_v6_fixture() {
    let path = Path::new(SCHEMA_V6_FIXTURE);
    let _ = std::fs::remove_file(path);
    std::fs::copy(SCHEMA_V5_FIXTURE, path).unwrap();
    let mut c = Connection::open(path).unwrap();
    migrations::apply_up_to(&mut c, 6).unwrap();
    c.execute_batch(
        "INSERT INTO sync_batches (batch_id, created_at, body, items)
           SELECT 'b-open', 1, CAST('{\"frozen\":\"before 0007\"}' AS BLOB), COUNT(*) FROM outbox WHERE state = 'pending';
         UPDATE outbox SET state = 'inflight', batch_id = 'b-open', attempts = attempts + 1 WHERE state = 'pending';
         PRAGMA journal_mode = DELETE;",
    )
    .unwrap();
}

#[test]
fn a_schema_6_database_mid_upload_is_upgraded_and_resends_its_open_batch_unchanged() {
    use leadtrack_domain::InteractionKind;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SCHEMA_V6_FIXTURE, dir.path().join(DB_FILE)).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let encode = |_: &str, _: &[crate::sync::OutboxItem], _: &[leadtrack_domain::Interaction]| Ok(b"new".to_vec());
    let open = store.freeze_batch(1000, 1 << 20, &encode).unwrap().expect("the open batch");
    assert_eq!((open.batch_id.as_str(), open.body.as_slice()), ("b-open", br#"{"frozen":"before 0007"}"#.as_slice()));
    assert!(!open.items.is_empty() && open.interactions.is_empty());
    // The upgraded store records interactions on the old leads.
    let (lead, user): (String, String) = Connection::open(dir.path().join(DB_FILE))
        .unwrap()
        .query_row("SELECT id, captured_by FROM leads LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    store.record_interaction(&lead, InteractionKind::Call, "Called back", serde_json::json!({}), &user).unwrap();
    assert_eq!(store.lead_interactions(&lead).unwrap().len(), 1);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

// --- Merging two leads of one visitor -------------------------------------------------------

/// Bo Li captured twice at the show: once by Dylan (then edited), once by Lisa.
fn twice_captured(b: &Booth) -> (leadtrack_domain::Lead, leadtrack_domain::Lead, User) {
    let lisa = b.store.create_user("Lisa", "", Role::Manager).unwrap();
    let first = LeadInput {
        email: "bo.li@mingliang.example.cn".into(),
        grade: Some(Grade::C),
        interests: vec!["LED panels".into(), "drivers".into()],
        key_needs: "Needs 5,000 panels.".into(),
        ..lead(b, "Bo Li", "Mingliang")
    };
    let kept = b.store.create_lead(first.clone(), &b.rep.id).unwrap();
    let kept = b.store.update_lead(&kept.id, LeadInput { title: "Buyer".into(), ..first }, &b.rep.id).unwrap();
    let second = LeadInput {
        phone: "138 0013 8000".into(),
        email: "BO.LI@mingliang.example.cn".into(),
        grade: Some(Grade::A),
        interests: vec!["OEM".into(), "LED panels".into()],
        key_needs: "Wants a factory visit.".into(),
        next_action: Some(NextAction::Demo),
        ..lead(b, "Li Bo", "Mingliang Lighting")
    };
    let other = b.store.create_lead(second, &lisa.id).unwrap();
    (kept, other, lisa)
}

fn refusal_code(err: Error) -> String {
    let Error::Invalid(v) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(v.fields[0].field, "merge");
    v.fields[0].code.clone()
}

#[test]
fn a_merge_keeps_both_histories_on_the_survivor_with_the_merge_as_a_version() {
    let b = booth();
    let (kept, other, lisa) = twice_captured(&b);
    let merged = b.store.merge_leads(&kept.id, &other.id, MergeChoice::default(), &lisa.id).unwrap();
    assert_eq!(merged.version, 3);

    let history = b.store.lead_versions(&kept.id).unwrap();
    let seen: Vec<(&str, u32)> = history.iter().map(|v| (v.lead_id.as_str(), v.version)).collect();
    assert_eq!(
        seen,
        vec![
            (kept.id.as_str(), 3),
            (other.id.as_str(), 2),
            (other.id.as_str(), 1),
            (kept.id.as_str(), 2),
            (kept.id.as_str(), 1)
        ],
        "newest first across both leads"
    );
    let note = history[0].merge.as_ref().expect("the merge is a version of the survivor");
    assert_eq!((note.other_id.as_str(), note.other_name.as_str(), note.absorbed), (other.id.as_str(), "Li Bo", false));
    assert_eq!(history[0].author_name, "Lisa");
    assert!(history[0].changed.contains(&"interests".to_string()), "{:?}", history[0].changed);
    let into = history[1].merge.as_ref().expect("the absorbed lead's last version says where it went");
    assert_eq!((into.other_id.as_str(), into.absorbed), (kept.id.as_str(), true));
    assert_eq!(history[1].lead.merged_into.as_deref(), Some(kept.id.as_str()));
    assert_eq!(history[2].author_name, "Lisa", "the absorbed lead's own versions keep their authors");

    // An old link to the absorbed lead still opens it, pointing at the survivor.
    let gone = b.store.lead(&other.id).unwrap();
    assert_eq!((gone.merged_into.as_deref(), gone.version, gone.name.as_str()), (Some(kept.id.as_str()), 2, "Li Bo"));
    assert_eq!(b.store.lead_versions(&other.id).unwrap().len(), 2);
}

#[test]
fn a_merge_takes_the_chosen_fields_every_interest_both_needs_and_the_better_grade() {
    let b = booth();
    let (kept, other, lisa) = twice_captured(&b);
    let choice = MergeChoice {
        company: Some(MergeSide::Absorbed),
        name: Some(MergeSide::Survivor),
        survivor_version: Some(kept.version),
        absorbed_version: Some(other.version),
        ..MergeChoice::default()
    };
    let merged = b.store.merge_leads(&kept.id, &other.id, choice, &lisa.id).unwrap();
    assert_eq!(
        (merged.name.as_str(), merged.company.as_str(), merged.title.as_str()),
        ("Bo Li", "Mingliang Lighting", "Buyer")
    );
    assert_eq!(merged.phone_e164.as_deref(), Some("+8613800138000"), "an empty phone is filled from the other lead");
    assert_eq!(merged.email, "bo.li@mingliang.example.cn");
    assert_eq!(merged.interests, vec!["LED panels", "drivers", "OEM"]);
    assert_eq!(merged.key_needs, "Needs 5,000 panels.\n\nWants a factory visit.");
    assert_eq!((merged.grade, merged.next_action), (Some(Grade::A), Some(NextAction::Demo)));
    assert_eq!((merged.captured_by_name.as_str(), merged.id.as_str()), ("Dylan", kept.id.as_str()));
    assert_eq!(b.store.lead(&kept.id).unwrap(), merged, "what is returned is what is stored");
}

#[test]
fn the_absorbed_leads_photos_show_on_the_survivor_and_nothing_is_deleted() {
    let b = booth();
    let (kept, other, lisa) = twice_captured(&b);
    let card = b.store.add_attachment(&other.id, AttachmentKind::Card, PNG, &lisa.id).unwrap();
    let own = b.store.add_attachment(&kept.id, AttachmentKind::Person, PNG, &b.rep.id).unwrap();
    b.store.merge_leads(&kept.id, &other.id, MergeChoice::default(), &lisa.id).unwrap();
    let ids: Vec<String> = b.store.attachments(&kept.id).unwrap().into_iter().map(|a| a.id).collect();
    assert_eq!(ids, vec![card.id.clone(), own.id], "oldest first, both leads'");
    assert_eq!(b.store.attachments(&other.id).unwrap().len(), 1, "still listed on the absorbed lead");
    assert_eq!(b.store.attachment_bytes(&card.id).unwrap().1, PNG);
    assert_eq!(count(b.store.path(), "leads"), 2);
    assert_eq!(count(b.store.path(), "attachments"), 2);
}

#[test]
fn a_merge_queues_both_leads_for_sync_and_the_absorbed_one_leaves_lists_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_without_background(dir.path()).unwrap();
    let b =
        Booth { event: booth_event(&store), rep: store.create_user("Dylan", "", Role::Rep).unwrap(), store, _dir: dir };
    let (kept, other, lisa) = twice_captured(&b);
    b.store.index_pending().unwrap();
    assert_eq!(names(&b.store, "Mingliang"), vec!["Bo Li", "Li Bo"]);
    let outbox_before = count(b.store.path(), "outbox");

    b.store.merge_leads(&kept.id, &other.id, MergeChoice::default(), &lisa.id).unwrap();
    let c = Connection::open(b.store.path()).unwrap();
    let queued: Vec<(String, i64)> = c
        .prepare("SELECT lead_id, version FROM outbox ORDER BY seq DESC LIMIT 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(queued, vec![(kept.id.clone(), 3), (other.id.clone(), 2)]);
    assert_eq!(count(b.store.path(), "outbox"), outbox_before + 2);

    // Gone from search at once (waiting in the queue) and once indexed.
    assert_eq!(b.store.queued_for_search().unwrap(), 2);
    assert_eq!(names(&b.store, "Mingliang"), vec!["Bo Li"]);
    b.store.index_pending().unwrap();
    assert_eq!(names(&b.store, "Mingliang"), vec!["Bo Li"]);
    assert_eq!(names(&b.store, "Lighting"), Vec::<String>::new(), "only the absorbed lead had this company");
    let indexed: i64 = c.query_row("SELECT COUNT(*) FROM leads_fts", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, 1, "the merged lead left the index");
    assert_eq!(names(&b.store, ""), vec!["Bo Li"]);
}

fn booth_event(store: &Store) -> Event {
    store
        .create_event(EventInput {
            tag: "t-1".into(),
            name: "Test Show".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-25".into(),
            booth: "A1".into(),
            country: "CN".into(),
            form: CaptureForm { required: vec!["name".into(), "company".into()], ..CaptureForm::default() },
        })
        .unwrap()
}

#[test]
fn merges_that_make_no_sense_are_refused_with_a_code_and_write_nothing() {
    let b = booth();
    let (kept, other, lisa) = twice_captured(&b);
    let elsewhere = b
        .store
        .create_event(EventInput { tag: "t-2".into(), name: "Other Show".into(), ..booth_event_input() })
        .unwrap();
    let there = b
        .store
        .create_lead(LeadInput { event_id: elsewhere.id.clone(), ..lead(&b, "Bo Li", "Mingliang") }, &b.rep.id)
        .unwrap();
    let third = b.store.create_lead(lead(&b, "Bo", "ML"), &b.rep.id).unwrap();
    let merge = |s: &str, a: &str, choice: MergeChoice| b.store.merge_leads(s, a, choice, &lisa.id);
    let written = || count(b.store.path(), "outbox");
    let before = written();

    assert_eq!(refusal_code(merge(&kept.id, &kept.id, MergeChoice::default()).unwrap_err()), "merge_self");
    assert_eq!(refusal_code(merge(&kept.id, &there.id, MergeChoice::default()).unwrap_err()), "other_show");
    let stale = MergeChoice { survivor_version: Some(kept.version - 1), ..MergeChoice::default() };
    assert_eq!(refusal_code(merge(&kept.id, &other.id, stale).unwrap_err()), "changed_since");
    assert!(matches!(merge(&kept.id, "no-such-lead", MergeChoice::default()), Err(Error::NotFound { .. })));
    assert_eq!(written(), before);

    merge(&kept.id, &other.id, MergeChoice::default()).unwrap();
    let after = written();
    assert_eq!(refusal_code(merge(&third.id, &other.id, MergeChoice::default()).unwrap_err()), "already_merged");
    assert_eq!(refusal_code(merge(&other.id, &third.id, MergeChoice::default()).unwrap_err()), "survivor_merged");
    let late_edit = b.store.update_lead(&other.id, other.to_input(), &b.rep.id).unwrap_err();
    assert_eq!(refusal_code(late_edit), "merged", "edits go to the survivor");
    assert_eq!(written(), after);
    assert_eq!(b.store.lead(&third.id).unwrap().merged_into, None);
}

fn booth_event_input() -> EventInput {
    EventInput {
        tag: String::new(),
        name: String::new(),
        starts_on: "2026-11-23".into(),
        ends_on: "2026-11-25".into(),
        booth: String::new(),
        country: "CN".into(),
        form: CaptureForm::default(),
    }
}

#[test]
fn an_edit_racing_a_merge_is_merged_or_refused_never_lost() {
    for round in 0..20 {
        let b = booth();
        let (kept, other, lisa) = twice_captured(&b);
        let store = std::sync::Arc::new(b.store);
        let needs = format!("Factory visit in May, round {round}.");
        let edit = LeadInput { key_needs: needs.clone(), ..other.to_input() };
        let (s1, s2, kept_id, other_id, merger) =
            (store.clone(), store.clone(), kept.id.clone(), other.id.clone(), lisa.id.clone());
        let merging = std::thread::spawn(move || s1.merge_leads(&kept_id, &other_id, MergeChoice::default(), &merger));
        let editing = std::thread::spawn(move || s2.update_lead(&other.id, edit, &lisa.id));
        let merged = merging.join().unwrap().unwrap();
        match editing.join().unwrap() {
            // Saved first: the merge read it and kept it (both key-needs texts are kept).
            Ok(saved) => {
                assert_eq!(saved.version, 2);
                assert!(merged.key_needs.ends_with(&needs), "{}", merged.key_needs);
            }
            // Arrived after the merge: refused, so the rep redoes it on the survivor.
            Err(e) => {
                assert_eq!(refusal_code(e), "merged");
                assert!(merged.key_needs.ends_with("Wants a factory visit."), "{}", merged.key_needs);
            }
        }
        assert_eq!(merged.version, 3);
    }
}

#[test]
fn a_badge_scanned_after_its_lead_was_merged_opens_the_survivor() {
    let b = booth();
    let badge = "MECARD:N:Li,Bo;ORG:Mingliang;;";
    let scanned = b
        .store
        .create_lead(LeadInput { badge_raw: Some(badge.into()), ..lead(&b, "Li Bo", "Mingliang") }, &b.rep.id)
        .unwrap();
    let typed = b.store.create_lead(lead(&b, "Bo Li", "Mingliang"), &b.rep.id).unwrap();
    b.store.merge_leads(&typed.id, &scanned.id, MergeChoice::default(), &b.rep.id).unwrap();
    let found = b.store.lead_by_badge(&b.event.id, badge).unwrap().unwrap();
    assert_eq!(found.id, typed.id);
    assert_eq!(found.badge_raw.as_deref(), Some(badge), "the survivor took the badge it lacked");
}

#[test]
fn a_lead_of_the_same_show_with_the_same_email_or_phone_is_a_possible_duplicate() {
    let b = booth();
    let (kept, other, lisa) = twice_captured(&b);
    b.store.create_lead(LeadInput { phone: "+86 138 0013 8000".into(), ..lead(&b, "Mr Li", "ML") }, &b.rep.id).unwrap();
    let elsewhere = b
        .store
        .create_event(EventInput { tag: "t-2".into(), name: "Other Show".into(), ..booth_event_input() })
        .unwrap();
    b.store
        .create_lead(
            LeadInput {
                event_id: elsewhere.id.clone(),
                email: "bo.li@mingliang.example.cn".into(),
                ..lead(&b, "Bo Li", "Mingliang")
            },
            &b.rep.id,
        )
        .unwrap();
    b.store.create_lead(LeadInput { email: "li@other.example".into(), ..lead(&b, "Li", "Other") }, &b.rep.id).unwrap();
    let dupes =
        |id: &str| -> Vec<String> { b.store.possible_duplicates(id).unwrap().into_iter().map(|s| s.name).collect() };
    // Found while still queued for the index, and after indexing.
    assert_eq!(dupes(&kept.id), vec!["Li Bo"], "the same email in other letters");
    b.store.index_pending().unwrap();
    assert_eq!(dupes(&kept.id), vec!["Li Bo"]);
    assert_eq!(dupes(&other.id), vec!["Bo Li", "Mr Li"], "the same email, the same number typed the same way");

    b.store.merge_leads(&kept.id, &other.id, MergeChoice::default(), &lisa.id).unwrap();
    assert_eq!(dupes(&kept.id), vec!["Mr Li"], "the survivor took the phone; the merged lead is no candidate");
    assert_eq!(dupes(&other.id), Vec::<String>::new());
}

// --- Kiosk mode -----------------------------------------------------------------------------

#[test]
fn kiosk_mode_needs_a_pin_survives_a_restart_and_ends_only_with_the_pin() {
    use leadtrack_domain::kiosk::PinCheck;
    let dir = tempfile::tempdir().unwrap();
    let event_id = {
        let store = Store::open(dir.path()).unwrap();
        let event = store
            .create_event(EventInput {
                tag: "KIOSK-1".into(),
                name: "Kiosk Show".into(),
                starts_on: "2026-11-23".into(),
                ends_on: "2026-11-24".into(),
                booth: String::new(),
                country: "DE".into(),
                form: CaptureForm::default(),
            })
            .unwrap();
        let refused = store.start_kiosk(&event.id).unwrap_err();
        assert!(matches!(&refused, Error::Invalid(v) if v.fields[0].code == "pin_not_set"), "{refused}");
        assert!(matches!(store.set_kiosk_pin("1234"), Err(Error::Invalid(_))), "weak PINs are refused");
        store.set_kiosk_pin("2580").unwrap();
        store.start_kiosk(&event.id).unwrap();
        event.id
    };
    // A restart (or a pulled plug) does not leave kiosk mode, and does not forget wrong guesses.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.kiosk_status().unwrap().event_id.as_deref(), Some(event_id.as_str()));
    let t0 = 1_800_000_000_000;
    for left in (1..5).rev() {
        assert_eq!(store.exit_kiosk("0000", t0).unwrap(), PinCheck::Wrong { attempts_left: left });
    }
    let locked = PinCheck::LockedOut { until: t0 + 5 * 60_000 };
    assert_eq!(store.exit_kiosk("0000", t0).unwrap(), locked);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.exit_kiosk("2580", t0 + 60_000).unwrap(), locked, "even the right PIN waits out a lockout");
    assert!(store.kiosk_status().unwrap().event_id.is_some());
    assert_eq!(store.exit_kiosk("۲۵۸۰", t0 + 5 * 60_000).unwrap(), PinCheck::Accepted, "typed on a Persian keyboard");
    assert_eq!(store.kiosk_status().unwrap().event_id, None);
    // The hash is argon2id, never the PIN.
    let hash = store.setting("kiosk.pin_hash").unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains("2580"));
    assert_eq!(store.kiosk_user().unwrap().id, store.kiosk_user().unwrap().id, "one kiosk user per device");
}

#[test]
fn a_visitor_registers_at_the_kiosk_as_a_kiosk_lead_with_consent_and_answers() {
    use leadtrack_domain::kiosk::KioskRegistration;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.seed_demo().unwrap();
    let reg = KioskRegistration {
        name: "Reza Ahmadi".into(),
        company: "Pars Roshanai".into(),
        email: "reza@pars.example.ir".into(),
        interests: vec!["Solar".into()],
        answers: [("purpose".to_string(), vec!["source".to_string()])].into(),
        consent: vec!["email".into()],
        language: "fa".into(),
        ..Default::default()
    };
    let off = store.register_visitor(reg.clone(), 7).unwrap_err();
    assert!(matches!(&off, Error::Invalid(v) if v.fields[0].code == "kiosk_off"), "{off}");

    let event = store.events().unwrap().remove(0);
    store.set_kiosk_pin("2580").unwrap();
    store.start_kiosk(&event.id).unwrap();
    // The demo show's rep form requires a grade; a visitor is not asked for one.
    let lead = store.register_visitor(reg.clone(), 7).unwrap();
    assert_eq!(
        (lead.source, lead.status, lead.captured_by_name.as_str()),
        (leadtrack_domain::LeadSource::Kiosk, LeadStatus::New, "Kiosk")
    );
    let again = store.lead(&lead.id).unwrap();
    let consent = again.consent.clone().unwrap();
    assert_eq!((consent.language.as_str(), consent.version.as_str(), consent.given_at), ("fa", "2026-11-v1", 7));
    assert_eq!(consent.channels[0].channel, "email");
    assert_eq!(again.answers[0].labels, vec!["یافتن تأمین‌کننده"]);
    assert_eq!(store.lead_versions(&lead.id).unwrap()[0].lead.consent, again.consent, "frozen in the version");
    // An edit (grading the visitor: a manager, as a kiosk lead reaches a rep only once
    // assigned) keeps what the visitor agreed to.
    let manager = store.users().unwrap().into_iter().find(|u| u.role == Role::Manager).unwrap();
    let graded =
        store.update_lead(&lead.id, LeadInput { grade: Some(Grade::A), ..again.to_input() }, &manager.id).unwrap();
    assert_eq!((graded.consent, graded.answers.len()), (again.consent, 1));

    let missing = store.register_visitor(KioskRegistration { email: String::new(), ..reg }, 8).unwrap_err();
    assert!(matches!(&missing, Error::Invalid(v) if v.fields[0].field == "email"), "{missing}");
}

#[test]
fn self_registered_visitors_are_listed_as_kiosk_leads_and_filter_by_source() {
    use leadtrack_domain::kiosk::KioskRegistration;
    use leadtrack_domain::LeadSource;
    let b = booth();
    b.store.create_lead(lead(&b, "Typed In", "Acme"), &b.rep.id).unwrap();
    b.store.set_kiosk_pin("2580").unwrap();
    b.store.start_kiosk(&b.event.id).unwrap();
    let reg = KioskRegistration {
        name: "Mina Rahimi".into(),
        email: "mina@pars.example.ir".into(),
        language: "fa".into(),
        ..Default::default()
    };
    b.store.register_visitor(reg, 7).unwrap();

    let all = b.store.search_leads(&LeadQuery::default()).unwrap();
    let sources: Vec<_> = all.iter().map(|s| (s.name.as_str(), s.source, s.grade)).collect();
    assert_eq!(sources, vec![("Mina Rahimi", LeadSource::Kiosk, None), ("Typed In", LeadSource::Manual, None)]);

    let kiosk = LeadQuery { source: Some(LeadSource::Kiosk), status: Some(LeadStatus::New), ..LeadQuery::default() };
    let listed: Vec<_> = b.store.search_leads(&kiosk).unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(listed, vec!["Mina Rahimi"]);
    let found = LeadQuery { text: "Rahimi".into(), source: Some(LeadSource::Manual), ..LeadQuery::default() };
    assert!(b.store.search_leads(&found).unwrap().is_empty(), "the source filter applies to searches too");
    let exported: Vec<_> = b.store.export_leads(&kiosk).unwrap().into_iter().map(|l| l.name).collect();
    assert_eq!(exported, vec!["Mina Rahimi"], "an export of the filtered list has the same leads");
}

#[test]
fn a_registration_from_the_visitors_phone_is_saved_with_channel_phone() {
    use leadtrack_domain::kiosk::KioskRegistration;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.seed_demo().unwrap();
    let event = store.events().unwrap().remove(0);
    store.set_kiosk_pin("2580").unwrap();
    store.start_kiosk(&event.id).unwrap();
    let reg = |name: &str| KioskRegistration {
        name: name.into(),
        email: "visitor@example.com".into(),
        answers: [("purpose".to_string(), vec!["source".to_string()])].into(),
        language: "en".into(),
        ..Default::default()
    };
    let phone = store.register_visitor_via(reg("On the phone"), "phone", 7).unwrap();
    let booth = store.register_visitor(reg("At the kiosk"), 8).unwrap();
    assert_eq!(store.lead(&phone.id).unwrap().channel, "phone");
    assert_eq!(store.lead_versions(&phone.id).unwrap()[0].lead.channel, "phone", "frozen in the version");
    assert_eq!(store.lead(&booth.id).unwrap().channel, "booth");
    assert_eq!(store.lead(&phone.id).unwrap().source, leadtrack_domain::LeadSource::Kiosk);
}

// --- Sync: frozen batches, answers, the backlog -------------------------------------------

mod sync {
    use super::*;
    use crate::sync::{ItemSettlement, LocalState, OutboxItem, Settle};

    /// A stand-in for the wire encoder: ids, versions and a padding field to make bodies big.
    fn encode(
        pad: usize,
    ) -> impl Fn(&str, &[OutboxItem], &[leadtrack_domain::Interaction]) -> Result<Vec<u8>, serde_json::Error> {
        move |id, items, interactions| {
            let interactions: Vec<_> = interactions.iter().map(|i| i.id.clone()).collect();
            let items: Vec<_> = items.iter().map(|i| (i.lead.id.clone(), i.lead.version, "x".repeat(pad))).collect();
            serde_json::to_vec(&(id, items, interactions))
        }
    }

    fn saved(b: &Booth, n: usize) -> Vec<leadtrack_domain::Lead> {
        (0..n).map(|i| b.store.create_lead(lead(b, &format!("Visitor {i}"), "Co"), &b.rep.id).unwrap()).collect()
    }

    fn settle(items: &[(String, u32)], f: impl Fn(usize) -> Settle) -> Vec<ItemSettlement> {
        items
            .iter()
            .enumerate()
            .map(|(i, (id, v))| ItemSettlement { lead_id: id.clone(), version: *v, settle: f(i) })
            .collect()
    }

    #[test]
    fn a_frozen_batch_holds_the_oldest_rows_and_comes_back_byte_for_byte_after_a_restart() {
        let b = booth();
        let leads = saved(&b, 5);
        let batch = b.store.freeze_batch(3, 1 << 20, &encode(0)).unwrap().unwrap();
        let ids: Vec<&str> = batch.items.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, leads[..3].iter().map(|l| l.id.as_str()).collect::<Vec<_>>());
        let c = b.store.sync_status().unwrap();
        assert_eq!((c.pending, c.inflight, c.parked), (2, 3, 0));
        let Booth { _dir, store, .. } = b;
        drop(store);
        let store = Store::open(_dir.path()).unwrap();
        let again = store.freeze_batch(100, 1 << 20, &encode(7)).unwrap().unwrap();
        assert_eq!(again, batch, "an unanswered batch is re-sent unchanged, whatever the encoder says now");
    }

    #[test]
    fn interactions_travel_beside_lead_versions_and_are_settled_by_their_own_id() {
        use leadtrack_domain::InteractionKind;
        let b = booth();
        let leads = saved(&b, 1);
        let shown = b
            .store
            .record_interaction(
                &leads[0].id,
                InteractionKind::MaterialShown,
                "Brochure",
                serde_json::json!({}),
                &b.rep.id,
            )
            .unwrap();
        let batch = b.store.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!(batch.items, vec![(leads[0].id.clone(), 1)]);
        assert_eq!(batch.interactions, vec![shown.id.clone()]);
        let body: serde_json::Value = serde_json::from_slice(&batch.body).unwrap();
        assert_eq!(body[2], serde_json::json!([shown.id]), "the encoder is given the interaction");

        // The lead is refused; the interaction of the same lead and version is acknowledged.
        let leads_answer = settle(&batch.items, |_| Settle::Parked("invalid_lead".into()));
        b.store.apply_answer(&batch.batch_id, &leads_answer, &[(shown.id.clone(), Settle::Acked)]).unwrap();
        let c = b.store.sync_status().unwrap();
        assert_eq!((c.acked, c.parked, c.pending, c.inflight), (1, 1, 0, 0));
        // An unanswered interaction goes back to the queue, like an unanswered lead.
        let again = b
            .store
            .record_interaction(&leads[0].id, InteractionKind::Call, "Called", serde_json::json!({}), &b.rep.id)
            .unwrap();
        let batch = b.store.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!((batch.items.len(), batch.interactions.clone()), (0, vec![again.id.clone()]));
        let Booth { _dir, store, .. } = b;
        drop(store);
        let store = Store::open(_dir.path()).unwrap();
        let resumed = store.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!(resumed, batch, "the open batch comes back with its interaction after a restart");
        store.apply_answer(&batch.batch_id, &[], &[]).unwrap();
        assert_eq!(store.sync_status().unwrap().pending, 1);
    }

    #[test]
    fn one_batch_is_frozen_ahead_while_the_open_one_travels_and_is_sent_after_it() {
        let b = booth();
        let leads = saved(&b, 5);
        let ahead_of = |sent: &str| {
            let prepared = b.store.prepare_ahead(2, 1 << 20, &encode(0)).unwrap();
            b.store.note_sent_and_freeze(sent, prepared).unwrap()
        };
        assert!(ahead_of("none").is_none(), "nothing is open: nothing ahead");
        let first = b.store.freeze_batch(2, 1 << 20, &encode(0)).unwrap().unwrap();
        let ahead = ahead_of(&first.batch_id).unwrap();
        assert!(ahead_of(&first.batch_id).is_none(), "only one batch ahead");
        assert_eq!(ahead.items, vec![(leads[2].id.clone(), 1), (leads[3].id.clone(), 1)]);
        assert_eq!(b.store.freeze_batch(2, 1 << 20, &encode(0)).unwrap().unwrap(), first, "the oldest goes first");
        b.store.apply_results(&first.batch_id, &settle(&first.items, |_| Settle::Acked)).unwrap();
        assert_eq!(b.store.freeze_batch(2, 1 << 20, &encode(0)).unwrap().unwrap(), ahead, "then the one ahead");
        let c = b.store.sync_status().unwrap();
        assert_eq!((c.acked, c.inflight, c.pending), (2, 2, 1));
        let sends: i64 = rusqlite::Connection::open(b.store.path())
            .unwrap()
            .query_row("SELECT sends FROM sync_batches WHERE batch_id = ?1", [&first.batch_id], |r| r.get(0))
            .unwrap();
        assert_eq!(sends, 2, "each send of the open batch is counted, frozen ahead or not");
    }

    #[test]
    fn a_batch_prepared_from_rows_taken_meanwhile_is_not_frozen() {
        let b = booth();
        saved(&b, 4);
        let first = b.store.freeze_batch(2, 1 << 20, &encode(0)).unwrap().unwrap();
        let prepared = b.store.prepare_ahead(2, 1 << 20, &encode(0)).unwrap();
        // Meanwhile the first is answered and the same rows are frozen as the next batch.
        b.store.apply_results(&first.batch_id, &settle(&first.items, |_| Settle::Acked)).unwrap();
        let second = b.store.freeze_batch(2, 1 << 20, &encode(0)).unwrap().unwrap();
        assert!(b.store.note_sent_and_freeze(&second.batch_id, prepared).unwrap().is_none());
        let c = b.store.sync_status().unwrap();
        assert_eq!((c.acked, c.inflight, c.pending), (2, 2, 0), "the rows are in one batch only");
        assert_eq!(b.store.freeze_batch(2, 1 << 20, &encode(0)).unwrap().unwrap(), second);
    }

    #[test]
    fn answers_acknowledge_park_and_requeue_items_and_nothing_is_deleted() {
        let b = booth();
        saved(&b, 3);
        let rows_before = count(b.store.path(), "outbox");
        let batch = b.store.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        let answer = settle(&batch.items, |i| match i {
            0 => Settle::Acked,
            1 => Settle::Parked("invalid_lead".into()),
            _ => Settle::Retry,
        });
        b.store.apply_results(&batch.batch_id, &answer).unwrap();
        let c = b.store.sync_status().unwrap();
        assert_eq!((c.acked, c.parked, c.pending, c.inflight), (1, 1, 1, 0));
        assert!(c.last_success_at.is_some());
        let parked = b.store.parked_items().unwrap();
        assert_eq!(
            (parked[0].lead_id.as_str(), parked[0].reason.as_str()),
            (batch.items[1].0.as_str(), "invalid_lead")
        );
        // The same answer again (a replay) changes nothing.
        b.store.apply_results(&batch.batch_id, &settle(&batch.items, |_| Settle::Acked)).unwrap();
        assert_eq!(b.store.sync_status().unwrap().parked, 1);
        // The deferred item travels again, under a new batch id; the parked one does not block it.
        let next = b.store.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!(next.items, vec![batch.items[2].clone()]);
        assert_ne!(next.batch_id, batch.batch_id);
        assert_eq!(count(b.store.path(), "outbox"), rows_before);
    }

    #[test]
    fn a_too_large_batch_goes_back_halved_and_a_single_too_large_item_is_parked() {
        let b = booth();
        saved(&b, 4);
        let batch = b.store.freeze_batch(4, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!(b.store.unfreeze_halving(&batch.batch_id).unwrap(), 2);
        let half = b.store.freeze_batch(2, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!(half.items, batch.items[..2].to_vec());
        b.store.apply_results(&half.batch_id, &settle(&half.items, |_| Settle::Acked)).unwrap();
        let one = b.store.freeze_batch(1, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!(b.store.unfreeze_halving(&one.batch_id).unwrap(), 1);
        let parked = b.store.parked_items().unwrap();
        assert_eq!((parked.len(), parked[0].reason.as_str()), (1, "too_large"));
        let last = b.store.freeze_batch(1, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!(last.items, vec![batch.items[3].clone()], "the parked item does not block the next");
    }

    #[test]
    fn a_batch_is_halved_until_its_body_fits_the_byte_limit() {
        let b = booth();
        saved(&b, 8);
        let batch = b.store.freeze_batch(8, 3_000, &encode(1_000)).unwrap().unwrap();
        assert_eq!(batch.items.len(), 2);
        assert!(batch.body.len() <= 3_000);
        assert_eq!(b.store.sync_status().unwrap().pending, 6);
    }

    #[test]
    fn the_same_rows_resumed_from_a_copy_of_the_database_get_the_same_batch_id() {
        let b = booth();
        saved(&b, 3);
        b.store.checkpoint().unwrap();
        let copy = tempfile::tempdir().unwrap();
        std::fs::copy(b.store.path(), copy.path().join(DB_FILE)).unwrap();
        let other = Store::open(copy.path()).unwrap();
        let here = b.store.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        let there = other.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_eq!((&here.batch_id, &here.body), (&there.batch_id, &there.body));
        // Once those rows are re-queued, they go under a fresh id.
        b.store.unfreeze(&here.batch_id, false).unwrap();
        let again = b.store.freeze_batch(10, 1 << 20, &encode(0)).unwrap().unwrap();
        assert_ne!(again.batch_id, here.batch_id);
    }

    #[test]
    fn reconcile_sees_each_leads_newest_version_and_where_it_stands() {
        let b = booth();
        let leads = saved(&b, 2);
        let edited = b
            .store
            .update_lead(&leads[0].id, LeadInput { title: "Buyer".into(), ..leads[0].to_input() }, &b.rep.id)
            .unwrap();
        let batch = b.store.freeze_batch(1, 1 << 20, &encode(0)).unwrap().unwrap();
        b.store.apply_results(&batch.batch_id, &settle(&batch.items, |_| Settle::Acked)).unwrap();
        let items = b.store.reconcile_items().unwrap();
        let first = items.iter().find(|i| i.lead.id == edited.id).unwrap();
        assert_eq!((first.lead.version, first.lead.title.as_str()), (2, "Buyer"));
        assert_eq!(first.state, LocalState::Pending, "version 2 still waits");
        // The server lost an acknowledged lead: it is queued again, once.
        let second = items.iter().find(|i| i.lead.id == leads[1].id).unwrap();
        assert_eq!(second.state, LocalState::Pending);
        assert_eq!(b.store.requeue_leads(&[leads[1].id.clone()]).unwrap(), 0, "already waiting: not queued twice");
    }

    #[test]
    fn a_failure_is_remembered_for_the_status_line_until_the_next_success() {
        let b = booth();
        saved(&b, 1);
        b.store.record_sync_error("cannot reach the server").unwrap();
        let c = b.store.sync_status().unwrap();
        assert_eq!(c.last_error.as_deref(), Some("cannot reach the server"));
        assert!(c.oldest_waiting_at.is_some());
        let batch = b.store.freeze_batch(1, 1 << 20, &encode(0)).unwrap().unwrap();
        b.store.apply_results(&batch.batch_id, &settle(&batch.items, |_| Settle::Acked)).unwrap();
        let c = b.store.sync_status().unwrap();
        assert_eq!((c.last_error, c.oldest_waiting_at), (None, None));
    }
}

#[test]
fn an_interaction_is_kept_with_its_outbox_row_and_listed_newest_first() {
    use leadtrack_domain::InteractionKind;
    use serde_json::json;
    let b = booth();
    let lead = b.store.create_lead(lead(&b, "Wang Wei", "Acme"), &b.rep.id).unwrap();
    let pending_before = b.store.outbox_pending().unwrap();
    let first = b
        .store
        .record_interaction(&lead.id, InteractionKind::MaterialShown, "Brochure", json!({"material": "m1"}), &b.rep.id)
        .unwrap();
    let second = b
        .store
        .record_interaction(&lead.id, InteractionKind::Quote, " Quote Q-1 ", json!({"quote": "q1"}), &b.rep.id)
        .unwrap();
    assert_eq!(b.store.outbox_pending().unwrap(), pending_before + 2, "each interaction queues one outbox row");
    assert_eq!(second.summary, "Quote Q-1");
    assert!(second.hlc > first.hlc);

    let listed = b.store.lead_interactions(&lead.id).unwrap();
    assert_eq!(listed.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [second.id.as_str(), first.id.as_str()]);
    assert_eq!(listed[1].by_name, "Dylan");
    assert_eq!(listed[1].detail, json!({"material": "m1"}));
    assert_eq!(b.store.interaction(&first.id).unwrap(), listed[1]);
    assert!(b.store.record_interaction("nope", InteractionKind::Call, "", json!({}), &b.rep.id).is_err());
}
