//! Where in a frame a code probably is, and at what angle.
//!
//! ZXing-family readers find 1D and PDF417 codes by scanning rows, so a badge held 15–20° off
//! level is missed: a scan line leaves the bars before it crosses the whole code. Rotating a
//! whole 1280×720 frame for every candidate angle costs more than the frame budget, so instead
//! one pass over the pixels builds a coarse map of 8×8 blocks with their edge energy and
//! gradient orientation (a structure tensor). Codes are dense, high-contrast blocks; bars and
//! PDF417 rows share one orientation. Connected busy blocks give candidate regions with their
//! dominant angle, and the cascade then crops, deskews and decodes only those few pixels.

use crate::gray::Gray;

const BLOCK: usize = 8;

/// A rectangle of the frame worth a closer look.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Region {
    pub(crate) x: usize,
    pub(crate) y: usize,
    pub(crate) width: usize,
    pub(crate) height: usize,
    /// Angle of the bars' normal (the dominant gradient) from the x axis, in degrees, (-90, 90].
    /// A code whose bars are vertical has 0.
    pub(crate) angle_deg: f32,
    /// 0 (no dominant direction, like QR or noise) .. 1 (all edges parallel, like bars).
    pub(crate) coherence: f32,
    /// Number of busy blocks: bigger regions first.
    pub(crate) blocks: usize,
}

struct Block {
    energy: f32,
    jxx: f32,
    jyy: f32,
    jxy: f32,
}

/// Candidate code regions, most promising first, at most `max`.
pub(crate) fn regions(img: &Gray, max: usize) -> Vec<Region> {
    let (bw, bh) = (img.width / BLOCK, img.height / BLOCK);
    if bw < 3 || bh < 3 {
        return Vec::new();
    }
    let mut blocks: Vec<Block> = (0..bw * bh).map(|_| Block { energy: 0.0, jxx: 0.0, jyy: 0.0, jxy: 0.0 }).collect();
    let w = img.width;
    // Gradients on every other pixel of every other row: a quarter of the work and, for bars at
    // least 2 px wide, the same orientation. Orientation uses Scharr's 3×3 weights: plain
    // central differences bend fine bars' angle towards 45° (+4° at 15° for 2.5 px modules,
    // enough to break PDF417), Scharr keeps that under half a degree. Energy uses the plain
    // differences, which smooth fine bars less.
    let px = |row: &[u8], x: usize| row[x] as f32;
    for y in (1..bh * BLOCK - 1).step_by(2) {
        let row = &img.data[y * w..];
        let up = &img.data[(y - 1) * w..];
        let down = &img.data[(y + 1) * w..];
        let brow = (y / BLOCK) * bw;
        for x in (1..bw * BLOCK - 1).step_by(2) {
            let gx = 3.0 * (px(up, x + 1) - px(up, x - 1))
                + 10.0 * (px(row, x + 1) - px(row, x - 1))
                + 3.0 * (px(down, x + 1) - px(down, x - 1));
            let gy = 3.0 * (px(down, x - 1) - px(up, x - 1))
                + 10.0 * (px(down, x) - px(up, x))
                + 3.0 * (px(down, x + 1) - px(up, x + 1));
            let (gx, gy) = (gx / 16.0, gy / 16.0);
            let b = &mut blocks[brow + x / BLOCK];
            // Energy from plain differences: sharper for fine bars than the smoothed Scharr.
            b.energy += (px(row, x + 1) - px(row, x - 1)).abs() + (px(down, x) - px(up, x)).abs();
            b.jxx += gx * gx;
            b.jyy += gy * gy;
            b.jxy += gx * gy;
        }
    }
    let samples = (BLOCK * BLOCK / 4) as f32;
    // Busy: edges well above the frame's own noise floor. Most of a frame is not code, so the
    // median block is background plus sensor noise; printed codes are many times stronger.
    let mut energies: Vec<f32> = blocks.iter().map(|b| b.energy / samples).collect();
    let mid = energies.len() / 2;
    let median = *energies.select_nth_unstable_by(mid, f32::total_cmp).1;
    let threshold = (median * 2.5).max(14.0);
    let busy: Vec<bool> = blocks.iter().map(|b| b.energy / samples > threshold).collect();

    // Connected components (8-neighbourhood) of busy blocks.
    let mut label = vec![u32::MAX; bw * bh];
    let mut found = Vec::new();
    let mut stack = Vec::new();
    for start in 0..bw * bh {
        if !busy[start] || label[start] != u32::MAX {
            continue;
        }
        let id = found.len() as u32;
        label[start] = id;
        stack.push(start);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        let (mut n, mut jxx, mut jyy, mut jxy) = (0usize, 0f32, 0f32, 0f32);
        // Orientation votes: each block's doubled angle weighted by its energy and coherence², so
        // blocks of parallel bars outvote text, card edges and 2D modules.
        let (mut vx, mut vy) = (0f32, 0f32);
        while let Some(i) = stack.pop() {
            let (bx, by) = (i % bw, i / bw);
            x0 = x0.min(bx);
            y0 = y0.min(by);
            x1 = x1.max(bx);
            y1 = y1.max(by);
            n += 1;
            jxx += blocks[i].jxx;
            jyy += blocks[i].jyy;
            jxy += blocks[i].jxy;
            let b = &blocks[i];
            let trace = b.jxx + b.jyy;
            if trace > 0.0 {
                let (c2, s2) = (b.jxx - b.jyy, 2.0 * b.jxy);
                let coherence2 = (c2 * c2 + s2 * s2) / (trace * trace);
                let norm = (c2 * c2 + s2 * s2).sqrt().max(f32::MIN_POSITIVE);
                let weight = b.energy * coherence2;
                vx += weight * c2 / norm;
                vy += weight * s2 / norm;
            }
            for dy in -1i32..=1 {
                for dx in -1i32..=1 {
                    let (nx, ny) = (bx as i32 + dx, by as i32 + dy);
                    if nx < 0 || ny < 0 || nx >= bw as i32 || ny >= bh as i32 {
                        continue;
                    }
                    let j = ny as usize * bw + nx as usize;
                    if busy[j] && label[j] == u32::MAX {
                        label[j] = id;
                        stack.push(j);
                    }
                }
            }
        }
        // A code at webcam distance covers at least ~6×4 blocks (48×32 px).
        let (cw, ch) = (x1 - x0 + 1, y1 - y0 + 1);
        if n < 12 || cw < 4 || ch < 3 {
            continue;
        }
        // Mostly-filled boxes only: long thin edges (a table edge, a lanyard) are not codes.
        if (n as f32) < 0.3 * (cw * ch) as f32 {
            continue;
        }
        let trace = jxx + jyy;
        let coherence = if trace > 0.0 { ((jxx - jyy).powi(2) + 4.0 * jxy * jxy).sqrt() / trace } else { 0.0 };
        let angle = 0.5 * vy.atan2(vx);
        found.push(Region {
            x: x0 * BLOCK,
            y: y0 * BLOCK,
            width: cw * BLOCK,
            height: ch * BLOCK,
            angle_deg: angle.to_degrees(),
            coherence,
            blocks: n,
        });
    }
    found.sort_by_key(|r| std::cmp::Reverse(r.blocks));
    found.truncate(max);
    found
}

impl Region {
    /// The region grown by `margin` of its size on every side (codes' quiet zones and the edge
    /// blocks that fell under the threshold), clipped to the image.
    pub(crate) fn grown(&self, margin: f32, img_w: usize, img_h: usize) -> Region {
        let mx = (self.width as f32 * margin) as usize + BLOCK;
        let my = (self.height as f32 * margin) as usize + BLOCK;
        let x = self.x.saturating_sub(mx);
        let y = self.y.saturating_sub(my);
        let x1 = (self.x + self.width + mx).min(img_w);
        let y1 = (self.y + self.height + my).min(img_h);
        Region { x, y, width: x1.saturating_sub(x), height: y1.saturating_sub(y), ..self.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flat_frame_has_no_regions() {
        assert!(regions(&Gray::filled(640, 480, 120), 4).is_empty());
        assert!(regions(&Gray::filled(0, 0, 0), 4).is_empty());
        assert!(regions(&Gray::filled(7, 7, 0), 4).is_empty());
    }

    #[test]
    fn tilted_bars_give_one_region_at_their_angle() {
        // Bars 4 px wide, normal at 15° from the x axis, in a 200×120 patch of a 640×480 frame.
        let mut img = Gray::filled(640, 480, 200);
        let (s, c) = 15f32.to_radians().sin_cos();
        for y in 180..300 {
            for x in 220..420 {
                let t = x as f32 * c + y as f32 * s;
                if (t / 4.0) as i32 % 2 == 0 {
                    img.data[y * 640 + x] = 30;
                }
            }
        }
        let found = regions(&img, 4);
        assert_eq!(found.len(), 1, "{found:?}");
        let r = &found[0];
        assert!((r.angle_deg - 15.0).abs() < 3.0, "{r:?}");
        assert!(r.coherence > 0.8, "{r:?}");
        assert!(r.x <= 224 && r.x + r.width >= 416, "{r:?}");
    }
}
