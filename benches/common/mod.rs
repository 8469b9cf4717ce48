//! Helpers the benchmarks share: one headless egui pass of a given size, tessellated, counted
//! in triangles; an egui context with the app's fonts; a map view at a centre and zoom.
//!
//! Every bench binary compiles this whole module; one that uses only part of it marks its
//! `mod common;` with `#[expect(dead_code, reason = ..)]`.

use egui::{Pos2, Rect, Vec2};
use walkers::{MapMemory, Position};
use zhongzhan_map::fonts;

/// One headless egui pass on a `size` screen running `contents`, plus the tessellation of what
/// it painted. Returns the number of triangles, so the work cannot be optimised away.
pub fn tessellated_pass(
    ctx: &egui::Context,
    size: Vec2,
    contents: impl FnMut(&mut egui::Ui),
) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)),
        ..Default::default()
    };
    let output = ctx.run_ui(input, contents);
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum()
}

/// An egui context with the app's bundled fonts installed, as the app runs.
pub fn context_with_fonts() -> egui::Context {
    let ctx = egui::Context::default();
    fonts::install(&ctx);
    ctx
}

/// A map view centred on `centre` at `zoom_level`.
pub fn map_memory_at(centre: Position, zoom_level: f64) -> MapMemory {
    let mut memory = MapMemory::default();
    memory.center_at(centre);
    memory
        .set_zoom(zoom_level)
        .unwrap_or_else(|error| panic!("zoom {zoom_level}: {error}"));
    memory
}
