//! Saves leads in a loop while the real sync client pushes them to a collector, and prints
//! each save only after the store returned from it: `C <id> <n>` or `U <id> <version> <n>`.
//! The sync tests SIGKILL this process at random moments (mid-batch, mid-answer) and then
//! check that every printed save reaches the server exactly once, newest edit winning.
//!
//! Usage: sync_push <data-dir> <event-id> <user-id> <first-n> <endpoint> <credentials-file>

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use leadtrack_store::Store;
use leadtrack_sync::client::{read_credentials, SyncConfig, SyncHandle, Url};
use leadtrack_tests::sample_lead;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 7 {
        eprintln!("usage: sync_push <data-dir> <event-id> <user-id> <first-n> <endpoint> <credentials-file>");
        std::process::exit(2);
    }
    let (dir, event, user) = (PathBuf::from(&args[1]), &args[2], &args[3]);
    let mut n: u64 = args[4].parse().unwrap_or(0);
    let fail = |what: &str, e: &dyn std::fmt::Display| -> ! {
        eprintln!("sync_push: {what}: {e}");
        std::process::exit(3);
    };
    let endpoint = Url::parse(&args[5]).unwrap_or_else(|e| fail("endpoint", &e));
    let text = std::fs::read_to_string(&args[6]).unwrap_or_else(|e| fail("credentials", &e));
    let (device_id, secret) = read_credentials(&text, None).unwrap_or_else(|e| fail("credentials", &e));
    let store = Arc::new(Store::open(&dir).unwrap_or_else(|e| fail("open the store", &e)));
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| fail("runtime", &e));
    let mut config = SyncConfig::new(endpoint, device_id, secret);
    config.request_timeout = Duration::from_secs(2);
    config.backoff_base = Duration::from_millis(20);
    config.backoff_cap = Duration::from_millis(300);
    config.max_items = 7;
    let sync = SyncHandle::start(store.clone(), config, runtime.handle()).unwrap_or_else(|e| fail("sync", &e));
    let mut out = std::io::stdout().lock();
    let mut last: Option<String> = None;
    loop {
        n += 1;
        let result = match (&last, n % 3) {
            (Some(id), 0) => {
                store.update_lead(id, sample_lead(event, n), user).map(|l| format!("U {} {} {n}\n", l.id, l.version))
            }
            _ => store.create_lead(sample_lead(event, n), user).map(|l| {
                last = Some(l.id.clone());
                format!("C {} {n}\n", l.id)
            }),
        };
        match result {
            Ok(line) => {
                sync.nudge();
                out.write_all(line.as_bytes()).and_then(|_| out.flush()).ok();
            }
            Err(e) => fail(&format!("save {n}"), &e),
        }
        std::thread::sleep(Duration::from_millis(3));
    }
}
