//! IPC wiring through Tauri's mock runtime with the real capability files: commands are
//! registered, reachable from the rep window, refused elsewhere, and fail with the
//! `{kind, message, fields}` shape the UI expects.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use crate::commands::names::{KIOSK_COMMANDS, REP_COMMANDS};

struct Harness {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    rep: WebviewWindow<MockRuntime>,
    stranger: WebviewWindow<MockRuntime>,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let state = crate::AppState::open(dir.path()).unwrap();
    let sync =
        crate::sync_task::SyncTask::new(crate::secrets::Secrets::new(dir.path(), Box::new(crate::secrets::NoKeychain)));
    let app = crate::builder(mock_builder()).manage(state).manage(sync).build(crate::context()).unwrap();
    let rep = WebviewWindowBuilder::new(&app, "rep", Default::default()).build().unwrap();
    let stranger = WebviewWindowBuilder::new(&app, "stranger", Default::default()).build().unwrap();
    Harness { _dir: dir, _app: app, rep, stranger }
}

/// Signs `user_id` in through IPC: their first sign-in, so they choose a PIN.
fn sign_in(h: &Harness, user_id: &str) {
    let accepted = invoke(&h.rep, "session_choose_secret", json!({"userId": user_id, "secret": "2580"})).unwrap();
    assert_eq!(accepted["result"], "accepted");
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_with(window, cmd, InvokeBody::Json(args), Default::default())
        .map(|body| body.deserialize::<Value>().unwrap())
}

fn invoke_with(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: InvokeBody,
    headers: tauri::http::HeaderMap,
) -> Result<tauri::ipc::InvokeResponseBody, Value> {
    tauri::test::get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
}

#[test]
fn the_rep_window_saves_and_finds_a_lead_through_ipc() {
    let h = harness();
    let event = invoke(
        &h.rep,
        "events_create",
        json!({"input": {"tag": "IPC-1", "name": "IPC Show", "starts_on": "2026-11-23", "ends_on": "2026-11-24",
                          "booth": "", "country": "CN",
                          "form": {"required": ["name"], "interests": [], "next_actions": ["demo"]}}}),
    )
    .unwrap();
    let users = invoke(&h.rep, "users_list", json!({})).unwrap();
    assert_eq!(users, json!([]));

    let input = json!({"input": {"event_id": event["id"], "company": "华强", "name": "王伟", "title": "", "phone": "",
        "email": "", "country": "", "grade": "A", "interests": [], "key_needs": "", "next_action": null,
        "draft": false, "source": null, "badge_raw": null, "badge_format": null}});
    let no_user = invoke(&h.rep, "leads_create", input.clone()).unwrap_err();
    assert_eq!(no_user["kind"], "validation", "{no_user}");
    assert_eq!(no_user["fields"][0]["field"], "user");

    let state = h.rep.state::<crate::AppState>();
    let rep = state.store.create_user("Dylan", "", leadtrack_domain::Role::Rep).unwrap();
    sign_in(&h, &rep.id);
    let session = invoke(&h.rep, "session_set_event", json!({"id": event["id"]})).unwrap();
    assert_eq!(session["event"]["tag"], "IPC-1");
    assert_eq!(session["user"]["name"], "Dylan");

    let lead = invoke(&h.rep, "leads_create", input).unwrap();
    assert_eq!(lead["captured_by_name"], "Dylan");
    let found = invoke(
        &h.rep,
        "leads_search",
        json!({"query": {"text": "华强", "event_id": null, "grade": null,
        "status": null, "captured_by": null, "limit": null}}),
    )
    .unwrap();
    assert_eq!(found[0]["id"], lead["id"]);
}

#[test]
fn errors_reach_the_ui_as_kind_message_and_fields() {
    let h = harness();
    let unsigned = invoke(&h.rep, "leads_get", json!({"id": "no-such-lead"})).unwrap_err();
    assert_eq!(unsigned["kind"], "forbidden", "nobody signed in reads nothing");
    let rep = h.rep.state::<crate::AppState>().store.create_user("Dylan", "", leadtrack_domain::Role::Rep).unwrap();
    sign_in(&h, &rep.id);
    let missing = invoke(&h.rep, "leads_get", json!({"id": "no-such-lead"})).unwrap_err();
    assert_eq!(missing["kind"], "not_found");
    assert!(missing["message"].as_str().unwrap().contains("no-such-lead"));
    assert_eq!(missing["fields"], json!([]));

    let bad_show = invoke(
        &h.rep,
        "events_create",
        json!({"input": {"tag": "", "name": "", "starts_on": "soon", "ends_on": "", "booth": "", "country": "",
                          "form": {"required": [], "interests": [], "next_actions": []}}}),
    )
    .unwrap_err();
    assert_eq!(bad_show["kind"], "validation");
    let fields: Vec<&str> =
        bad_show["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["tag", "name", "starts_on", "ends_on"]);
}

#[test]
fn every_rep_command_is_registered_and_allowed_in_the_rep_window() {
    let h = harness();
    for cmd in REP_COMMANDS {
        // Empty arguments: a registered, allowed command runs (or fails as an IpcError, or
        // on its missing arguments); an unknown or forbidden one fails before that.
        match invoke(&h.rep, cmd, json!({})) {
            Ok(_) => {}
            Err(Value::Object(e)) => assert!(e.contains_key("kind"), "{cmd}: {e:?}"),
            Err(e) => assert!(e.to_string().contains("missing required key"), "{cmd}: {e}"),
        }
    }
}

#[test]
fn a_window_without_a_capability_cannot_reach_lead_data() {
    let h = harness();
    for cmd in REP_COMMANDS {
        let err = invoke(&h.stranger, cmd, json!({})).expect_err(cmd);
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
}

#[test]
fn a_photo_travels_as_raw_bytes_and_comes_back_unchanged() {
    let h = harness();
    let state = h.rep.state::<crate::AppState>();
    let store = &state.store;
    assert!(store.seed_demo().unwrap());
    let lead = &store.search_leads(&Default::default()).unwrap()[0];
    let manager = store.users().unwrap().into_iter().find(|u| u.role == leadtrack_domain::Role::Manager).unwrap();
    let pin = leadtrack_store::DEMO_PINS.iter().find(|(name, _)| *name == manager.name).unwrap().1;
    let signed = invoke(&h.rep, "session_sign_in", json!({"userId": manager.id, "secret": pin})).unwrap();
    assert_eq!(signed["result"], "accepted");
    let png = b"\x89PNG\r\n\x1a\n a card photo".to_vec();
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-lead-id", lead.id.parse().unwrap());
    headers.insert("x-kind", "card".parse().unwrap());
    let added = invoke_with(&h.rep, "attachments_add", InvokeBody::Raw(png.clone()), headers.clone()).unwrap();
    let added: Value = added.deserialize().unwrap();
    assert_eq!(added["mime"], "image/png");

    let listed = invoke(&h.rep, "attachments_list", json!({"id": lead.id})).unwrap();
    assert_eq!(listed[0]["id"], added["id"]);
    match invoke_with(&h.rep, "attachments_get", InvokeBody::Json(json!({"id": added["id"]})), Default::default())
        .unwrap()
    {
        tauri::ipc::InvokeResponseBody::Raw(bytes) => assert_eq!(bytes, png),
        other => panic!("expected raw bytes, got {other:?}"),
    }

    headers.insert("x-kind", "voice".parse().unwrap());
    let refused = invoke_with(&h.rep, "attachments_add", InvokeBody::Raw(png), headers).unwrap_err();
    assert_eq!(refused["kind"], "validation");
    assert_eq!(refused["fields"][0]["code"], "not_audio");
}

#[test]
fn a_scanned_badge_comes_back_as_fields_and_a_broken_one_as_raw_text() {
    let h = harness();
    let card =
        invoke(&h.rep, "badges_parse", json!({"payload": "MECARD:N:Wang,Wei;ORG:Huaqiang;EMAIL:wang@example.cn;;"}))
            .unwrap();
    assert_eq!(card["format"], "mecard");
    assert_eq!(card["fields"]["company"], "Huaqiang");
    assert_eq!(card["fields"]["email"], "wang@example.cn");
    let junk = invoke(&h.rep, "badges_parse", json!({"payload": "<script>alert(1)</script>\u{1}"})).unwrap();
    assert_eq!(junk["format"], "unknown");
    assert_eq!(junk["raw"], "<script>alert(1)</script>\u{1}");
}

/// The example profile shipped for managers (and used by the settings screen's tests).
const EXAMPLE_PROFILE: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/badge-profiles/techexpo-caret.json"));
/// A TechExpo badge: surname before given name, a zero-padded id with the show's prefix.
const CARET_BADGE: &str = "TX00012345^Smith^Mary^Acme Robotics^CTO^mary.smith@acme.example^DE";

/// A show made through IPC and made active; returns its id.
fn active_show(h: &Harness, tag: &str) -> Value {
    let event = invoke(
        &h.rep,
        "events_create",
        json!({"input": {"tag": tag, "name": "TechExpo", "starts_on": "2026-11-23", "ends_on": "2026-11-24",
                          "booth": "", "country": "DE", "form": {"required": [], "interests": [], "next_actions": []}}}),
    )
    .unwrap();
    invoke(&h.rep, "session_set_event", json!({"id": event["id"]})).unwrap();
    event["id"].clone()
}

#[test]
fn a_bad_badge_profile_is_refused_with_what_is_wrong_and_nothing_is_saved() {
    let h = harness();
    let show = active_show(&h, "TX-BAD");
    invoke(&h.rep, "events_set_badge_profile", json!({"eventId": show, "profile": EXAMPLE_PROFILE})).unwrap();

    let broken = "{\n  \"name\": \"TechExpo\",\n  \"delimiter\": \"^\"\n  \"fields\": [\"id\"]\n}";
    let typo = "{\"name\": \"TechExpo\", \"delimeter\": \"^\"}";
    let unknown_column = "{\"name\": \"TechExpo\", \"delimiter\": \"^\", \"fields\": [\"id\", \"nickname\"]}";
    for (profile, says) in [
        (broken, "line 4, column 3"),
        (typo, "delimeter"),
        (unknown_column, "nickname"),
        ("{\"name\": \"TechExpo\", \"delimiter\": \"^\"}", "\"fields\" is empty"),
        ("", "empty"),
    ] {
        let refused =
            invoke(&h.rep, "events_set_badge_profile", json!({"eventId": show, "profile": profile})).unwrap_err();
        assert_eq!(refused["kind"], "validation", "{refused}");
        assert_eq!(refused["fields"][0]["field"], "badge_profile");
        assert_eq!(refused["fields"][0]["code"], "invalid_badge_profile");
        let message = refused["message"].as_str().unwrap();
        assert!(message.contains(says), "{profile:?}: {message}");
        assert!(!message.starts_with(char::is_lowercase), "a sentence: {message}");
        let tried =
            invoke(&h.rep, "badges_try_profile", json!({"profile": profile, "sample": CARET_BADGE})).unwrap_err();
        assert_eq!(tried["message"], refused["message"]);
    }
    let session = invoke(&h.rep, "session_get", json!({})).unwrap();
    assert_eq!(session["event"]["badge_profile"], EXAMPLE_PROFILE, "the saved profile is untouched");
}

#[test]
fn scans_follow_the_active_shows_saved_profile_once_it_is_saved() {
    let h = harness();
    let show = active_show(&h, "TX-2026");
    let guessed = invoke(&h.rep, "badges_parse", json!({"payload": CARET_BADGE})).unwrap();
    assert_ne!(guessed["fields"]["first_name"], "Mary", "auto-detection cannot know the column order: {guessed}");

    let saved =
        invoke(&h.rep, "events_set_badge_profile", json!({"eventId": show, "profile": EXAMPLE_PROFILE})).unwrap();
    assert_eq!(saved["badge_profile"], EXAMPLE_PROFILE);
    let read = invoke(&h.rep, "badges_parse", json!({"payload": CARET_BADGE})).unwrap();
    assert_eq!(read["format"], "delimited");
    assert_eq!(read["fields"]["name"], "Mary Smith");
    assert_eq!(read["fields"]["company"], "Acme Robotics");
    assert_eq!(read["fields"]["country"], "DE");
    assert_eq!(read["attendee_id"], "12345", "prefix dropped, zeros stripped");
    assert_eq!(read["raw"], CARET_BADGE);
    let photo = invoke_with(&h.rep, "badges_scan_image", InvokeBody::Raw(qr_png(CARET_BADGE)), Default::default())
        .unwrap()
        .deserialize::<Value>()
        .unwrap();
    assert_eq!(photo[0]["parsed"]["fields"]["name"], "Mary Smith");

    // Another show is active: its badges are auto-detected again; back, and the profile is used.
    active_show(&h, "OTHER-2026");
    let elsewhere = invoke(&h.rep, "badges_parse", json!({"payload": CARET_BADGE})).unwrap();
    assert_eq!(elsewhere["fields"], guessed["fields"]);
    invoke(&h.rep, "session_set_event", json!({"id": show})).unwrap();
    assert_eq!(invoke(&h.rep, "badges_parse", json!({"payload": CARET_BADGE})).unwrap()["attendee_id"], "12345");

    // "Use auto-detect" clears it, and the next scan is guessed again.
    let cleared = invoke(&h.rep, "events_set_badge_profile", json!({"eventId": show, "profile": null})).unwrap();
    assert!(cleared.get("badge_profile").is_none(), "{cleared}");
    assert_eq!(invoke(&h.rep, "badges_parse", json!({"payload": CARET_BADGE})).unwrap()["fields"], guessed["fields"]);
    let missing =
        invoke(&h.rep, "events_set_badge_profile", json!({"eventId": "no-such-show", "profile": null})).unwrap_err();
    assert_eq!(missing["kind"], "not_found");
}

#[test]
fn a_saved_profile_that_no_longer_reads_costs_no_scan_and_says_why() {
    let h = harness();
    let show = active_show(&h, "TX-OLD");
    // As a newer LeadTrack might have saved it: a key this one does not know.
    let newer =
        "{\"name\": \"TechExpo\", \"delimiter\": \"^\", \"fields\": [\"id\", \"name\"], \"charset\": \"latin1\"}";
    let state = h.rep.state::<crate::AppState>();
    state.store.set_badge_profile(show.as_str().unwrap(), Some(newer)).unwrap();
    let read = invoke(&h.rep, "badges_parse", json!({"payload": CARET_BADGE})).unwrap();
    assert_eq!(read["format"], "delimited");
    assert_eq!(read["raw"], CARET_BADGE);
    let first = read["warnings"][0].as_str().unwrap();
    assert!(first.contains("badge profile was not used") && first.contains("charset"), "{read}");
}

#[test]
fn trying_a_profile_reads_the_sample_without_saving_it() {
    let h = harness();
    active_show(&h, "TX-TRY");
    let tried =
        invoke(&h.rep, "badges_try_profile", json!({"profile": EXAMPLE_PROFILE, "sample": CARET_BADGE})).unwrap();
    assert_eq!(tried["format"], "delimited");
    assert_eq!(tried["fields"]["first_name"], "Mary");
    assert_eq!(tried["fields"]["last_name"], "Smith");
    assert_eq!(tried["attendee_id"], "12345");
    // Trying is verbose: a column that does not hold what the profile says is named.
    let swapped = "TX00012345^Smith^Mary^Acme^CTO^DE^mary.smith@acme.example";
    let odd = invoke(&h.rep, "badges_try_profile", json!({"profile": EXAMPLE_PROFILE, "sample": swapped})).unwrap();
    assert!(odd["warnings"].to_string().contains("column 6 (email)"), "{odd}");

    let session = invoke(&h.rep, "session_get", json!({})).unwrap();
    assert!(session["event"].get("badge_profile").is_none(), "trying saved it: {session}");
    let scanned = invoke(&h.rep, "badges_parse", json!({"payload": CARET_BADGE})).unwrap();
    assert_ne!(scanned["attendee_id"], "12345", "a scan used a profile that was only tried");
}

/// A white PNG with `text` as a QR code in the middle (4 px modules, a 4-module quiet zone).
fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let n = code.width();
    let colors = code.to_colors();
    let (scale, quiet) = (4u32, 4u32);
    let side = (n as u32 + 2 * quiet) * scale;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / scale) as i64 - quiet as i64, (y / scale) as i64 - quiet as i64);
        let dark = (0..n as i64).contains(&mx)
            && (0..n as i64).contains(&my)
            && colors[my as usize * n + mx as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

#[test]
fn a_badge_photo_travels_as_raw_bytes_and_comes_back_decoded_and_parsed() {
    let h = harness();
    let mecard = "MECARD:N:Wang,Wei;ORG:Huaqiang;EMAIL:wang@example.cn;;";
    let found = invoke_with(&h.rep, "badges_scan_image", InvokeBody::Raw(qr_png(mecard)), Default::default()).unwrap();
    let found: Value = found.deserialize().unwrap();
    let symbols = found.as_array().unwrap();
    assert_eq!(symbols.len(), 1, "{found}");
    assert_eq!(symbols[0]["symbology"], "qr");
    assert_eq!(symbols[0]["text"], mecard);
    assert_eq!(symbols[0]["parsed"]["format"], "mecard");
    assert_eq!(symbols[0]["parsed"]["fields"]["company"], "Huaqiang");
    assert_eq!(symbols[0]["parsed"]["fields"]["email"], "wang@example.cn");

    let noise: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let refused = invoke_with(&h.rep, "badges_scan_image", InvokeBody::Raw(noise), Default::default()).unwrap_err();
    assert_eq!(refused["kind"], "validation");
    assert_eq!(refused["fields"][0]["field"], "attachment");
    assert_eq!(refused["fields"][0]["code"], "unreadable_image");
}

/// A `width`×`height` luma frame, mid-grey like a booth, with `text` as a QR code near the
/// middle (5 px modules on a white card).
fn qr_frame(text: &str, width: u32, height: u32) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let (n, colors) = (code.width() as u32, code.to_colors());
    let (scale, quiet) = (5u32, 4u32);
    let side = (n + 2 * quiet) * scale;
    let (left, top) = ((width - side) / 2, (height - side) / 2);
    let mut luma = vec![110u8; (width * height) as usize];
    for y in top..top + side {
        for x in left..left + side {
            let (mx, my) = (((x - left) / scale) as i64 - quiet as i64, ((y - top) / scale) as i64 - quiet as i64);
            let dark = (0..n as i64).contains(&mx)
                && (0..n as i64).contains(&my)
                && colors[(my * n as i64 + mx) as usize] == qrcode::Color::Dark;
            luma[(y * width + x) as usize] = if dark { 25 } else { 230 };
        }
    }
    luma
}

fn frame_headers(width: &str, height: &str) -> tauri::http::HeaderMap {
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-width", width.parse().unwrap());
    headers.insert("x-height", height.parse().unwrap());
    headers
}

#[test]
fn a_webcam_frame_travels_as_raw_luma_and_comes_back_decoded_and_parsed() {
    let h = harness();
    let vcard = "BEGIN:VCARD\nVERSION:3.0\nN:Ahmadi;Reza\nFN:Reza Ahmadi\nORG:Pars Roshanai\nEND:VCARD";
    let frame = qr_frame(vcard, 640, 480);
    let found = invoke_with(&h.rep, "badges_scan_frame", InvokeBody::Raw(frame), frame_headers("640", "480")).unwrap();
    let found: Value = found.deserialize().unwrap();
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["symbology"], "qr");
    assert_eq!(found[0]["text"], vcard);
    assert_eq!(found[0]["parsed"]["format"], "vcard");
    assert_eq!(found[0]["parsed"]["fields"]["company"], "Pars Roshanai");

    let empty =
        invoke_with(&h.rep, "badges_scan_frame", InvokeBody::Raw(vec![110; 640 * 480]), frame_headers("640", "480"))
            .unwrap();
    assert_eq!(empty.deserialize::<Value>().unwrap(), json!([]));
}

#[test]
fn a_webcam_frame_that_does_not_match_its_size_is_refused() {
    let h = harness();
    let frame = qr_frame("MECARD:N:Wang,Wei;;", 320, 240);
    let refusals = [
        (frame.clone(), frame_headers("320", "241")),
        (frame.clone(), frame_headers("240", "320x")),
        (frame.clone(), tauri::http::HeaderMap::new()),
        (vec![0; 4 * 320 * 240], frame_headers("320", "240")),
        (vec![0; 5000], frame_headers("5000", "1")),
    ];
    for (body, headers) in refusals {
        let refused = invoke_with(&h.rep, "badges_scan_frame", InvokeBody::Raw(body), headers.clone()).unwrap_err();
        assert_eq!(refused["kind"], "validation", "{headers:?}: {refused}");
        assert_eq!(refused["fields"][0]["field"], "frame");
        assert_eq!(refused["fields"][0]["code"], "bad_frame");
    }
    let json_body = invoke(&h.rep, "badges_scan_frame", json!({"luma": [0, 0, 0, 0]})).unwrap_err();
    assert_eq!(json_body["kind"], "validation");
}

#[test]
fn two_leads_of_one_visitor_merge_through_ipc_and_a_second_merge_is_refused_by_code() {
    let h = harness();
    let state = h.rep.state::<crate::AppState>();
    let event = state
        .store
        .create_event(leadtrack_domain::EventInput {
            tag: "IPC-M".into(),
            name: "Merge Show".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-24".into(),
            booth: String::new(),
            country: "CN".into(),
            form: leadtrack_domain::CaptureForm { required: vec!["name".into()], ..Default::default() },
        })
        .unwrap();
    let rep = state.store.create_user("Dylan", "", leadtrack_domain::Role::Rep).unwrap();
    sign_in(&h, &rep.id);
    let create = |name: &str, key_needs: &str| {
        invoke(
            &h.rep,
            "leads_create",
            json!({"input": {"event_id": event.id, "company": "明亮照明", "name": name, "title": "", "phone": "",
                "email": "bo.li@mingliang.example.cn", "country": "", "grade": null, "interests": [],
                "key_needs": key_needs, "next_action": null, "draft": false, "source": null, "badge_raw": null,
                "badge_format": null}}),
        )
        .unwrap()
    };
    let kept = create("Bo Li", "Panels");
    let other = create("李博", "Factory visit");

    let dupes = invoke(&h.rep, "leads_duplicates", json!({"id": kept["id"]})).unwrap();
    assert_eq!(dupes.as_array().unwrap().len(), 1);
    assert_eq!(dupes[0]["id"], other["id"]);

    // Fields the UI leaves out of the choice follow the default rule.
    let merged = invoke(
        &h.rep,
        "leads_merge",
        json!({"survivor": kept["id"], "absorbed": other["id"],
               "choice": {"name": "absorbed", "survivor_version": 1, "absorbed_version": 1}}),
    )
    .unwrap();
    assert_eq!((merged["id"].clone(), merged["name"].clone()), (kept["id"].clone(), json!("李博")));
    assert_eq!(merged["key_needs"], "Panels\n\nFactory visit");
    let history = invoke(&h.rep, "leads_versions", json!({"id": kept["id"]})).unwrap();
    let from: Vec<&Value> = history.as_array().unwrap().iter().map(|v| &v["lead_id"]).collect();
    assert_eq!(from, vec![&kept["id"], &other["id"], &other["id"], &kept["id"]]);
    assert_eq!(history[0]["merge"]["other_name"], "李博");
    assert_eq!(invoke(&h.rep, "leads_get", json!({"id": other["id"]})).unwrap()["merged_into"], kept["id"]);

    let again = invoke(&h.rep, "leads_merge", json!({"survivor": kept["id"], "absorbed": other["id"], "choice": {}}))
        .unwrap_err();
    assert_eq!(again["kind"], "validation", "{again}");
    assert_eq!(
        (again["fields"][0]["field"].clone(), again["fields"][0]["code"].clone()),
        (json!("merge"), json!("already_merged"))
    );
}

#[test]
fn an_attendee_file_is_previewed_then_imported_and_names_a_waiting_scan() {
    let h = harness();
    let event = active_show(&h, "ATT-1");
    let state = h.rep.state::<crate::AppState>();
    let user = state.store.create_user("Lisa", "", leadtrack_domain::Role::Rep).unwrap();
    sign_in(&h, &user.id);
    let waiting = invoke(
        &h.rep,
        "leads_create",
        json!({"input": {"event_id": event, "company": "", "name": "", "title": "", "phone": "", "email": "",
                         "country": "", "grade": "A", "interests": [], "key_needs": "", "next_action": null,
                         "draft": false, "source": "rep_scan", "badge_raw": "00042", "badge_format": "bare_id",
                         "attendee_id": "00042"}}),
    )
    .unwrap();
    assert_eq!(waiting["to_reconcile"], true);

    let file = "Reg No;Full name;Firma\n42;Jan Nowak;Nowak GmbH\n;No Id;X\n".as_bytes().to_vec();
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-file-ext", "csv".parse().unwrap());
    let preview: Value = invoke_with(&h.rep, "attendees_preview", InvokeBody::Raw(file.clone()), headers.clone())
        .unwrap()
        .deserialize()
        .unwrap();
    assert_eq!(preview["headers"], json!(["Reg No", "Full name", "Firma"]));
    assert_eq!(preview["total_rows"], 2);
    assert_eq!(preview["columns"]["attendee_id"], 0);
    assert_eq!(preview["columns"]["name"], 1);

    let mut columns = preview["columns"].clone();
    columns["company"] = json!(2);
    headers.insert("x-event-id", event.as_str().unwrap().parse().unwrap());
    headers.insert("x-columns", columns.to_string().parse().unwrap());
    let report: Value =
        invoke_with(&h.rep, "attendees_import", InvokeBody::Raw(file), headers.clone()).unwrap().deserialize().unwrap();
    assert_eq!(report, json!({"added": 1, "updated": 0, "skipped": 1, "reconciled": 1, "skipped_rows": [3]}));
    let named = invoke(&h.rep, "leads_get", json!({"id": waiting["id"]})).unwrap();
    assert_eq!((named["name"].as_str(), named["company"].as_str()), (Some("Jan Nowak"), Some("Nowak GmbH")));
    let found = invoke(&h.rep, "attendees_find", json!({"event": event, "id": "042"})).unwrap();
    assert_eq!(found["name"], "Jan Nowak");
    assert_eq!(
        invoke(&h.rep, "attendees_status", json!({"event": event})).unwrap(),
        json!({"attendees": 1, "to_reconcile": 0})
    );

    // A file that is not a spreadsheet, and a mapping without the id column, are refused.
    let refused = invoke_with(&h.rep, "attendees_preview", InvokeBody::Raw(vec![0; 32]), headers.clone()).unwrap_err();
    assert_eq!(refused["fields"][0]["code"], "unreadable_sheet");
    headers.insert(
        "x-columns",
        json!({"attendee_id": null, "name": 1, "first_name": null, "last_name": null,
        "company": null, "title": null, "phone": null, "email": null, "country": null})
        .to_string()
        .parse()
        .unwrap(),
    );
    let refused =
        invoke_with(&h.rep, "attendees_import", InvokeBody::Raw(b"a,b\n1,2\n".to_vec()), headers).unwrap_err();
    assert_eq!(refused["fields"][0]["field"], "attendee_id");
}

#[test]
fn an_export_is_written_to_the_automation_folder_with_the_lists_filters() {
    let h = harness();
    let event = active_show(&h, "EXPO-9");
    let state = h.rep.state::<crate::AppState>();
    let rep = state.store.create_user("Dylan", "", leadtrack_domain::Role::Rep).unwrap();
    sign_in(&h, &rep.id);
    for (name, grade) in [("=HYPERLINK(\"http://evil.example\")", "A"), ("王伟", "A"), ("Cold Case", "C")] {
        let input = json!({"input": {"event_id": event, "company": "Acme", "name": name, "title": "", "phone": "",
            "email": "", "country": "", "grade": grade, "interests": [], "key_needs": "", "next_action": null,
            "draft": false, "source": null, "badge_raw": null, "badge_format": null}});
        invoke(&h.rep, "leads_create", input).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    h.rep.app_handle().manage(crate::save_dialog::ExportTo(out.path().to_path_buf()));

    let query = json!({"text": "", "event_id": event, "grade": "A", "status": null, "captured_by": null, "limit": 50});
    let done = invoke(&h.rep, "leads_export", json!({"format": "excel_csv", "query": query})).unwrap();
    let path = out.path().join("leadtrack-EXPO-9-excel.csv");
    assert_eq!(done["path"], path.display().to_string());
    assert_eq!(done["count"], 2);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(done["bytes"], bytes.len());
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\""), "{text}");
    assert!(!text.contains("Cold Case"));

    let bad = invoke(&h.rep, "leads_export", json!({"format": "pdf", "query": query})).unwrap_err();
    assert!(bad.to_string().contains("pdf"), "{bad}");
}

/// Exports pick their path in Rust; the dialog plugin is loaded but no window may call it,
/// so the webview can neither open a dialog nor learn a path it did not get from an export.
#[test]
fn the_rep_window_cannot_call_the_dialog_plugin_itself() {
    let h = harness();
    for cmd in ["plugin:dialog|save", "plugin:dialog|open", "plugin:dialog|message"] {
        let err = invoke(&h.rep, cmd, json!({"options": {}})).expect_err(cmd);
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
}

#[test]
fn the_kiosk_window_cannot_reach_any_rep_command_and_the_rep_window_no_kiosk_command() {
    let h = harness();
    let kiosk = WebviewWindowBuilder::new(&h._app, "kiosk", Default::default()).build().unwrap();
    for cmd in REP_COMMANDS {
        let err = invoke(&kiosk, cmd, json!({})).expect_err(cmd);
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
    for cmd in KIOSK_COMMANDS {
        let err = invoke(&h.rep, cmd, json!({})).expect_err(cmd);
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
        let err = invoke(&h.stranger, cmd, json!({})).expect_err(cmd);
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
}

#[test]
fn a_visitor_registers_through_the_kiosk_window_and_sees_nothing_else() {
    let h = harness();
    let kiosk = WebviewWindowBuilder::new(&h._app, "kiosk", Default::default()).build().unwrap();
    let state = h.rep.state::<crate::AppState>();
    state.store.seed_demo().unwrap();
    let off = invoke(&kiosk, "kiosk_config", json!({})).unwrap_err();
    assert_eq!(off["fields"][0]["code"], "kiosk_off");

    let event = state.store.events().unwrap().remove(0);
    assert_eq!(invoke(&h.rep, "kiosk_set_pin", json!({"pin": "2580"})).unwrap()["pin_set"], true);
    state.store.start_kiosk(&event.id).unwrap();
    let config = invoke(&kiosk, "kiosk_config", json!({})).unwrap();
    assert_eq!(config["event_tag"], "DEMO-EXPO-2026");
    assert_eq!(config["form"]["questions"][0]["id"], "purpose");

    let prefill =
        invoke(&kiosk, "kiosk_scan", json!({"payload": "MECARD:N:Sato,Yuki;ORG:Nihon;EMAIL:y@n.example.jp;;"}))
            .unwrap();
    assert_eq!((prefill["name"].as_str(), prefill["company"].as_str()), (Some("Yuki Sato"), Some("Nihon")));
    let receipt = invoke(
        &kiosk,
        "kiosk_register",
        json!({"registration": {"company": "Nihon", "name": "<img src=x onerror=alert(1)>", "title": "", "email": "y@n.example.jp",
               "phone": "", "country": "", "interests": ["Solar"], "answers": {"purpose": ["buy"]}, "consent": ["email"],
               "language": "en", "badge_raw": null, "badge_format": null, "attendee_id": null}}),
    )
    .unwrap();
    // The visitor gets their own name back and the brochure link — no id, nothing of others.
    assert_eq!(
        receipt,
        json!({"name": "<img src=x onerror=alert(1)>", "brochure_url": "https://demo.leadtrack.app/brochure"})
    );
    let saved = state.store.search_leads(&Default::default()).unwrap();
    let lead = saved.iter().find(|l| l.company == "Nihon").expect("the kiosk lead");
    let lead = state.store.lead(&lead.id).unwrap();
    assert_eq!(lead.source, leadtrack_domain::LeadSource::Kiosk);
    assert_eq!(lead.consent.unwrap().channels[0].channel, "email");

    let wrong = invoke(&kiosk, "kiosk_exit", json!({"pin": "0000"})).unwrap();
    assert_eq!(wrong, json!({"result": "wrong", "attempts_left": 4}));
}

#[test]
fn the_kiosk_window_reads_its_attract_loop_and_no_file_outside_it() {
    let h = harness();
    let kiosk = WebviewWindowBuilder::new(&h._app, "kiosk", Default::default()).build().unwrap();
    let state = h.rep.state::<crate::AppState>();
    state.store.seed_demo().unwrap();
    let event = state.store.events().unwrap().remove(0);
    state.store.set_kiosk_pin("2580").unwrap();
    state.store.start_kiosk(&event.id).unwrap();
    let attract = invoke(&kiosk, "kiosk_attract", json!({})).unwrap();
    assert_eq!(attract, json!({"idle_seconds": 60, "slides": []}));
    let err = invoke(&kiosk, "kiosk_attract_file", json!({"materialId": "brochure-hx200"})).unwrap_err();
    assert_eq!(err["kind"], "not_found", "{err}");
}

// ---- sync settings and status -----------------------------------------------------------

/// A device secret as the collector issues them (`whsec_` + base64 of 32 bytes).
const DEVICE_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8S1Rkpi1aVE=";
/// Nothing listens on the discard port: the started client fails to connect, offline-style.
const NOBODY_HOME: &str = "http://127.0.0.1:9/";

#[test]
fn sync_settings_round_trip_and_the_secret_never_comes_back() {
    let h = harness();
    let before = invoke(&h.rep, "sync_get_settings", json!({})).unwrap();
    assert_eq!(before, json!({"endpoint": null, "device_id": null, "secret_set": false, "secret_storage": "none"}));

    let saved = invoke(
        &h.rep,
        "sync_set_settings",
        json!({"endpoint": NOBODY_HOME, "deviceId": "dev_booth1", "secret": DEVICE_SECRET}),
    )
    .unwrap();
    assert_eq!(
        saved,
        json!({"endpoint": NOBODY_HOME, "device_id": "dev_booth1", "secret_set": true, "secret_storage": "file"})
    );
    // The endpoint alone can change; the device id and secret stay.
    let again = invoke(
        &h.rep,
        "sync_set_settings",
        json!({"endpoint": "http://localhost:9", "deviceId": null, "secret": null}),
    )
    .unwrap();
    assert_eq!((again["device_id"].as_str(), again["secret_set"].as_bool()), (Some("dev_booth1"), Some(true)));
    assert_eq!(again["endpoint"], "http://localhost:9/");
    let read = invoke(&h.rep, "sync_get_settings", json!({})).unwrap();
    assert_eq!(read, again);
    // The JSON the collector's `device add` prints sets both at once.
    let enrolled = json!({"device_id": "dev_booth2", "name": "booth laptop", "secret": DEVICE_SECRET}).to_string();
    let pasted =
        invoke(&h.rep, "sync_set_settings", json!({"endpoint": NOBODY_HOME, "deviceId": null, "secret": enrolled}))
            .unwrap();
    assert_eq!(pasted["device_id"], "dev_booth2");
    for answer in [&saved, &again, &read, &pasted] {
        assert!(!answer.to_string().contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw8S1Rkpi1aVE"), "{answer}");
    }
    // No keychain in the harness: the file fallback, readable only by its owner.
    let file = h._dir.path().join(crate::secrets::FILE_NAME);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), DEVICE_SECRET);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn an_endpoint_that_is_not_https_or_a_malformed_secret_is_refused_and_nothing_is_saved() {
    let h = harness();
    for (endpoint, device, secret, field, code) in [
        ("http://leads.example.com", Some("dev_1"), Some(DEVICE_SECRET), "endpoint", "invalid_endpoint"),
        ("leads.example.com", None, None, "endpoint", "invalid_endpoint"),
        ("https://leads.example.com", Some("dev_1"), Some("hunter2"), "secret", "invalid_secret"),
        ("https://leads.example.com", None, Some(DEVICE_SECRET), "secret", "invalid_secret"),
        ("https://leads.example.com", Some("dev_1"), None, "secret", "secret_needed"),
    ] {
        let args = json!({"endpoint": endpoint, "deviceId": device, "secret": secret});
        let err = invoke(&h.rep, "sync_set_settings", args).unwrap_err();
        assert_eq!(err["kind"], "validation", "{endpoint}: {err}");
        assert_eq!((err["fields"][0]["field"].as_str(), err["fields"][0]["code"].as_str()), (Some(field), Some(code)));
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
    let http = invoke(
        &h.rep,
        "sync_set_settings",
        json!({"endpoint": "http://leads.example.com", "deviceId": null, "secret": null}),
    );
    assert!(http.unwrap_err()["message"].as_str().unwrap().contains("127.0.0.1"), "the message says what is allowed");
    let settings = invoke(&h.rep, "sync_get_settings", json!({})).unwrap();
    assert_eq!((settings["endpoint"].clone(), settings["secret_set"].clone()), (Value::Null, json!(false)));
    assert!(!h._dir.path().join(crate::secrets::FILE_NAME).exists());
}

#[test]
fn a_saved_lead_shows_in_the_sync_backlog_and_the_rep_window_hears_the_new_status() {
    use tauri::Listener;
    let h = harness();
    let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let sink = heard.clone();
    h.rep.listen(crate::sync_task::STATUS_EVENT, move |e| {
        sink.lock().unwrap().push(serde_json::from_str(e.payload()).unwrap());
    });
    let empty = invoke(&h.rep, "sync_status", json!({})).unwrap();
    for key in ["pending", "inflight", "parked", "last_success_at", "last_error", "online", "key_refused"] {
        assert!(empty.get(key).is_some(), "{key} in {empty}");
    }
    assert_eq!((empty["pending"].clone(), empty["parked"].clone()), (json!(0), json!(0)));
    assert_eq!(invoke(&h.rep, "sync_parked", json!({})).unwrap(), json!([]));
    let refused = invoke(&h.rep, "sync_upload_all", json!({})).unwrap_err();
    assert_eq!(refused["kind"], "validation", "no endpoint yet: {refused}");

    let state = h.rep.state::<crate::AppState>();
    let rep = state.store.create_user("Dylan", "", leadtrack_domain::Role::Rep).unwrap();
    sign_in(&h, &rep.id);
    let event = active_show(&h, "SYNC-1");
    invoke(
        &h.rep,
        "leads_create",
        json!({"input": {"event_id": event, "company": "Acme", "name": "Mary", "title": "", "phone": "",
            "email": "", "country": "", "grade": "B", "interests": [], "key_needs": "", "next_action": null,
            "draft": false, "source": null, "badge_raw": null, "badge_format": null}}),
    )
    .unwrap();
    assert_eq!(invoke(&h.rep, "sync_status", json!({})).unwrap()["pending"], 1);
    let heard = heard.lock().unwrap();
    assert_eq!(heard.last().map(|s| s["pending"].clone()), Some(json!(1)), "{heard:?}");
}

#[test]
fn the_kiosk_window_gets_one_time_phone_links_and_the_rep_window_cannot() {
    use std::io::{Read, Write};
    let h = harness();
    let kiosk = WebviewWindowBuilder::new(&h._app, "kiosk", Default::default()).build().unwrap();
    let state = h.rep.state::<crate::AppState>();
    state.store.seed_demo().unwrap();
    state.store.set_kiosk_pin("2580").unwrap();
    state.store.start_kiosk(&state.store.events().unwrap()[0].id).unwrap();
    assert_eq!(invoke(&kiosk, "kiosk_phone_link", json!({})).unwrap(), Value::Null, "off by default");
    let off = invoke(&h.rep, "phone_registration_get", json!({})).unwrap();
    assert_eq!((&off["enabled"], &off["listening"]), (&json!(false), &Value::Null));
    assert!(off["interfaces"].is_array());
    let bad = invoke(&h.rep, "phone_registration_set", json!({"enabled": true, "address": "booth wifi"})).unwrap_err();
    assert_eq!((&bad["kind"], &bad["fields"][0]["field"]), (&json!("validation"), &json!("address")));

    let on = invoke(&h.rep, "phone_registration_set", json!({"enabled": true, "address": "127.0.0.1"})).unwrap();
    let listening = on["listening"].as_str().expect("listening").to_string();
    let link = invoke(&kiosk, "kiosk_phone_link", json!({})).unwrap();
    let link = link.as_str().expect("a link").to_string();
    assert!(link.starts_with(&format!("http://{listening}/r/")), "{link}");
    assert_ne!(invoke(&kiosk, "kiosk_phone_link", json!({})).unwrap(), json!(link), "a fresh link each time");
    // A phone opening it gets the show's form.
    let mut socket = std::net::TcpStream::connect(&listening).unwrap();
    let path = &link[format!("http://{listening}").len()..];
    write!(socket, "GET {path} HTTP/1.1\r\nHost: {listening}\r\nConnection: close\r\n\r\n").unwrap();
    let mut page = String::new();
    socket.read_to_string(&mut page).unwrap();
    assert!(page.starts_with("HTTP/1.1 200") && page.contains("name=\"email\""), "{page}");

    for (window, cmd) in
        [(&h.rep, "kiosk_phone_link"), (&kiosk, "phone_registration_set"), (&h.stranger, "kiosk_phone_link")]
    {
        let err = invoke(window, cmd, json!({"enabled": false, "address": null})).expect_err(cmd);
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
    let off = invoke(&h.rep, "phone_registration_set", json!({"enabled": false, "address": "127.0.0.1"})).unwrap();
    assert_eq!((&off["listening"], &off["address"]), (&Value::Null, &json!("127.0.0.1")));
    assert_eq!(invoke(&kiosk, "kiosk_phone_link", json!({})).unwrap(), Value::Null);
    assert!(std::net::TcpStream::connect(&listening).is_err(), "turned off, not listening");
}

#[test]
fn an_a_lead_saved_through_ipc_brings_its_tasks_a_draft_and_a_calendar_and_sent_closes_the_task() {
    let h = harness();
    let event = invoke(
        &h.rep,
        "events_create",
        json!({"input": {"tag": "FU-IPC", "name": "Canton Fair", "starts_on": "2026-04-15", "ends_on": "2026-04-19",
                          "booth": "", "country": "CN",
                          "form": {"required": ["name"], "interests": [], "next_actions": ["demo"]}}}),
    )
    .unwrap();
    let state = h.rep.state::<crate::AppState>();
    let rep = state.store.create_user("Dylan", "", leadtrack_domain::Role::Rep).unwrap();
    sign_in(&h, &rep.id);
    let lead = invoke(
        &h.rep,
        "leads_create",
        json!({"input": {"event_id": event["id"], "company": "Acme", "name": "Wang\r\nBcc: x@y.example", "title": "",
            "phone": "", "email": "wang@acme.example", "country": "", "grade": "A", "interests": [], "key_needs": "",
            "next_action": null, "draft": false, "source": null, "badge_raw": null, "badge_format": null}}),
    )
    .unwrap();

    let today = invoke(&h.rep, "followup_today", json!({})).unwrap();
    let kinds: Vec<&str> = today["tasks"].as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["email", "call", "second_touch"]);
    assert_eq!(today["tasks"][0]["time_zone"], "Asia/Shanghai");

    let view =
        invoke(&h.rep, "followup_draft", json!({"leadId": lead["id"], "templateId": "a_thank_you", "locale": "zh-CN"}))
            .unwrap();
    let subject = view["draft"]["subject"].as_str().unwrap();
    assert!(subject.contains("Canton Fair") && !subject.contains('\n'), "{subject}");

    let out = tempfile::tempdir().unwrap();
    h.rep.app_handle().manage(crate::save_dialog::ExportTo(out.path().to_path_buf()));
    let saved = invoke(&h.rep, "followup_save_eml", json!({"draft": view["draft"]})).unwrap();
    let eml = std::fs::read_to_string(saved["path"].as_str().unwrap()).unwrap();
    assert!(eml.contains("Subject: =?UTF-8?B?") && eml.contains("X-Unsent: 1\r\n"), "{eml}");
    let ics = invoke(&h.rep, "followup_export_ics", json!({})).unwrap();
    let ics = std::fs::read_to_string(ics["path"].as_str().unwrap()).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);

    let task = today["tasks"][0]["id"].clone();
    let done = invoke(&h.rep, "followup_mark_sent", json!({"id": task, "draft": view["draft"]})).unwrap();
    assert_eq!(done["status"], "done");
    let again = invoke(&h.rep, "followup_mark_sent", json!({"id": task, "draft": view["draft"]})).unwrap_err();
    assert_eq!(again["kind"], "validation");
    let history = state.store.lead_interactions(lead["id"].as_str().unwrap()).unwrap();
    assert_eq!(history.iter().filter(|i| i.kind == leadtrack_domain::InteractionKind::Email).count(), 1);
    assert_eq!(invoke(&h.rep, "followup_today", json!({})).unwrap()["tasks"].as_array().unwrap().len(), 2);
}

#[test]
fn a_pricebook_is_imported_by_a_manager_and_a_quote_saved_through_ipc_lands_in_the_leads_history() {
    let h = harness();
    let event = active_show(&h, "QUOTE-1");
    let state = h.rep.state::<crate::AppState>();
    let rep = state.store.create_user("Rosa", "", leadtrack_domain::Role::Rep).unwrap();
    let manager = state.store.create_user("Mina", "", leadtrack_domain::Role::Manager).unwrap();
    let sample = include_bytes!("../../assets/pricebooks/sample-pricebook.csv").to_vec();
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-file-ext", "csv".parse().unwrap());

    // A broken file previews with its rows named; a rep may preview but not import.
    sign_in(&h, &rep.id);
    let broken = String::from_utf8(sample.clone())
        .unwrap()
        .replace("tier,MUG-350,,,,,,,,,500,,,,,,,2.10,2.80", "tier,MUG-350,,,,,,,,,500,,,,,,,2.10,1.80");
    let preview: Value =
        invoke_with(&h.rep, "pricebooks_preview", InvokeBody::Raw(broken.into_bytes()), headers.clone())
            .unwrap()
            .deserialize()
            .unwrap();
    assert_eq!(preview["pricebook"], Value::Null);
    assert_eq!(preview["errors"][0]["row"], 4);
    assert_eq!(preview["errors"][0]["code"], "range_inverted");
    let refused =
        invoke_with(&h.rep, "pricebooks_import", InvokeBody::Raw(sample.clone()), headers.clone()).unwrap_err();
    assert_eq!(
        (refused["kind"].as_str(), refused["fields"][0]["code"].as_str()),
        (Some("validation"), Some("forbidden"))
    );

    sign_in(&h, &manager.id);
    let pb: Value =
        invoke_with(&h.rep, "pricebooks_import", InvokeBody::Raw(sample), headers).unwrap().deserialize().unwrap();
    assert_eq!(pb["version"], 1);
    let lead = invoke(
        &h.rep,
        "leads_create",
        json!({"input": {"event_id": event, "company": "Kaffee GmbH", "name": "Lukas", "title": "", "phone": "", "email": "",
                         "country": "", "grade": "A", "interests": [], "key_needs": "", "next_action": null,
                         "draft": false, "source": "manual", "badge_raw": null, "badge_format": null, "attendee_id": null}}),
    )
    .unwrap();
    let request = json!({"lines": [{"sku": "MUG-350", "qty": 100, "options": [], "production_days": null, "processing_days": null}],
                         "destination": null, "shipping_method": null, "shipping_days": null});
    let est = invoke(&h.rep, "quotes_estimate", json!({"pricebookId": pb["id"], "version": null, "request": request}))
        .unwrap();
    let warned = est["warnings"].as_array().unwrap().iter().map(|w| w["code"].clone()).collect::<Vec<_>>();
    assert_eq!(warned, vec![json!("no_shipping"), json!("below_moq")]);
    assert_eq!(est["total_low"], 500 * 210);

    let quote = invoke(
        &h.rep,
        "quotes_save",
        json!({"input": {"lead_id": lead["id"], "pricebook_id": pb["id"], "pricebook_version": 1, "request": request,
                         "valid_until": "2026-12-31", "notes": "", "promo_code": ""}}),
    )
    .unwrap();
    let history = invoke(&h.rep, "quotes_for_lead", json!({"leadId": lead["id"]})).unwrap();
    assert_eq!(history.as_array().map(Vec::len), Some(1));
    assert_eq!(history[0]["id"], quote["id"]);
    assert_eq!(history[0]["author_name"], "Mina");
}
