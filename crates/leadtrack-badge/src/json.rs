//! JSON badges: an object with contact keys in whatever spelling the registration system likes
//! (`firstName`, `first_name`, `fname`…; see `keys`), possibly nested under `contact`,
//! `attendee`, `person`… and with `name` or `address` as objects of their own.
//!
//! Only objects under container-like keys are entered, and at most four levels deep, so an
//! `{"event": {"id": 7}}` next to the attendee does not lend the attendee its id. Key order in
//! the payload never matters: the better-named key wins (see `keys`). serde_json's own
//! recursion limit keeps deeply nested hostile input from overflowing the stack.

use serde_json::{Map, Value};

use crate::contact::{Draft, Slot};
use crate::keys;

const MAX_DEPTH: usize = 4;
/// Objects visited at most, so a wide hostile document costs little.
const MAX_OBJECTS: usize = 64;

/// Reads `payload` if it is a JSON object (or an array whose first object is the contact).
/// Returns false, leaving `d` untouched, when it is not.
pub(crate) fn parse(payload: &str, d: &mut Draft) -> bool {
    let Ok(value) = serde_json::from_str::<Value>(payload) else {
        return false;
    };
    let root = match &value {
        Value::Object(map) => map,
        Value::Array(items) => match items.iter().find_map(Value::as_object) {
            Some(map) => {
                if items.len() > 1 {
                    d.warn("the JSON payload is a list; only its first object was read");
                }
                map
            }
            None => return false,
        },
        _ => return false,
    };
    let mut queue: Vec<(&Map<String, Value>, usize)> = vec![(root, 0)];
    let mut next = 0;
    while let Some(&(map, depth)) = queue.get(next) {
        next += 1;
        for (key, value) in map {
            let slot = keys::slot_for_key(key);
            match value {
                Value::String(_) | Value::Number(_) => {
                    if let Some((slot, rank)) = slot {
                        offer_scalar(d, slot, rank, value);
                    }
                }
                Value::Array(items) => {
                    if let (Some((slot, rank)), Some(first)) = (slot, items.first()) {
                        offer_scalar(d, slot, rank, first);
                    }
                    let first_object = items.iter().find_map(Value::as_object);
                    if let (true, Some(obj)) = (keys::is_container(key), first_object) {
                        enqueue(&mut queue, obj, depth);
                    }
                }
                Value::Object(obj) => {
                    if let Some((Slot::Company, rank)) = slot {
                        // {"company": {"name": "Acme"}}
                        if let Some(name) = obj.get("name") {
                            offer_scalar(d, Slot::Company, rank, name);
                        }
                    } else if keys::is_container(key) {
                        enqueue(&mut queue, obj, depth);
                    }
                }
                Value::Null | Value::Bool(_) => {}
            }
        }
    }
    true
}

fn enqueue<'a>(queue: &mut Vec<(&'a Map<String, Value>, usize)>, obj: &'a Map<String, Value>, depth: usize) {
    if depth < MAX_DEPTH && queue.len() < MAX_OBJECTS {
        queue.push((obj, depth + 1));
    }
}

fn offer_scalar(d: &mut Draft, slot: Slot, rank: u16, value: &Value) {
    match value {
        Value::String(s) => {
            d.offer(slot, rank, s);
        }
        Value::Number(n) => {
            d.offer(slot, rank, &n.to_string());
        }
        _ => {}
    }
}
