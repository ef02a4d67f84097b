//! Saves leads in a loop and prints each save only after the store returned from it:
//! `C <id> <n>` for a create, `U <id> <version> <n>` for an edit. The durability test
//! SIGKILLs this process at random moments and then checks every printed save is on disk.
//!
//! Usage: save_loop <data-dir> <event-id> <user-id> <first-n>

use std::io::Write;
use std::path::PathBuf;

use leadtrack_store::Store;
use leadtrack_tests::sample_lead;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: save_loop <data-dir> <event-id> <user-id> <first-n>");
        std::process::exit(2);
    }
    let (dir, event, user) = (PathBuf::from(&args[1]), &args[2], &args[3]);
    let mut n: u64 = args[4].parse().unwrap_or(0);
    let store = match Store::open(&dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("save_loop: cannot open the store: {e}");
            std::process::exit(3);
        }
    };
    let mut out = std::io::stdout().lock();
    let mut last: Option<String> = None;
    loop {
        n += 1;
        let result = match (&last, n % 3) {
            (Some(id), 0) => {
                let lead = store.update_lead(id, sample_lead(event, n), user);
                lead.map(|l| format!("U {} {} {n}\n", l.id, l.version))
            }
            _ => store.create_lead(sample_lead(event, n), user).map(|l| {
                last = Some(l.id.clone());
                format!("C {} {n}\n", l.id)
            }),
        };
        match result {
            Ok(line) => {
                out.write_all(line.as_bytes()).and_then(|_| out.flush()).ok();
            }
            Err(e) => {
                eprintln!("save_loop: save {n} failed: {e}");
                std::process::exit(4);
            }
        }
    }
}
