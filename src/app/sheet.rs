//! The sheet's content for this frame: which tab there is something for, and drawing it.

use egui::Ui;

use super::MapApp;
use crate::command::SheetTab;
use crate::i18n::Text;
use crate::ui::{details, nearby, sheet};

impl MapApp {
    /// The tab the sheet can show now: the chosen one if there is something for it.
    fn shown_sheet_tab(&self) -> SheetTab {
        let has_details = self.selected.is_some() || self.focused_mention.is_some();
        let has_nearby = self.nearby.is_some();
        match self.sheet_tab {
            SheetTab::Details if has_details => SheetTab::Details,
            SheetTab::Nearby if has_nearby => SheetTab::Nearby,
            SheetTab::Details | SheetTab::Nearby if has_nearby => SheetTab::Nearby,
            SheetTab::Details | SheetTab::Nearby | SheetTab::Article => SheetTab::Article,
        }
    }

    /// Draws the sheet panel: tabs, then the details, the nearby answer or the article.
    pub(super) fn show_sheet(&mut self, ui: &mut Ui) {
        let lang = self.view.language;
        let tab = self.shown_sheet_tab();
        let selected = self
            .selected
            .and_then(|i| self.data.catalog.facilities().get(i));
        let details_title = match (selected, &self.focused_mention) {
            (Some(_), _) if self.editing.enabled => Some(Text::EditFacility),
            (Some(_), _) | (None, Some(_)) => Some(Text::Details),
            (None, None) => None,
        };
        sheet::tabs(
            ui,
            &sheet::Tabs {
                current: tab,
                details: details_title,
                nearby: self.nearby.is_some(),
                language: lang,
            },
            &mut self.commands,
        );
        match tab {
            SheetTab::Details => {
                let can_edit = self.edit_blocked().is_none();
                let availability = self
                    .selected
                    .map(|i| self.availability_of(i))
                    .unwrap_or(crate::model::hours::Availability::Unknown);
                let content =
                    match (selected, &self.focused_mention) {
                        (Some(facility), _) => details::CardContent::Facility {
                            facility,
                            availability: &availability,
                            schedule: self.selected.and_then(|i| {
                                crate::model::hours::schedule_at(&self.data.schedules, i)
                            }),
                            moment: self.moment(),
                            form: self.editing.form.as_mut().filter(|_| self.editing.enabled),
                            history: self.shared.as_ref().zip(selected).map(
                                |(shared, facility)| shared.history_card(&facility.id, can_edit),
                            ),
                        },
                        (None, Some(mention)) => details::CardContent::Mention {
                            catalog: &self.data.catalog,
                            mention,
                        },
                        (None, None) => return,
                    };
                details::sheet(ui, content, lang, &mut self.commands);
            }
            SheetTab::Nearby => {
                let Some(state) = &self.nearby else {
                    return;
                };
                let answer = nearby::NearbyAnswer {
                    point: state.point,
                    nearest: &state.nearest,
                    vendor_area: state.vendor_area,
                };
                nearby::sheet(ui, &self.data.catalog, &answer, lang, &mut self.commands);
            }
            SheetTab::Article => {
                let active_mention = selected
                    .and_then(|f| f.article_mention.as_deref())
                    .or(self.focused_mention.as_deref());
                self.article_view
                    .show(ui, &self.article, active_mention, lang, &mut self.commands);
            }
        }
    }
}
