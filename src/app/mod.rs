//! The application: owns the data, the view state and the caches, lays out the panels and the
//! map, and applies the [`Command`]s the UI pushed — after drawing, in one place.

mod availability;
mod chooser;
mod commands;
mod data;
mod editing;
mod files;
mod heap;
mod incremental;
mod layout;
mod loading;
mod panels;
mod poster;
mod saving;
mod shared;
mod shared_history;
mod shared_worker;
mod sheet;
mod signals;

use std::path::PathBuf;

use egui::Ui;
use geo::Rect;
use serde::{Deserialize, Serialize};
use walkers::{MapMemory, Position};

use crate::command::{Command, SheetTab};
use crate::i18n::Language;
use crate::map::PreparedDistrict;
use crate::map::basemap::prepare_rivers;
use crate::map::providers::{TileLayers, TileSettings};
use crate::model::basemap::Basemap;
use crate::model::district::{
    BUNDLED_DISTRICTS, BUNDLED_RIVERS, parse_districts, parse_lines, zhongzhan_bounds,
};
use crate::model::index::nearest::Nearest;
use crate::model::{Article, Catalog, CategoryFilter, Datum, District, FacilityId, SortKey};
use crate::ui::article::ArticleView;
use data::LoadedData;
pub use files::{BACKUP_COUNT, COLLECTION_NAME};
pub use loading::LOAD_IN_BACKGROUND_FROM_BYTES;
pub use saving::{BACKGROUND_SAVE_FROM, SaveStatus};
pub use signals::TerminationFlag;
use std::collections::HashSet;

/// Where the facilities are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// `data/facilities.geojson`, compiled into the binary.
    Bundled,
    /// A file chosen by the user (`--data FILE`); never written by this version.
    File(PathBuf),
    /// The shared PostgreSQL + PostGIS database (`--db URL`): loaded on a worker thread,
    /// every edit saved to it, colleagues' changes shown live.
    Database(Box<crate::db::DbConfig>),
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
    /// The facilities the list and map show (category filter, "open now"), in list order.
    shown_order: Vec<usize>,
    /// The search's matches in `shown_order`, best first; `None` without a search (the list's
    /// rows are then `shown_order` itself, not a copy: 8 bytes per facility less at 1M).
    search_matches: Option<Vec<usize>>,
    /// Text in the search box (as typed).
    search_text: String,
    /// Row of the list the keyboard cursor is on (position in `list_order`).
    list_cursor: Option<usize>,
    scroll_list_to_selection: bool,
    scroll_list_to_cursor: bool,
    /// The filters of the stored view, kept for the next start while command-line filters apply
    /// to this run only.
    stored_filters: Option<(CategoryFilter, bool)>,
    /// How many facilities the map shows (see [`MapApp::shown_count`]).
    shown_count: usize,
    /// Which side panels are open.
    panels: panels::PanelLayout,
    /// What the sheet shows.
    sheet_tab: SheetTab,
    /// The map widget's id (it takes the keyboard focus when clicked; last frame's id gives
    /// it its place in the Tab order).
    map_id: Option<egui::Id>,
    /// Where the map was last drawn (for panning by keys).
    map_rect: Option<egui::Rect>,
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
    /// The shared database, when the data comes from one (`--db`).
    shared: Option<shared::SharedDb>,
    /// Whether the map had the keyboard focus (and its ring) in the last frame.
    map_has_focus: bool,
    /// A big data file being read on a worker thread.
    loading: Option<loading::Loading>,
    commands: Vec<Command>,
}

impl MapApp {
    /// Loads everything. With no `persisted` view, the map starts fitted to the facilities.
    pub fn new(source: DataSource, persisted: Option<PersistedView>) -> Self {
        let view = persisted.clone().unwrap_or_default();
        let datum = view.basemap.datum();
        let shared = Self::start_shared(&source);
        let first_run = persisted.is_none();
        let (data, loading) = loading::start(source, datum, first_run);
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
            shown_order: Vec::new(),
            search_matches: None,
            search_text: String::new(),
            list_cursor: None,
            scroll_list_to_selection: false,
            scroll_list_to_cursor: false,
            map_rect: None,
            map_id: None,
            panels: panels::PanelLayout::default(),
            stored_filters: None,
            shown_count: 0,
            sheet_tab: SheetTab::default(),
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
            shared,
            map_has_focus: false,
            loading,
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
    /// Restores the view from eframe storage, if any.
    pub fn restore_view(storage: Option<&dyn eframe::Storage>) -> Option<PersistedView> {
        storage.and_then(|s| eframe::get_value(s, STORAGE_KEY))
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

    /// Makes the filters set from now on (command-line `--category`, `--open-now`) last for this
    /// run only: the view stored at exit keeps the filters it had.
    pub fn keep_stored_filters(&mut self) {
        self.stored_filters = Some((self.view.filter.clone(), self.view.open_now_only));
    }

    /// The view as it is stored at exit (one-off filters left out).
    pub fn stored_view(&self) -> PersistedView {
        let mut view = self.view.clone();
        if let Some((filter, open_now_only)) = &self.stored_filters {
            view.filter = filter.clone();
            view.open_now_only = *open_now_only;
        }
        view
    }

    /// Whether the list panel and the sheet panel are shown.
    pub fn panels_open(&self) -> (bool, bool) {
        (self.panels.list_open(), self.panels.sheet_open())
    }

    /// What the sheet shows.
    pub fn sheet_tab(&self) -> SheetTab {
        self.sheet_tab
    }

    /// Where the map was drawn in the last frame (points), once it was drawn.
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.map_rect
    }

    /// The loaded facilities.
    pub fn catalog(&self) -> &Catalog {
        &self.data.catalog
    }

    /// The load error shown to the user, if any.
    pub fn load_error(&self) -> Option<&str> {
        self.data.error.as_deref()
    }

    /// Whether the map has the keyboard focus (its ring shows; +/- and arrows act on it).
    pub fn map_has_focus(&self) -> bool {
        self.map_has_focus
    }

    /// Queues a command as if the UI had pushed it (used by tests and command-line options).
    pub fn push_command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// The interface language.
    pub fn language(&self) -> Language {
        self.view.language
    }
}

impl eframe::App for MapApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.stored_view());
    }
}

#[cfg(test)]
mod tests;
