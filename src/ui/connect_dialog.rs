//! The *连接数据库 Connect database* dialog: the shared database's address
//! (`postgresql://user@host:5432/database`) and the password in a masked field, so staff can
//! switch the window to the team's map without a command line. The password never shows, is
//! never logged (the command's `Debug` hides it) and is not kept with the view.

use egui::{RichText, Ui};

use crate::command::{Command, ConnectRequest, FileCommand};
use crate::i18n::{Language, Text};
use crate::theme;

/// What the dialog holds while open.
#[derive(Clone, PartialEq, Default)]
pub struct ConnectDialog {
    /// The address as typed.
    pub url: String,
    /// The password as typed (masked).
    pub password: String,
    /// Why the last try failed (no password in it).
    pub error: Option<String>,
    /// Whether the address field has had the keyboard focus (it takes it when the dialog
    /// opens, so staff can type at once).
    pub focused: bool,
}

impl std::fmt::Debug for ConnectDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectDialog")
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

/// Label of the Connect button, in the default (bilingual) language (for tests).
pub const CONNECT_LABEL: &str = Text::Connect.both();

/// Draws the dialog's content.
pub fn show(ui: &mut Ui, dialog: &mut ConnectDialog, lang: Language, commands: &mut Vec<Command>) {
    ui.heading(Text::ConnectDatabaseHeading.tr(lang));
    ui.label(RichText::new(Text::ConnectDatabaseExplain.tr(lang)).small());
    let url_label = ui.label(Text::DatabaseUrl.tr(lang));
    let url = ui
        .add(
            egui::TextEdit::singleline(&mut dialog.url)
                .desired_width(480.0)
                .hint_text("postgresql://user@gis-server:5432/zhongzhan"),
        )
        .labelled_by(url_label.id);
    if !dialog.focused {
        url.request_focus();
        dialog.focused = true;
    }
    let password_label = ui.label(Text::DatabasePassword.tr(lang));
    let password = ui
        .add(
            egui::TextEdit::singleline(&mut dialog.password)
                .password(true)
                .desired_width(240.0),
        )
        .labelled_by(password_label.id);
    if let Some(error) = &dialog.error {
        ui.colored_label(theme::ERROR_TEXT, error);
    }
    let entered = password.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        let ready = !dialog.url.trim().is_empty();
        let connect = ui.add_enabled(ready, egui::Button::new(Text::Connect.tr(lang)));
        if connect.clicked() || (entered && ready) {
            commands.push(Command::File(FileCommand::ConnectDatabase(
                ConnectRequest {
                    url: dialog.url.trim().to_owned(),
                    password: dialog.password.clone(),
                },
            )));
        }
        if ui.button(Text::Cancel.tr(lang)).clicked() {
            commands.push(Command::File(FileCommand::CloseDialog));
        }
    });
}
