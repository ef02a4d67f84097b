//! Helpers shared by the integration tests (`it/`), the durability writer and the bench.

use std::path::Path;

use leadtrack_domain::{CaptureForm, Event, EventInput, LeadInput, Role, User};
use leadtrack_store::Store;

/// A show and a rep in a fresh store: the smallest booth a lead can be saved in.
pub fn booth(dir: &Path) -> (Store, Event, User) {
    let store = Store::open(dir).expect("open store");
    let event = store
        .create_event(EventInput {
            tag: "TEST-SHOW".into(),
            name: "Test Show".into(),
            starts_on: "2026-11-23".into(),
            ends_on: "2026-11-26".into(),
            booth: "T1".into(),
            country: "CN".into(),
            form: CaptureForm::default(),
        })
        .expect("create show");
    let rep = store.create_user("Test Rep", "", Role::Rep).expect("create rep");
    (store, event, rep)
}

/// A deterministic, varied lead for number `n`: mixed scripts, so saves exercise the
/// trigram index the way real booths do.
pub fn sample_lead(event_id: &str, n: u64) -> LeadInput {
    const GIVEN: [&str; 6] = ["王伟", "رضا", "Anna", "李娜", "مینا", "James"];
    const COMPANY: [&str; 5] = ["华强照明", "پارس روشنایی", "Lichtwerk GmbH", "Brightline Supply", "明亮科技"];
    LeadInput {
        event_id: event_id.to_string(),
        name: format!("{} {n}", GIVEN[(n % 6) as usize]),
        company: format!("{} {}", COMPANY[(n % 5) as usize], n % 997),
        title: "Buyer".into(),
        email: format!("visitor{n}@example.com"),
        key_needs: format!("needs batch {n}: {}", "LED ".repeat((n % 7) as usize)).trim_end().to_string(),
        interests: vec!["LED panels".into()],
        ..LeadInput::default()
    }
}

/// Small deterministic PRNG (xorshift64*): tests print their seed so a failure replays.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}
