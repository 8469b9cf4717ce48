//! Where markers that share one position go when they are fanned out at the highest zoom.

/// Offsets in pixels (x right, y down) for fanning out `count` markers that share a position at
/// the highest zoom: a circle for up to 8, a spiral beyond, about `spacing_px` apart.
pub fn fan_out_offsets_px(count: usize, spacing_px: f32) -> Vec<[f32; 2]> {
    use std::f32::consts::TAU;
    if count <= 1 {
        return vec![[0.0, 0.0]; count];
    }
    if count <= 8 {
        let radius = spacing_px * count as f32 / TAU * 1.2;
        let radius = radius.max(spacing_px);
        return (0..count)
            .map(|i| {
                let angle = TAU * i as f32 / count as f32 - TAU / 4.0;
                [radius * angle.cos(), radius * angle.sin()]
            })
            .collect();
    }
    // Archimedean spiral with constant spacing along the curve.
    let mut angle = 0.0f32;
    let mut radius = spacing_px;
    (0..count)
        .map(|_| {
            let offset = [radius * angle.cos(), radius * angle.sin()];
            angle += spacing_px / radius;
            radius += spacing_px * 0.8 / TAU * (spacing_px / radius);
            offset
        })
        .collect()
}
