//! The loaded facilities and everything derived from them (projected shapes, search, clusters,
//! spatial index, schedules), the holidays their hours are read with, and keeping those in
//! step with the catalog and the datum.

use super::{DataSource, MapApp};

use std::ops::ControlFlow;
use std::sync::Arc;

use walkers::Position;

use crate::map::basemap::prepare_rivers;
use crate::map::facilities::prepare_all;
use crate::map::{PreparedDistrict, PreparedFacility};
use crate::model::holidays::HolidayCalendar;
use crate::model::hours::Schedule;
use crate::model::index::cluster::{ClusterIndex, ClusterOptions, ClusterPoint};
use crate::model::index::name_order::NameOrder;
use crate::model::index::search::SearchIndex;
use crate::model::index::spatial::SpatialIndex;
use crate::model::io::holidays_file::{HolidaysFileProblem, load_holidays};
use crate::model::io::load::{
    LoadError, parse_facilities, parse_facilities_reporting, read_text_file_reporting,
};
use crate::model::list_order::{list_order, reposition};
use crate::model::{
    BUNDLED_FACILITIES, BUNDLED_ORIGIN, Catalog, Datum, Facility, FacilityGeometry, Precision,
};
use std::collections::HashSet;

/// The loaded facilities and what is derived from them.
pub(super) struct LoadedData {
    pub(super) catalog: Catalog,
    pub(super) prepared: Vec<PreparedFacility>,
    /// How many positions are not surveyed (shown in the top bar).
    pub(super) unsurveyed_count: usize,
    pub(super) search_index: SearchIndex,
    /// The facilities' ranks by name, for the list's order.
    pub(super) names: NameOrder,
    pub(super) origin: String,
    pub(super) error: Option<String>,
    /// The encoding the file was read in, when it was not UTF-8 (e.g. GB18030).
    pub(super) encoding: Option<crate::model::io::text::TextEncoding>,
    /// What the model's rules find wrong with the loaded facilities (errors first).
    pub(super) problems: crate::ui::top_bar::DataProblems,
    pub(super) source: DataSource,
    /// Fingerprint of the file as loaded or last saved, to notice changes by others.
    pub(super) content_hash: Option<u64>,
    /// Clusters of all symbols, queried per frame for the view.
    pub(super) clusters: ClusterIndex,
    /// Whether `clusters` leaves closed facilities out (the open-now filter).
    pub(super) clusters_exclude_closed: bool,
    /// Clusters being built on a worker after an edit, and whether they leave closed
    /// facilities out.
    pub(super) clusters_job: Option<(std::sync::mpsc::Receiver<ClusterIndex>, bool)>,
    /// Another edit wanted new clusters while a worker was building: build again when it is
    /// done (one build at a time, however fast the edits come).
    pub(super) clusters_wanted: bool,
    /// Catalog indices of areas and lines.
    pub(super) shape_indices: Vec<usize>,
    /// Parsed hours and seasons of the facilities that have any (catalog index, schedule).
    pub(super) schedules: Vec<(usize, Schedule)>,
    /// The public holidays and make-up working days every schedule is read with (bundled,
    /// plus `holidays.txt` beside the data file).
    pub(super) holidays: Arc<HolidayCalendar>,
    /// The `holidays.txt` beside the data file, as named in messages, if there is one.
    pub(super) holidays_file: Option<String>,
    /// What is wrong with it (its good lines still count).
    pub(super) holiday_problems: Vec<HolidaysFileProblem>,
    /// Spatial index of the point facilities, for "nearby".
    pub(super) point_index: SpatialIndex,
}

/// Where reading a data file's bytes ends on the loading bar: from a local disk it is quick,
/// from a network drive it can be most of the wait, and the bar moves by bytes read there.
const READ_SHARE_OF_LOAD: f32 = 0.1;

/// Where parsing a data file ends on the loading bar; the indexes built after it take the
/// rest. At 300 000 synthetic facilities in a release build, in a real window: reading and
/// parsing 3.3 s of 4.2 s.
const PARSE_SHARE_OF_LOAD: f32 = 0.8;

/// Tells `progress` how far a load is during a step that is not stopped halfway (reading the
/// bytes, building the indexes): a stop asked for then takes effect at the parse's next report,
/// or comes too late to matter.
fn report_unstoppable(progress: &dyn Fn(f32) -> ControlFlow<()>, share: f32) {
    match progress(share) {
        ControlFlow::Continue(()) | ControlFlow::Break(()) => {}
    }
}

impl LoadedData {
    /// Reads `source` and derives everything from it.
    pub(super) fn load(source: DataSource, datum: Datum) -> Self {
        Self::read(source, datum, true, &|_| ControlFlow::Continue(()))
    }

    /// [`LoadedData::load`], telling `progress` how far it is, 0 to 1: reading a data file's
    /// bytes goes up to [`READ_SHARE_OF_LOAD`], its parse up to [`PARSE_SHARE_OF_LOAD`], each
    /// index built after it a step of the rest. When `progress` answers `Break` during the
    /// parse, the parse stops there and the result holds no facilities (nobody waits for it
    /// any more).
    pub(super) fn load_reporting(
        source: DataSource,
        datum: Datum,
        progress: &dyn Fn(f32) -> ControlFlow<()>,
    ) -> Self {
        Self::read(source, datum, true, progress)
    }

    /// An empty stand-in for `source` while it is read on a worker thread (`loading.rs`):
    /// no facilities, no content hash (so nothing can be saved over the file by mistake).
    pub(super) fn placeholder(source: DataSource, datum: Datum) -> Self {
        Self::read(source, datum, false, &|_| ControlFlow::Continue(()))
    }

    /// [`LoadedData::load`]; with `read_file` false a data file is not read (yet).
    fn read(
        source: DataSource,
        datum: Datum,
        read_file: bool,
        progress: &dyn Fn(f32) -> ControlFlow<()>,
    ) -> Self {
        let mut encoding = None;
        let (result, origin, content_hash) = match &source {
            DataSource::Bundled => (
                parse_facilities(BUNDLED_FACILITIES, BUNDLED_ORIGIN),
                BUNDLED_ORIGIN.to_owned(),
                None,
            ),
            DataSource::File(path) if !read_file => {
                (Ok(Vec::new()), path.display().to_string(), None)
            }
            DataSource::File(path) => {
                let origin = path.display().to_string();
                let reading = |read: f32| report_unstoppable(progress, read * READ_SHARE_OF_LOAD);
                match read_text_file_reporting(path, &reading) {
                    Ok(decoded) => {
                        encoding = Some(decoded.encoding).filter(|e| e.is_notable());
                        (
                            parse_facilities_reporting(&decoded.text, &origin, &|parsed| {
                                progress(
                                    READ_SHARE_OF_LOAD
                                        + parsed * (PARSE_SHARE_OF_LOAD - READ_SHARE_OF_LOAD),
                                )
                            }),
                            origin,
                            Some(crate::model::io::save::content_hash(&decoded.text)),
                        )
                    }
                    Err(error) => (Err(error), origin, None),
                }
            }
            // Loaded on the worker thread (`shared.rs`); empty until it answers.
            DataSource::Database(config) => (Ok(Vec::new()), config.to_string(), None),
        };
        let holidays = load_holidays(match &source {
            DataSource::File(path) => Some(path.as_path()),
            DataSource::Bundled | DataSource::Database(_) => None,
        });
        for problem in &holidays.problems {
            log::warn!("{problem}");
        }
        let (catalog, error) = match result {
            Ok(facilities) => (Catalog::new(facilities), None),
            Err(error) => {
                if matches!(error, LoadError::Stopped { .. }) {
                    log::info!("{error}");
                } else {
                    log::error!("{error}");
                }
                (Catalog::default(), Some(error.to_string()))
            }
        };
        let mut data = Self {
            prepared: Vec::new(),
            search_index: SearchIndex::default(),
            names: NameOrder::default(),
            unsurveyed_count: 0,
            catalog,
            origin,
            error,
            problems: Default::default(),
            encoding,
            source,
            content_hash,
            clusters: build_clusters(&[]),
            clusters_exclude_closed: false,
            clusters_job: None,
            clusters_wanted: false,
            shape_indices: Vec::new(),
            schedules: Vec::new(),
            holidays: Arc::new(holidays.calendar),
            holidays_file: holidays.file.map(|path| path.display().to_string()),
            holiday_problems: holidays.problems,
            point_index: SpatialIndex::build(&[]),
        };
        data.rebuild_reporting(datum, &|built| {
            report_unstoppable(
                progress,
                PARSE_SHARE_OF_LOAD + built * (1.0 - PARSE_SHARE_OF_LOAD),
            );
        });
        data
    }

    /// Recomputes what is derived from the catalog (after loading or an edit).
    pub(super) fn rebuild(&mut self, datum: Datum) {
        self.rebuild_reporting(datum, &|_| {});
    }

    /// [`LoadedData::rebuild`], telling `progress` the share of its steps done, 0 to 1.
    fn rebuild_reporting(&mut self, datum: Datum, progress: &dyn Fn(f32)) {
        const STEPS: f32 = 4.0;
        self.unsurveyed_count = self
            .catalog
            .facilities()
            .iter()
            .filter(|f| f.provenance.precision != Precision::Surveyed)
            .count();
        self.problems = data_problems(&self.catalog);
        self.prepared = prepare_all(&self.catalog, datum);
        progress(1.0 / STEPS);
        self.names = NameOrder::new(self.catalog.facilities());
        progress(2.0 / STEPS);
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
            .filter(|(_, f)| has_schedule(f))
            .map(|(i, f)| (i, Schedule::of(f, &self.holidays)))
            .collect();
        let points: Vec<ClusterPoint> = facilities
            .iter()
            .enumerate()
            .filter_map(|(index, f)| ClusterPoint::point_of(index, f))
            .collect();
        self.point_index = SpatialIndex::build(&points);
        progress(3.0 / STEPS);
        self.rebuild_clusters(None);
        progress(1.0);
    }

    /// Updates what is derived from the facility at `index` alone, after an edit changed only
    /// that facility (`before` is how it was; `None`: it was added at the end; gone from the
    /// catalog: it was the last and was removed): its projected shape, search keys,
    /// schedule, spatial entry and counts, in O(log n). Returns whether a symbol moved,
    /// came or went (the clusters then need [`LoadedData::rebuild_clusters`]).
    pub(super) fn replace_one(
        &mut self,
        index: usize,
        before: Option<&Facility>,
        datum: Datum,
    ) -> bool {
        let after = self.catalog.facilities().get(index);
        let unsurveyed =
            |f: Option<&Facility>| f.is_some_and(|f| f.provenance.precision != Precision::Surveyed);
        match (unsurveyed(before), unsurveyed(after)) {
            (false, true) => self.unsurveyed_count += 1,
            (true, false) => self.unsurveyed_count = self.unsurveyed_count.saturating_sub(1),
            _ => {}
        }
        update_problems(&mut self.problems, &self.catalog, index, before, after);
        match after {
            Some(after) if index == self.prepared.len() => {
                self.prepared.push(PreparedFacility::new(after, datum));
            }
            Some(after) => {
                if let Some(slot) = self.prepared.get_mut(index) {
                    *slot = PreparedFacility::new(after, datum);
                }
            }
            None => self.prepared.truncate(index),
        }
        self.names.set(self.catalog.facilities(), index);
        let is_shape = |f: &Facility| !matches!(f.geometry, FacilityGeometry::Point(_));
        let shape = after.filter(|f| is_shape(f)).map(|_| index);
        update_sorted(&mut self.shape_indices, index, shape, |&i| i);
        let schedule = after
            .filter(|f| has_schedule(f))
            .map(|f| (index, Schedule::of(f, &self.holidays)));
        update_sorted(&mut self.schedules, index, schedule, |(i, _)| *i);
        let point_before = before.and_then(|f| ClusterPoint::point_of(index, f));
        let point_after = after.and_then(|f| ClusterPoint::point_of(index, f));
        if point_before != point_after {
            self.point_index
                .replace(point_before.as_ref(), point_after.as_ref());
        }
        before.map(|f| ClusterPoint::anchor_of(index, f))
            != after.map(|f| ClusterPoint::anchor_of(index, f))
    }

    /// Removes the facility at `index` from the middle of the catalog (a colleague's delete,
    /// or the user's) and updates what depends on the catalog's order in integer steps —
    /// every later facility's index moves down by one — instead of rebuilding the search,
    /// spatial and name indexes: the id index, counts, problems, shapes, schedules, name
    /// ranks and spatial entries. The clusters, which hold indices too, need
    /// [`LoadedData::rebuild_clusters_soon`] after it. Returns the removed facility.
    pub(super) fn remove_one(&mut self, index: usize) -> Option<Facility> {
        let removed = self.catalog.remove_at(index)?;
        self.after_removal(index, &removed);
        Some(removed)
    }

    /// What [`LoadedData::remove_one`] updates after the catalog lost facility `index`
    /// (`removed`): used too when an edit of the user's removed it.
    pub(super) fn after_removal(&mut self, index: usize, removed: &Facility) {
        if removed.provenance.precision != Precision::Surveyed {
            self.unsurveyed_count = self.unsurveyed_count.saturating_sub(1);
        }
        update_problems(
            &mut self.problems,
            &self.catalog,
            index,
            Some(removed),
            None,
        );
        if index < self.prepared.len() {
            self.prepared.remove(index);
        }
        self.names.remove(index);
        remove_shifting(&mut self.shape_indices, index, |i| i);
        remove_shifting(&mut self.schedules, index, |(i, _)| i);
        self.point_index
            .remove_shifting(index, ClusterPoint::point_of(index, removed).as_ref());
    }

    /// After facility `index` was inserted into the middle of the catalog (undoing a delete,
    /// or an edit inserting there): every later index moves up by one and the new facility
    /// joins, in integer steps and O(log n) comparisons, instead of a rebuild. The clusters
    /// need [`LoadedData::rebuild_clusters_soon`] after it.
    pub(super) fn after_insertion(&mut self, index: usize, datum: Datum) {
        let Some(inserted) = self.catalog.facilities().get(index) else {
            return;
        };
        if inserted.provenance.precision != Precision::Surveyed {
            self.unsurveyed_count += 1;
        }
        update_problems(
            &mut self.problems,
            &self.catalog,
            index,
            None,
            Some(inserted),
        );
        if index <= self.prepared.len() {
            self.prepared
                .insert(index, PreparedFacility::new(inserted, datum));
        }
        self.names.insert(self.catalog.facilities(), index);
        insert_shifting(&mut self.shape_indices, index, |i| i);
        insert_shifting(&mut self.schedules, index, |(i, _)| i);
        if !matches!(inserted.geometry, FacilityGeometry::Point(_)) {
            update_sorted(&mut self.shape_indices, index, Some(index), |&i| i);
        }
        if has_schedule(inserted) {
            let schedule = Schedule::of(inserted, &self.holidays);
            update_sorted(
                &mut self.schedules,
                index,
                Some((index, schedule)),
                |(i, _)| *i,
            );
        }
        self.point_index
            .insert_shifting(index, ClusterPoint::point_of(index, inserted).as_ref());
    }

    /// Rebuilds the cluster index, leaving out `excluded` facilities (closed ones while the
    /// "open now" filter is on).
    pub(super) fn rebuild_clusters(&mut self, excluded: Option<&HashSet<usize>>) {
        self.clusters_job = None;
        self.clusters_wanted = false;
        self.clusters_exclude_closed = excluded.is_some_and(|e| !e.is_empty());
        self.clusters = build_clusters(&self.cluster_points(excluded));
    }

    /// [`LoadedData::rebuild_clusters`] after an edit: at once for a small catalog, on a worker
    /// thread from [`CLUSTERS_IN_BACKGROUND_FROM`] facilities (the build is O(n log n): 40 ms
    /// at 300 000), so the edit's frame stays short; the map shows the former clusters until
    /// the new ones are there (a frame or two; `wake` repaints then).
    pub(super) fn rebuild_clusters_soon(
        &mut self,
        excluded: Option<&HashSet<usize>>,
        wake: Option<egui::Context>,
    ) {
        if self.catalog.len() < CLUSTERS_IN_BACKGROUND_FROM {
            self.rebuild_clusters(excluded);
            return;
        }
        if self.clusters_job.is_some() {
            self.clusters_wanted = true;
            return;
        }
        let points = self.cluster_points(excluded);
        let exclude_closed = excluded.is_some_and(|e| !e.is_empty());
        let (sender, receiver) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("zhongzhan-map clusters".to_owned())
            .spawn(move || {
                // A newer rebuild may have replaced this one; then nobody receives.
                sender.send(build_clusters(&points)).ok();
                if let Some(ctx) = wake {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => self.clusters_job = Some((receiver, exclude_closed)),
            Err(error) => {
                log::warn!("cannot cluster in the background ({error}); clustering now");
                self.rebuild_clusters(excluded);
            }
        }
    }

    /// Takes the clusters a worker built, when they are ready. Returns whether an edit made
    /// meanwhile wants them built again.
    pub(super) fn poll_clusters(&mut self) -> bool {
        let Some((receiver, exclude_closed)) = &self.clusters_job else {
            return false;
        };
        match receiver.try_recv() {
            Ok(clusters) => {
                self.clusters = clusters;
                self.clusters_exclude_closed = *exclude_closed;
                self.clusters_job = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => return false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.clusters_job = None,
        }
        std::mem::take(&mut self.clusters_wanted)
    }

    /// Every facility's symbol position, less `excluded`.
    fn cluster_points(&self, excluded: Option<&HashSet<usize>>) -> Vec<ClusterPoint> {
        self.catalog
            .facilities()
            .iter()
            .enumerate()
            .filter(|(index, _)| excluded.is_none_or(|e| !e.contains(index)))
            .map(|(index, f)| ClusterPoint::anchor_of(index, f))
            .collect()
    }
}

/// From this many facilities an edit's new clusters are built on a worker thread.
pub(super) const CLUSTERS_IN_BACKGROUND_FROM: usize = 2_000;

/// Keeps the problem summary in step with one changed facility: the counts move by its
/// problems before and after (O(1)); the banner's first entries are made again, in file
/// order, only when this facility is or may belong among them.
fn update_problems(
    summary: &mut crate::ui::top_bar::DataProblems,
    catalog: &Catalog,
    index: usize,
    before: Option<&Facility>,
    after: Option<&Facility>,
) {
    let problems = |f: Option<&Facility>| f.map(Facility::problems).unwrap_or_default();
    let (was, is) = (problems(before), problems(after));
    if was.is_empty() && is.is_empty() {
        return;
    }
    let count = |list: &[crate::model::rules::FacilityProblem]| {
        let errors = list.iter().filter(|p| p.is_error()).count();
        (errors, list.len() - errors)
    };
    let ((errors_was, warnings_was), (errors_is, warnings_is)) = (count(&was), count(&is));
    let id = before.or(after).map(|f| &f.id);
    let listed_here = summary.first.iter().any(|p| Some(&p.id) == id);
    // Listed are errors before warnings, each in file order: a new error goes before any
    // listed warning, any problem before a listed one further down the file.
    let may_belong = !is.is_empty()
        && (summary.first.len() < crate::ui::top_bar::LISTED_PROBLEMS
            || (errors_is > 0 && summary.first.iter().any(|p| !p.problem.is_error()))
            || summary
                .first
                .iter()
                .any(|p| catalog.index_of(&p.id).is_none_or(|i| i > index)));
    if listed_here || may_belong {
        *summary = data_problems(catalog);
        return;
    }
    summary.errors = (summary.errors + errors_is).saturating_sub(errors_was);
    summary.warnings = (summary.warnings + warnings_is).saturating_sub(warnings_was);
}

/// Whether a facility has hours or a season to read.
fn has_schedule(facility: &Facility) -> bool {
    !(facility.hours.trim().is_empty()
        && facility.valid_from.trim().is_empty()
        && facility.valid_until.trim().is_empty())
}

/// Drops the entry for catalog index `index` from a vector sorted by catalog index (`key`)
/// and moves the later ones down by one, as the catalog did.
fn remove_shifting<T>(sorted: &mut Vec<T>, index: usize, key: impl Fn(&mut T) -> &mut usize) {
    sorted.retain_mut(|entry| *key(entry) != index);
    for entry in sorted.iter_mut() {
        let at = key(entry);
        if *at > index {
            *at -= 1;
        }
    }
}

/// Moves the entries for catalog index `index` and later up by one in a vector sorted by
/// catalog index (`key`), as the catalog did when a facility was inserted there.
fn insert_shifting<T>(sorted: &mut [T], index: usize, key: impl Fn(&mut T) -> &mut usize) {
    for entry in sorted.iter_mut() {
        let at = key(entry);
        if *at >= index {
            *at += 1;
        }
    }
}

/// Sets the entry for catalog index `index` in a vector sorted by catalog index (`key`):
/// replaced, inserted, or removed when `entry` is `None`.
fn update_sorted<T>(
    sorted: &mut Vec<T>,
    index: usize,
    entry: Option<T>,
    key: impl Fn(&T) -> usize,
) {
    match (sorted.binary_search_by_key(&index, key), entry) {
        (Ok(at), Some(entry)) => {
            if let Some(slot) = sorted.get_mut(at) {
                *slot = entry;
            }
        }
        (Ok(at), None) => {
            sorted.remove(at);
        }
        (Err(at), Some(entry)) => sorted.insert(at, entry),
        (Err(_), None) => {}
    }
}

/// The cluster index of the symbols (sizes from the theme). On an error (more than 2³¹ points)
/// the map shows no symbols and says so in the log; the list still works.
pub(super) fn build_clusters(points: &[ClusterPoint]) -> ClusterIndex {
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

impl MapApp {
    /// Re-projects overlays when the basemap's datum changes, keeping the view on the same
    /// ground position.
    pub(super) fn use_datum(&mut self, datum: Datum) {
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

    pub(super) fn after_data_change(&mut self) {
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
        if self.data.catalog.len() >= super::heap::RETURN_FREED_MEMORY_FROM {
            super::heap::return_freed_memory();
        }
    }

    pub(super) fn refresh_list(&mut self) {
        let mut ordered = list_order(
            self.data.catalog.facilities(),
            &self.view.filter,
            self.view.sort_key,
            self.view.sort_descending,
            &self.data.names,
        );
        if self.view.open_now_only && !self.closed.is_empty() {
            ordered.retain(|i| !self.closed.contains(i));
        }
        self.shown_order = ordered;
        self.apply_search();
    }

    /// Puts facility `index` back in its place in the list after an edit changed only it
    /// (O(log n) comparisons instead of a new sort), then searches again.
    pub(super) fn reposition_in_list(&mut self, index: usize) {
        let belongs = !(self.view.open_now_only && self.closed.contains(&index));
        reposition(
            &mut self.shown_order,
            index,
            belongs,
            self.data.catalog.facilities(),
            &self.view.filter,
            self.view.sort_key,
            self.view.sort_descending,
            &self.data.names,
        );
        self.apply_search();
    }

    /// The list: the shown facilities in list order, or those matching the search, best first.
    pub(super) fn apply_search(&mut self) {
        self.shown_count = self.shown_order.len();
        self.search_matches = self.data.search_index.search(
            self.data.catalog.facilities(),
            &self.search_text,
            &self.shown_order,
        );
        let rows = self.list_rows().len();
        self.list_cursor = self.list_cursor.filter(|&row| row < rows);
    }

    /// The list's rows: the search's matches, best first, or every shown facility in list
    /// order.
    pub(super) fn list_rows(&self) -> &[usize] {
        list_rows(self.search_matches.as_deref(), &self.shown_order)
    }
}

/// The list's rows from the search's matches (if searching) and the shown facilities.
pub(super) fn list_rows<'a>(
    search_matches: Option<&'a [usize]>,
    shown: &'a [usize],
) -> &'a [usize] {
    search_matches.unwrap_or(shown)
}

/// Every facility's problems by the model's rules: counted, and the first few kept (errors
/// first) with the facility's name.
fn data_problems(catalog: &Catalog) -> crate::ui::top_bar::DataProblems {
    use crate::ui::top_bar::{DataProblem, DataProblems, LISTED_PROBLEMS};
    let mut summary = DataProblems::default();
    let mut first_warnings = Vec::new();
    for facility in catalog.facilities() {
        for problem in facility.problems() {
            let (count, listed) = if problem.is_error() {
                (&mut summary.errors, &mut summary.first)
            } else {
                (&mut summary.warnings, &mut first_warnings)
            };
            *count += 1;
            if listed.len() < LISTED_PROBLEMS {
                listed.push(DataProblem {
                    id: facility.id.clone(),
                    name: if facility.name_zh.trim().is_empty() {
                        facility.name_en.to_string()
                    } else {
                        facility.name_zh.to_string()
                    },
                    problem,
                });
            }
        }
    }
    summary.first.extend(first_warnings);
    summary.first.truncate(LISTED_PROBLEMS);
    summary
}
