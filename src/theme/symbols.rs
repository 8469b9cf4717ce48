//! Painting category symbols (shape + colour + one glyph), shared by the map, the legend and
//! the facility list so they always look the same.

use egui::{Align2, Color32, FontId, Painter, Pos2, Shape, Stroke, Vec2};

use super::SymbolShape;
use crate::model::Category;
use crate::theme;

/// Paints `category`'s symbol centred at `centre` with the given radius.
pub fn paint_symbol(painter: &Painter, centre: Pos2, radius_px: f32, category: Category) {
    let style = theme::category_style(category);
    paint_shape(painter, centre, radius_px, style.shape, style.colour);
    painter.text(
        centre + Vec2::new(0.0, radius_px * 0.05),
        Align2::CENTER_CENTER,
        style.glyph,
        FontId::proportional(radius_px * 1.15),
        Color32::WHITE,
    );
}

/// Paints a halo ring around a symbol (selection or focus).
pub fn paint_halo(painter: &Painter, centre: Pos2, radius_px: f32, colour: Color32) {
    painter.circle_stroke(centre, radius_px + 3.0, Stroke::new(3.0, colour));
    painter.circle_stroke(
        centre,
        radius_px + 5.5,
        Stroke::new(1.0, Color32::from_black_alpha(120)),
    );
}

fn paint_shape(painter: &Painter, centre: Pos2, radius_px: f32, shape: SymbolShape, fill: Color32) {
    let outline = Stroke::new(1.5, theme::MARKER_OUTLINE);
    // A soft shadow makes symbols readable on any background.
    painter.circle_filled(
        centre + Vec2::new(0.0, 1.5),
        radius_px + 1.0,
        Color32::from_black_alpha(60),
    );
    let polygon = |sides: usize, rotation: f32, scale: f32| {
        let points = (0..sides)
            .map(|i| {
                let angle = rotation + i as f32 * std::f32::consts::TAU / sides as f32;
                centre + Vec2::angled(angle) * radius_px * scale
            })
            .collect();
        Shape::convex_polygon(points, fill, outline)
    };
    use std::f32::consts::{FRAC_PI_2, FRAC_PI_4, FRAC_PI_6, PI};
    let shape = match shape {
        SymbolShape::Circle => Shape::Circle(egui::epaint::CircleShape {
            center: centre,
            radius: radius_px,
            fill,
            stroke: outline,
        }),
        SymbolShape::Square => polygon(4, FRAC_PI_4, 1.25),
        SymbolShape::Diamond => polygon(4, 0.0, 1.3),
        SymbolShape::Hexagon => polygon(6, FRAC_PI_6, 1.1),
        SymbolShape::Octagon => polygon(8, PI / 8.0, 1.08),
        SymbolShape::Pentagon => polygon(5, -FRAC_PI_2, 1.15),
        SymbolShape::TriangleUp => polygon(3, -FRAC_PI_2, 1.4),
        SymbolShape::TriangleDown => polygon(3, FRAC_PI_2, 1.4),
    };
    painter.add(shape);
}
