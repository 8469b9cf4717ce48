//! A scale bar (and a north arrow) in the map's bottom-left corner.

use egui::{Align2, Color32, FontId, Pos2, Response, Shape, Stroke, Ui, Vec2};
use walkers::{MapMemory, Plugin, Projector};

use crate::i18n::{Language, Text};
use crate::theme;

/// Longest the bar may be on screen.
const MAX_BAR_LENGTH_PX: f32 = 120.0;

/// The largest "nice" distance (1, 2 or 5 × 10ⁿ metres) not longer than `max_metres`.
pub fn nice_distance_m(max_metres: f64) -> f64 {
    if !(max_metres.is_finite() && max_metres > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(max_metres.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|&d| d <= max_metres)
        .unwrap_or(magnitude)
}

/// "500 m" or "2 km".
pub fn distance_label(metres: f64) -> String {
    if metres >= 1000.0 {
        format!("{} km", metres / 1000.0)
    } else {
        format!("{metres} m")
    }
}

/// Draws the scale bar for the map's centre latitude.
pub struct ScaleBar {
    /// The interface language (the north arrow's letter).
    pub language: Language,
}

impl Plugin for ScaleBar {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        _response: &Response,
        projector: &Projector,
        _map_memory: &MapMemory,
    ) {
        let clip = projector.clip_rect();
        let centre = projector.unproject(clip.center().to_vec2());
        let px_per_metre = f64::from(projector.scale_pixel_per_meter(centre));
        if px_per_metre <= 0.0 {
            return;
        }
        let metres = nice_distance_m(f64::from(MAX_BAR_LENGTH_PX) / px_per_metre);
        let length_px = (metres * px_per_metre) as f32;
        let painter = ui.painter();
        let left = clip.left_bottom() + Vec2::new(14.0, -16.0);
        let right = left + Vec2::new(length_px, 0.0);
        let dark = theme::SCALE_BAR_INK;
        let halo = Stroke::new(5.0, theme::SCALE_BAR_HALO);
        let bar = vec![
            left - Vec2::new(0.0, 6.0),
            left,
            right,
            right - Vec2::new(0.0, 6.0),
        ];
        painter.add(Shape::line(bar.clone(), halo));
        painter.add(Shape::line(bar, Stroke::new(2.0, dark)));
        painter.text(
            left + Vec2::new(length_px / 2.0, -8.0),
            Align2::CENTER_BOTTOM,
            distance_label(metres),
            FontId::proportional(12.0),
            dark,
        );
        // North arrow above the bar: the map is never rotated, north is up.
        let tip = Pos2::new(left.x + 8.0, left.y - 58.0);
        painter.add(Shape::convex_polygon(
            vec![tip, tip + Vec2::new(7.0, 20.0), tip + Vec2::new(-7.0, 20.0)],
            dark,
            Stroke::new(1.5, Color32::WHITE),
        ));
        painter.text(
            tip + Vec2::new(0.0, 22.0),
            Align2::CENTER_TOP,
            Text::North.tr(self.language),
            FontId::proportional(11.0),
            dark,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_distances_round_down_to_one_two_five() {
        assert_eq!(nice_distance_m(730.0), 500.0);
        assert_eq!(nice_distance_m(199.0), 100.0);
        assert_eq!(nice_distance_m(2500.0), 2000.0);
        assert_eq!(nice_distance_m(1.0), 1.0);
    }

    #[test]
    fn labels_switch_to_kilometres() {
        assert_eq!(distance_label(500.0), "500 m");
        assert_eq!(distance_label(2000.0), "2 km");
    }
}
