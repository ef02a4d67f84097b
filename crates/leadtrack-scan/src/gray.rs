//! An owned 8-bit grayscale image and the few cheap transforms the pipeline tries.
//!
//! Hand-written rather than taken from `imageproc`: each transform is a dozen lines, runs in one
//! pass over the pixels, and keeping them here keeps `imageproc` (and its dependency tree) out
//! of the build. Every transform returns a new image and never panics on any size, including 0.

/// Row-major 8-bit luma, `data.len() == width * height`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Gray {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) data: Vec<u8>,
}

impl Gray {
    /// `None` when the buffer doesn't hold exactly `width * height` bytes.
    pub(crate) fn from_vec(width: usize, height: usize, data: Vec<u8>) -> Option<Gray> {
        (width.checked_mul(height) == Some(data.len())).then_some(Gray { width, height, data })
    }

    #[cfg(test)]
    pub(crate) fn filled(width: usize, height: usize, value: u8) -> Gray {
        Gray { width, height, data: vec![value; width * height] }
    }

    #[inline]
    pub(crate) fn get(&self, x: usize, y: usize) -> u8 {
        self.data[y * self.width + x]
    }

    /// Bilinear sample with edge clamping; `fill` outside the image.
    #[inline]
    pub(crate) fn sample(&self, x: f32, y: f32, fill: u8) -> u8 {
        if self.width == 0 || self.height == 0 || !(x > -1.0 && y > -1.0) {
            return fill;
        }
        let (w, h) = (self.width as f32, self.height as f32);
        if x >= w || y >= h {
            return fill;
        }
        let x = x.max(0.0);
        let y = y.max(0.0);
        let x0 = x as usize;
        let y0 = y as usize;
        let x1 = (x0 + 1).min(self.width - 1);
        let y1 = (y0 + 1).min(self.height - 1);
        let fx = x - x0 as f32;
        let fy = y - y0 as f32;
        let p = |xx, yy| self.get(xx, yy) as f32;
        let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
        let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
        (top * (1.0 - fy) + bottom * fy + 0.5) as u8
    }

    /// Box-filtered shrink by an integer factor (each output pixel is the mean of a k×k block).
    pub(crate) fn downscale(&self, k: usize) -> Gray {
        if k <= 1 {
            return self.clone();
        }
        let (w, h) = (self.width / k, self.height / k);
        let mut out = Vec::with_capacity(w * h);
        let area = (k * k) as u32;
        for oy in 0..h {
            for ox in 0..w {
                let mut sum = 0u32;
                for dy in 0..k {
                    let row = &self.data[(oy * k + dy) * self.width + ox * k..][..k];
                    sum += row.iter().map(|&v| v as u32).sum::<u32>();
                }
                out.push((sum / area) as u8);
            }
        }
        Gray { width: w, height: h, data: out }
    }

    /// Summed-area table with one row/column of zero padding: `(w+1)*(h+1)` entries.
    fn integral(&self) -> Vec<u64> {
        let (w, h) = (self.width, self.height);
        let mut sat = vec![0u64; (w + 1) * (h + 1)];
        for y in 0..h {
            let mut row = 0u64;
            for x in 0..w {
                row += self.data[y * w + x] as u64;
                sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
            }
        }
        sat
    }

    /// Mean over a (2r+1)² window, clipped at the borders, via the integral image.
    pub(crate) fn box_blur(&self, r: usize) -> Gray {
        let (w, h) = (self.width, self.height);
        let sat = self.integral();
        let mut data = Vec::with_capacity(w * h);
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
            for x in 0..w {
                let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
                let s =
                    sat[y1 * (w + 1) + x1] + sat[y0 * (w + 1) + x0] - sat[y0 * (w + 1) + x1] - sat[y1 * (w + 1) + x0];
                data.push((s / ((x1 - x0) * (y1 - y0)) as u64) as u8);
            }
        }
        Gray { width: w, height: h, data }
    }

    /// Local-mean threshold (Bradley): black where a pixel is `bias` below its (2r+1)² mean.
    /// Evens out lighting gradients and glare that a global or block threshold gets wrong.
    pub(crate) fn adaptive_threshold(&self, r: usize, bias: u8) -> Gray {
        let mean = self.box_blur(r);
        let data = self
            .data
            .iter()
            .zip(&mean.data)
            .map(|(&v, &m)| if v as i32 + bias as i32 <= m as i32 { 0 } else { 255 })
            .collect();
        Gray { width: self.width, height: self.height, data }
    }

    /// Mean over `r` pixels above and below: after deskewing, bars run vertically, so this
    /// averages sensor noise away along the bars without softening their edges.
    pub(crate) fn smooth_vertical(&self, r: usize) -> Gray {
        let (w, h) = (self.width, self.height);
        let mut data = vec![0u8; w * h];
        let mut col = vec![0u32; h + 1];
        for x in 0..w {
            for y in 0..h {
                col[y + 1] = col[y] + self.data[y * w + x] as u32;
            }
            for y in 0..h {
                let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
                data[y * w + x] = ((col[y1] - col[y0]) / (y1 - y0) as u32) as u8;
            }
        }
        Gray { width: w, height: h, data }
    }

    /// A `width`×`height` view centred on (`cx`, `cy`) and turned by `degrees`: the output's
    /// x axis runs along the source direction at `degrees` from the source x axis. Turning by a
    /// code's bar-normal angle makes its bars vertical again. Outside the image reads white.
    pub(crate) fn rotated_crop(&self, cx: f32, cy: f32, width: usize, height: usize, degrees: f32) -> Gray {
        let (s, c) = degrees.to_radians().sin_cos();
        let (hw, hh) = (width as f32 / 2.0, height as f32 / 2.0);
        let mut data = Vec::with_capacity(width * height);
        for y in 0..height {
            let dy = y as f32 + 0.5 - hh;
            // source = centre + R(degrees)·d, stepped along x
            let mut sx = cx + c * (0.5 - hw) - s * dy - 0.5;
            let mut sy = cy + s * (0.5 - hw) + c * dy - 0.5;
            for _ in 0..width {
                data.push(self.sample(sx, sy, 255));
                sx += c;
                sy += s;
            }
        }
        Gray { width, height, data }
    }

    /// Copy of a rectangle, clipped to the image.
    pub(crate) fn crop(&self, x: usize, y: usize, width: usize, height: usize) -> Gray {
        let x = x.min(self.width);
        let y = y.min(self.height);
        let width = width.min(self.width - x);
        let height = height.min(self.height - y);
        let mut data = Vec::with_capacity(width * height);
        for row in y..y + height {
            data.extend_from_slice(&self.data[row * self.width + x..][..width]);
        }
        Gray { width, height, data }
    }

    /// White over a rectangle (clipped): hides a code already read so the next pass can find
    /// another one, including an outer code around a small inner one.
    pub(crate) fn blank(&mut self, x: usize, y: usize, width: usize, height: usize) {
        let x1 = x.saturating_add(width).min(self.width);
        let y1 = y.saturating_add(height).min(self.height);
        for row in y.min(self.height)..y1 {
            for v in &mut self.data[row * self.width + x.min(x1)..row * self.width + x1] {
                *v = 255;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_survive_empty_and_single_pixel_images() {
        for (w, h) in [(0, 0), (1, 1), (0, 5), (5, 0), (1, 7)] {
            let g = Gray::filled(w, h, 128);
            for out in [
                g.downscale(2),
                g.box_blur(3),
                g.adaptive_threshold(5, 8),
                g.smooth_vertical(2),
                g.rotated_crop(0.0, 0.0, 4, 3, 20.0),
                g.crop(1, 1, 10, 10),
            ] {
                assert_eq!(out.data.len(), out.width * out.height);
            }
        }
    }

    #[test]
    fn a_mismatched_buffer_is_refused() {
        assert!(Gray::from_vec(4, 4, vec![0; 15]).is_none());
        assert!(Gray::from_vec(usize::MAX, 2, vec![]).is_none());
        assert!(Gray::from_vec(2, 2, vec![0; 4]).is_some());
    }

    #[test]
    fn a_rotated_crop_at_zero_degrees_is_a_crop() {
        let g = Gray { width: 4, height: 3, data: (0..12).map(|v| v * 20).collect() };
        assert_eq!(g.rotated_crop(2.0, 1.5, 4, 3, 0.0), g);
        assert_eq!(g.rotated_crop(2.0, 1.5, 2, 1, 0.0), g.crop(1, 1, 2, 1));
        let mut b = g.clone();
        b.blank(3, 2, 100, 100);
        assert_eq!(b.get(3, 2), 255);
        assert_eq!(b.get(2, 2), g.get(2, 2));
    }

    #[test]
    fn rotating_by_zero_keeps_the_image() {
        let g = Gray { width: 3, height: 2, data: vec![0, 50, 100, 150, 200, 250] };
        assert_eq!(g.rotated_crop(1.5, 1.0, 3, 2, 0.0), g);
    }

    #[test]
    fn adaptive_threshold_follows_a_lighting_gradient() {
        // A dark stripe on a bright-to-dim ramp: a global threshold would lose one end.
        let (w, h) = (64, 8);
        let data = (0..h)
            .flat_map(|_| {
                (0..w).map(move |x| {
                    let base = 250 - x * 2;
                    if (28..36).contains(&x) {
                        (base - 60) as u8
                    } else {
                        base as u8
                    }
                })
            })
            .collect();
        let g = Gray { width: w, height: h, data };
        let t = g.adaptive_threshold(8, 10);
        assert_eq!(t.get(32, 4), 0);
        assert_eq!(t.get(2, 4), 255);
        assert_eq!(t.get(60, 4), 255);
    }
}
