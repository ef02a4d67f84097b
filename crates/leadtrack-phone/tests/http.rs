//! The phone server over a real socket on 127.0.0.1, as a phone's browser would use it, with
//! the clock in the test's hands.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use leadtrack_domain::{LeadQuery, LeadSource};
use leadtrack_phone::{Error, Options, PhoneServer};
use leadtrack_store::Store;

const T0: i64 = 1_763_900_000_000;
const MINUTE: i64 = 60_000;

struct Booth {
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    server: PhoneServer,
    now: Arc<AtomicI64>,
}

impl Booth {
    fn advance(&self, ms: i64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
    }

    /// A fresh one-time link's path (`/r/<token>`).
    fn link(&self) -> String {
        let link = self.server.link().unwrap();
        let prefix = format!("http://{}", self.server.addr());
        link.strip_prefix(&prefix).unwrap_or_else(|| panic!("{link} is not on {prefix}")).to_string()
    }

    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        request(self.server.addr(), "GET", path, headers, b"")
    }

    fn post(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        request(
            self.server.addr(),
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
    }

    fn leads(&self) -> Vec<leadtrack_domain::Lead> {
        let found = self.store.search_leads(&LeadQuery { source: Some(LeadSource::Kiosk), ..Default::default() });
        found.unwrap().iter().map(|s| self.store.lead(&s.id).unwrap()).collect()
    }
}

/// The demo show in kiosk mode, and a phone server on 127.0.0.1 with `options`.
fn booth_with(options: impl FnOnce(&mut Options)) -> Booth {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    store.seed_demo().unwrap();
    let event = store.events().unwrap().remove(0);
    store.set_kiosk_pin("2580").unwrap();
    store.start_kiosk(&event.id).unwrap();
    let now = Arc::new(AtomicI64::new(T0));
    let clock = now.clone();
    let mut opts = Options { clock: Arc::new(move || clock.load(Ordering::SeqCst)), ..Options::default() };
    options(&mut opts);
    let server = PhoneServer::start_with(store.clone(), "127.0.0.1:0".parse().unwrap(), opts).unwrap();
    Booth { _dir: dir, store, server, now }
}

fn booth() -> Booth {
    booth_with(|o| o.per_client_per_minute = 1000)
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on its own connection, read to the end.
fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("content-length")) {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    Reply { status, headers, body: body.to_string() }
}

#[test]
fn a_visitor_registers_on_their_phone_as_a_kiosk_lead_with_channel_phone() {
    let b = booth();
    let link = b.link();
    let form = b.get(&link, &[("Accept-Language", "fa-IR,fa;q=0.9,en;q=0.5")]);
    assert_eq!(form.status, 200, "{}", form.body);
    assert_eq!(form.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(
        form.header("content-security-policy"),
        Some("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    );
    assert_eq!(form.header("x-frame-options"), Some("DENY"));
    assert_eq!(form.header("referrer-policy"), Some("no-referrer"));
    let html = &form.body;
    assert!(html.contains("<html lang=\"fa\" dir=\"rtl\">"), "Persian from Accept-Language, right to left");
    for other in ["<script", "src=", "<link", "<iframe", "url("] {
        assert!(!html.contains(other), "no scripts and nothing loaded from elsewhere: {other}");
    }
    assert!(html.contains("type=\"email\" id=\"f-email\" name=\"email\" autocomplete=\"email\""));
    assert!(html.contains("type=\"tel\" id=\"f-phone\" name=\"phone\""));
    assert!(html.contains("برای چه به غرفهٔ ما آمده‌اید؟"), "the show's question in Persian");
    assert!(html.contains("type=\"radio\" name=\"q.purpose\" value=\"source\">یافتن تأمین‌کننده"));
    assert!(html.contains("اطلاعاتی را که اینجا می‌دهید"), "the consent statement is shown");
    assert!(
        html.contains("<input type=\"checkbox\" name=\"consent\" value=\"email\">"),
        "consent boxes start unticked"
    );
    assert!(!html.contains("checked"));
    assert!(html.contains("href=\"?lang=en\"") && html.contains("href=\"?lang=zh-CN\""));

    let thanks = b.post(
        &format!("{link}?lang=fa"),
        &[
            ("lang", "fa"),
            ("name", "رضا احمدی"),
            ("company", "پارس روشنایی"),
            ("email", "reza@pars.example.ir"),
            ("phone", "138 0013 8000"),
            ("interest", "Solar"),
            ("q.purpose", "source"),
            ("consent", "email"),
        ],
    );
    assert_eq!(thanks.status, 200, "{}", thanks.body);
    assert!(thanks.body.contains("سپاسگزاریم، رضا احمدی!"));
    assert!(thanks.body.contains("href=\"https://demo.leadtrack.app/brochure\""), "the brochure link");

    let leads = b.leads();
    let lead = leads.iter().find(|l| l.company == "پارس روشنایی").expect("the phone lead");
    assert_eq!((lead.channel.as_str(), lead.source), ("phone", LeadSource::Kiosk));
    assert_eq!(lead.phone_e164.as_deref(), Some("+8613800138000"));
    assert_eq!(lead.interests, vec!["Solar"]);
    let consent = lead.consent.clone().expect("consent given");
    assert_eq!((consent.language.as_str(), consent.given_at), ("fa", T0));
    assert_eq!(consent.channels.iter().map(|c| c.channel.as_str()).collect::<Vec<_>>(), vec!["email"]);
    assert_eq!(consent.channels[0].text, "می‌توانید دربارهٔ این بازدید و محصولاتتان به من ایمیل بزنید.");
    assert_eq!(
        (lead.answers[0].values.clone(), lead.answers[0].labels.clone()),
        (vec!["source".to_string()], vec!["یافتن تأمین‌کننده".to_string()])
    );
}

#[test]
fn a_link_registers_one_visitor_only() {
    let b = booth();
    let link = b.link();
    let visitor = [("name", "Yuki Sato"), ("email", "y@n.example.jp")];
    assert_eq!(b.post(&link, &visitor).status, 200);
    let again = b.post(&link, &[("name", "Someone Else"), ("email", "else@example.com")]);
    assert_eq!(again.status, 410);
    assert!(again.body.contains("ask at the booth for a new code"), "{}", again.body);
    assert_eq!(b.get(&link, &[]).status, 410);
    assert_eq!(b.leads().len(), 1, "only the first registration is saved");
    assert_eq!(b.post(&b.link(), &[("name", "Someone Else"), ("email", "else@example.com")]).status, 200);
}

#[test]
fn a_link_expires_ten_minutes_after_it_was_shown() {
    let b = booth();
    let link = b.link();
    b.advance(10 * MINUTE - 1);
    assert_eq!(b.get(&link, &[]).status, 200);
    b.advance(1);
    let expired = b.get(&link, &[("Accept-Language", "zh-CN")]);
    assert_eq!(expired.status, 410);
    assert!(expired.body.contains("此二维码已过期") && expired.body.contains("请到展台索取新的二维码"));
    assert_eq!(b.post(&link, &[("name", "Late"), ("email", "late@example.com")]).status, 410);
    assert!(b.leads().is_empty());
}

#[test]
fn an_unknown_link_or_path_gets_a_friendly_not_found_page() {
    let b = booth();
    for path in ["/r/AAAAAAAAAAAAAAAAAAAAAA", "/r/not-a-token", "/", "/admin", "/r/x/y"] {
        let reply = b.get(path, &[]);
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.body.contains("ask at the booth for a new code"), "{path}: {}", reply.body);
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
    }
}

#[test]
fn a_mistake_shows_the_form_again_with_what_was_typed_escaped_and_the_link_still_works() {
    let b = booth();
    let link = b.link();
    let hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
    let reply = b.post(
        &link,
        &[
            ("name", hostile),
            ("company", "Tom & Jerry's"),
            ("email", "not-an-email"),
            ("q.purpose", "buy"),
            ("consent", "phone"),
        ],
    );
    assert_eq!(reply.status, 422, "{}", reply.body);
    let html = &reply.body;
    assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
    assert!(
        html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;\"")
    );
    assert!(html.contains("value=\"Tom &amp; Jerry&#39;s\""));
    assert!(html.contains("This email address looks incomplete"));
    assert!(html.contains("value=\"buy\" checked>"), "the answer given is kept");
    assert!(html.contains("value=\"phone\" checked>"), "the box the visitor ticked stays ticked");
    assert!(b.leads().is_empty());

    let thanks = b.post(&link, &[("name", hostile), ("email", "eve@example.com")]);
    assert_eq!(thanks.status, 200, "{}", thanks.body);
    assert!(!thanks.body.contains("<script") && thanks.body.contains("&lt;script&gt;"));
    assert_eq!(b.leads()[0].name, hostile, "stored as typed: it is data");
}

#[test]
fn a_phone_making_too_many_requests_is_told_when_to_come_back() {
    let b = booth_with(|o| o.per_client_per_minute = 5);
    let link = b.link();
    for _ in 0..5 {
        assert_eq!(b.get(&link, &[]).status, 200);
    }
    let limited = b.get(&link, &[]);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("retry-after"), Some("12"), "one request every 12 s refills");
    assert!(limited.body.contains("Too many requests"));
    b.advance(12_000);
    assert_eq!(b.get(&link, &[]).status, 200);
}

#[test]
fn the_whole_server_has_a_request_cap() {
    let b = booth_with(|o| o.global_per_minute = 3);
    let link = b.link();
    let statuses: Vec<u16> = (0..4).map(|_| b.get(&link, &[]).status).collect();
    assert_eq!(statuses, vec![200, 200, 200, 429]);
}

#[test]
fn a_body_over_16_kb_is_refused_unread() {
    let b = booth();
    let link = b.link();
    // The headers alone: the server answers from Content-Length without waiting for the body.
    let reply = request(
        b.server.addr(),
        "POST",
        &link,
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "20000")],
        b"",
    );
    assert_eq!(reply.status, 413);
    assert!(reply.body.contains("Too much text"));
    let just_under = "x".repeat(16 * 1024 - "name=".len());
    let fits = request(
        b.server.addr(),
        "POST",
        &link,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        format!("name={just_under}").as_bytes(),
    );
    assert_eq!(fits.status, 422, "read, and refused by validation (no email, name too long)");
}

#[test]
fn the_server_listens_only_on_the_address_it_was_given() {
    let b = booth();
    let port = b.server.addr().port();
    assert_eq!(b.server.addr().ip().to_string(), "127.0.0.1");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_ok());
    // Another address of this machine, same port: nobody there.
    assert!(TcpStream::connect(("127.0.0.2", port)).is_err());
    let everywhere = PhoneServer::start(b.store.clone(), "0.0.0.0:0".parse().unwrap());
    assert!(matches!(everywhere, Err(Error::NotOneInterface(_))));
    let everywhere6 = PhoneServer::start(b.store.clone(), "[::]:0".parse().unwrap());
    assert!(matches!(everywhere6, Err(Error::NotOneInterface(_))));
    let addr = b.server.addr();
    drop(b);
    assert!(TcpStream::connect(addr).is_err(), "stopped with its handle");
}

#[test]
fn the_form_says_registration_is_closed_when_kiosk_mode_is_off() {
    let b = booth();
    let link = b.link();
    let pin_ok = b.store.exit_kiosk("2580", T0).unwrap();
    assert_eq!(pin_ok, leadtrack_domain::kiosk::PinCheck::Accepted);
    let closed = b.get(&format!("{link}?lang=en"), &[]);
    assert_eq!(closed.status, 503);
    assert!(closed.body.contains("Registration is closed"));
    assert_eq!(b.post(&link, &[("name", "Ann"), ("email", "ann@example.com")]).status, 503);
    assert!(b.leads().is_empty());
}
