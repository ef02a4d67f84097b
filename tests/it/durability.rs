//! "A lead shown as saved survives a crash." A child process saves leads in a loop and
//! prints each save once the store has returned; we SIGKILL it at random moments, again
//! and again, and then demand that every printed save is on disk with the right content
//! and that SQLite's integrity check passes.
//!
//! 300 kills by default; `LEADTRACK_DURABILITY_KILLS=5000` for a long run.

use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use leadtrack_store::Store;
use leadtrack_tests::{booth, sample_lead, Rng};
use rusqlite::Connection;

#[test]
fn every_save_acknowledged_before_a_kill_is_on_disk_intact() {
    let kills: u64 = std::env::var("LEADTRACK_DURABILITY_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let seed = std::env::var("LEADTRACK_DURABILITY_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("durability: {kills} kills, seed {seed} (LEADTRACK_DURABILITY_SEED to replay)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let (store, event, rep) = booth(dir.path());
    drop(store);

    let mut created: HashMap<String, u64> = HashMap::new();
    let mut edited: Vec<(String, u32, u64)> = Vec::new();
    let mut next_n = 0u64;
    let started = Instant::now();
    for _ in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_save_loop"))
            .args([dir.path().to_str().unwrap(), &event.id, &rep.id, &next_n.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(2_000 + rng.below(40_000)));
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the writer stopped on its own ({status}) instead of being killed");
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no flush, no goodbye.
        child.wait().unwrap();
        let mut printed = String::new();
        child.stdout.take().unwrap().read_to_string(&mut printed).unwrap();
        // A line cut by the kill was never acknowledged in full: ignore it.
        for line in printed.split_inclusive('\n').filter(|l| l.ends_with('\n')).map(str::trim_end) {
            let f: Vec<&str> = line.split(' ').collect();
            match f.as_slice() {
                ["C", id, n] => {
                    created.insert(id.to_string(), n.parse().unwrap());
                }
                ["U", id, version, n] => edited.push((id.to_string(), version.parse().unwrap(), n.parse().unwrap())),
                _ => panic!("unexpected line from the writer: {line:?}"),
            }
        }
        next_n += 1_000_000; // each run numbers its saves apart from the last
    }
    eprintln!(
        "durability: {} creates and {} edits acknowledged across {kills} kills in {:?}",
        created.len(),
        edited.len(),
        started.elapsed()
    );
    assert!(created.len() as u64 >= kills / 2, "too few saves happened between kills to prove anything");

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    for (id, n) in &created {
        let v1 = &store.lead_versions(id).unwrap_or_else(|e| panic!("acknowledged lead {id} is missing: {e}"));
        let first = v1.iter().find(|v| v.version == 1).unwrap();
        let want = sample_lead(&event.id, *n);
        assert_eq!(
            (first.lead.name.as_str(), first.lead.key_needs.as_str()),
            (want.name.as_str(), want.key_needs.as_str())
        );
    }
    for (id, version, n) in &edited {
        let versions = store.lead_versions(id).unwrap();
        let v = versions
            .iter()
            .find(|v| v.version == *version)
            .unwrap_or_else(|| panic!("acknowledged edit {id} v{version} is missing"));
        assert_eq!(v.lead.name, sample_lead(&event.id, *n).name);
    }
    // Every lead row, version row and outbox row agree: nothing half-written.
    let c = Connection::open(store.path()).unwrap();
    let orphans: i64 = c
        .query_row(
            "SELECT (SELECT COUNT(*) FROM leads l WHERE l.version != (SELECT MAX(version) FROM lead_versions v WHERE v.lead_id = l.id))
                  + (SELECT COUNT(*) FROM lead_versions v WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.lead_id = v.lead_id AND o.version = v.version))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "a lead, its versions and its outbox rows disagree");
}
