//! Applying commands: every [`Command`] the UI pushed during a frame is applied here, after
//! drawing, so undo, saving and logging have one place.

use super::{FOCUS_ZOOM_LEVEL, MapApp, NearbyState};

use walkers::Position;

use crate::command::{Command, SelectionOrigin, SheetTab, ViewCommand};
use crate::model::index::nearest::{nearest_by_category_where, vendor_area_among};
use crate::model::{Catalog, FacilityGeometry, FacilityId};

impl MapApp {
    pub(super) fn apply_commands(&mut self) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            log::debug!("apply {command:?}");
            self.apply(command);
        }
    }

    /// Applies one command of any group.
    pub(super) fn apply(&mut self, command: Command) {
        match command {
            Command::View(command) => self.apply_view(command),
            Command::Edit(command) => self.apply_edit(command),
            Command::File(command) => self.apply_file(command),
        }
    }

    /// Applies a command that changes what is shown, never the data.
    fn apply_view(&mut self, command: ViewCommand) {
        match command {
            ViewCommand::Select(id, origin) => self.select(&id, origin),
            ViewCommand::ClearSelection => {
                self.selected = None;
                self.focused_mention = None;
                self.sync_form();
                if self.sheet_tab == SheetTab::Details {
                    self.sheet_tab = if self.nearby.is_some() {
                        SheetTab::Nearby
                    } else {
                        SheetTab::Article
                    };
                }
                if self.nearby.is_none() {
                    self.panels.content_gone();
                }
            }
            ViewCommand::FocusMention(mention) => self.focus_mention(mention),
            ViewCommand::ShowInArticle(mention) => {
                self.article_view.scroll_to_mention = Some(mention);
                self.sheet_tab = SheetTab::Article;
                self.panels.open_sheet();
            }
            ViewCommand::ToggleList => self.panels.toggle_list(),
            ViewCommand::ToggleSheet => self.panels.toggle_sheet(),
            ViewCommand::ShowSheetTab(tab) => {
                self.sheet_tab = tab;
                self.panels.open_sheet();
            }
            ViewCommand::SetCategoryVisible(category, visible) => {
                self.view.filter.set_visible(category, visible);
                self.after_filter_change();
            }
            ViewCommand::ShowOnlyCategory(category) => {
                self.view.filter.show_only(category);
                self.after_filter_change();
                self.pending_fit = Catalog::extent(
                    self.data
                        .catalog
                        .facilities()
                        .iter()
                        .filter(|f| f.category == category),
                );
            }
            ViewCommand::ShowAllCategories => {
                self.view.filter.show_all();
                self.after_filter_change();
            }
            ViewCommand::HideAllCategories => {
                self.view.filter.hide_all();
                self.after_filter_change();
            }
            ViewCommand::Search(text) => {
                self.search_text = text;
                self.list_cursor = None;
                self.refresh_list();
                if !self.search_text.trim().is_empty() && !self.list_rows().is_empty() {
                    self.list_cursor = Some(0);
                }
                // Every new query's results start at the top of the list.
                self.scroll_list_to_cursor = true;
            }
            ViewCommand::MoveListCursor(delta) => {
                if let Some(last) = self.list_rows().len().checked_sub(1) {
                    let row = self
                        .list_cursor
                        .map_or(0, |row| row.saturating_add_signed(delta as isize).min(last));
                    self.list_cursor = Some(row);
                    self.scroll_list_to_cursor = true;
                }
            }
            ViewCommand::ActivateListCursor => {
                let id = self
                    .list_cursor
                    .and_then(|row| self.list_rows().get(row))
                    .and_then(|&i| self.data.catalog.facilities().get(i))
                    .map(|f| f.id.clone());
                if let Some(id) = id {
                    self.select(&id, SelectionOrigin::List);
                }
            }
            ViewCommand::SortList(key) => {
                if self.view.sort_key == key {
                    self.view.sort_descending = !self.view.sort_descending;
                } else {
                    self.view.sort_key = key;
                    self.view.sort_descending = false;
                }
                self.refresh_list();
                self.scroll_list_to_selection = true;
            }
            ViewCommand::ZoomIn => {
                // At the maximum zoom there is nothing to do.
                if self.view.map_memory.zoom_in().is_err() {
                    log::debug!("already at the closest zoom");
                }
            }
            ViewCommand::ZoomOut => {
                if self.view.map_memory.zoom_out().is_err() {
                    log::debug!("already at the farthest zoom");
                }
            }
            ViewCommand::PanByPx([dx, dy]) => self.pan_by_px(egui::Vec2::new(dx, dy)),
            ViewCommand::SetReferencePoint(point) => self.set_reference_point(point),
            ViewCommand::ReferenceAtMapCentre => {
                let display_centre = self
                    .view
                    .map_memory
                    .detached()
                    .map(|p| p.0)
                    .unwrap_or_else(|| self.prepared_datum.from_wgs84(self.home_centre.0));
                let centre = geo::Point(self.prepared_datum.to_wgs84(display_centre));
                self.set_reference_point(centre);
            }
            ViewCommand::ClearReferencePoint => {
                self.nearby = None;
                if self.sheet_tab == SheetTab::Nearby {
                    self.sheet_tab = if self.selected.is_some() || self.focused_mention.is_some() {
                        SheetTab::Details
                    } else {
                        SheetTab::Article
                    };
                }
                if self.selected.is_none() && self.focused_mention.is_none() {
                    self.panels.content_gone();
                }
            }
            ViewCommand::ZoomToDistrict => self.pending_fit = self.home_extent,
            ViewCommand::ZoomToExtent(extent) => self.pending_fit = Some(extent),
            ViewCommand::SetOpenNowOnly(on) => {
                self.view.open_now_only = on;
                self.apply_open_filter();
            }
            ViewCommand::SetAsOf(moment) => {
                self.as_of = moment;
                self.refresh_availability(true);
                self.sync_as_of_text();
            }
            ViewCommand::ZoomToFacilities => {
                self.pending_fit = Catalog::extent(self.data.catalog.facilities());
            }
            ViewCommand::SetBasemap(basemap) => {
                self.view.basemap = basemap;
                self.use_datum(basemap.datum());
            }
            ViewCommand::SetLanguage(language) => self.view.language = language,
        }
    }

    pub(super) fn after_filter_change(&mut self) {
        let hidden = |i: usize| {
            self.data
                .catalog
                .facilities()
                .get(i)
                .is_none_or(|f| !self.view.filter.is_visible(f.category))
        };
        if self.selected.is_some_and(hidden) {
            self.selected = None;
        }
        self.refresh_list();
    }

    pub(super) fn select(&mut self, id: &FacilityId, origin: SelectionOrigin) {
        let Some(index) = self.data.catalog.index_of(id) else {
            log::warn!("select: no facility {id}");
            return;
        };
        let Some(category) = self
            .data
            .catalog
            .facilities()
            .get(index)
            .map(|f| f.category)
        else {
            return;
        };
        if !self.view.filter.is_visible(category) {
            self.view.filter.set_visible(category, true);
            self.refresh_list();
        }
        let Some(facility) = self.data.catalog.facilities().get(index) else {
            return;
        };
        self.selected = Some(index);
        self.focused_mention = None;
        self.sheet_tab = SheetTab::Details;
        self.panels.open_sheet_for_content();
        if origin != SelectionOrigin::List {
            self.scroll_list_to_selection = true;
        }
        if origin != SelectionOrigin::Article {
            self.article_view.scroll_to_mention =
                facility.article_mention.as_deref().map(str::to_owned);
        }
        if origin != SelectionOrigin::Map {
            match &facility.geometry {
                FacilityGeometry::Point(point) => {
                    let display = self.prepared_datum.from_wgs84(point.0);
                    self.view.map_memory.center_at(Position::from(display));
                    if self.view.map_memory.zoom() < FOCUS_ZOOM_LEVEL
                        && let Err(error) = self.view.map_memory.set_zoom(FOCUS_ZOOM_LEVEL)
                    {
                        log::warn!("cannot zoom to {FOCUS_ZOOM_LEVEL}: {error}");
                    }
                }
                FacilityGeometry::Line(_) | FacilityGeometry::Area(_) => {
                    self.pending_fit = facility.geometry.bounds();
                }
            }
        }
        self.sync_form();
    }

    pub(super) fn focus_mention(&mut self, mention: String) {
        let members: Vec<_> = self.data.catalog.with_mention(&mention).collect();
        match members.as_slice() {
            [] => log::warn!("no facility links to the mention \"{mention}\""),
            [only] => {
                let id = only.id.clone();
                self.select(&id, SelectionOrigin::Article);
            }
            several => {
                let mut filter_changed = false;
                for facility in several {
                    if !self.view.filter.is_visible(facility.category) {
                        self.view.filter.set_visible(facility.category, true);
                        filter_changed = true;
                    }
                }
                self.pending_fit = Catalog::extent(several.iter().copied());
                self.selected = None;
                self.focused_mention = Some(mention);
                self.sheet_tab = SheetTab::Details;
                self.panels.open_sheet_for_content();
                if filter_changed {
                    self.refresh_list();
                }
            }
        }
    }

    /// Moves the view by `offset` points on screen (no-op before the map was first drawn).
    fn pan_by_px(&mut self, offset: egui::Vec2) {
        let Some(map_rect) = self.map_rect else {
            return;
        };
        let my_position = Position::from(self.prepared_datum.from_wgs84(self.home_centre.0));
        let projector = walkers::Projector::new(
            map_rect,
            &walkers::MercatorProjection,
            &self.view.map_memory,
            my_position,
        );
        let new_centre = map_rect.center() + offset;
        self.view
            .map_memory
            .center_at(projector.unproject(new_centre.to_vec2()));
    }

    /// Answers "what is near `point`" (WGS84) and shows the answer in the sheet.
    pub(super) fn set_reference_point(&mut self, point: geo::Point<f64>) {
        self.sheet_tab = SheetTab::Nearby;
        self.panels.open_sheet_for_content();
        self.answer_nearby(point);
    }

    /// Recomputes the nearby answer for `point` (after the open-now filter or the hours changed,
    /// closed facilities are left out while "open now only" is on).
    pub(super) fn answer_nearby(&mut self, point: geo::Point<f64>) {
        let facilities = self.data.catalog.facilities();
        let shapes = &self.data.shape_indices;
        let hide_closed = self.view.open_now_only;
        let closed = &self.closed;
        let keep = |i: usize| !(hide_closed && closed.contains(&i));
        self.nearby = Some(NearbyState {
            point,
            nearest: nearest_by_category_where(
                facilities,
                &self.data.point_index,
                shapes,
                point,
                keep,
            ),
            vendor_area: vendor_area_among(facilities, shapes, point),
        });
    }
}
