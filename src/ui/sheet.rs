//! The sheet's tab bar: the right-hand panel shows the details of the selection, what is near
//! the reference point, or the source article; tabs appear only for what there is, and a close
//! button closes what is shown.

use egui::Ui;

use crate::command::{Command, SheetTab, ViewCommand};
use crate::i18n::{Language, Text};

/// What the tab bar offers.
pub struct Tabs {
    /// The tab shown.
    pub current: SheetTab,
    /// The details tab's title, when there is a selection or a focused mention.
    pub details: Option<Text>,
    /// Whether there is a nearby answer.
    pub nearby: bool,
    /// The interface language.
    pub language: Language,
}

/// Draws the tab bar and a close button for the tab shown.
pub fn tabs(ui: &mut Ui, tabs: &Tabs, commands: &mut Vec<Command>) {
    let lang = tabs.language;
    let mut offered = Vec::new();
    if let Some(title) = tabs.details {
        offered.push((SheetTab::Details, title));
    }
    if tabs.nearby {
        offered.push((SheetTab::Nearby, Text::Nearby));
    }
    offered.push((SheetTab::Article, Text::ArticleHeading));
    let close = match tabs.current {
        SheetTab::Details => ViewCommand::ClearSelection,
        SheetTab::Nearby => ViewCommand::ClearReferencePoint,
        SheetTab::Article => ViewCommand::ToggleSheet,
    };
    // The close button keeps the top-right corner; the tabs take the rest of the width and
    // wrap onto a second row in a narrow sheet instead of running under the button.
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
        if ui.small_button(Text::CloseSheet.tr(lang)).clicked() {
            commands.push(Command::View(close));
        }
        ui.with_layout(
            egui::Layout::left_to_right(egui::Align::Min).with_main_wrap(true),
            |ui| {
                // A tab moves to the next row whole rather than breaking inside its title.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                if offered.len() > 1 {
                    for (tab, title) in offered {
                        if ui
                            .selectable_label(tabs.current == tab, title.tr(lang))
                            .clicked()
                            && tabs.current != tab
                        {
                            commands.push(Command::View(ViewCommand::ShowSheetTab(tab)));
                        }
                    }
                }
            },
        );
    });
    ui.separator();
}
