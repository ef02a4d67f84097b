//! `docs/sync-protocol.openapi.yaml` says what this crate does: same paths, headers, status
//! codes, enums and field names. A change on one side without the other fails here.

use std::collections::BTreeSet;

use leadtrack_domain::{Interaction, InteractionKind, Lead};
use leadtrack_sync::wire::{error_code, reason};
use leadtrack_sync::*;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;
use yaml_rust2::{Yaml, YamlLoader};

fn spec() -> Yaml {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/sync-protocol.openapi.yaml");
    let text = std::fs::read_to_string(path).expect("docs/sync-protocol.openapi.yaml");
    YamlLoader::load_from_str(&text).expect("the OpenAPI file is YAML").remove(0)
}

/// Follows `$ref: "#/components/…"` until a node without one.
fn resolve<'a>(root: &'a Yaml, node: &'a Yaml) -> &'a Yaml {
    match node["$ref"].as_str() {
        Some(r) => {
            let target = r.strip_prefix("#/").expect("local $ref").split('/').fold(root, |n, key| &n[key]);
            assert!(!target.is_badvalue(), "dangling $ref {r}");
            resolve(root, target)
        }
        None => node,
    }
}

fn strings(node: &Yaml) -> BTreeSet<String> {
    node.as_vec().expect("a list").iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
}

fn keys(node: &Yaml) -> BTreeSet<String> {
    node.as_hash().expect("a mapping").keys().filter_map(|k| k.as_str().map(str::to_string)).collect()
}

fn schema<'a>(root: &'a Yaml, name: &str) -> &'a Yaml {
    let s = &root["components"]["schemas"][name];
    assert!(!s.is_badvalue(), "no schema {name}");
    s
}

/// The value's keys are exactly the schema's properties, and include every required one.
fn matches_schema(root: &Yaml, name: &str, value: &impl Serialize) {
    let v = serde_json::to_value(value).unwrap();
    let got: BTreeSet<String> = v.as_object().unwrap().keys().cloned().collect();
    let s = schema(root, name);
    assert_eq!(got, keys(&s["properties"]), "fields of {name}");
    assert!(strings(&s["required"]).is_subset(&got), "required fields of {name}");
}

fn sample_lead() -> Lead {
    serde_json::from_value(json!({
        "id": "0190f2aa-0000-7000-8000-000000000001", "event_id": "e1", "event_tag": "Hannover",
        "status": "new", "source": "manual", "channel": "booth", "captured_by": "u1",
        "captured_by_name": "Ada", "assigned_to": null, "company": "Analytical Engines",
        "name": "Charles", "title": "", "phone": "", "phone_e164": null, "email": "c@example.com",
        "country": "GB", "grade": "A", "interests": [], "key_needs": "", "next_action": null,
        "badge_raw": null, "badge_format": null, "version": 3,
        "hlc": "0001773482519123-00000007-dev1", "created_at": 1, "updated_at": 2
    }))
    .unwrap()
}

#[test]
fn the_openapi_file_names_both_endpoints_and_health() {
    let doc = spec();
    assert_eq!(doc["openapi"].as_str(), Some("3.1.0"));
    for (path, method) in [(BATCH_PATH, "post"), (RECONCILE_PATH, "post"), (HEALTH_PATH, "get")] {
        assert!(!doc["paths"][path][method].is_badvalue(), "{method} {path}");
    }
    assert_eq!(keys(&doc["paths"]), [BATCH_PATH, RECONCILE_PATH, HEALTH_PATH].map(String::from).into());
}

#[test]
fn the_openapi_file_lists_the_status_codes_the_collector_answers() {
    let doc = spec();
    let codes = |path: &str| keys(&doc["paths"][path]["post"]["responses"]);
    let batch: BTreeSet<String> =
        ["200", "400", "401", "409", "413", "422", "429", "500", "503"].map(String::from).into();
    assert_eq!(codes(BATCH_PATH), batch);
    let reconcile: BTreeSet<String> = ["200", "400", "401", "413", "429", "500", "503"].map(String::from).into();
    assert_eq!(codes(RECONCILE_PATH), reconcile);
    for code in ["409", "429", "503"] {
        let resp = resolve(&doc, &doc["paths"][BATCH_PATH]["post"]["responses"][code]);
        assert!(!resp["headers"]["Retry-After"].is_badvalue(), "{code} has Retry-After");
    }
}

#[test]
fn the_openapi_file_names_the_signed_headers() {
    let doc = spec();
    let params = doc["paths"][BATCH_PATH]["post"]["parameters"].as_vec().unwrap();
    let names: BTreeSet<String> = params
        .iter()
        .map(|p| resolve(&doc, p))
        .filter(|p| p["in"].as_str() == Some("header") && p["required"].as_bool() == Some(true))
        .map(|p| p["name"].as_str().unwrap().to_ascii_lowercase())
        .collect();
    let ours = [
        header::DEVICE_ID,
        header::IDEMPOTENCY_KEY,
        header::WEBHOOK_ID,
        header::WEBHOOK_TIMESTAMP,
        header::WEBHOOK_SIGNATURE,
    ];
    assert_eq!(names, ours.map(String::from).into());
}

#[test]
fn the_openapi_enums_are_the_crates_enums() {
    let doc = spec();
    let statuses: BTreeSet<String> = ItemStatus::ALL.iter().map(|s| s.as_str().to_string()).collect();
    assert_eq!(strings(&schema(&doc, "ItemStatus")["enum"]), statuses);
    assert_eq!(strings(&schema(&doc, "ItemReason")["enum"]), reason::ALL.map(String::from).into());
    assert_eq!(strings(&schema(&doc, "Error")["properties"]["code"]["enum"]), error_code::ALL.map(String::from).into());
}

#[test]
fn the_openapi_schemas_have_the_wire_types_fields() {
    let doc = spec();
    let lead = sample_lead();
    let item = LeadVersion::from_lead(lead.clone()).unwrap();
    let current = ServerVersion { version: 4, hlc: item.hlc.clone(), hash: item.hash.clone() };
    let result = ItemResult {
        lead_id: item.lead_id.clone(),
        version: 3,
        status: ItemStatus::Stale,
        reason: Some(reason::HLC_CONFLICT.into()),
        detail: Some("d".into()),
        current: Some(current.clone()),
    };
    let it = InteractionItem::from_interaction(Interaction {
        id: "0190f2aa-0000-7000-8000-0000000000a1".into(),
        lead_id: item.lead_id.clone(),
        kind: InteractionKind::Quote,
        at: 1,
        hlc: item.hlc.clone(),
        by_user: Some("u1".into()),
        by_name: "Ada".into(),
        summary: "Quote Q-1".into(),
        detail: json!({"quote_id": "q1"}),
    })
    .unwrap();
    let digest =
        LeadDigest { lead_id: item.lead_id.clone(), version: 3, hash: item.hash.clone(), hlc: Some(item.hlc.clone()) };
    matches_schema(
        &doc,
        "LeadBatch",
        &LeadBatch::<Lead> {
            batch_id: Uuid::nil(),
            device_id: "d".into(),
            items: vec![item.clone()],
            interactions: vec![it.clone()],
        },
    );
    matches_schema(&doc, "InteractionItem", &it);
    matches_schema(&doc, "Interaction", &it.interaction);
    let it_result = InteractionResult {
        interaction_id: it.interaction_id.clone(),
        status: ItemStatus::Rejected,
        reason: Some(reason::ID_CONFLICT.into()),
        detail: Some("d".into()),
    };
    matches_schema(&doc, "InteractionResult", &it_result);
    let kinds: BTreeSet<String> = InteractionKind::ALL.iter().map(|k| k.as_str().to_string()).collect();
    assert_eq!(strings(&schema(&doc, "Interaction")["properties"]["kind"]["enum"]), kinds);
    matches_schema(&doc, "LeadVersion", &item);
    matches_schema(&doc, "ItemResult", &result);
    matches_schema(&doc, "ServerVersion", &current);
    matches_schema(
        &doc,
        "BatchResponse",
        &BatchResponse {
            batch_id: Uuid::nil(),
            server_time_ms: 1,
            results: vec![result.clone()],
            interaction_results: vec![it_result],
        },
    );
    matches_schema(&doc, "ReconcileRequest", &ReconcileRequest { device_id: "d".into(), leads: vec![] });
    matches_schema(&doc, "LeadDigest", &digest);
    let answer = ReconcileResponse {
        server_time_ms: 1,
        in_sync: 0,
        missing: vec![],
        older: vec![],
        newer: vec![digest.clone()],
    };
    matches_schema(&doc, "ReconcileResponse", &answer);
    matches_schema(&doc, "Error", &ErrorBody { code: "x".into(), message: "y".into() });
    // Every field the device sends in a lead is documented (a new Lead field needs a line).
    matches_schema(&doc, "Lead", &lead);
}

#[test]
fn the_openapi_patterns_accept_what_the_crate_writes() {
    let doc = spec();
    let item = LeadVersion::from_lead(sample_lead()).unwrap();
    let pattern = |name: &str| schema(&doc, name)["pattern"].as_str().unwrap().to_string();
    // The two patterns are simple enough to check by hand: fixed-width digits and hex.
    assert_eq!(pattern("ContentHash"), "^[0-9a-f]{64}$");
    assert!(item.hash.len() == 64 && item.hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(pattern("Hlc"), "^[0-9]{16}-[0-9a-f]{8}-.+$");
    let (ms, rest) = item.hlc.split_at(16);
    assert!(ms.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with('-') && rest.as_bytes()[9] == b'-');
    assert!(clock::parse_canonical(&item.hlc).is_some());
}
