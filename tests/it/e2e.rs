//! End to end: the real `leadtrack-app` binary in a real window (Xvfb), driven through
//! tauri-driver and WebKitWebDriver like a rep would use it.
//!
//! Needs `LEADTRACK_APP_BIN`, a `DISPLAY` and `tauri-driver`; `cargo xtask test` provides
//! all three and sets `LEADTRACK_E2E=required`, which turns a missing piece into a failure
//! instead of a skip. `LEADTRACK_UPDATE_SCREENSHOTS=1` also refreshes `docs/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(15);

/// One real window at a time: the tests share one Xvfb display and a 2-core machine.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What an end-to-end run needs, or why it cannot run here.
struct Setup {
    app: PathBuf,
    driver: PathBuf,
}

fn setup() -> Option<Setup> {
    let required = std::env::var("LEADTRACK_E2E").is_ok_and(|v| v == "required");
    let missing = |what: String| {
        if required {
            panic!("end-to-end test cannot run: {what} (LEADTRACK_E2E=required)");
        }
        eprintln!("SKIPPED end-to-end test: {what}. Run `cargo xtask test` to run it.");
        None
    };
    let Some(app) = std::env::var_os("LEADTRACK_APP_BIN").map(PathBuf::from) else {
        return missing("LEADTRACK_APP_BIN is not set".into());
    };
    if !app.exists() {
        return missing(format!("{} does not exist", app.display()));
    }
    if std::env::var_os("DISPLAY").is_none() {
        return missing("no DISPLAY (run under xvfb-run)".into());
    }
    let home_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"));
    let on_path = std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).map(|d| d.join("tauri-driver")).find(|p| p.exists()));
    let Some(driver) = on_path.or(home_bin.filter(|p| p.exists())) else {
        return missing("tauri-driver is not installed".into());
    };
    Some(Setup { app, driver })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// tauri-driver with the app's environment. Stopped with SIGTERM so it takes its
/// WebKitWebDriver child down with it (SIGKILL would orphan it).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(setup: &Setup, data: &Path) -> Driver {
        let (port, native) = (free_port(), free_port());
        let child = Command::new(&setup.driver)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("LEADTRACK_DATA_DIR", data.join("leadtrack"))
            .env("XDG_DATA_HOME", data.join("xdg"))
            .env("LEADTRACK_LOG", "warn")
            .env("LEADTRACK_MOCK_MEDIA", "1") // WebKit's synthetic microphone for the voice memo
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tauri-driver");
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    /// Starts the app and returns a WebDriver session on its window.
    async fn launch(&self, app: &Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": app }));
        ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("open a WebDriver session on the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

async fn find(c: &Client, css: &str) -> Element {
    c.wait().at_most(WAIT).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"))
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let el = find(c, css).await;
    el.clear().await.unwrap();
    if !text.is_empty() {
        el.send_keys(text).await.unwrap();
    }
}

/// Waits until `css` holds an element whose text contains `text`.
async fn wait_text(c: &Client, css: &str, text: &str) -> Element {
    let deadline = Instant::now() + WAIT;
    loop {
        for el in c.find_all(Locator::Css(css)).await.unwrap_or_default() {
            if el.text().await.unwrap_or_default().contains(text) {
                return el;
            }
        }
        if Instant::now() > deadline {
            screenshot(c, "failure.png").await;
            panic!("no {css} showing {text:?} (see target/screenshots/failure.png)");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Scrolls `css` to the middle of the window and clicks it; a screenshot if something covers it.
async fn click(c: &Client, css: &str) {
    let el = find(c, css).await;
    c.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&el).unwrap()])
        .await
        .unwrap();
    if let Err(e) = el.click().await {
        screenshot(c, "failure.png").await;
        panic!("clicking {css}: {e} (see target/screenshots/failure.png)");
    }
}

/// Waits until `css` matches at least `n` elements.
async fn wait_count(c: &Client, css: &str, n: usize) {
    let deadline = Instant::now() + WAIT;
    while count(c, css).await < n {
        if Instant::now() > deadline {
            screenshot(c, "failure.png").await;
            panic!("fewer than {n} of {css} (see target/screenshots/failure.png)");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join(name), &png).unwrap();
    if std::env::var_os("LEADTRACK_UPDATE_SCREENSHOTS").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(name), &png).unwrap();
    }
}

/// Fills and saves the capture form; returns once the saved banner names the lead.
async fn capture(c: &Client, name: &str, company: &str, grade: &str, needs: &str, photo: Option<&Path>) {
    find(c, "[data-testid=nav-capture]").await.click().await.unwrap();
    type_into(c, "input[name=company]", company).await;
    type_into(c, "input[name=name]", name).await;
    type_into(c, "input[name=title]", "采购经理").await;
    type_into(c, "input[name=email]", "li.na@mingliang.example.cn").await;
    type_into(c, "input[name=phone]", "138 0013 8000").await;
    find(c, &format!("[data-testid=grade-{grade}]")).await.click().await.unwrap();
    find(c, "[data-testid='interest-LED panels']").await.click().await.unwrap();
    type_into(c, "textarea[name=key_needs]", needs).await;
    find(c, "select[name=next_action]").await.select_by_value("send_quote").await.unwrap();
    if let Some(photo) = photo {
        find(c, "input[type=file][data-testid=photo-input]").await.send_keys(photo.to_str().unwrap()).await.unwrap();
        wait_count(c, "[data-testid=pending-attachment]", 1).await;
        find(c, "[data-testid=record-voice]").await.click().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        find(c, "[data-testid=stop-voice]").await.click().await.unwrap();
        wait_count(c, "[data-testid=pending-attachment]", 2).await;
    }
    find(c, "[data-testid=save-lead]").await.click().await.unwrap();
    wait_text(c, "[data-testid=saved-banner]", name).await;
}

async fn open_from_list(c: &Client, search: &str, name: &str) {
    find(c, "[data-testid=nav-leads]").await.click().await.unwrap();
    type_into(c, "[data-testid=lead-search]", search).await;
    // Wait for the search to have run (every row is a match), so the rows stop moving
    // before the click; WebKitWebDriver will not click a <tr> itself, so click a cell.
    let deadline = Instant::now() + WAIT;
    let row = loop {
        let rows = c.find_all(Locator::Css("[data-testid=lead-row]")).await.unwrap_or_default();
        let mut texts = Vec::new();
        for r in &rows {
            texts.push(r.text().await.unwrap_or_default());
        }
        if !rows.is_empty() && texts.iter().all(|t| t.contains(search)) {
            if let Some(i) = texts.iter().position(|t| t.contains(name)) {
                break rows[i].clone();
            }
        }
        if Instant::now() > deadline {
            screenshot(c, "failure.png").await;
            panic!("searching {search:?} never listed only matches including {name:?}: {texts:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    row.find(Locator::Css("td")).await.unwrap().click().await.unwrap();
    wait_text(c, "[data-testid=lead-detail-name]", name).await;
}

/// A data folder holding the demo booth, and tauri-driver ready to start the app on it.
fn demo_booth(setup: &Setup) -> (tempfile::TempDir, Driver) {
    let data = tempfile::tempdir().unwrap();
    {
        let store = leadtrack_store::Store::open(&data.path().join("leadtrack")).unwrap();
        assert!(store.seed_demo().unwrap());
    }
    let driver = Driver::start(setup, data.path());
    (data, driver)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rep_captures_finds_edits_and_after_a_restart_still_has_the_lead() {
    let Some(setup) = setup() else { return };
    let _one = ONE_WINDOW.lock().await;
    let (data, driver) = demo_booth(&setup);
    let hostile = "<img src=x onerror=alert(1)>";

    // First run: capture through the form, find by a Chinese substring, edit.
    let c = driver.launch(&setup.app).await;
    find(&c, "[data-testid=event-picker]").await;
    find(&c, "[data-testid=nav-capture]").await.click().await.unwrap();
    find(&c, "input[name=company]").await;
    screenshot(&c, "capture.png").await;
    let card = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/images/card.png");
    capture(&c, "李娜", "上海明亮照明科技有限公司", "A", "Needs 5,000 panel lights for a new factory.", Some(&card))
        .await;
    capture(&c, hostile, "Evil Co", "B", "Tests that markup stays text.", None).await;

    open_from_list(&c, "明亮照明", "李娜").await;
    wait_count(&c, "[data-testid=attachment] img", 1).await;
    screenshot(&c, "detail.png").await;
    find(&c, "[data-testid=edit-lead]").await.click().await.unwrap();
    type_into(&c, "textarea[name=key_needs]", "Needs 8,000 panel lights; wants a factory visit.").await;
    find(&c, "[data-testid=save-lead]").await.click().await.unwrap();
    wait_count(&c, "[data-testid=version-row]", 2).await;
    c.execute("document.querySelector('[data-testid=attachments]').scrollIntoView()", vec![]).await.unwrap();
    screenshot(&c, "detail-media.png").await;

    // A hostile name is plain text in the list and the detail view.
    open_from_list(&c, "onerror", hostile).await;
    let shown = find(&c, "[data-testid=lead-detail-name]").await.text().await.unwrap();
    assert_eq!(shown.trim(), hostile);
    find(&c, "[data-testid=nav-leads]").await.click().await.unwrap();
    type_into(&c, "[data-testid=lead-search]", "").await;
    wait_text(&c, "[data-testid=lead-row]", hostile).await;
    screenshot(&c, "leads.png").await;
    let injected = c.execute("return document.querySelectorAll('img[src=\"x\"]').length", vec![]).await.unwrap();
    assert_eq!(injected, Value::from(0), "visitor text became markup");
    c.close().await.unwrap();

    // Second run of the same binary on the same data folder: the lead is still there.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let c = driver.launch(&setup.app).await;
    open_from_list(&c, "明亮", "李娜").await;
    wait_text(&c, "body", "8,000 panel lights").await;

    // Every screen works in Chinese and in Persian, right to left.
    find(&c, "[data-testid=lang-picker]").await.select_by_value("zh-CN").await.unwrap();
    find(&c, "[data-testid=nav-leads]").await.click().await.unwrap();
    wait_text(&c, "h2, h1, h3", "线索").await;
    wait_text(&c, "[data-testid=lead-row]", "李娜").await;
    screenshot(&c, "leads-zh.png").await;
    find(&c, "[data-testid=lang-picker]").await.select_by_value("fa").await.unwrap();
    find(&c, "[data-testid=nav-capture]").await.click().await.unwrap();
    find(&c, "input[name=company]").await;
    let dir = c.execute("return document.documentElement.dir", vec![]).await.unwrap();
    assert_eq!(dir, Value::from("rtl"), "Persian lays out right to left");
    screenshot(&c, "capture-fa.png").await;
    find(&c, "[data-testid=lang-picker]").await.select_by_value("en").await.unwrap();
    c.close().await.unwrap();
    drop(driver);

    // And it is in the SQLite file itself, with both versions.
    let db =
        Connection::open_with_flags(data.path().join("leadtrack/leadtrack.sqlite3"), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let (company, grade, needs, version, phone): (String, String, String, i64, Option<String>) = db
        .query_row("SELECT company, grade, key_needs, version, phone_e164 FROM leads WHERE name = '李娜'", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap();
    assert_eq!(company, "上海明亮照明科技有限公司");
    assert_eq!(grade, "A");
    assert_eq!(needs, "Needs 8,000 panel lights; wants a factory visit.");
    assert_eq!(version, 2);
    assert_eq!(phone.as_deref(), Some("+8613800138000"));
    let hostile_rows: i64 =
        db.query_row("SELECT COUNT(*) FROM leads WHERE name = ?1", [hostile], |r| r.get(0)).unwrap();
    assert_eq!(hostile_rows, 1);

    // The card photo is on disk, named by its hash, byte for byte.
    let sha: String = db
        .query_row(
            "SELECT a.sha256 FROM attachments a JOIN leads l ON l.id = a.lead_id WHERE l.name = '李娜' AND a.kind = 'card'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let stored = std::fs::read(data.path().join("leadtrack/attachments").join(&sha[..2]).join(&sha)).unwrap();
    assert!(stored == std::fs::read(&card).unwrap(), "the stored card photo differs from the one picked");
    let (voice_mime, voice_bytes): (String, i64) = db
        .query_row(
            "SELECT a.mime, a.bytes FROM attachments a JOIN leads l ON l.id = a.lead_id WHERE l.name = '李娜' AND a.kind = 'voice'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(voice_mime.starts_with("audio/") && voice_bytes > 1_000, "voice memo: {voice_mime}, {voice_bytes} bytes");
}

/// Waits until the input matching `css` holds `value`.
async fn wait_value(c: &Client, css: &str, value: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let el = find(c, css).await;
        if el.prop("value").await.ok().flatten().as_deref() == Some(value) {
            return;
        }
        if Instant::now() > deadline {
            screenshot(c, "failure.png").await;
            panic!("{css} never held {value:?} (see target/screenshots/failure.png)");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_badge_typed_by_a_handheld_scanner_fills_the_capture_form() {
    let Some(setup) = setup() else { return };
    let _one = ONE_WINDOW.lock().await;
    let (data, driver) = demo_booth(&setup);
    let c = driver.launch(&setup.app).await;
    find(&c, "[data-testid=nav-leads]").await.click().await.unwrap();
    find(&c, "[data-testid=lead-search]").await;

    // A scanner is a keyboard that types the whole badge in one fast burst, then Enter.
    let badge = "MECARD:N:Wang,Fang;ORG:Huaqiang Lighting;TEL:+8613800138000;EMAIL:fang.wang@example.cn;;";
    find(&c, "body").await.send_keys(&format!("{badge}\u{E007}")).await.unwrap();
    find(&c, "[data-testid=scan-flash]").await;
    wait_value(&c, "input[name=company]", "Huaqiang Lighting").await;
    wait_value(&c, "input[name=email]", "fang.wang@example.cn").await;
    screenshot(&c, "scanned.png").await;
    find(&c, "[data-testid=grade-B]").await.click().await.unwrap();
    find(&c, "[data-testid=save-lead]").await.click().await.unwrap();
    wait_text(&c, "[data-testid=saved-banner]", "Wang").await;

    // A photo of a badge: decoded in the app, the form filled, the photo kept as the card.
    let photo = data.path().join("badge-photo.png");
    std::fs::write(&photo, qr_png(PHOTO_BADGE)).unwrap();
    find(&c, "[data-testid=nav-capture]").await.click().await.unwrap();
    find(&c, "input[type=file][data-testid=badge-photo-input]").await.send_keys(photo.to_str().unwrap()).await.unwrap();
    wait_value(&c, "input[name=company]", "Pars Roshanai").await;
    wait_count(&c, "[data-testid=pending-attachment]", 1).await;
    click(&c, "[data-testid=grade-C]").await;
    screenshot(&c, "badge-photo.png").await;
    click(&c, "[data-testid=save-lead]").await;
    wait_text(&c, "[data-testid=saved-banner]", "Reza").await;
    c.close().await.unwrap();
    drop(driver);

    let db =
        Connection::open_with_flags(data.path().join("leadtrack/leadtrack.sqlite3"), OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let (source, format, raw, grade): (String, String, String, String) = db
        .query_row(
            "SELECT source, badge_format, badge_raw, grade FROM leads WHERE company = 'Huaqiang Lighting'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((source.as_str(), format.as_str(), raw.as_str(), grade.as_str()), ("rep_scan", "mecard", badge, "B"));
    let (source, card): (String, String) = db
        .query_row(
            "SELECT l.source, a.kind FROM leads l JOIN attachments a ON a.lead_id = l.id WHERE l.company = 'Pars Roshanai'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((source.as_str(), card.as_str()), ("rep_scan", "card"));
}

const PHOTO_BADGE: &str =
    "BEGIN:VCARD\nVERSION:3.0\nN:Ahmadi;Reza\nFN:Reza Ahmadi\nORG:Pars Roshanai\nEMAIL:reza@pars.example.ir\nEND:VCARD";

/// A photo-sized PNG of a QR code holding `text`, made here rather than committed.
fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let (n, colors) = (code.width(), code.to_colors());
    let (scale, quiet) = (8u32, 4u32);
    let side = (n as u32 + 2 * quiet) * scale;
    let img = image::GrayImage::from_fn(side + 200, side + 120, |x, y| {
        let (mx, my) = ((x / scale) as i64 - quiet as i64 - 12, (y / scale) as i64 - quiet as i64 - 7);
        let dark = (0..n as i64).contains(&mx)
            && (0..n as i64).contains(&my)
            && colors[my as usize * n + mx as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 20 } else { 235 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}
