//! The details card: everything known about the selected facility (or the group an article
//! mention points at), including where it comes from and how reliable its position is.

use egui::{RichText, Sense, Ui, Vec2};
use geo::{Geodesic, GeodesicArea, Length};

use crate::command::{Command, SelectionOrigin, ViewCommand};
use crate::i18n::{self, Language, Text};
use crate::model::hours::{Availability, Schedule};
use crate::model::{Catalog, Facility, FacilityGeometry, Precision};
use crate::theme;
use crate::theme::symbols::paint_symbol;

/// Title of the card window (also its accessible name) in the default (bilingual) language.
pub const CARD_TITLE: &str = Text::Details.both();

/// Label of the "what is near this facility" button in the default (bilingual) language.
pub const NEARBY_FROM_HERE_LABEL: &str = Text::NearbyFromHere.both();

/// Draws the card for one facility; `schedule` is its parsed hours (with the holidays), from
/// the app's cache.
pub fn facility_card(
    ui: &mut Ui,
    facility: &Facility,
    availability: &Availability,
    schedule: Option<&Schedule>,
    moment: chrono::NaiveDateTime,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(Vec2::splat(30.0), Sense::hover());
        paint_symbol(ui.painter(), rect.center(), 12.0, facility.category);
        ui.vertical(|ui| {
            let (name, other_name) = i18n::data_pair(lang, &facility.name_zh, &facility.name_en);
            ui.label(RichText::new(name).heading());
            if let Some(other_name) = other_name {
                ui.label(other_name);
            }
        });
    });
    ui.label(
        RichText::new(lang.join(
            facility.category.name_zh(),
            facility.category.name_en(),
            " · ",
        ))
        .strong(),
    );
    ui.separator();
    let (description, other_description) =
        i18n::data_pair(lang, &facility.description_zh, &facility.description_en);
    if !description.is_empty() {
        ui.label(description);
    }
    if let Some(other_description) = other_description {
        ui.label(RichText::new(other_description).weak());
    }
    for problem in facility.problems() {
        let colour = if problem.is_error() {
            theme::ERROR_TEXT
        } else {
            theme::WARNING_TEXT
        };
        ui.colored_label(colour, i18n::facility_problem(&problem, lang));
    }
    // Values wrap inside the sheet's width instead of running past its edge; a narrow sheet
    // puts each field name above its value rather than squeezing two columns.
    let stacked = ui.available_width() < theme::FACTS_IN_COLUMNS_MIN_WIDTH_PT;
    let value_width_pt = (ui.available_width() - theme::FACT_LABEL_WIDTH_PT).max(120.0);
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    let facts = |ui: &mut Ui| {
        let fact = |ui: &mut Ui, label: &str, add_value: &mut dyn FnMut(&mut Ui)| {
            if stacked {
                if !label.is_empty() {
                    ui.label(RichText::new(label).small().strong());
                }
                add_value(ui);
            } else {
                ui.label(label);
                add_value(ui);
                ui.end_row();
            }
        };
        if !facility.address_zh.is_empty() {
            fact(ui, Text::Address.tr(lang), &mut |ui| {
                ui.label(facility.address_zh.as_str());
            });
        }
        if !facility.hours.is_empty() {
            fact(ui, Text::Hours.tr(lang), &mut |ui| {
                ui.vertical(|ui| {
                    ui.label(facility.hours.as_str());
                    if !facility.hours_source.is_empty() {
                        ui.colored_label(
                            theme::WARNING_TEXT,
                            RichText::new(&facility.hours_source).small(),
                        );
                    }
                });
            });
        }
        if !facility.valid_from.is_empty() || !facility.valid_until.is_empty() {
            fact(ui, Text::Season.tr(lang), &mut |ui| {
                ui.label(i18n::season(
                    lang,
                    or_open(&facility.valid_from),
                    or_open(&facility.valid_until),
                ));
            });
        }
        if !matches!(availability, Availability::Unknown) || !facility.hours.is_empty() {
            let colour = match availability {
                Availability::Closed(_) => theme::ERROR_TEXT,
                Availability::Open { .. } => theme::SUCCESS_TEXT,
                Availability::Unknown => ui.visuals().weak_text_color(),
            };
            fact(ui, Text::Status.tr(lang), &mut |ui| {
                ui.colored_label(
                    colour,
                    i18n::availability_text_at(availability, Some(&moment), lang),
                );
            });
            // Today's and tomorrow's times in words, not the raw opening_hours syntax, and
            // whether the day is a holiday or a make-up working day.
            let with_hours = schedule.filter(|_| !facility.hours.trim().is_empty());
            for (day_offset, schedule) in with_hours.into_iter().flat_map(|s| [(0, s), (1, s)]) {
                let day = moment.date() + chrono::Duration::days(day_offset);
                if let Some(kind) =
                    i18n::day_kind(lang, day_offset, schedule.holidays().day_kind(day))
                {
                    fact(ui, "", &mut |ui| {
                        ui.label(&kind);
                    });
                }
                fact(ui, "", &mut |ui| {
                    ui.label(i18n::day_hours(
                        lang,
                        day_offset,
                        &schedule.open_intervals_on(day),
                    ));
                });
            }
        }
        fact(ui, Text::Coordinates.tr(lang), &mut |ui| {
            ui.label(coordinates_text(&facility.geometry, lang));
        });
        if let Some(size) = size_text(&facility.geometry, lang) {
            fact(ui, Text::Size.tr(lang), &mut |ui| {
                ui.label(&size);
            });
        }
        if !facility.notes.is_empty() {
            fact(ui, Text::Notes.tr(lang), &mut |ui| {
                ui.label(facility.notes.as_str());
            });
        }
    };
    if stacked {
        ui.vertical(facts);
    } else {
        egui::Grid::new("facility-facts")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .max_col_width(value_width_pt)
            .show(ui, facts);
    }
    ui.separator();
    provenance_section(ui, facility, lang, commands);
}

fn provenance_section(
    ui: &mut Ui,
    facility: &Facility,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    let provenance = &facility.provenance;
    ui.label(RichText::new(Text::Provenance.tr(lang)).strong());
    let (background, text) = match provenance.precision {
        Precision::Surveyed => (ui.visuals().faint_bg_color, ui.visuals().text_color()),
        Precision::Approximate | Precision::Illustrative => {
            (theme::WARNING_BACKGROUND, theme::WARNING_TEXT)
        }
    };
    egui::Frame::new()
        .fill(background)
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.colored_label(
                text,
                RichText::new(i18n::field(
                    lang,
                    Text::Precision,
                    i18n::precision_label(provenance.precision).tr(lang),
                ))
                .strong(),
            );
            ui.colored_label(
                text,
                i18n::precision_explanation(provenance.precision).tr(lang),
            );
        });
    if !provenance.method.is_empty() {
        ui.label(i18n::field(lang, Text::HowPlaced, &provenance.method));
    }
    if !provenance.source_quote.is_empty() {
        ui.label(i18n::label_colon(lang, Text::SourceQuote));
        ui.label(RichText::new(format!("“{}”", provenance.source_quote)).italics());
    }
    if !provenance.source_ref.is_empty() {
        ui.label(RichText::new(&*provenance.source_ref).small().weak());
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(mention) = &facility.article_mention
            && ui.button(Text::ShowInArticle.tr(lang)).clicked()
        {
            commands.push(Command::View(ViewCommand::ShowInArticle(
                mention.to_string(),
            )));
        }
        if ui
            .button(Text::NearbyFromHere.tr(lang))
            .on_hover_text(Text::NearbyFromHereHint.tr(lang))
            .clicked()
        {
            commands.push(Command::View(ViewCommand::SetReferencePoint(
                facility.geometry.anchor(),
            )));
        }
    });
}

fn or_open(date: &str) -> &str {
    if date.trim().is_empty() { "…" } else { date }
}

/// Coordinates of the facility's anchor, WGS84, 5 decimals (about 1 m).
pub fn coordinates_text(geometry: &FacilityGeometry, lang: Language) -> String {
    let anchor = geometry.anchor();
    let place = match geometry {
        FacilityGeometry::Point(_) => None,
        FacilityGeometry::Line(_) => Some(Text::LineMidpoint),
        FacilityGeometry::Area(_) => Some(Text::InsideArea),
    };
    i18n::coordinates(lang, anchor.x(), anchor.y(), place)
}

/// Length of a line or area of a polygon on the ellipsoid, for the card.
pub fn size_text(geometry: &FacilityGeometry, lang: Language) -> Option<String> {
    match geometry {
        FacilityGeometry::Point(_) => None,
        FacilityGeometry::Line(line) => Some(i18n::line_length(lang, Geodesic.length(&**line))),
        FacilityGeometry::Area(polygon) => {
            Some(i18n::area_size(lang, polygon.geodesic_area_unsigned()))
        }
    }
}

/// Draws the card for an article mention linked to several facilities.
pub fn mention_card(
    ui: &mut Ui,
    catalog: &Catalog,
    mention: &str,
    lang: Language,
    commands: &mut Vec<Command>,
) {
    let facilities: Vec<&Facility> = catalog.with_mention(mention).collect();
    ui.label(RichText::new(format!("“{mention}”")).heading());
    if let Some(first) = facilities.first() {
        ui.label(i18n::mention_members(
            lang,
            first.category,
            facilities.len(),
        ));
    }
    let illustrative = facilities
        .iter()
        .filter(|f| f.provenance.precision != Precision::Surveyed)
        .count();
    if illustrative > 0 {
        ui.colored_label(
            theme::WARNING_TEXT,
            i18n::unsurveyed_members(lang, illustrative),
        );
    }
    ui.separator();
    // The sheet scrolls as a whole: every member is listed.
    for facility in facilities {
        let name = i18n::data_pair(lang, &facility.name_zh, &facility.name_en).0;
        if ui.link(name).clicked() {
            commands.push(Command::View(ViewCommand::Select(
                facility.id.clone(),
                SelectionOrigin::Article,
            )));
        }
    }
}

/// What the details card frames: a facility (shown, or its edit form) or an article mention.
pub enum CardContent<'a> {
    /// One facility and its availability at the chosen moment.
    Facility {
        /// The facility.
        facility: &'a Facility,
        /// Whether it is open at the chosen moment.
        availability: &'a Availability,
        /// Its parsed hours and season (with the holidays), if it has any.
        schedule: Option<&'a Schedule>,
        /// The chosen moment (China time), for "opens tomorrow 07:00".
        moment: chrono::NaiveDateTime,
        /// The edit form, while editing.
        form: Option<&'a mut crate::ui::edit_form::FormState>,
        /// Its history, on the shared database.
        history: Option<crate::ui::history::HistoryCard<'a>>,
    },
    /// The facilities an article mention links to.
    Mention {
        /// All facilities (the mention's members are looked up in it).
        catalog: &'a Catalog,
        /// The mention's text.
        mention: &'a str,
    },
}

/// Draws the details in the sheet, scrolling when they are longer than the panel.
pub fn sheet(ui: &mut Ui, content: CardContent<'_>, lang: Language, commands: &mut Vec<Command>) {
    egui::ScrollArea::vertical()
        .id_salt("details-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| match content {
            CardContent::Facility {
                facility,
                form: Some(form),
                history,
                ..
            } => {
                crate::ui::edit_form::show(ui, form, facility, lang, commands);
                if let Some(history) = history {
                    crate::ui::history::section(ui, history, lang, commands);
                }
            }
            CardContent::Facility {
                facility,
                availability,
                schedule,
                moment,
                form: None,
                history,
            } => {
                facility_card(ui, facility, availability, schedule, moment, lang, commands);
                if let Some(history) = history {
                    crate::ui::history::section(ui, history, lang, commands);
                }
            }
            CardContent::Mention { catalog, mention } => {
                mention_card(ui, catalog, mention, lang, commands);
            }
        });
}
