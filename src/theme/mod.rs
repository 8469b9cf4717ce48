//! Colours, sizes and symbols in one place, so the map, the legend and the list agree.

#![expect(
    clippy::disallowed_methods,
    reason = "the palette is defined here and only here"
)]

pub mod symbols;

use egui::Color32;

use crate::model::Category;

/// The outline shape of a category's marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolShape {
    /// A circle.
    Circle,
    /// An axis-aligned square.
    Square,
    /// A square standing on a corner.
    Diamond,
    /// A six-sided shape.
    Hexagon,
    /// An eight-sided shape.
    Octagon,
    /// A five-sided shape, point up.
    Pentagon,
    /// A triangle, point up.
    TriangleUp,
    /// A triangle, point down.
    TriangleDown,
}

/// How one category looks everywhere in the app.
#[derive(Debug, Clone, Copy)]
pub struct CategoryStyle {
    /// Fill of markers and the outline of areas/lines.
    pub colour: Color32,
    /// Marker outline shape.
    pub shape: SymbolShape,
    /// One Chinese character drawn inside the marker.
    pub glyph: &'static str,
}

/// The style of a category.
pub fn category_style(category: Category) -> CategoryStyle {
    let (colour, shape, glyph) = match category {
        Category::ServiceStation => (rgb(0x1f, 0x5f, 0xbf), SymbolShape::Square, "站"),
        Category::SchoolPost => (rgb(0xe0, 0x7b, 0x00), SymbolShape::Circle, "学"),
        Category::FruitVendorArea => (rgb(0x2e, 0x8b, 0x3e), SymbolShape::Hexagon, "瓜"),
        Category::ConvenienceSalesPoint => (rgb(0x8e, 0x44, 0xad), SymbolShape::Diamond, "便"),
        Category::NightMarket => (rgb(0xc2, 0x18, 0x5b), SymbolShape::Octagon, "夜"),
        Category::DrainageRepair => (rgb(0x79, 0x55, 0x48), SymbolShape::TriangleDown, "排"),
        Category::StreetLights => (rgb(0xb8, 0x86, 0x00), SymbolShape::TriangleUp, "灯"),
        Category::SedimentationPond => (rgb(0x00, 0x77, 0xb6), SymbolShape::Pentagon, "池"),
        Category::WaterSupply => (rgb(0x00, 0x89, 0x7b), SymbolShape::Circle, "水"),
    };
    CategoryStyle {
        colour,
        shape,
        glyph,
    }
}

const fn rgb(r: u8, g: u8, b: u8) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// Radius of a point marker on the map.
pub const MARKER_RADIUS_PX: f32 = 11.0;
/// Radius of a marker when hovered or selected.
pub const MARKER_RADIUS_HIGHLIGHT_PX: f32 = 14.0;
/// Radius of the symbol at an area's or line's anchor.
pub const ANCHOR_RADIUS_PX: f32 = 9.0;
/// Radius of symbols in the legend and the list.
pub const LEGEND_SYMBOL_RADIUS_PX: f32 = 8.0;
/// Width of facility lines.
pub const LINE_WIDTH_PX: f32 = 4.0;
/// Width of a selected facility's line or outline.
pub const LINE_WIDTH_SELECTED_PX: f32 = 6.0;
/// Clickable half-width around lines.
pub const LINE_HIT_TOLERANCE_PX: f32 = 6.0;
/// Opacity of area fills (0–255).
pub const AREA_FILL_ALPHA: u8 = 90;
/// The white casing under dashed lines.
pub const LINE_CASING: Color32 = Color32::WHITE;
/// The leader line from a fanned-out symbol to its true position.
pub const LEADER_LINE: Color32 = Color32::from_black_alpha(140);
/// The dot at a fanned-out symbol's true position.
pub const LEADER_DOT: Color32 = Color32::from_black_alpha(160);
/// Room for the field names of the details card's facts ("坐标 Coordinates").
pub const FACT_LABEL_WIDTH_PT: f32 = 100.0;
/// Space after each version in the history section.
pub const HISTORY_ROW_GAP_PT: f32 = 6.0;
/// Below this width the details card puts each field name above its value.
pub const FACTS_IN_COLUMNS_MIN_WIDTH_PT: f32 = 260.0;
/// How fast the wheel and pinch zoom (walkers' `zoom_speed`; its default is 2.0).
pub const WHEEL_ZOOM_SPEED: f64 = 1.0;
/// The closest zoom level the map goes to (about 1:2 000; tiles stop at 19).
pub const MAX_ZOOM_LEVEL: f64 = 19.0;
/// Opacity of the fill of an area being drawn.
pub const DRAFT_FILL_ALPHA: u8 = 60;
/// The scale bar's ink.
pub const SCALE_BAR_INK: Color32 = Color32::from_gray(40);
/// The light halo behind the scale bar, so it reads on any basemap.
pub const SCALE_BAR_HALO: Color32 = Color32::from_rgba_premultiplied(200, 200, 200, 200);

/// `colour` with its opacity replaced (unmultiplied alpha `alpha`).
pub fn with_alpha(colour: Color32, alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied(colour.r(), colour.g(), colour.b(), alpha)
}
/// Marker outline.
pub const MARKER_OUTLINE: Color32 = Color32::WHITE;
/// The selection halo.
pub const SELECTION_COLOUR: Color32 = Color32::from_rgb(0xff, 0xd6, 0x00);
/// The "nearby" reference pin.
pub const REFERENCE_PIN: Color32 = Color32::from_rgb(0xd3, 0x2f, 0x2f);
/// Halo of facilities highlighted by an article mention.
pub const FOCUS_COLOUR: Color32 = Color32::from_rgb(0x00, 0xa8, 0xff);

/// Offline basemap: background outside any district.
pub const BASEMAP_BACKGROUND: Color32 = Color32::from_rgb(0xf2, 0xef, 0xe9);
/// Offline basemap: fill of Zhongzhan District.
pub const BASEMAP_HOME_FILL: Color32 = Color32::from_rgb(0xff, 0xfb, 0xf0);
/// Offline basemap: fill of other districts.
pub const BASEMAP_OTHER_FILL: Color32 = Color32::from_rgb(0xe8, 0xe4, 0xdc);
/// Offline basemap: Zhongzhan's boundary.
pub const BASEMAP_HOME_OUTLINE: Color32 = Color32::from_rgb(0xc0, 0x39, 0x2b);
/// Offline basemap: other boundaries.
pub const BASEMAP_OTHER_OUTLINE: Color32 = Color32::from_rgb(0x9e, 0x9e, 0x9e);
/// Offline basemap: district labels.
pub const BASEMAP_LABEL: Color32 = Color32::from_rgb(0x55, 0x55, 0x55);
/// Offline basemap: coarse rivers.
pub const BASEMAP_RIVER: Color32 = Color32::from_rgb(0x8c, 0xb6, 0xd9);
/// Width of river lines.
pub const RIVER_WIDTH_PX: f32 = 1.5;
/// Width of Zhongzhan's boundary.
pub const HOME_OUTLINE_WIDTH_PX: f32 = 2.5;
/// Width of other boundaries.
pub const OTHER_OUTLINE_WIDTH_PX: f32 = 1.0;

/// Background of article mentions (links to the map).
pub const MENTION_BACKGROUND: Color32 = Color32::from_rgb(0xff, 0xf1, 0xc1);
/// Text colour of article mentions.
pub const MENTION_TEXT: Color32 = Color32::from_rgb(0x0b, 0x57, 0xd0);
/// Background of the mention of the current selection.
pub const MENTION_ACTIVE_BACKGROUND: Color32 = Color32::from_rgb(0xff, 0xd5, 0x4f);
/// Colour of section headings in the article (the paper's red).
pub const ARTICLE_HEADING: Color32 = Color32::from_rgb(0xc0, 0x39, 0x2b);
/// Body text size of the article.
pub const ARTICLE_FONT_SIZE: f32 = 15.0;
/// Headline size of the article.
pub const ARTICLE_TITLE_SIZE: f32 = 20.0;
/// Heading size in the article.
pub const ARTICLE_HEADING_SIZE: f32 = 16.5;

/// Warning banner background (e.g. illustrative positions, load errors).
pub const WARNING_BACKGROUND: Color32 = Color32::from_rgb(0xff, 0xf3, 0xcd);
/// Warning banner text.
pub const WARNING_TEXT: Color32 = Color32::from_rgb(0x66, 0x4d, 0x03);
/// Error banner background.
pub const ERROR_BACKGROUND: Color32 = Color32::from_rgb(0xf8, 0xd7, 0xda);
/// Error banner text.
pub const ERROR_TEXT: Color32 = Color32::from_rgb(0x72, 0x1c, 0x24);

/// Edit mode: vertex handles.
pub const HANDLE_FILL: Color32 = Color32::WHITE;
/// Edit mode: outline of handles and of the area being drawn.
pub const HANDLE_STROKE: Color32 = Color32::from_rgb(0xd3, 0x2f, 0x2f);
/// Edit mode: half-size of a vertex handle.
pub const HANDLE_HALF_SIZE_PX: f32 = 6.0;
/// Edit mode: radius of the "insert a vertex here" handles between vertices.
pub const MIDPOINT_RADIUS_PX: f32 = 4.0;
/// Edit mode: how near the first corner a click closes the area being drawn.
pub const CLOSE_AREA_DISTANCE_PX: f32 = 10.0;
/// Edit mode: banner background.
pub const EDIT_BANNER_BACKGROUND: Color32 = Color32::from_rgb(0xdd, 0xec, 0xff);
/// Success message text.
pub const SUCCESS_TEXT: Color32 = Color32::from_rgb(0x1b, 0x5e, 0x20);

/// Veil over the symbol of a facility that is closed at the chosen moment.
pub const CLOSED_VEIL: Color32 = Color32::from_rgba_premultiplied(150, 150, 150, 150);

/// Clustering: symbols closer than this on screen merge into a badge (about one symbol's
/// diameter plus a gap, so only symbols that would overlap are merged).
pub const CLUSTER_RADIUS_PX: f32 = 28.0;
/// Clustering: above this zoom every symbol is drawn on its own.
pub const CLUSTER_MAX_ZOOM_LEVEL: u8 = 17;
/// Symbols closer than this at the highest zoom are fanned out around their position.
pub const FAN_OUT_SAME_SPOT_PX: f32 = 8.0;

/// Radius of a cluster badge: grows slowly with the count.
pub fn cluster_radius_px(count: u32) -> f32 {
    (12.0 + 3.0 * (count.max(1) as f32).log10() * 2.0).min(28.0)
}

/// Width of the progress bar of a save running in the background.
pub const PROGRESS_BAR_WIDTH_PT: f32 = 220.0;

/// Width of the ring drawn around a widget that has the keyboard focus (article links, the map).
pub const FOCUS_RING_WIDTH_PX: f32 = 2.0;
