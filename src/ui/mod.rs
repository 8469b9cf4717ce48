//! Side panels and overlays: legend/filter, facility list, details card, article, top bar.

pub mod article;
pub mod details;
pub mod dialogs;
pub mod edit_bar;
pub mod edit_form;
pub mod legend;
pub mod list;
pub mod nearby;
pub mod poster;
pub mod top_bar;
