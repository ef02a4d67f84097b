//! Rough numbers for the phone server: `GET /r/<token>` (the form, rendered from the store)
//! per second over keep-alive connections, and the process's memory before, idle and after.
//! `cargo run --release -p leadtrack-phone --example phone_load [-- seconds clients]`

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use leadtrack_phone::{Options, PhoneServer};
use leadtrack_store::Store;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: 0 kB");
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(4);
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    store.seed_demo().unwrap();
    let event = store.events().unwrap().remove(0);
    store.set_kiosk_pin("2580").unwrap();
    store.start_kiosk(&event.id).unwrap();
    let before = rss_kib();
    let options = Options { per_client_per_minute: u32::MAX, global_per_minute: u32::MAX, ..Options::default() };
    let server = PhoneServer::start_with(store, "127.0.0.1:0".parse().unwrap(), options).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let idle = rss_kib();
    let link = server.link().unwrap();
    let path = link.trim_start_matches(&format!("http://{}", server.addr())).to_string();
    let addr = server.addr();

    let done = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let bytes = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (done, count, bytes, path) = (done.clone(), count.clone(), bytes.clone(), path.clone());
            std::thread::spawn(move || {
                let stream = TcpStream::connect(addr).unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: fa\r\n\r\n");
                while !done.load(Ordering::Relaxed) {
                    writer.write_all(request.as_bytes()).unwrap();
                    let mut length = 0usize;
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
                    loop {
                        line.clear();
                        reader.read_line(&mut line).unwrap();
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap();
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).unwrap();
                    count.fetch_add(1, Ordering::Relaxed);
                    bytes.fetch_add(length as u64, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    done.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let n = count.load(Ordering::Relaxed);
    let after = rss_kib();
    println!(
        "GET form: {n} requests in {elapsed:.1} s with {clients} keep-alive clients = {:.0} req/s, {:.1} KiB a page",
        n as f64 / elapsed,
        bytes.load(Ordering::Relaxed) as f64 / n.max(1) as f64 / 1024.0
    );
    println!(
        "RSS: {before} KiB with the store open, {idle} KiB with the server idle (+{} KiB), {after} KiB after the load (+{} KiB)",
        idle.saturating_sub(before),
        after.saturating_sub(before)
    );
    drop(server);
}
