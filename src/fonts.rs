//! The bundled CJK font (Droid Sans Fallback, GB2312 subset, Apache-2.0), installed as a
//! fallback after egui's own fonts so Chinese renders without any system font.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// Name of the bundled CJK font in egui's font table.
pub const CJK_FONT_NAME: &str = "droid-sans-fallback-gb2312";

/// The font file, compiled into the binary.
pub const CJK_FONT_BYTES: &[u8] =
    include_bytes!("../assets/fonts/DroidSansFallback-GB2312-subset.ttf");

/// egui's default fonts plus the bundled CJK font as fallback for every family.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        CJK_FONT_NAME.to_owned(),
        Arc::new(FontData::from_static(CJK_FONT_BYTES)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_FONT_NAME.to_owned());
    }
    fonts
}

/// Installs [`font_definitions`] into a context and picks the light theme, which matches the
/// light basemap (the user can still switch in the OS).
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
    ctx.set_theme(egui::ThemePreference::Light);
}
