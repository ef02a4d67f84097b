//! `pdf_20mb_first_page_ms`: a rep clicks a 20 MB brochure in the library and its first page
//! is on screen — measured in the real window (the debug app, tauri-driver and WebKitWebDriver,
//! as the e2e tests run it). The PDF is made here: 20 pages, each a full-page photo-like image
//! of incompressible bytes, so the file is what a real brochure with photographs weighs.
//!
//! Timed inside the page (the click and the wait happen in one script), so WebDriver round
//! trips do not count; "shown" is the presenter's canvas getting `data-page="1"`, set when
//! pdf.js's render promise for page 1 resolves. Without the app, tauri-driver or a display the
//! figure is skipped with a line saying why; the bench never fails for it.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serde_json::{json, Value};

const PAGES: usize = 20;
/// Per page: one RGB image of this size, about 1 MB.
const IMAGE_W: usize = 640;
const IMAGE_H: usize = 540;
/// Opens after the first (cold: pdf.js loads, its worker starts), whose median is the figure.
const WARM_OPENS: usize = 5;
const WAIT: Duration = Duration::from_secs(60);

/// A PDF of `PAGES` A4 pages, each with one uncompressed image of noise over a gradient.
pub fn big_pdf() -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    let obj = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, body: &[u8]| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    // 1: catalog, 2: pages, then per page: page, contents, image.
    let kids: Vec<String> = (0..PAGES).map(|p| format!("{} 0 R", 3 + p * 3)).collect();
    obj(&mut out, &mut offsets, b"<< /Type /Catalog /Pages 2 0 R >>");
    obj(&mut out, &mut offsets, format!("<< /Type /Pages /Count {PAGES} /Kids [{}] >>", kids.join(" ")).as_bytes());
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for p in 0..PAGES {
        let (page, contents, image) = (3 + p * 3, 4 + p * 3, 5 + p * 3);
        obj(
            &mut out,
            &mut offsets,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R \
                 /Resources << /XObject << /Im{page} {image} 0 R >> >> >>"
            )
            .as_bytes(),
        );
        let draw = format!("q 0.2 0.4 0.7 rg 0 742 595 100 re f Q q 515 0 0 434 40 260 cm /Im{page} Do Q");
        obj(&mut out, &mut offsets, format!("<< /Length {} >>\nstream\n{draw}\nendstream", draw.len()).as_bytes());
        let mut pixels = Vec::with_capacity(IMAGE_W * IMAGE_H * 3);
        for row in 0..IMAGE_H {
            for col in 0..IMAGE_W {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let noise = (x & 0x3f) as usize;
                pixels.push(((row * 255 / IMAGE_H) / 2 + noise) as u8);
                pixels.push(((col * 255 / IMAGE_W) / 2 + noise) as u8);
                pixels.push((128 + (p * 6) % 64 + (x >> 8 & 0x3f) as usize) as u8);
            }
        }
        let mut body = format!(
            "<< /Type /XObject /Subtype /Image /Width {IMAGE_W} /Height {IMAGE_H} /ColorSpace /DeviceRGB \
             /BitsPerComponent 8 /Length {} >>\nstream\n",
            pixels.len()
        )
        .into_bytes();
        body.extend_from_slice(&pixels);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, &body);
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1).as_bytes(),
    );
    out
}

/// What the figure needs, or why it cannot be taken here.
fn prerequisites(target: &Path) -> Result<(PathBuf, PathBuf), String> {
    let app = std::env::var_os("LEADTRACK_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target.join("debug").join(format!("leadtrack-app{}", std::env::consts::EXE_SUFFIX)));
    if !app.exists() {
        return Err(format!("no app binary at {} (cargo build -p leadtrack-app)", app.display()));
    }
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        return Err("no DISPLAY (cargo xtask bench runs it under xvfb-run)".into());
    }
    let home_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"));
    let on_path = std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).map(|d| d.join("tauri-driver")).find(|p| p.exists()));
    let driver = on_path.or(home_bin.filter(|p| p.exists())).ok_or("tauri-driver is not installed")?;
    Ok((app, driver))
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, so tauri-driver takes WebKitWebDriver and the app down with it.
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let _ = self.0.wait();
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub fn pdf_view(target: &Path) -> BTreeMap<String, f64> {
    let (app, driver) = match prerequisites(target) {
        Ok(found) => found,
        Err(why) => {
            println!("pdf_20mb_first_page_ms             skipped: {why}");
            return BTreeMap::new();
        }
    };
    match measure(&app, &driver) {
        Ok(figures) => figures,
        Err(why) => {
            println!("pdf_20mb_first_page_ms             skipped: {why}");
            BTreeMap::new()
        }
    }
}

fn measure(app: &Path, driver: &Path) -> Result<BTreeMap<String, f64>, String> {
    use leadtrack_content::import::Folder;
    let data = tempfile::tempdir().map_err(|e| e.to_string())?;
    let pack = data.path().join("pack");
    std::fs::create_dir_all(&pack).map_err(|e| e.to_string())?;
    let pdf = big_pdf();
    std::fs::write(pack.join("big.pdf"), &pdf).map_err(|e| e.to_string())?;
    let manifest = json!({ "format": 1, "pack_version": "bench", "items": [{ "id": "big", "title": "20 MB brochure",
        "kind": "pdf", "language": "en", "path": "big.pdf", "sha256": leadtrack_content::sha256_hex(&pdf), "size": pdf.len() }] });
    std::fs::write(pack.join(leadtrack_content::MANIFEST_FILE), manifest.to_string()).map_err(|e| e.to_string())?;
    {
        let store = leadtrack_store::Store::open(&data.path().join("leadtrack")).map_err(|e| e.to_string())?;
        store.seed_demo().map_err(|e| e.to_string())?;
        let mut source = Folder::open(&pack).map_err(|e| e.to_string())?;
        store.install_content_pack(&mut source, "folder").map_err(|e| e.to_string())?;
    }

    let (port, native) = (free_port().map_err(|e| e.to_string())?, free_port().map_err(|e| e.to_string())?);
    let child = Command::new(driver)
        .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
        .env("LEADTRACK_DATA_DIR", data.path().join("leadtrack"))
        .env("XDG_DATA_HOME", data.path().join("xdg"))
        .env("LEADTRACK_LOG", "warn")
        .env("LEADTRACK_NO_KEYCHAIN", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("tauri-driver: {e}"))?;
    let _driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("tauri-driver did not listen on {port}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": app }));
        let c = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("WebDriver session: {e}"))?;
        let result = opens(&c, pdf.len()).await;
        let _ = c.close().await;
        result
    })
}

async fn find(c: &fantoccini::Client, css: &str) -> Result<fantoccini::elements::Element, String> {
    c.wait().at_most(WAIT).for_element(Locator::Css(css)).await.map_err(|e| format!("{css}: {e}"))
}

/// Signs the demo manager in, opens the library, then opens and closes the brochure.
async fn opens(c: &fantoccini::Client, bytes: usize) -> Result<BTreeMap<String, f64>, String> {
    let (name, pin) = leadtrack_store::DEMO_PINS[2];
    find(c, "[data-testid=sign-in]").await?;
    let pick = format!(
        "const b = [...document.querySelectorAll('[data-testid^=sign-in-user-]')].find((e) => e.textContent.trim() === {name:?});
         if (b) b.click(); return !!b;"
    );
    let deadline = Instant::now() + WAIT;
    while c.execute(&pick, vec![]).await.map_err(|e| e.to_string())? != json!(true) {
        if Instant::now() > deadline {
            return Err(format!("no sign-in button for {name}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    find(c, "[data-testid=sign-in-secret]").await?.send_keys(pin).await.map_err(|e| e.to_string())?;
    find(c, "[data-testid=sign-in-submit]").await?.click().await.map_err(|e| e.to_string())?;
    find(c, "[data-testid=signed-in-name]").await?;
    find(c, "[data-testid=nav-materials]").await?.click().await.map_err(|e| e.to_string())?;
    find(c, "[data-testid=material-big]").await?;

    // Click and wait in one script: the time is the page's own, from the click to the canvas
    // marked drawn, polled every 2 ms.
    let open = "const done = arguments[arguments.length - 1];
        const t0 = performance.now();
        document.querySelector('[data-testid=material-big]').click();
        const check = () => {
          if (document.querySelector('[data-testid=pdf-canvas][data-page=\"1\"]')) done(performance.now() - t0);
          else if (document.querySelector('[data-testid=presenter] .mantine-Alert-root')) done('error: ' + document.querySelector('[data-testid=presenter]').textContent);
          else if (performance.now() - t0 > 55000) done('timeout');
          else setTimeout(check, 2);
        };
        check();";
    let mut times = Vec::new();
    for _ in 0..=WARM_OPENS {
        let v: Value = c.execute_async(open, vec![]).await.map_err(|e| e.to_string())?;
        let ms = v.as_f64().ok_or_else(|| format!("the brochure's first page was not shown: {v}"))?;
        times.push(ms);
        find(c, "[data-testid=presenter-close]").await?.click().await.map_err(|e| e.to_string())?;
        let gone = "return !document.querySelector('[data-testid=pdf-canvas]')";
        while c.execute(gone, vec![]).await.map_err(|e| e.to_string())? != json!(true) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    eprintln!("bench: {:.1} MB PDF, click to first page (ms): {times:.0?}", bytes as f64 / 1e6);
    let cold = times[0];
    let mut warm = times[1..].to_vec();
    warm.sort_by(f64::total_cmp);
    Ok(BTreeMap::from([
        ("pdf_20mb_first_page_ms".to_string(), warm[warm.len() / 2]),
        ("pdf_20mb_first_page_cold_ms".to_string(), cold),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_brochure_weighs_about_20_mb_and_its_xref_points_at_each_object() {
        let pdf = big_pdf();
        assert!((19_000_000..23_000_000).contains(&pdf.len()), "{} bytes", pdf.len());
        let tail = std::str::from_utf8(&pdf[pdf.len() - 64..]).unwrap();
        let xref: usize = tail.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        let table = std::str::from_utf8(&pdf[xref..]).unwrap();
        assert!(table.starts_with("xref\n"));
        let entries: Vec<usize> = table.lines().skip(3).take(2 + PAGES * 3).map(|l| l[..10].parse().unwrap()).collect();
        assert_eq!(entries.len(), 2 + PAGES * 3);
        for (i, offset) in entries.iter().enumerate() {
            let head = format!("{} 0 obj\n", i + 1);
            assert!(pdf[*offset..].starts_with(head.as_bytes()), "object {} is not at {offset}", i + 1);
        }
        if let Some(path) = std::env::var_os("LEADTRACK_BENCH_PDF_OUT") {
            std::fs::write(path, &pdf).unwrap();
        }
    }
}
