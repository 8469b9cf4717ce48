//! Side panels and overlays: legend/filter, facility list, details card, article, top bar.

pub mod article;
pub mod details;
pub mod legend;
pub mod list;
pub mod nearby;
pub mod top_bar;
