//! Request rate limits: a token bucket per client address and one for the whole server, so
//! one phone (or a script on the booth network) cannot hog the laptop, and many together
//! cannot either. Time comes from the caller.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// A bucket of `capacity` requests refilled evenly over a minute. Counted in 1/60000ths of a
/// request, so a millisecond refills exactly `capacity` units and no rounding creeps in.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    units: i128,
    at: i64,
}

const REQUEST: i128 = 60_000;

impl Bucket {
    fn full(capacity: u32, now: i64) -> Bucket {
        Bucket { units: i128::from(capacity) * REQUEST, at: now }
    }

    fn refill(&mut self, capacity: u32, now: i64) {
        let elapsed = (i128::from(now) - i128::from(self.at)).max(0);
        self.units = (self.units + elapsed * i128::from(capacity)).min(i128::from(capacity) * REQUEST);
        self.at = now.max(self.at);
    }

    fn is_full(&self, capacity: u32) -> bool {
        self.units >= i128::from(capacity) * REQUEST
    }

    fn has_one(&self) -> bool {
        self.units >= REQUEST
    }

    /// Milliseconds until one request is allowed again.
    fn wait_ms(&self, capacity: u32) -> i64 {
        let missing = (REQUEST - self.units).max(1);
        let capacity = i128::from(capacity);
        i64::try_from((missing + capacity - 1) / capacity).unwrap_or(i64::MAX)
    }
}

#[derive(Debug)]
pub struct RateLimit {
    per_client: u32,
    global: u32,
    inner: Mutex<(Bucket, HashMap<IpAddr, Bucket>)>,
}

/// Clients remembered at most; a full bucket is forgotten first (it would start full anyway).
const MAX_CLIENTS: usize = 4096;

impl RateLimit {
    /// `per_client` and `global` requests per minute (each at least 1).
    pub fn new(per_client: u32, global: u32) -> RateLimit {
        let (per_client, global) = (per_client.max(1), global.max(1));
        RateLimit { per_client, global, inner: Mutex::new((Bucket::full(global, i64::MIN), HashMap::new())) }
    }

    /// Whether `client` may make a request at `now`; if not, the seconds to wait (for `Retry-After`).
    pub fn check(&self, client: IpAddr, now: i64) -> Result<(), u64> {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (global, clients) = &mut *guard;
        global.refill(self.global, now);
        if clients.len() >= MAX_CLIENTS && !clients.contains_key(&client) {
            let per_client = self.per_client;
            clients.retain(|_, b| {
                b.refill(per_client, now);
                !b.is_full(per_client)
            });
            if clients.len() >= MAX_CLIENTS {
                // Thousands of addresses all busy at once: start over; the global bucket still holds.
                clients.clear();
            }
        }
        let mine = clients.entry(client).or_insert_with(|| Bucket::full(self.per_client, now));
        mine.refill(self.per_client, now);
        let wait = if !mine.has_one() {
            Some(mine.wait_ms(self.per_client))
        } else if !global.has_one() {
            Some(global.wait_ms(self.global))
        } else {
            None
        };
        match wait {
            Some(ms) => Err((ms.max(1) as u64).div_ceil(1000)),
            None => {
                mine.units -= REQUEST;
                global.units -= REQUEST;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([192, 168, 1, last])
    }

    #[test]
    fn a_client_gets_its_requests_per_minute_then_waits_for_the_next_one() {
        let limit = RateLimit::new(20, 1000);
        for i in 0..20 {
            assert_eq!(limit.check(ip(1), 0), Ok(()), "request {i}");
        }
        assert_eq!(limit.check(ip(1), 0), Err(3), "one request every 3 s refills");
        assert_eq!(limit.check(ip(2), 0), Ok(()), "another phone is not held up");
        assert_eq!(limit.check(ip(1), 2_999), Err(1));
        assert_eq!(limit.check(ip(1), 3_000), Ok(()));
        assert!(limit.check(ip(1), 3_000).is_err());
        assert_eq!(limit.check(ip(1), 60_000 + 3_000), Ok(()), "a minute later the bucket is full again");
    }

    #[test]
    fn the_server_as_a_whole_has_a_cap_too() {
        let limit = RateLimit::new(5, 12);
        let mut allowed = 0;
        for client in 0..10 {
            for _ in 0..5 {
                allowed += usize::from(limit.check(ip(client), 0).is_ok());
            }
        }
        assert_eq!(allowed, 12);
        assert_eq!(limit.check(ip(200), 0), Err(5), "a new client waits for the global bucket");
        assert_eq!(limit.check(ip(200), 5_000), Ok(()));
    }

    #[test]
    fn a_flood_of_addresses_does_not_grow_memory_without_bound() {
        let limit = RateLimit::new(2, u32::MAX);
        for i in 0..(MAX_CLIENTS as u32 * 3) {
            limit.check(IpAddr::from(i.to_be_bytes()), 0).unwrap();
        }
        assert!(limit.inner.lock().unwrap().1.len() <= MAX_CLIENTS + 1);
    }
}
