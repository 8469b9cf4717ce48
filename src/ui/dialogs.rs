//! Modal dialogs of edit mode: confirm a deletion, the file changed on disk (with what
//! differs), unsaved edits on quit, unsaved edits found at start-up, and the file dialog for
//! save as / import / export (a path field, plus the datum of imported coordinates).

use egui::{Id, Modal, RichText, Ui};

use crate::command::{Command, ExportFormat, FileAction};
use crate::model::FacilityId;
use crate::model::diff::Change;
use crate::model::import::SourceDatum;
use crate::theme;

/// The open dialog (at most one).
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// "Delete this facility?"
    ConfirmDelete {
        /// The facility.
        id: FacilityId,
        /// Its name, for the question.
        name: String,
    },
    /// The data file changed (or vanished) on disk since it was loaded or saved.
    FileChanged {
        /// The file.
        path: String,
        /// Differences from the file on disk to what would be saved; `None` when the file is
        /// gone or unreadable as facilities.
        changes: Option<Vec<Change>>,
        /// Why the changes are unknown, if they are.
        note: Option<String>,
    },
    /// The window is closing with unsaved edits.
    Quit {
        /// How many edits are unsaved.
        edit_count: usize,
    },
    /// Unsaved edits from an earlier run were found.
    Recovery {
        /// What they were made to.
        source: String,
        /// When they were written, as text.
        written_at: String,
        /// How they differ from what is loaded now.
        changes: Vec<Change>,
    },
    /// Choose a file.
    File(FileDialog),
}

/// The file dialog's state.
#[derive(Debug, Clone, PartialEq)]
pub struct FileDialog {
    /// What the file is for.
    pub action: FileAction,
    /// The path as typed.
    pub path_text: String,
    /// Datum of the coordinates (import only).
    pub datum: SourceDatum,
    /// The last problem with the chosen file.
    pub error: Option<String>,
}

/// Label of the button confirming a deletion (for tests).
pub const CONFIRM_DELETE_LABEL: &str = "删除 Delete";
/// Label of "save anyway" in the file-changed dialog.
pub const OVERWRITE_LABEL: &str = "仍然保存 Save anyway";
/// Label of the restore button of the recovery dialog.
pub const RESTORE_LABEL: &str = "恢复 Restore";
/// Label of the discard button of the recovery dialog.
pub const DISCARD_LABEL: &str = "丢弃 Discard";
/// Label of the path field of the file dialog.
pub const PATH_LABEL: &str = "文件路径 File path";
/// Label of the confirm button of the file dialog.
pub const FILE_OK_LABEL: &str = "确定 OK";

/// Draws the dialog, if any; pushes the user's answer as commands.
pub fn show(ui: &Ui, dialog: &mut Option<Dialog>, commands: &mut Vec<Command>) {
    let Some(open) = dialog.as_mut() else {
        return;
    };
    let response = Modal::new(Id::unique("edit-dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(520.0);
        match open {
            Dialog::ConfirmDelete { id, name } => confirm_delete(ui, id, name, commands),
            Dialog::FileChanged {
                path,
                changes,
                note,
            } => file_changed(ui, path, changes.as_deref(), note.as_deref(), commands),
            Dialog::Quit { edit_count } => quit(ui, *edit_count, commands),
            Dialog::Recovery {
                source,
                written_at,
                changes,
            } => recovery(ui, source, written_at, changes, commands),
            Dialog::File(file) => file_dialog(ui, file, commands),
        }
    });
    if response.should_close() && !matches!(open, Dialog::Recovery { .. }) {
        commands.push(Command::CloseDialog);
    }
}

fn confirm_delete(ui: &mut Ui, id: &FacilityId, name: &str, commands: &mut Vec<Command>) {
    ui.heading("删除设施？ Delete facility?");
    ui.label(format!("{name} ({id})"));
    ui.label("可用“撤销”恢复。You can undo this.");
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(CONFIRM_DELETE_LABEL).color(theme::ERROR_TEXT))
            .clicked()
        {
            commands.push(Command::Delete(id.clone()));
        }
        if ui.button("取消 Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}

fn change_list(ui: &mut Ui, changes: &[Change]) {
    egui::ScrollArea::vertical()
        .id_salt("dialog-changes")
        .max_height(220.0)
        .show(ui, |ui| {
            if changes.is_empty() {
                ui.label("（内容相同 same content）");
            }
            for change in changes {
                ui.label(RichText::new(change.to_string()).monospace());
            }
        });
}

fn file_changed(
    ui: &mut Ui,
    path: &str,
    changes: Option<&[Change]>,
    note: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.heading("文件已被其他人修改 The file changed on disk");
    ui.label(format!(
        "{path} 在载入后被修改。It was changed since it was loaded or last saved."
    ));
    if let Some(note) = note {
        ui.colored_label(theme::WARNING_TEXT, note);
    }
    if let Some(changes) = changes {
        ui.label(format!(
            "保存将对磁盘上的版本做以下 {} 处改动 (+ 新增, - 删除, ~ 修改)。Saving would make these {} changes to the version on disk (+ added, - removed, ~ changed):",
            changes.len(),
            changes.len()
        ));
        change_list(ui, changes);
    }
    ui.label("磁盘上的版本会保存为备份 .bak1。The version on disk is kept as backup .bak1.");
    ui.horizontal(|ui| {
        if ui.button(OVERWRITE_LABEL).clicked() {
            commands.push(Command::SaveOverwritingChanges);
        }
        if ui.button("另存为 Save as").clicked() {
            commands.push(Command::OpenFileDialog(FileAction::SaveAs));
        }
        if ui.button("取消 Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}

fn quit(ui: &mut Ui, edit_count: usize, commands: &mut Vec<Command>) {
    ui.heading("有未保存的修改 Unsaved changes");
    ui.label(format!(
        "{edit_count} 处修改尚未保存。{edit_count} edit(s) are not saved."
    ));
    ui.horizontal(|ui| {
        if ui.button("保存并退出 Save and quit").clicked() {
            commands.push(Command::SaveAndQuit);
        }
        if ui.button("不保存退出 Quit without saving").clicked() {
            commands.push(Command::QuitWithoutSaving);
        }
        if ui.button("取消 Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}

fn recovery(
    ui: &mut Ui,
    source: &str,
    written_at: &str,
    changes: &[Change],
    commands: &mut Vec<Command>,
) {
    ui.heading("发现未保存的修改 Unsaved edits found");
    ui.label(format!(
        "上次运行时对 {source} 的修改未保存（{written_at}）。Edits to {source} were not saved last time ({written_at})."
    ));
    ui.label(format!(
        "与当前数据相比 {} 处不同 / {} differences from the data now:",
        changes.len(),
        changes.len()
    ));
    change_list(ui, changes);
    ui.horizontal(|ui| {
        if ui.button(RESTORE_LABEL).clicked() {
            commands.push(Command::RestoreRecovery);
        }
        if ui
            .button(DISCARD_LABEL)
            .on_hover_text("永久删除这些修改 Throw these edits away for good")
            .clicked()
        {
            commands.push(Command::DiscardRecovery);
        }
    });
}

fn file_dialog(ui: &mut Ui, file: &mut FileDialog, commands: &mut Vec<Command>) {
    let title = match file.action {
        FileAction::SaveAs => "另存为 Save as",
        FileAction::Export(ExportFormat::GeoJson) => "导出 GeoJSON Export",
        FileAction::Export(ExportFormat::Csv) => "导出 CSV Export (UTF-8, Excel)",
        FileAction::Export(ExportFormat::Png) => "导出地图图片 Export map picture (PNG)",
        FileAction::Export(ExportFormat::Sheet) => "打印清单 Printable sheet (HTML)",
        FileAction::Import => "导入 Import GeoJSON / CSV",
    };
    ui.heading(title);
    let label = ui.label(PATH_LABEL);
    let field = ui.add(
        egui::TextEdit::singleline(&mut file.path_text)
            .desired_width(480.0)
            .hint_text("/home/.../facilities.geojson"),
    );
    let field = field.labelled_by(label.id);
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if file.action == FileAction::Import {
        ui.label("坐标系 Coordinates are in:");
        for datum in SourceDatum::ALL {
            ui.radio_value(&mut file.datum, datum, datum.label());
        }
        ui.label(
            RichText::new("从高德地图复制的坐标选 GCJ-02；导入后统一转换为 WGS84。Coordinates copied from AMap are GCJ-02; everything is converted to WGS84.")
                .small()
                .weak(),
        );
    } else if std::path::Path::new(file.path_text.trim()).exists() {
        ui.colored_label(
            theme::WARNING_TEXT,
            "文件已存在，将被替换（原文件保存为 .bak1）。The file exists and will be replaced (the old one is kept as .bak1).",
        );
    }
    if let Some(error) = &file.error {
        ui.colored_label(theme::ERROR_TEXT, error);
    }
    ui.horizontal(|ui| {
        let path = std::path::PathBuf::from(file.path_text.trim());
        let ok = ui.add_enabled(
            !file.path_text.trim().is_empty(),
            egui::Button::new(FILE_OK_LABEL),
        );
        if ok.clicked() || (entered && !file.path_text.trim().is_empty()) {
            commands.push(match file.action {
                FileAction::SaveAs => Command::SaveAs(path),
                FileAction::Export(format) => Command::Export(format, path),
                FileAction::Import => Command::Import(path, file.datum),
            });
        }
        if ui.button("取消 Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}
