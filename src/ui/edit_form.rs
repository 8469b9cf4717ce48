//! The property form of the selected facility in edit mode. Each field is committed as one
//! undoable edit when it loses focus (or Enter, or a choice in a list); invalid values are
//! shown in red and not committed, and what was typed stays in the field.

use egui::{RichText, TextEdit, Ui};
use geo::Point;

use crate::command::Command;
use crate::model::hours::Schedule;
use crate::model::{Category, Facility, FacilityGeometry, Precision};
use crate::theme;

/// The form's working copy of one facility.
#[derive(Debug, Clone, PartialEq)]
pub struct FormState {
    /// The facility as being edited.
    pub draft: Facility,
    /// Longitude as typed (points only).
    pub lon_text: String,
    /// Latitude as typed (points only).
    pub lat_text: String,
}

impl FormState {
    /// A form showing `facility` as it is.
    pub fn new(facility: &Facility) -> Self {
        let anchor = facility.geometry.anchor();
        Self {
            draft: facility.clone(),
            lon_text: format!("{:.6}", anchor.x()),
            lat_text: format!("{:.6}", anchor.y()),
        }
    }
}

/// Problems that keep the draft from being committed, in words.
pub fn problems(draft: &Facility) -> Vec<String> {
    let mut problems = Vec::new();
    if draft.name_zh.trim().is_empty() {
        problems.push("请填写中文名称。The Chinese name is required.".to_owned());
    }
    if draft.category.geometry_kind() != draft.geometry.kind() {
        problems.push("类别与形状不符。The category does not fit the shape.".to_owned());
    }
    if let Err(error) = Schedule::parse(&draft.hours, &draft.valid_from, &draft.valid_until) {
        problems.push(format!(
            "时间或季节格式有误（例：Mo-Fr 08:00-18:00；2025-06-01）。{error}"
        ));
    }
    problems
}

/// Title of the card in edit mode.
pub const CARD_TITLE: &str = "编辑设施 Edit facility";
/// Label of the delete button.
pub const DELETE_LABEL: &str = "删除此设施 Delete facility";

/// Draws the form; pushes `UpdateFacility` when a valid change is committed.
pub fn show(ui: &mut Ui, form: &mut FormState, original: &Facility, commands: &mut Vec<Command>) {
    let mut commit = false;
    ui.label(RichText::new(format!("编号 Id: {}", original.id)).weak());
    egui::Grid::new("edit-form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            commit |= text_row(ui, "名称 Name (中文) *", &mut form.draft.name_zh, false);
            if form.draft.name_zh.trim().is_empty() {
                ui.label("");
                ui.colored_label(theme::ERROR_TEXT, "必填 required");
                ui.end_row();
            }
            commit |= text_row(ui, "Name (English)", &mut form.draft.name_en, false);
            let category_label = ui.label("类别 Category");
            let kind = form.draft.category.geometry_kind();
            egui::ComboBox::from_id_salt("form-category")
                .selected_text(format!(
                    "{} {}",
                    form.draft.category.name_zh(),
                    form.draft.category.name_en()
                ))
                .show_ui(ui, |ui| {
                    for category in Category::ALL
                        .into_iter()
                        .filter(|c| c.geometry_kind() == kind)
                    {
                        if ui
                            .selectable_value(
                                &mut form.draft.category,
                                category,
                                format!("{} {}", category.name_zh(), category.name_en()),
                            )
                            .clicked()
                        {
                            commit = true;
                        }
                    }
                })
                .response
                .labelled_by(category_label.id);
            ui.end_row();
            commit |= text_row(ui, "说明 Description", &mut form.draft.description_zh, true);
            commit |= text_row(ui, "Description (EN)", &mut form.draft.description_en, true);
            commit |= text_row(ui, "地址 Address", &mut form.draft.address_zh, false);
            commit |= text_row(ui, "时间 Hours", &mut form.draft.hours, false);
            commit |= text_row(
                ui,
                "季节开始 Season from",
                &mut form.draft.valid_from,
                false,
            );
            commit |= text_row(
                ui,
                "季节结束 Season until",
                &mut form.draft.valid_until,
                false,
            );
            commit |= text_row(ui, "备注 Notes", &mut form.draft.notes, true);
            if let FacilityGeometry::Point(_) = form.draft.geometry {
                commit |= position_rows(ui, form);
            }
            ui.label("位置精度 Precision");
            ui.vertical(|ui| {
                for precision in Precision::ALL {
                    let label = match precision {
                        Precision::Surveyed => {
                            "实测 surveyed（仅当位置经实地测量 only if measured on site）"
                        }
                        other => other.label(),
                    };
                    if ui
                        .radio_value(&mut form.draft.provenance.precision, precision, label)
                        .clicked()
                    {
                        commit = true;
                    }
                }
            });
            ui.end_row();
            commit |= text_row(
                ui,
                "定位方法 How placed",
                &mut form.draft.provenance.method,
                true,
            );
        });
    if original.provenance.precision != Precision::Surveyed {
        ui.colored_label(
            theme::WARNING_TEXT,
            "移动位置不会改变精度；若新位置经实地测量，请选择“实测”。Moving does not change the precision; choose “surveyed” only if the new position was measured on site.",
        );
    }
    let problems = problems(&form.draft);
    for problem in &problems {
        ui.colored_label(theme::ERROR_TEXT, problem);
    }
    if commit && problems.is_empty() && form.draft != *original {
        commands.push(Command::UpdateFacility(Box::new(form.draft.clone())));
    }
    ui.separator();
    if !original.provenance.source_quote.is_empty() {
        ui.label(
            RichText::new(format!(
                "原文 Source: “{}”",
                original.provenance.source_quote
            ))
            .weak(),
        );
    }
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(DELETE_LABEL).color(theme::ERROR_TEXT))
            .clicked()
        {
            commands.push(Command::RequestDelete(original.id.clone()));
        }
    });
}

/// One labelled text field; true when it was committed (focus left or Enter).
fn text_row(ui: &mut Ui, label: &str, value: &mut String, multiline: bool) -> bool {
    let label_response = ui.label(label);
    let edit = if multiline {
        TextEdit::multiline(value).desired_rows(2)
    } else {
        TextEdit::singleline(value)
    };
    let response = ui
        .add(edit.desired_width(200.0))
        .labelled_by(label_response.id);
    ui.end_row();
    response.lost_focus()
}

/// Longitude and latitude of a point, typed (WGS84); committed when both parse.
fn position_rows(ui: &mut Ui, form: &mut FormState) -> bool {
    let mut committed = text_row(ui, "经度 Longitude (WGS84)", &mut form.lon_text, false);
    committed |= text_row(ui, "纬度 Latitude (WGS84)", &mut form.lat_text, false);
    let parsed = (
        form.lon_text.trim().parse::<f64>(),
        form.lat_text.trim().parse::<f64>(),
    );
    match parsed {
        (Ok(lon), Ok(lat)) if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) => {
            if committed {
                form.draft.geometry = FacilityGeometry::Point(Point::new(lon, lat));
            }
        }
        _ => {
            ui.label("");
            ui.colored_label(
                theme::ERROR_TEXT,
                "经纬度无效 invalid: 经度 -180 至 180, 纬度 -90 至 90",
            );
            ui.end_row();
            committed = false;
        }
    }
    committed
}
