//! Side panels and overlays: legend/filter, facility list, details card, article, top bar.

pub mod article;
pub mod attribution;
pub mod connect_dialog;
pub mod details;
pub mod dialogs;
pub mod edit_bar;
pub mod edit_form;
pub mod history;
pub mod legend;
pub mod list;
pub mod load_progress;
pub mod map_controls;
pub mod nearby;
pub mod poster;
pub mod save_progress;
pub mod sheet;
pub mod top_bar;

use crate::i18n::{Language, Text};

/// A panel heading: in both languages the Chinese heading with the English beside it, small;
/// otherwise the heading in the chosen language.
pub fn heading(ui: &mut egui::Ui, text: Text, lang: Language) {
    ui.horizontal(|ui| match lang {
        Language::Both => {
            ui.heading(text.zh());
            ui.label(text.en());
        }
        Language::Chinese | Language::English => {
            ui.heading(text.tr(lang));
        }
    });
}
