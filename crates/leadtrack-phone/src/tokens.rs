//! One-time registration tokens: 128 random bits, base64url, good for one registration within
//! their lifetime. The kiosk asks for a fresh one each time it shows a QR code, so there is a
//! cap on how many are outstanding; the oldest gives way to a new one.
//!
//! A used or expired token is remembered for one more lifetime, so a visitor who taps "Send"
//! twice or comes back late is told what happened instead of "unknown code".

use std::collections::HashMap;
use std::sync::Mutex;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// What a token in a URL turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Good for one registration.
    Fresh,
    /// Already used for a registration (or being used right now by another request).
    Used,
    Expired,
    /// Never issued here, or forgotten long ago.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Fresh,
    /// A registration with it is being saved; it goes back to `Fresh` if that fails.
    Claimed,
    Used,
}

#[derive(Debug)]
struct Entry {
    state: State,
    expires_at: i64,
}

#[derive(Debug)]
pub struct Tokens {
    ttl_ms: i64,
    max_outstanding: usize,
    map: Mutex<HashMap<String, Entry>>,
}

/// Length of a token: 16 bytes in unpadded base64.
const TOKEN_LEN: usize = 22;

impl Tokens {
    pub fn new(ttl_ms: i64, max_outstanding: usize) -> Tokens {
        Tokens { ttl_ms, max_outstanding: max_outstanding.max(1), map: Mutex::new(HashMap::new()) }
    }

    /// A new token, valid from `now` for the lifetime. Fails only if the OS has no randomness.
    pub fn issue(&self, now: i64) -> Result<String, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        let token = URL_SAFE_NO_PAD.encode(bytes);
        let mut map = self.lock();
        self.prune(&mut map, now);
        loop {
            let outstanding = map.iter().filter(|(_, e)| e.state != State::Used && e.expires_at > now);
            if outstanding.clone().count() < self.max_outstanding {
                break;
            }
            // Only a fresh one gives way: a claimed one is being saved right now.
            let oldest = outstanding
                .filter(|(_, e)| e.state == State::Fresh)
                .min_by_key(|(_, e)| e.expires_at)
                .map(|(t, _)| t.clone());
            match oldest {
                Some(t) => map.remove(&t),
                None => break,
            };
        }
        map.insert(token.clone(), Entry { state: State::Fresh, expires_at: now + self.ttl_ms });
        Ok(token)
    }

    pub fn look(&self, token: &str, now: i64) -> Lookup {
        if !well_formed(token) {
            return Lookup::Unknown;
        }
        let mut map = self.lock();
        self.prune(&mut map, now);
        match map.get(token) {
            None => Lookup::Unknown,
            Some(e) if e.state != State::Fresh => Lookup::Used,
            Some(e) if e.expires_at <= now => Lookup::Expired,
            Some(_) => Lookup::Fresh,
        }
    }

    /// Takes a fresh token for one registration attempt, so two requests cannot both use it.
    /// Afterwards call [`Tokens::consume`] (saved) or [`Tokens::release`] (not saved).
    pub fn claim(&self, token: &str, now: i64) -> Lookup {
        let found = self.look(token, now);
        if found == Lookup::Fresh {
            if let Some(e) = self.lock().get_mut(token) {
                e.state = State::Claimed;
            }
        }
        found
    }

    pub fn consume(&self, token: &str) {
        if let Some(e) = self.lock().get_mut(token) {
            e.state = State::Used;
        }
    }

    pub fn release(&self, token: &str) {
        if let Some(e) = self.lock().get_mut(token) {
            if e.state == State::Claimed {
                e.state = State::Fresh;
            }
        }
    }

    /// Tokens that could still register someone.
    pub fn outstanding(&self, now: i64) -> usize {
        self.lock().values().filter(|e| e.state != State::Used && e.expires_at > now).count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // The map holds no invariant a panic elsewhere could break halfway.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Forgets tokens a lifetime past their expiry, and keeps the remembered ones bounded.
    fn prune(&self, map: &mut HashMap<String, Entry>, now: i64) {
        map.retain(|_, e| e.expires_at + self.ttl_ms > now);
        let limit = self.max_outstanding * 4;
        while map.len() > limit {
            let oldest = map.iter().filter(|(_, e)| e.state == State::Used || e.expires_at <= now);
            let Some(t) = oldest.min_by_key(|(_, e)| e.expires_at).map(|(t, _)| t.clone()) else { break };
            map.remove(&t);
        }
    }
}

fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_LEN && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: i64 = 10 * 60 * 1000;

    #[test]
    fn a_token_is_128_random_bits_in_base64url() {
        let tokens = Tokens::new(TTL, 8);
        let a = tokens.issue(0).unwrap();
        let b = tokens.issue(0).unwrap();
        assert_ne!(a, b);
        for t in [&a, &b] {
            assert!(well_formed(t), "{t}");
            assert_eq!(URL_SAFE_NO_PAD.decode(t).unwrap().len(), 16);
        }
    }

    #[test]
    fn a_token_registers_once_and_is_then_remembered_as_used() {
        let tokens = Tokens::new(TTL, 8);
        let t = tokens.issue(0).unwrap();
        assert_eq!(tokens.claim(&t, 1), Lookup::Fresh);
        assert_eq!(tokens.claim(&t, 2), Lookup::Used, "a second request cannot use it meanwhile");
        tokens.release(&t);
        assert_eq!(tokens.look(&t, 3), Lookup::Fresh, "a failed attempt gives it back");
        assert_eq!(tokens.claim(&t, 4), Lookup::Fresh);
        tokens.consume(&t);
        tokens.release(&t);
        assert_eq!(tokens.look(&t, 5), Lookup::Used, "a used token stays used");
        assert_eq!(tokens.outstanding(5), 0);
    }

    #[test]
    fn a_token_expires_after_its_lifetime_and_is_forgotten_a_lifetime_later() {
        let tokens = Tokens::new(TTL, 8);
        let t = tokens.issue(1_000).unwrap();
        assert_eq!(tokens.look(&t, 1_000 + TTL - 1), Lookup::Fresh);
        assert_eq!(tokens.look(&t, 1_000 + TTL), Lookup::Expired);
        assert_eq!(tokens.claim(&t, 1_000 + TTL), Lookup::Expired);
        assert_eq!(tokens.look(&t, 1_000 + 2 * TTL), Lookup::Unknown);
    }

    #[test]
    fn at_most_n_tokens_are_outstanding_and_the_oldest_gives_way() {
        let tokens = Tokens::new(TTL, 3);
        let issued: Vec<String> = (0..5).map(|i| tokens.issue(i).unwrap()).collect();
        assert_eq!(tokens.outstanding(10), 3);
        assert_eq!(tokens.look(&issued[0], 10), Lookup::Unknown);
        assert_eq!(tokens.look(&issued[1], 10), Lookup::Unknown);
        assert_eq!(tokens.look(&issued[4], 10), Lookup::Fresh);
        // A token being saved is never the one that gives way.
        assert_eq!(tokens.claim(&issued[2], 10), Lookup::Fresh);
        tokens.issue(11).unwrap();
        assert_eq!(tokens.look(&issued[2], 12), Lookup::Used, "still claimed");
        assert_eq!(tokens.look(&issued[3], 12), Lookup::Unknown);
    }

    #[test]
    fn anything_but_a_well_formed_token_is_unknown() {
        let tokens = Tokens::new(TTL, 3);
        let t = tokens.issue(0).unwrap();
        for bad in ["", "short", &format!("{t}x"), &t.replace(|_: char| true, "/"), "../../etc/passwd"] {
            assert_eq!(tokens.look(bad, 1), Lookup::Unknown, "{bad}");
        }
    }
}
