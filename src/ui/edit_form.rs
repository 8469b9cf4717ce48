//! The property form of the selected facility in edit mode. Each field is committed as one
//! undoable edit when it loses focus (or Enter, or a choice in a list); invalid values are
//! shown in red and not committed, and what was typed stays in the field.

use egui::{RichText, TextEdit, Ui};
use geo::Point;

use crate::command::{Command, EditCommand};
use crate::i18n::{self, Language, Text};
use crate::model::{Category, Facility, FacilityGeometry, Precision, ThinStr};
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

/// Title of the card in edit mode, in the default (bilingual) language.
pub const CARD_TITLE: &str = Text::EditFacility.both();
/// Label of the delete button, in the default (bilingual) language.
pub const DELETE_LABEL: &str = Text::DeleteFacility.both();

/// Draws the form; pushes `UpdateFacility` when a valid change is committed.
pub fn show(
    ui: &mut Ui,
    form: &mut FormState,
    original: &Facility,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    let mut commit = false;
    ui.label(RichText::new(i18n::field(lang, Text::Id, original.id.as_str())).weak());
    egui::Grid::new("edit-form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            commit |= facility_text_row(
                ui,
                Text::NameZhField.tr(lang),
                &mut form.draft.name_zh,
                false,
            );
            commit |= facility_text_row(
                ui,
                Text::NameEnField.tr(lang),
                &mut form.draft.name_en,
                false,
            );
            let category_label = ui.label(Text::Category.tr(lang));
            let kind = form.draft.category.geometry_kind();
            egui::ComboBox::from_id_salt("form-category")
                .selected_text(i18n::category_name(form.draft.category, lang))
                .show_ui(ui, |ui| {
                    for category in Category::ALL
                        .into_iter()
                        .filter(|c| c.geometry_kind() == kind)
                    {
                        if ui
                            .selectable_value(
                                &mut form.draft.category,
                                category,
                                i18n::category_name(category, lang),
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
            for (label, value, multiline) in [
                (Text::Description, &mut form.draft.description_zh, true),
                (
                    Text::DescriptionEnField,
                    &mut form.draft.description_en,
                    true,
                ),
                (Text::Address, &mut form.draft.address_zh, false),
                (Text::Hours, &mut form.draft.hours, false),
                (Text::SeasonFrom, &mut form.draft.valid_from, false),
                (Text::SeasonUntil, &mut form.draft.valid_until, false),
                (Text::Notes, &mut form.draft.notes, true),
            ] {
                commit |= facility_text_row(ui, label.tr(lang), value, multiline);
            }
            if let FacilityGeometry::Point(_) = form.draft.geometry {
                commit |= position_rows(ui, form, lang);
            }
            ui.label(Text::Precision.tr(lang));
            ui.vertical(|ui| {
                for precision in Precision::ALL {
                    let label = match precision {
                        Precision::Surveyed => Text::SurveyedOnlyIfMeasured,
                        other => i18n::precision_label(other),
                    }
                    .tr(lang);
                    if ui
                        .radio_value(&mut form.draft.provenance.precision, precision, label)
                        .clicked()
                    {
                        commit = true;
                    }
                }
            });
            ui.end_row();
            // The method is a shared text: typed into a copy, kept when it changed.
            let mut method = form.draft.provenance.method.to_string();
            commit |= text_row(ui, Text::HowPlaced.tr(lang), &mut method, true);
            if *method != *form.draft.provenance.method {
                form.draft.provenance.method = method.into();
            }
        });
    if original.provenance.precision != Precision::Surveyed {
        ui.colored_label(theme::WARNING_TEXT, Text::MovingKeepsPrecision.tr(lang));
    }
    // The model's rules: errors keep the draft from being committed, warnings are shown.
    let problems = form.draft.problems();
    for problem in &problems {
        let colour = if problem.is_error() {
            theme::ERROR_TEXT
        } else {
            theme::WARNING_TEXT
        };
        ui.colored_label(colour, i18n::facility_problem(problem, lang));
    }
    if commit && !problems.iter().any(|p| p.is_error()) && form.draft != *original {
        commands.push(Command::Edit(EditCommand::UpdateFacility(Box::new(
            form.draft.clone(),
        ))));
    }
    ui.separator();
    if !original.provenance.source_quote.is_empty() {
        ui.label(
            RichText::new(i18n::field(
                lang,
                Text::Source,
                &format!("“{}”", original.provenance.source_quote),
            ))
            .weak(),
        );
    }
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new(Text::DeleteFacility.tr(lang)).color(theme::ERROR_TEXT))
            .clicked()
        {
            commands.push(Command::Edit(EditCommand::RequestDelete(
                original.id.clone(),
            )));
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

/// A row editing one of the facility's texts (each kept as a [`ThinStr`]): typed into a copy,
/// written back when it changed.
fn facility_text_row(ui: &mut Ui, label: &str, value: &mut ThinStr, multiline: bool) -> bool {
    let mut typed = value.to_string();
    let committed = text_row(ui, label, &mut typed, multiline);
    if typed != *value {
        *value = ThinStr::from(typed);
    }
    committed
}

/// Longitude and latitude of a point, typed (WGS84); committed when both parse.
fn position_rows(ui: &mut Ui, form: &mut FormState, lang: Language) -> bool {
    let mut committed = text_row(ui, Text::Longitude.tr(lang), &mut form.lon_text, false);
    committed |= text_row(ui, Text::Latitude.tr(lang), &mut form.lat_text, false);
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
            ui.colored_label(theme::ERROR_TEXT, Text::InvalidLonLat.tr(lang));
            ui.end_row();
            committed = false;
        }
    }
    committed
}
