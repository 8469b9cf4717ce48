//! The top bar: app title, where the data comes from, the honesty note about positions,
//! the basemap choice, and the data error banner when loading failed.

use egui::{RichText, Ui};

use crate::command::{Basemap, Command, ExportFormat, FileAction};
use crate::map::providers::TileSettings;
use crate::theme;

/// What the top bar shows.
pub struct TopBar<'a> {
    /// Where the facilities come from (file path or bundled).
    pub data_origin: &'a str,
    /// Number of facilities whose position is not surveyed.
    pub unsurveyed_count: usize,
    /// Total facilities.
    pub facility_count: usize,
    /// The load error, if any.
    pub load_error: Option<&'a str>,
    /// Whether the bundled data can be offered instead.
    pub can_use_bundled: bool,
    /// Current basemap.
    pub basemap: Basemap,
    /// Which providers are configured.
    pub tile_settings: &'a TileSettings,
    /// Whether edit mode is on.
    pub editing: bool,
    /// Whether there are unsaved edits.
    pub unsaved_edits: bool,
}

/// Label of the export menu.
pub const EXPORT_MENU_LABEL: &str = "导出/打印 Export/print";
/// Label of "export the map as a picture".
pub const EXPORT_PNG_LABEL: &str = "地图图片 Map picture (PNG)";
/// Label of "printable sheet".
pub const EXPORT_SHEET_LABEL: &str = "打印清单 Printable sheet (HTML)";

/// Label of the edit-mode toggle.
pub const EDIT_TOGGLE_LABEL: &str = "编辑 Edit";

/// Title shown in the bar and the window.
pub const APP_TITLE: &str = "中站便民服务地图 Zhongzhan civic service map";

/// Draws the bar.
pub fn show(ui: &mut Ui, bar: TopBar<'_>, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(APP_TITLE).strong().size(16.0));
        ui.separator();
        ui.label(RichText::new(format!("数据 Data: {}", bar.data_origin)).weak());
        ui.separator();
        ui.label("底图 Basemap:");
        for basemap in Basemap::ALL {
            let reason = bar.tile_settings.unavailable_reason(basemap);
            let mut button = ui.add_enabled(
                reason.is_none(),
                egui::Button::selectable(bar.basemap == basemap, basemap.label()),
            );
            if let Some(reason) = reason {
                button = button.on_disabled_hover_text(reason);
            } else if basemap.datum() == crate::model::Datum::Gcj02 {
                button = button.on_hover_text(
                    "高德底图为 GCJ-02 坐标，设施会随之偏移显示。AMap tiles are GCJ-02: overlays are shifted to match.",
                );
            }
            if button.clicked() && bar.basemap != basemap {
                commands.push(Command::SetBasemap(basemap));
            }
        }
        ui.separator();
        ui.menu_button(EXPORT_MENU_LABEL, |ui| {
            if ui.button(EXPORT_PNG_LABEL).clicked() {
                commands.push(Command::OpenFileDialog(FileAction::Export(ExportFormat::Png)));
            }
            if ui.button(EXPORT_SHEET_LABEL).clicked() {
                commands.push(Command::OpenFileDialog(FileAction::Export(
                    ExportFormat::Sheet,
                )));
            }
        });
        if ui
            .add(egui::Button::selectable(bar.editing, EDIT_TOGGLE_LABEL))
            .on_hover_text("城管局工作人员：添加、移动、修改、删除设施并保存。Bureau staff: add, move, edit, delete facilities and save.")
            .clicked()
        {
            commands.push(Command::SetEditing(!bar.editing));
        }
        if bar.unsaved_edits && !bar.editing {
            ui.colored_label(theme::WARNING_TEXT, "有未保存的修改 unsaved edits");
        }
    });
    if bar.unsurveyed_count > 0 {
        egui::Frame::new()
            .fill(theme::WARNING_BACKGROUND)
            .inner_margin(4.0)
            .show(ui, |ui| {
                ui.colored_label(
                    theme::WARNING_TEXT,
                    format!(
                        "注意：{} / {} 处设施的位置为示意，未经实测，文章未给出地址。Note: {} of {} positions are illustrative, not surveyed — the article gives no addresses.",
                        bar.unsurveyed_count, bar.facility_count, bar.unsurveyed_count, bar.facility_count
                    ),
                );
            });
    }
    if let Some(error) = bar.load_error {
        egui::Frame::new()
            .fill(theme::ERROR_BACKGROUND)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.colored_label(
                    theme::ERROR_TEXT,
                    RichText::new("无法读取数据文件 Could not load the data file").strong(),
                );
                ui.colored_label(theme::ERROR_TEXT, error);
                ui.colored_label(
                    theme::ERROR_TEXT,
                    "文件未被修改。The file was not changed; fix it and restart.",
                );
                if bar.can_use_bundled && ui.button("改用内置数据 Use bundled data").clicked()
                {
                    commands.push(Command::UseBundledData);
                }
            });
    }
}
