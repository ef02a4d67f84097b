//! Story-style tests on real files in temp dirs (WAL behaves as in production).

use std::path::{Path, PathBuf};

use leadtrack_domain::{
    AttachmentKind, CaptureForm, Event, EventInput, Grade, LeadInput, LeadQuery, LeadStatus, NextAction, Role, User,
};
use rusqlite::Connection;

use crate::{migrations, Error, Store, DB_FILE};

/// The committed database an older LeadTrack (schema 1) left behind.
const SCHEMA_V1_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/db/schema-v1.sqlite3");
/// The committed database a LeadTrack at schema 3 (attachments, before the badge index) left.
const SCHEMA_V3_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/db/schema-v3.sqlite3");

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
        ("0005_attendees_merges", 14606462079100542641),
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
    assert_eq!(b.store.attendee_count(&b.event.id).unwrap(), 1);
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
    assert!(!lead.to_reconcile);
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
