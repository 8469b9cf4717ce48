//! The application: owns the data, the view state and the caches, lays out the panels and the
//! map, and applies the [`Command`]s the UI pushed — after drawing, in one place.

mod availability;
mod editing;
mod poster;

use std::path::PathBuf;

use egui::{Align2, Frame, Ui, Vec2};
use geo::Rect;
use serde::{Deserialize, Serialize};
use walkers::{Map, MapMemory, Position};

use crate::command::{Basemap, Command, SelectionOrigin};
use crate::i18n::{self, Language, Text};
use crate::map::basemap::prepare_rivers;
use crate::map::facilities::prepare_all;
use crate::map::fit::fit_extent;
use crate::map::providers::{self, TileLayers, TileSettings};
use crate::map::{DistrictBasemap, EditLayer, FacilityLayer, PreparedDistrict, PreparedFacility};
use crate::model::district::{
    BUNDLED_DISTRICTS, BUNDLED_RIVERS, parse_districts, parse_lines, zhongzhan_bounds,
};
use crate::model::hours::Schedule;
use crate::model::index::cluster::{ClusterIndex, ClusterOptions, ClusterPoint};
use crate::model::index::nearest::{Nearest, nearest_by_category_indexed, vendor_area_among};
use crate::model::index::search::SearchIndex;
use crate::model::index::spatial::SpatialIndex;
use crate::model::io::load::{load_file, parse_facilities};
use crate::model::list_order::list_order;
use crate::model::{
    Article, BUNDLED_FACILITIES, BUNDLED_ORIGIN, Catalog, CategoryFilter, Datum, District,
    FacilityGeometry, FacilityId, Precision, SortKey,
};
use crate::ui::article::ArticleView;
use crate::ui::{details, dialogs, edit_bar, edit_form, legend, list, nearby, top_bar};
pub use availability::AS_OF_FORMAT;
pub use editing::{BACKUP_COUNT, COLLECTION_NAME};
use std::collections::HashSet;

/// Where the facilities are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// `data/facilities.geojson`, compiled into the binary.
    Bundled,
    /// A file chosen by the user (`--data FILE`); never written by this version.
    File(PathBuf),
}

/// View state kept between runs (eframe persistence).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedView {
    /// Map centre and zoom.
    pub map_memory: MapMemory,
    /// Which categories are shown.
    pub filter: CategoryFilter,
    /// List order.
    pub sort_key: SortKey,
    /// Whether the list order is reversed.
    pub sort_descending: bool,
    /// Chosen basemap.
    pub basemap: Basemap,
    /// Whether only facilities open at the chosen moment are shown.
    pub open_now_only: bool,
    /// The interface language.
    pub language: Language,
}

/// Key under which [`PersistedView`] is stored.
pub const STORAGE_KEY: &str = "zhongzhan-map-view";

/// Zoom level used when panning to a point facility from the list or the article.
const FOCUS_ZOOM_LEVEL: f64 = 16.0;

/// The loaded facilities and what is derived from them.
struct LoadedData {
    catalog: Catalog,
    prepared: Vec<PreparedFacility>,
    /// How many positions are not surveyed (shown in the top bar).
    unsurveyed_count: usize,
    search_index: SearchIndex,
    origin: String,
    error: Option<String>,
    source: DataSource,
    /// Fingerprint of the file as loaded or last saved, to notice changes by others.
    content_hash: Option<u64>,
    /// Clusters of all symbols, queried per frame for the view.
    clusters: ClusterIndex,
    /// Whether `clusters` leaves closed facilities out (the open-now filter).
    clusters_exclude_closed: bool,
    /// Catalog indices of areas and lines.
    shape_indices: Vec<usize>,
    /// Parsed hours and seasons of the facilities that have any (catalog index, schedule).
    schedules: Vec<(usize, Schedule)>,
    /// Spatial index of the point facilities, for "nearby".
    point_index: SpatialIndex,
}

impl LoadedData {
    fn load(source: DataSource, datum: Datum) -> Self {
        let (result, origin, content_hash) = match &source {
            DataSource::Bundled => (
                parse_facilities(BUNDLED_FACILITIES, BUNDLED_ORIGIN),
                BUNDLED_ORIGIN.to_owned(),
                None,
            ),
            DataSource::File(path) => {
                let origin = path.display().to_string();
                match std::fs::read_to_string(path) {
                    Ok(text) => (
                        parse_facilities(&text, &origin),
                        origin,
                        Some(crate::model::io::save::content_hash(&text)),
                    ),
                    // Let the loader word the error.
                    Err(_) => (load_file(path), origin, None),
                }
            }
        };
        let (catalog, error) = match result {
            Ok(facilities) => (Catalog::new(facilities), None),
            Err(error) => {
                log::error!("{error}");
                (Catalog::default(), Some(error.to_string()))
            }
        };
        let mut data = Self {
            prepared: Vec::new(),
            search_index: SearchIndex::default(),
            unsurveyed_count: 0,
            catalog,
            origin,
            error,
            source,
            content_hash,
            clusters: build_clusters(&[]),
            clusters_exclude_closed: false,
            shape_indices: Vec::new(),
            schedules: Vec::new(),
            point_index: SpatialIndex::build(&[]),
        };
        data.rebuild(datum);
        data
    }

    /// Recomputes what is derived from the catalog (after loading or an edit).
    fn rebuild(&mut self, datum: Datum) {
        self.unsurveyed_count = self
            .catalog
            .facilities()
            .iter()
            .filter(|f| f.provenance.precision != Precision::Surveyed)
            .count();
        self.prepared = prepare_all(&self.catalog, datum);
        self.search_index = SearchIndex::new(self.catalog.facilities());
        let facilities = self.catalog.facilities();
        self.shape_indices = facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| !matches!(f.geometry, FacilityGeometry::Point(_)))
            .map(|(i, _)| i)
            .collect();
        self.schedules = facilities
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                !(f.hours.trim().is_empty()
                    && f.valid_from.trim().is_empty()
                    && f.valid_until.trim().is_empty())
            })
            .map(|(i, f)| (i, Schedule::of(f)))
            .collect();
        let points: Vec<ClusterPoint> = facilities
            .iter()
            .enumerate()
            .filter_map(|(index, f)| ClusterPoint::point_of(index, f))
            .collect();
        self.point_index = SpatialIndex::build(&points);
        self.rebuild_clusters(None);
    }

    /// Rebuilds the cluster index, leaving out `excluded` facilities (closed ones while the
    /// "open now" filter is on).
    fn rebuild_clusters(&mut self, excluded: Option<&HashSet<usize>>) {
        self.clusters_exclude_closed = excluded.is_some_and(|e| !e.is_empty());
        let points: Vec<ClusterPoint> = self
            .catalog
            .facilities()
            .iter()
            .enumerate()
            .filter(|(index, _)| excluded.is_none_or(|e| !e.contains(index)))
            .map(|(index, f)| ClusterPoint::anchor_of(index, f))
            .collect();
        self.clusters = build_clusters(&points);
    }
}

/// The cluster index of the symbols (sizes from the theme). On an error (more than 2³¹ points)
/// the map shows no symbols and says so in the log; the list still works.
fn build_clusters(points: &[ClusterPoint]) -> ClusterIndex {
    let options = ClusterOptions {
        radius_px: f64::from(crate::theme::CLUSTER_RADIUS_PX),
        max_zoom: crate::theme::CLUSTER_MAX_ZOOM_LEVEL,
        ..ClusterOptions::default()
    };
    ClusterIndex::build(points, options).unwrap_or_else(|error| {
        log::error!("cannot cluster the symbols: {error}");
        ClusterIndex::empty(options)
    })
}

/// The "what is nearby" answer for a reference point.
struct NearbyState {
    point: geo::Point<f64>,
    nearest: Vec<Nearest>,
    vendor_area: Option<usize>,
}

/// The whole app state.
pub struct MapApp {
    data: LoadedData,
    article: Article,
    article_view: ArticleView,
    districts: Vec<District>,
    prepared_districts: Vec<PreparedDistrict>,
    rivers: Vec<geo::LineString<f64>>,
    prepared_rivers: Vec<Vec<[f64; 2]>>,
    /// The datum `prepared_districts` and the prepared facilities are projected in.
    prepared_datum: Datum,
    home_extent: Option<Rect<f64>>,
    home_centre: Position,
    view: PersistedView,
    selected: Option<usize>,
    focused_mention: Option<String>,
    list_order: Vec<usize>,
    /// Text in the search box (as typed).
    search_text: String,
    /// Row of the list the keyboard cursor is on (position in `list_order`).
    list_cursor: Option<usize>,
    scroll_list_to_selection: bool,
    scroll_list_to_cursor: bool,
    /// Frames left in which to pan the selection out from under the details card (the card
    /// settles its size over the first frames).
    reveal_frames_left: u8,
    /// Where the details card was last drawn.
    card_rect: Option<egui::Rect>,
    nearby: Option<NearbyState>,
    pending_fit: Option<Rect<f64>>,
    tiles: TileLayers,
    tile_settings: TileSettings,
    editing: editing::EditState,
    /// The moment opening hours are evaluated at (`None`: now, China Standard Time).
    as_of: Option<chrono::NaiveDateTime>,
    /// The minute `closed` was computed for.
    availability_minute: Option<chrono::NaiveDateTime>,
    /// Facilities closed at that minute (catalog indices).
    closed: HashSet<usize>,
    /// The as-of field as typed.
    as_of_text: String,
    /// A PNG export under way.
    poster: Option<poster::PosterJob>,
    /// The language the window title was last set in.
    title_language: Option<Language>,
    commands: Vec<Command>,
}

impl MapApp {
    /// Loads everything. With no `persisted` view, the map starts fitted to the facilities.
    pub fn new(source: DataSource, persisted: Option<PersistedView>) -> Self {
        let view = persisted.clone().unwrap_or_default();
        let datum = view.basemap.datum();
        let data = LoadedData::load(source, datum);
        let districts = match parse_districts(BUNDLED_DISTRICTS) {
            Ok(districts) => districts,
            Err(error) => {
                log::error!("{error}");
                Vec::new()
            }
        };
        let rivers = parse_lines(BUNDLED_RIVERS).unwrap_or_else(|error| {
            log::error!("{error}");
            Vec::new()
        });
        let home_extent = zhongzhan_bounds(&districts);
        let home_centre = home_extent
            .map(|r| Position::from(r.center()))
            .unwrap_or_else(|| Position::new(113.1765, 35.2372));
        let first_run = persisted.is_none();
        let mut app = Self {
            article: Article::parse(crate::model::article::BUNDLED_ARTICLE),
            article_view: ArticleView::default(),
            prepared_districts: districts
                .iter()
                .map(|d| PreparedDistrict::new(d, datum))
                .collect(),
            districts,
            prepared_rivers: prepare_rivers(&rivers, datum),
            rivers,
            prepared_datum: datum,
            home_extent,
            home_centre,
            view,
            selected: None,
            focused_mention: None,
            list_order: Vec::new(),
            search_text: String::new(),
            list_cursor: None,
            scroll_list_to_selection: false,
            scroll_list_to_cursor: false,
            reveal_frames_left: 0,
            card_rect: None,
            nearby: None,
            pending_fit: None,
            tiles: TileLayers::default(),
            tile_settings: TileSettings::default(),
            editing: editing::EditState::default(),
            as_of: None,
            availability_minute: None,
            closed: HashSet::new(),
            as_of_text: String::new(),
            poster: None,
            title_language: None,
            commands: Vec::new(),
            data,
        };
        app.after_data_change();
        app.sync_as_of_text();
        if first_run {
            app.pending_fit = Catalog::extent(app.data.catalog.facilities()).or(home_extent);
        }
        app
    }

    /// An app showing `facilities` held in memory (benchmarks, generated data); `origin` names
    /// them in the top bar. Saving asks for a file, as for the bundled data.
    pub fn with_facilities(
        facilities: Vec<crate::model::Facility>,
        origin: &str,
        persisted: Option<PersistedView>,
    ) -> Self {
        let mut app = Self::new(DataSource::Bundled, persisted);
        app.data.catalog = Catalog::new(facilities);
        app.data.origin = origin.to_owned();
        app.data.rebuild(app.prepared_datum);
        app.after_data_change();
        app
    }

    /// Sets the tile providers' key, PMTiles file and cache directory.
    pub fn with_tile_settings(mut self, settings: TileSettings) -> Self {
        self.tile_settings = settings;
        self
    }

    /// The datum overlays are drawn in (that of the current basemap).
    pub fn display_datum(&self) -> Datum {
        self.prepared_datum
    }

    /// Where a facility's symbol is drawn, in the display datum (for tests).
    pub fn display_anchor(&self, id: &FacilityId) -> Option<Position> {
        let facility = self.data.catalog.by_id(id)?;
        Some(Position::from(
            self.prepared_datum.from_wgs84(facility.geometry.anchor().0),
        ))
    }

    /// Re-projects overlays when the basemap's datum changes, keeping the view on the same
    /// ground position.
    fn use_datum(&mut self, datum: Datum) {
        if datum == self.prepared_datum {
            return;
        }
        if let Some(centre) = self.view.map_memory.detached() {
            let ground = self.prepared_datum.to_wgs84(centre.0);
            self.view
                .map_memory
                .center_at(Position::from(datum.from_wgs84(ground)));
        }
        self.data.prepared = prepare_all(&self.data.catalog, datum);
        self.prepared_districts = self
            .districts
            .iter()
            .map(|d| PreparedDistrict::new(d, datum))
            .collect();
        self.prepared_rivers = prepare_rivers(&self.rivers, datum);
        self.prepared_datum = datum;
    }

    /// Restores the view from eframe storage, if any.
    pub fn restore_view(storage: Option<&dyn eframe::Storage>) -> Option<PersistedView> {
        storage.and_then(|s| eframe::get_value(s, STORAGE_KEY))
    }

    fn after_data_change(&mut self) {
        let mentions = self.data.catalog.mentions();
        self.article.link_mentions(&mentions);
        for missing in self.article.missing_mentions(&mentions) {
            log::warn!("article_mention \"{missing}\" does not occur in the article");
        }
        self.selected = None;
        self.focused_mention = None;
        self.nearby = None;
        self.refresh_availability(true);
        self.refresh_list();
    }

    fn refresh_list(&mut self) {
        let ordered = list_order(
            self.data.catalog.facilities(),
            &self.view.filter,
            self.view.sort_key,
            self.view.sort_descending,
        );
        let mut ordered = ordered;
        if self.view.open_now_only && !self.closed.is_empty() {
            ordered.retain(|i| !self.closed.contains(i));
        }
        self.list_order = self
            .data
            .search_index
            .search(&self.search_text, &ordered)
            .unwrap_or(ordered);
        self.list_cursor = self.list_cursor.filter(|&row| row < self.list_order.len());
    }

    /// The selected facility's id.
    pub fn selected_id(&self) -> Option<&FacilityId> {
        self.selected
            .and_then(|i| self.data.catalog.facilities().get(i))
            .map(|f| &f.id)
    }

    /// The article mention currently highlighted on the map.
    pub fn focused_mention(&self) -> Option<&str> {
        self.focused_mention.as_deref()
    }

    /// The current view (for persistence and tests).
    pub fn view(&self) -> &PersistedView {
        &self.view
    }

    /// Replaces the view (centre, zoom, filter, list order, basemap), as a restart would.
    pub fn set_view(&mut self, view: PersistedView) {
        let datum = view.basemap.datum();
        self.view = view;
        self.use_datum(datum);
        self.refresh_list();
    }

    /// The loaded facilities.
    pub fn catalog(&self) -> &Catalog {
        &self.data.catalog
    }

    /// The load error shown to the user, if any.
    pub fn load_error(&self) -> Option<&str> {
        self.data.error.as_deref()
    }

    /// Queues a command as if the UI had pushed it (used by tests and command-line options).
    pub fn push_command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The interface language.
    pub fn language(&self) -> Language {
        self.view.language
    }

    /// Draws one frame and applies the commands pushed while drawing.
    pub fn show(&mut self, ui: &mut Ui) {
        let lang = self.view.language;
        if self.title_language != Some(lang) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(
                Text::AppTitle.tr(lang).to_owned(),
            ));
            self.title_language = Some(lang);
        }
        self.handle_close_request(ui);
        self.refresh_availability(false);
        if self.as_of.is_none() {
            // "Now" moves on: re-check at the next minute.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(20));
        }
        if self.editing.dialog.is_none() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            let drawing = matches!(self.editing.tool, crate::command::EditTool::DrawArea(_))
                && !self.editing.draft_corners.is_empty();
            self.commands.push(if drawing {
                Command::CancelDraftArea
            } else {
                Command::ClearSelection
            });
        }
        self.edit_shortcuts(ui);
        egui::Panel::top("top-bar").show(ui, |ui| {
            top_bar::show(
                ui,
                top_bar::TopBar {
                    data_origin: &self.data.origin,
                    unsurveyed_count: self.data.unsurveyed_count,
                    facility_count: self.data.catalog.len(),
                    load_error: self.data.error.as_deref(),
                    can_use_bundled: self.data.source != DataSource::Bundled,
                    basemap: self.view.basemap,
                    tile_settings: &self.tile_settings,
                    editing: self.editing.enabled,
                    unsaved_edits: self.editing.history.is_dirty(),
                    language: lang,
                },
                &mut self.commands,
            );
            if self.editing.enabled {
                let save_target = match &self.data.source {
                    DataSource::File(_) => Some(self.data.origin.as_str()),
                    DataSource::Bundled => None,
                };
                edit_bar::show(
                    ui,
                    edit_bar::EditBar {
                        tool: self.editing.tool,
                        undo: self
                            .editing
                            .history
                            .next_undo()
                            .map(|e| i18n::edit_description(e, lang)),
                        redo: self
                            .editing
                            .history
                            .next_redo()
                            .map(|e| i18n::edit_description(e, lang)),
                        dirty: self.editing.history.is_dirty(),
                        draft_corner_count: self.editing.draft_corners.len(),
                        save_target,
                        status: self
                            .editing
                            .status
                            .as_ref()
                            .map(|(text, is_error)| (text.get(lang), *is_error)),
                        language: lang,
                    },
                    &mut self.commands,
                );
            } else if let Some((text, is_error)) = &self.editing.status {
                let colour = if *is_error {
                    crate::theme::ERROR_TEXT
                } else {
                    crate::theme::SUCCESS_TEXT
                };
                ui.colored_label(colour, text.get(lang));
            }
        });
        egui::Panel::left("legend-and-list")
            .resizable(true)
            .default_size(300.0)
            .min_size(220.0)
            .show(ui, |ui| {
                legend::show(
                    ui,
                    &self.data.catalog,
                    &self.view.filter,
                    lang,
                    &mut self.commands,
                );
                legend::hours_filter(
                    ui,
                    legend::HoursFilter {
                        open_now_only: self.view.open_now_only,
                        closed_count: self.closed.len(),
                        as_of_is_now: self.as_of.is_none(),
                        as_of_text: &mut self.as_of_text,
                        language: lang,
                    },
                    &mut self.commands,
                );
                ui.separator();
                let scroll_to_row = if std::mem::take(&mut self.scroll_list_to_cursor) {
                    self.list_cursor
                } else if std::mem::take(&mut self.scroll_list_to_selection) {
                    self.selected
                        .and_then(|s| self.list_order.iter().position(|&i| i == s))
                } else {
                    None
                };
                list::show(
                    ui,
                    list::ListView {
                        catalog: &self.data.catalog,
                        order: &self.list_order,
                        sort_key: self.view.sort_key,
                        descending: self.view.sort_descending,
                        selected: self.selected,
                        cursor: self.list_cursor,
                        closed: &self.closed,
                        scroll_to_row,
                        search_text: &mut self.search_text,
                        language: lang,
                    },
                    &mut self.commands,
                );
            });
        let active_mention = self
            .selected
            .and_then(|i| self.data.catalog.facilities().get(i))
            .and_then(|f| f.article_mention.clone())
            .or_else(|| self.focused_mention.clone());
        egui::Panel::right("article")
            .resizable(true)
            .default_size(crate::ui::article::DEFAULT_WIDTH_PX)
            .min_size(240.0)
            .show(ui, |ui| {
                self.article_view.show(
                    ui,
                    &self.article,
                    active_mention.as_deref(),
                    lang,
                    &mut self.commands,
                );
            });
        egui::CentralPanel::default()
            .frame(Frame::NONE)
            .show(ui, |ui| self.show_map(ui));
        dialogs::show(ui, &mut self.editing.dialog, lang, &mut self.commands);

        if !self.commands.is_empty() {
            // The next frame shows the result (e.g. a view fitted in `show_map`).
            ui.ctx().request_repaint();
        }
        self.apply_commands();
        self.flush_recovery(&ui.ctx().clone(), false);
    }

    fn show_map(&mut self, ui: &mut Ui) {
        let map_size = ui.available_size();
        if let Some(extent) = self.pending_fit.take() {
            let display = Rect::new(
                self.prepared_datum.from_wgs84(extent.min()),
                self.prepared_datum.from_wgs84(extent.max()),
            );
            let (centre, zoom_level) = fit_extent(display, (map_size.x, map_size.y), 40.0);
            self.view.map_memory.center_at(centre);
            if let Err(error) = self.view.map_memory.set_zoom(zoom_level) {
                log::warn!("cannot fit zoom {zoom_level}: {error}");
            }
        }
        if self.reveal_frames_left > 0 {
            self.reveal_selection_beside_card(ui, ui.available_rect_before_wrap());
        }
        let moment = self.moment();
        let (base_tiles, label_tiles) =
            self.tiles
                .layers(self.view.basemap, &self.tile_settings, ui.ctx());
        // Reserved below the tiles for the offline basemap (see `DistrictBasemap`).
        let underlay = ui.painter().add(egui::Shape::Noop);
        let my_position = Position::from(self.prepared_datum.from_wgs84(self.home_centre.0));
        let mut map = Map::new(base_tiles, &mut self.view.map_memory, my_position);
        if let Some(labels) = label_tiles {
            map = map.with_layer(labels, 1.0);
        }
        let map = map
            .with_plugin(DistrictBasemap {
                districts: &self.prepared_districts,
                rivers: &self.prepared_rivers,
                underlay,
            })
            .with_plugin(FacilityLayer {
                catalog: &self.data.catalog,
                prepared: &self.data.prepared,
                filter: &self.view.filter,
                selected: self.selected,
                focused_mention: self.focused_mention.as_deref(),
                datum: self.prepared_datum,
                reference_point: self.nearby.as_ref().map(|n| n.point),
                clicks_select: !self.editing.enabled
                    || self.editing.tool == crate::command::EditTool::Select,
                clusters: &self.data.clusters,
                closed: &self.closed,
                moment,
                schedules: &self.data.schedules,
                shape_indices: &self.data.shape_indices,
                language: self.view.language,
                commands: &mut self.commands,
            });
        let mut edit_commands = Vec::new();
        let map = if self.editing.enabled {
            let drawing = matches!(self.editing.tool, crate::command::EditTool::DrawArea(_));
            map.with_plugin(EditLayer {
                tool: self.editing.tool,
                selected: self
                    .selected
                    .and_then(|i| self.data.catalog.facilities().get(i)),
                draft_corners: &self.editing.draft_corners,
                datum: self.prepared_datum,
                language: self.view.language,
                commands: &mut edit_commands,
            })
            .double_click_to_zoom(!drawing)
        } else {
            map
        };
        let map = map.with_plugin(crate::map::scale_bar::ScaleBar {
            language: self.view.language,
        });
        let map_rect = ui.add(map).rect;
        self.commands.append(&mut edit_commands);

        self.show_attribution(ui, map_rect);
        if self.poster_active() {
            let subtitle = self.poster_subtitle();
            crate::ui::poster::show(
                ui,
                map_rect,
                &crate::ui::poster::Poster {
                    catalog: &self.data.catalog,
                    filter: &self.view.filter,
                    subtitle: &subtitle,
                    language: self.view.language,
                },
            );
            self.poster_step(ui, map_rect);
            return;
        }
        self.show_map_controls(ui, map_rect);
        self.show_details_card(ui, map_rect);
        self.show_nearby_card(ui, map_rect);
    }

    fn show_nearby_card(&mut self, ui: &mut Ui, map_rect: egui::Rect) {
        let Some(state) = &self.nearby else {
            return;
        };
        let lang = self.view.language;
        let mut open = true;
        egui::Window::new(Text::Nearby.tr(lang))
            .id(egui::Id::unique("nearby-card"))
            .open(&mut open)
            .collapsible(true)
            .resizable(false)
            .default_width(260.0)
            .pivot(Align2::LEFT_TOP)
            .fixed_pos(map_rect.left_top() + Vec2::new(10.0, 190.0))
            .show(ui.ctx(), |ui| {
                nearby::show(
                    ui,
                    &self.data.catalog,
                    state.point,
                    &state.nearest,
                    state.vendor_area,
                    lang,
                    &mut self.commands,
                );
            });
        if !open {
            self.commands.push(Command::ClearReferencePoint);
        }
    }

    /// Answers "what is near `point`" (WGS84).
    fn set_reference_point(&mut self, point: geo::Point<f64>) {
        let facilities = self.data.catalog.facilities();
        let shapes = &self.data.shape_indices;
        self.nearby = Some(NearbyState {
            point,
            nearest: nearest_by_category_indexed(facilities, &self.data.point_index, shapes, point),
            vendor_area: vendor_area_among(facilities, shapes, point),
        });
    }

    /// If the selected facility lies under the details card, pans the map left just enough
    /// to show it beside the card.
    fn reveal_selection_beside_card(&mut self, ui: &Ui, map_rect: egui::Rect) {
        ui.ctx().request_repaint();
        self.reveal_frames_left = self.reveal_frames_left.saturating_sub(1);
        let Some(card) = self.card_rect else {
            // The card appears this frame; try again next frame when its size is known.
            return;
        };
        let Some(facility) = self
            .selected
            .and_then(|i| self.data.catalog.facilities().get(i))
        else {
            return;
        };
        let Some(bounds) = facility.geometry.bounds() else {
            return;
        };
        let my_position = Position::from(self.prepared_datum.from_wgs84(self.home_centre.0));
        let projector = walkers::Projector::new(
            map_rect,
            &walkers::MercatorProjection,
            &self.view.map_memory,
            my_position,
        );
        // The whole shape on screen (its corners' handles must be reachable while editing).
        let corner = |c: geo::Coord<f64>| {
            projector
                .project(Position::from(self.prepared_datum.from_wgs84(c)))
                .to_pos2()
        };
        let margin_px = 3.0 * crate::theme::MARKER_RADIUS_HIGHLIGHT_PX;
        let shape = egui::Rect::from_two_pos(corner(bounds.min()), corner(bounds.max()));
        let room_px = card.left() - map_rect.left() - 2.0 * margin_px;
        // A shape too wide for the room beside the card: at least its symbol must show.
        let on_screen = if shape.width() <= room_px {
            shape
        } else {
            egui::Rect::from_center_size(corner(facility.geometry.anchor().0), egui::Vec2::ZERO)
        };
        if !card.expand(margin_px).intersects(on_screen) {
            return;
        }
        let shift_px = on_screen.right() - (card.left() - margin_px);
        let new_centre = map_rect.center() + Vec2::new(shift_px, 0.0);
        self.view
            .map_memory
            .center_at(projector.unproject(new_centre.to_vec2()));
    }

    fn show_map_controls(&mut self, ui: &mut Ui, map_rect: egui::Rect) {
        let lang = self.view.language;
        egui::Area::new(egui::Id::unique("map-controls"))
            .fixed_pos(map_rect.left_top() + Vec2::new(10.0, 10.0))
            .show(ui.ctx(), |ui| {
                Frame::popup(ui.style()).show(ui, |ui| {
                    ui.vertical(|ui| {
                        for (label, hint, command) in [
                            (Text::ZoomIn, Text::ZoomInHint, Command::ZoomIn),
                            (Text::ZoomOut, Text::ZoomOutHint, Command::ZoomOut),
                            (Text::District, Text::DistrictHint, Command::ZoomToDistrict),
                            (
                                Text::NearbyHere,
                                Text::NearbyHint,
                                Command::ReferenceAtMapCentre,
                            ),
                            (
                                Text::Facilities,
                                Text::FacilitiesHint,
                                Command::ZoomToFacilities,
                            ),
                        ] {
                            if ui
                                .button(label.tr(lang))
                                .on_hover_text(hint.tr(lang))
                                .clicked()
                            {
                                self.commands.push(command);
                            }
                        }
                    });
                });
            });
    }

    fn show_attribution(&self, ui: &mut Ui, map_rect: egui::Rect) {
        let attribution = providers::attribution(self.view.basemap, &self.tile_settings);
        if self.view.basemap.is_online() {
            // Failures arrive from download threads without a repaint; poll the count.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
        let lang = self.view.language;
        let status = self.view.basemap.is_online().then(|| {
            tile_status_text(
                self.tiles.in_progress(),
                crate::logging::tile_failures(),
                lang,
            )
        });
        egui::Area::new(egui::Id::unique("attribution"))
            .fixed_pos(map_rect.right_bottom() - Vec2::new(6.0, 6.0))
            .pivot(Align2::RIGHT_BOTTOM)
            .show(ui.ctx(), |ui| {
                Frame::popup(ui.style()).inner_margin(4.0).show(ui, |ui| {
                    if let Some(status) = status {
                        ui.label(egui::RichText::new(status).small().weak());
                    }
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = 4.0;
                        if let Some(attribution) = attribution {
                            if attribution.url.is_empty() {
                                ui.label(attribution.text);
                            } else {
                                ui.hyperlink_to(attribution.text, attribution.url);
                            }
                            ui.label("·");
                        }
                        ui.label(egui::RichText::new(Text::BoundariesAttribution.tr(lang)).small());
                    });
                });
            });
    }

    fn show_details_card(&mut self, ui: &mut Ui, map_rect: egui::Rect) {
        let availability = self
            .selected
            .map(|i| self.availability_of(i))
            .unwrap_or(crate::model::hours::Availability::Unknown);
        let selected = self
            .selected
            .and_then(|i| self.data.catalog.facilities().get(i));
        if selected.is_none() && self.focused_mention.is_none() {
            return;
        }
        let lang = self.view.language;
        let mut open = true;
        let title = if self.editing.enabled && selected.is_some() {
            Text::EditFacility
        } else {
            Text::Details
        }
        .tr(lang);
        let card = egui::Window::new(title)
            .id(egui::Id::unique("details-card"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(330.0)
            .pivot(Align2::RIGHT_TOP)
            .fixed_pos(map_rect.right_top() + Vec2::new(-10.0, 10.0))
            .show(ui.ctx(), |ui| {
                let card_height = (map_rect.height() - 80.0).max(120.0);
                egui::ScrollArea::vertical()
                    .id_salt("details-scroll")
                    .max_height(card_height)
                    .min_scrolled_height(card_height.min(640.0))
                    .show(ui, |ui| match (selected, &self.focused_mention) {
                        (Some(facility), _) => match self.editing.form.as_mut() {
                            Some(form) if self.editing.enabled => {
                                edit_form::show(ui, form, facility, lang, &mut self.commands);
                            }
                            _ => {
                                details::facility_card(
                                    ui,
                                    facility,
                                    &availability,
                                    lang,
                                    &mut self.commands,
                                );
                            }
                        },
                        (None, Some(mention)) => {
                            details::mention_card(
                                ui,
                                &self.data.catalog,
                                mention,
                                lang,
                                &mut self.commands,
                            );
                        }
                        (None, None) => {}
                    });
            });
        self.card_rect = card.map(|c| c.response.rect);
        if !open {
            self.commands.push(Command::ClearSelection);
        }
    }

    fn apply_commands(&mut self) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            log::debug!("apply {command:?}");
            self.apply(command);
        }
    }

    fn apply(&mut self, command: Command) {
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

    fn after_filter_change(&mut self) {
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

    fn select(&mut self, id: &FacilityId, origin: SelectionOrigin) {
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

    fn focus_mention(&mut self, mention: String) {
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
}

/// The tile status line: loading and failures, and what the user sees meanwhile.
pub fn tile_status_text(in_progress: usize, failures: usize, lang: Language) -> String {
    i18n::tile_status(lang, in_progress, failures)
}

impl eframe::App for MapApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.view);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Category;

    #[test]
    fn the_view_survives_a_restart() {
        let mut app = MapApp::new(DataSource::Bundled, None);
        app.apply(Command::SetCategoryVisible(Category::SchoolPost, false));
        app.apply(Command::SortList(SortKey::Name));
        app.apply(Command::SetBasemap(Basemap::OpenStreetMap));
        app.apply(Command::SetLanguage(Language::English));
        app.view.map_memory.center_at(Position::new(113.16, 35.24));
        app.view.map_memory.set_zoom(15.0).unwrap();

        let stored = serde_json::to_string(app.view()).unwrap();
        let restored: PersistedView = serde_json::from_str(&stored).unwrap();
        let app = MapApp::new(DataSource::Bundled, Some(restored));

        assert!(!app.view().filter.is_visible(Category::SchoolPost));
        assert_eq!(app.view().sort_key, SortKey::Name);
        assert_eq!(app.view().basemap, Basemap::OpenStreetMap);
        assert_eq!(app.language(), Language::English);
        assert_eq!(
            app.view().map_memory.detached(),
            Some(Position::new(113.16, 35.24))
        );
        assert_eq!(app.view().map_memory.zoom(), 15.0);
        assert!(app.pending_fit.is_none(), "a restored view is not refitted");
    }

    #[test]
    fn a_view_stored_before_languages_existed_opens_bilingual() {
        let stored = r#"{"sort_key":"Name","open_now_only":true}"#;
        let restored: PersistedView = serde_json::from_str(stored).unwrap();
        assert_eq!(restored.language, Language::Both);
        assert!(restored.open_now_only);
    }

    /// Metres east and north from `a` to `b`.
    fn offset_m(a: Position, b: Position) -> (f64, f64) {
        (
            (b.x() - a.x()) * 111_320.0 * a.y().to_radians().cos(),
            (b.y() - a.y()) * 110_950.0,
        )
    }

    #[test]
    fn overlays_shift_to_gcj02_for_amap_only() {
        let mut app = MapApp::new(DataSource::Bundled, None);
        let id = FacilityId("service-station-01".to_owned());
        let stored = app.catalog().by_id(&id).unwrap().geometry.anchor();
        for basemap in Basemap::ALL {
            app.apply(Command::SetBasemap(basemap));
            let drawn = app.display_anchor(&id).unwrap();
            let (east, north) = offset_m(stored, drawn);
            if basemap == Basemap::Amap {
                assert!((560.0..620.0).contains(&east), "{basemap:?}: {east} m east");
                assert!(
                    (-70.0..-20.0).contains(&north),
                    "{basemap:?}: {north} m north"
                );
            } else {
                assert!(east.abs() < 1e-6 && north.abs() < 1e-6, "{basemap:?}");
            }
        }
    }

    #[test]
    fn switching_datum_keeps_the_view_on_the_same_ground() {
        let mut app = MapApp::new(DataSource::Bundled, None);
        let ground = Position::new(113.17, 35.235);
        app.view.map_memory.center_at(ground);
        app.apply(Command::SetBasemap(Basemap::Amap));
        let (east, _) = offset_m(ground, app.view().map_memory.detached().unwrap());
        assert!(east > 500.0, "view follows the shifted tiles: {east}");
        app.apply(Command::SetBasemap(Basemap::OpenStreetMap));
        let (east, north) = offset_m(ground, app.view().map_memory.detached().unwrap());
        assert!(east.abs() < 0.5 && north.abs() < 0.5, "{east} {north}");
    }

    #[test]
    fn tile_status_mentions_failures_and_the_fallback() {
        assert!(tile_status_text(3, 0, Language::Both).contains("loading 3 tiles"));
        let offline = tile_status_text(0, 12, Language::Both);
        assert!(offline.contains("12 failed") && offline.contains("embedded basemap"));
        let chinese = tile_status_text(0, 12, Language::Chinese);
        assert!(chinese.contains("失败 12 块") && !chinese.contains("failed"));
    }

    #[test]
    fn a_first_run_fits_the_map_to_the_facilities() {
        let app = MapApp::new(DataSource::Bundled, None);
        assert_eq!(app.pending_fit, Catalog::extent(app.catalog().facilities()));
        assert!(app.pending_fit.is_some());
    }

    #[test]
    fn hiding_the_selected_category_clears_the_selection() {
        let mut app = MapApp::new(DataSource::Bundled, None);
        app.apply(Command::Select(
            FacilityId("school-post-01".to_owned()),
            SelectionOrigin::List,
        ));
        assert!(app.selected_id().is_some());
        app.apply(Command::SetCategoryVisible(Category::SchoolPost, false));
        assert_eq!(app.selected_id(), None);
        assert!(
            app.list_order
                .iter()
                .filter_map(|&i| app.catalog().facilities().get(i))
                .all(|f| f.category != Category::SchoolPost)
        );
    }
}
