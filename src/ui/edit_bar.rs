//! The edit toolbar (edit mode only): tools for adding points and drawing areas, undo/redo,
//! save, import/export, the unsaved-changes indicator and the last save/import message.

use egui::{Button, RichText, Ui};

use crate::command::{Command, EditTool, ExportFormat, FileAction};
use crate::model::{Category, GeometryKind};
use crate::theme;

/// What the toolbar shows.
pub struct EditBar<'a> {
    /// The current tool.
    pub tool: EditTool,
    /// Tooltip of Undo (what it would undo), if anything can be undone.
    pub undo: Option<String>,
    /// Tooltip of Redo, if anything can be redone.
    pub redo: Option<String>,
    /// Whether there are unsaved edits.
    pub dirty: bool,
    /// Number of corners of the area being drawn.
    pub draft_corner_count: usize,
    /// Where saving goes (`None` for the bundled data: Save asks for a file).
    pub save_target: Option<&'a str>,
    /// The last message (text, is it an error).
    pub status: Option<(&'a str, bool)>,
}

/// Label of the "add point" tool button (for tests).
pub const ADD_POINT_LABEL: &str = "添加点 Add point";
/// Label of the "draw area" tool button.
pub const DRAW_AREA_LABEL: &str = "画区域 Draw area";
/// Label of the undo button.
pub const UNDO_LABEL: &str = "撤销 Undo";
/// Label of the redo button.
pub const REDO_LABEL: &str = "重做 Redo";
/// Label of the save button.
pub const SAVE_LABEL: &str = "保存 Save";

/// Draws the toolbar.
pub fn show(ui: &mut Ui, bar: EditBar<'_>, commands: &mut Vec<Command>) {
    egui::Frame::new()
        .fill(theme::EDIT_BANNER_BACKGROUND)
        .inner_margin(4.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("编辑模式 Editing").strong());
                ui.separator();
                tools(ui, bar.tool, bar.draft_corner_count, commands);
                ui.separator();
                let undo = ui
                    .add_enabled(bar.undo.is_some(), Button::new(UNDO_LABEL))
                    .on_hover_text(format!(
                        "Ctrl+Z: {}",
                        bar.undo.as_deref().unwrap_or("无 nothing")
                    ));
                if undo.clicked() {
                    commands.push(Command::Undo);
                }
                let redo = ui
                    .add_enabled(bar.redo.is_some(), Button::new(REDO_LABEL))
                    .on_hover_text(format!(
                        "Ctrl+Shift+Z: {}",
                        bar.redo.as_deref().unwrap_or("无 nothing")
                    ));
                if redo.clicked() {
                    commands.push(Command::Redo);
                }
                ui.separator();
                let save_hint = match bar.save_target {
                    Some(path) => format!("Ctrl+S: 保存到 save to {path}"),
                    None => "内置数据不能覆盖，将询问保存位置。The bundled data cannot be overwritten: you will be asked for a file.".to_owned(),
                };
                if ui
                    .add(Button::new(SAVE_LABEL).selected(bar.dirty))
                    .on_hover_text(save_hint)
                    .clicked()
                {
                    commands.push(Command::Save);
                }
                if ui.button("另存为 Save as").clicked() {
                    commands.push(Command::OpenFileDialog(FileAction::SaveAs));
                }
                ui.menu_button("导入/导出 Import/export", |ui| {
                    if ui.button("导入 GeoJSON/CSV Import").clicked() {
                        commands.push(Command::OpenFileDialog(FileAction::Import));
                    }
                    if ui.button("导出 GeoJSON Export").clicked() {
                        commands.push(Command::OpenFileDialog(FileAction::Export(
                            ExportFormat::GeoJson,
                        )));
                    }
                    if ui.button("导出 CSV (Excel) Export").clicked() {
                        commands.push(Command::OpenFileDialog(FileAction::Export(
                            ExportFormat::Csv,
                        )));
                    }
                });
                if bar.dirty {
                    ui.colored_label(theme::WARNING_TEXT, "* 未保存 unsaved changes");
                } else {
                    ui.label(RichText::new("已保存 all saved").weak());
                }
                if ui
                    .button("完成编辑 Done")
                    .on_hover_text("退出编辑模式 Leave edit mode")
                    .clicked()
                {
                    commands.push(Command::SetEditing(false));
                }
            });
            if let Some((text, is_error)) = bar.status {
                let colour = if is_error {
                    theme::ERROR_TEXT
                } else {
                    theme::SUCCESS_TEXT
                };
                ui.colored_label(colour, text);
            }
            ui.label(RichText::new(hint(bar.tool, bar.draft_corner_count)).small().weak());
        });
}

fn tools(ui: &mut Ui, tool: EditTool, draft_corner_count: usize, commands: &mut Vec<Command>) {
    if ui
        .add(Button::selectable(
            tool == EditTool::Select,
            "选择/移动 Select",
        ))
        .clicked()
    {
        commands.push(Command::SetEditTool(EditTool::Select));
    }
    let point_category = match tool {
        EditTool::AddPoint(c) => c,
        _ => Category::ConvenienceSalesPoint,
    };
    let area_category = match tool {
        EditTool::DrawArea(c) => c,
        _ => Category::FruitVendorArea,
    };
    if ui
        .add(Button::selectable(
            matches!(tool, EditTool::AddPoint(_)),
            ADD_POINT_LABEL,
        ))
        .clicked()
    {
        commands.push(Command::SetEditTool(EditTool::AddPoint(point_category)));
    }
    category_choice(
        ui,
        "add-point-category",
        point_category,
        GeometryKind::Point,
        |c| {
            commands.push(Command::SetEditTool(EditTool::AddPoint(c)));
        },
    );
    if ui
        .add(Button::selectable(
            matches!(tool, EditTool::DrawArea(_)),
            DRAW_AREA_LABEL,
        ))
        .clicked()
    {
        commands.push(Command::SetEditTool(EditTool::DrawArea(area_category)));
    }
    category_choice(
        ui,
        "draw-area-category",
        area_category,
        GeometryKind::Area,
        |c| {
            commands.push(Command::SetEditTool(EditTool::DrawArea(c)));
        },
    );
    if matches!(tool, EditTool::DrawArea(_)) {
        if ui
            .add_enabled(draft_corner_count >= 3, Button::new("完成区域 Finish area"))
            .clicked()
        {
            commands.push(Command::FinishDraftArea);
        }
        if ui
            .add_enabled(draft_corner_count > 0, Button::new("取消 Cancel"))
            .clicked()
        {
            commands.push(Command::CancelDraftArea);
        }
    }
}

/// A compact category picker limited to categories of one geometry kind.
fn category_choice(
    ui: &mut Ui,
    id: &str,
    current: Category,
    kind: GeometryKind,
    mut on_change: impl FnMut(Category),
) {
    let label = match kind {
        GeometryKind::Area => "区域类别 Area category",
        _ => "点类别 Point category",
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(current.name_zh())
        .show_ui(ui, |ui| {
            for category in Category::ALL
                .into_iter()
                .filter(|c| c.geometry_kind() == kind)
            {
                if ui
                    .selectable_label(category == current, category.name_zh())
                    .on_hover_text(category.name_en())
                    .clicked()
                {
                    on_change(category);
                }
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label));
}

fn hint(tool: EditTool, corners: usize) -> String {
    match tool {
        EditTool::Select => "点击设施选择；拖动方块移动顶点，拖动圆点添加顶点，右键顶点删除；Delete 键删除设施。Click to select; drag squares to move corners, dots to add corners, right-click a corner to remove it; Delete removes the facility.".to_owned(),
        EditTool::AddPoint(c) => format!(
            "在地图上点击添加{}。Click the map to add a {}.",
            c.name_zh(),
            c.name_en().to_lowercase()
        ),
        EditTool::DrawArea(_) => format!(
            "已画 {corners} 个顶点：点击添加顶点，点击第一个顶点、双击或按 Enter 完成，Backspace 撤回一点，Esc 取消。{corners} corners: click to add, click the first corner, double-click or press Enter to finish, Backspace removes the last, Esc cancels."
        ),
    }
}
