//! IPC wiring through Tauri's mock runtime with the real capability files: commands are
//! registered, reachable from the rep window, refused elsewhere, and fail with the
//! `{kind, message, fields}` shape the UI expects.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use crate::commands::names::REP_COMMANDS;

struct Harness {
    _dir: tempfile::TempDir,
    _app: App<MockRuntime>,
    rep: WebviewWindow<MockRuntime>,
    stranger: WebviewWindow<MockRuntime>,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let state = crate::AppState::open(dir.path()).unwrap();
    let app = crate::builder(mock_builder()).manage(state).build(crate::context()).unwrap();
    let rep = WebviewWindowBuilder::new(&app, "rep", Default::default()).build().unwrap();
    let stranger = WebviewWindowBuilder::new(&app, "stranger", Default::default()).build().unwrap();
    Harness { _dir: dir, _app: app, rep, stranger }
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
    invoke(&h.rep, "session_set_user", json!({"id": rep.id})).unwrap();
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
