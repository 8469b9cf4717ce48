//! Applying commands: every [`Command`] the UI pushed during a frame is applied here, after
//! drawing, so undo, saving and logging have one place.

use super::{DataSource, FOCUS_ZOOM_LEVEL, LoadedData, MapApp, NearbyState};

use walkers::Position;

use crate::command::{Command, SelectionOrigin};
use crate::model::index::nearest::{nearest_by_category_indexed, vendor_area_among};
use crate::model::{Catalog, FacilityGeometry, FacilityId};

impl MapApp {
    pub(super) fn apply_commands(&mut self) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            log::debug!("apply {command:?}");
            self.apply(command);
        }
    }

    pub(super) fn apply(&mut self, command: Command) {
        match command {
            Command::Select(id, origin) => self.select(&id, origin),
            Command::ClearSelection => {
                self.selected = None;
                self.focused_mention = None;
                self.sync_form();
            }
            Command::FocusMention(mention) => self.focus_mention(mention),
            Command::ShowInArticle(mention) => {
                self.article_view.scroll_to_mention = Some(mention);
            }
            Command::SetCategoryVisible(category, visible) => {
                self.view.filter.set_visible(category, visible);
                self.after_filter_change();
            }
            Command::ShowOnlyCategory(category) => {
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
            Command::ShowAllCategories => {
                self.view.filter.show_all();
                self.after_filter_change();
            }
            Command::HideAllCategories => {
                self.view.filter.hide_all();
                self.after_filter_change();
            }
            Command::Search(text) => {
                self.search_text = text;
                self.list_cursor = None;
                self.refresh_list();
                if !self.search_text.trim().is_empty() && !self.list_order.is_empty() {
                    self.list_cursor = Some(0);
                }
            }
            Command::MoveListCursor(delta) => {
                if let Some(last) = self.list_order.len().checked_sub(1) {
                    let row = self
                        .list_cursor
                        .map_or(0, |row| row.saturating_add_signed(delta as isize).min(last));
                    self.list_cursor = Some(row);
                    self.scroll_list_to_cursor = true;
                }
            }
            Command::ActivateListCursor => {
                let id = self
                    .list_cursor
                    .and_then(|row| self.list_order.get(row))
                    .and_then(|&i| self.data.catalog.facilities().get(i))
                    .map(|f| f.id.clone());
                if let Some(id) = id {
                    self.select(&id, SelectionOrigin::List);
                }
            }
            Command::SortList(key) => {
                if self.view.sort_key == key {
                    self.view.sort_descending = !self.view.sort_descending;
                } else {
                    self.view.sort_key = key;
                    self.view.sort_descending = false;
                }
                self.refresh_list();
                self.scroll_list_to_selection = true;
            }
            Command::ZoomIn => {
                // At the maximum zoom there is nothing to do.
                let _ = self.view.map_memory.zoom_in();
            }
            Command::ZoomOut => {
                let _ = self.view.map_memory.zoom_out();
            }
            Command::SetReferencePoint(point) => self.set_reference_point(point),
            Command::ReferenceAtMapCentre => {
                let display_centre = self
                    .view
                    .map_memory
                    .detached()
                    .map(|p| p.0)
                    .unwrap_or_else(|| self.prepared_datum.from_wgs84(self.home_centre.0));
                let centre = geo::Point(self.prepared_datum.to_wgs84(display_centre));
                self.set_reference_point(centre);
            }
            Command::ClearReferencePoint => self.nearby = None,
            Command::ZoomToDistrict => self.pending_fit = self.home_extent,
            Command::ZoomToExtent(extent) => self.pending_fit = Some(extent),
            Command::SetOpenNowOnly(on) => {
                self.view.open_now_only = on;
                self.apply_open_filter();
            }
            Command::SetAsOf(moment) => {
                self.as_of = moment;
                self.refresh_availability(true);
                self.sync_as_of_text();
            }
            Command::ZoomToFacilities => {
                self.pending_fit = Catalog::extent(self.data.catalog.facilities());
            }
            Command::SetBasemap(basemap) => {
                self.view.basemap = basemap;
                self.use_datum(basemap.datum());
            }
            Command::SetLanguage(language) => self.view.language = language,
            Command::UseBundledData => {
                self.data = LoadedData::load(DataSource::Bundled, self.prepared_datum);
                self.editing.history = Default::default();
                self.after_data_change();
                self.pending_fit = Catalog::extent(self.data.catalog.facilities());
            }
            editing => self.apply_edit_command(editing),
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
        self.reveal_frames_left = 3;
        if origin != SelectionOrigin::List {
            self.scroll_list_to_selection = true;
        }
        if origin != SelectionOrigin::Article {
            self.article_view.scroll_to_mention = facility.article_mention.clone();
        }
        if origin != SelectionOrigin::Map {
            match &facility.geometry {
                FacilityGeometry::Point(point) => {
                    let display = self.prepared_datum.from_wgs84(point.0);
                    self.view.map_memory.center_at(Position::from(display));
                    if self.view.map_memory.zoom() < FOCUS_ZOOM_LEVEL {
                        let _ = self.view.map_memory.set_zoom(FOCUS_ZOOM_LEVEL);
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
                if filter_changed {
                    self.refresh_list();
                }
            }
        }
    }

    /// Answers "what is near `point`" (WGS84).
    pub(super) fn set_reference_point(&mut self, point: geo::Point<f64>) {
        let facilities = self.data.catalog.facilities();
        let shapes = &self.data.shape_indices;
        self.nearby = Some(NearbyState {
            point,
            nearest: nearest_by_category_indexed(facilities, &self.data.point_index, shapes, point),
            vendor_area: vendor_area_among(facilities, shapes, point),
        });
    }
}
