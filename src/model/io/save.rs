//! Writing facilities back to GeoJSON safely: RFC 7946, stable key order (the order of the
//! bundled file, unknown properties after the known ones, in the order they came), unknown
//! properties kept, and the content fingerprint that notices changes by others. The file
//! itself is replaced by [`crate::model::io::atomic`] (temporary file, fsync, rename, backups).

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::{Map, Value, json};

use crate::model::facility::{Facility, FacilityGeometry};
use crate::model::io::atomic::{WriteError, write_atomically};
use crate::model::io::load::KNOWN_PROPERTIES;

pub use crate::model::io::atomic::backup_path;

/// The `name` member written into GeoJSON files (the app's saves and exports, `convert`,
/// `db export`).
pub const COLLECTION_NAME: &str = "zhongzhan-facilities";

/// Why saving failed. The original file is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Writing the file failed (see [`WriteError`]).
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Serialising failed (should not happen for valid facilities).
    #[error("cannot serialise the facilities: {0}")]
    Json(#[from] serde_json::Error),
    /// The user stopped the save before the file was touched.
    #[error("saving was cancelled; the file is unchanged")]
    Cancelled,
    /// The file changed (or vanished) on disk since it was read or saved: nothing was
    /// written, so the caller can ask the user (a background save checks just before it
    /// writes).
    #[error("the file changed on disk since it was read; nothing was written")]
    ChangedOnDisk,
}

/// How far a save running on another thread is, and the user's request to stop it. Shared
/// between the saving thread (which updates it) and the window (which shows it).
#[derive(Debug, Default)]
pub struct SaveProgress {
    done: AtomicUsize,
    total: AtomicUsize,
    writing: AtomicBool,
    cancel: AtomicBool,
}

impl SaveProgress {
    /// The facilities serialised so far and their number.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Whether the text is complete and the file is being written (no longer cancellable).
    pub fn is_writing(&self) -> bool {
        self.writing.load(Ordering::Relaxed)
    }

    /// Asks the save to stop; it stops only before the file is touched.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Marks the start of writing (called by the saving thread).
    pub fn start_writing(&self) {
        self.writing.store(true, Ordering::Relaxed);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

fn positions(coords: impl Iterator<Item = geo::Coord<f64>>) -> Vec<Value> {
    coords.map(|c| json!([c.x, c.y])).collect()
}

fn geometry_json(geometry: &FacilityGeometry) -> Value {
    match geometry {
        FacilityGeometry::Point(p) => json!({"type": "Point", "coordinates": [p.x(), p.y()]}),
        FacilityGeometry::Line(line) => json!({
            "type": "LineString",
            "coordinates": positions(line.coords().copied()),
        }),
        FacilityGeometry::Area(polygon) => {
            let rings: Vec<Value> = std::iter::once(polygon.exterior())
                .chain(polygon.interiors())
                .map(|ring| Value::Array(positions(ring.coords().copied())))
                .collect();
            json!({"type": "Polygon", "coordinates": rings})
        }
    }
}

/// One feature as JSON, properties in [`KNOWN_PROPERTIES`] order then the unknown ones.
pub fn feature_json(facility: &Facility) -> Value {
    let mut properties = Map::new();
    for key in KNOWN_PROPERTIES {
        let value: &str = match key {
            "id" => &facility.id.0,
            "category" => facility.category.slug(),
            "name_zh" => &facility.name_zh,
            "name_en" => &facility.name_en,
            "description_zh" => &facility.description_zh,
            "description_en" => &facility.description_en,
            "address_zh" => &facility.address_zh,
            "source_quote" => &facility.provenance.source_quote,
            "source_ref" => &facility.provenance.source_ref,
            "position_precision" => facility.provenance.precision.slug(),
            "position_method" => &facility.provenance.method,
            "article_mention" => facility.article_mention.as_deref().unwrap_or_default(),
            "hours" => &facility.hours,
            "hours_source" => &facility.hours_source,
            "valid_from" => &facility.valid_from,
            "valid_until" => &facility.valid_until,
            "notes" => &facility.notes,
            _ => continue,
        };
        properties.insert(key.to_owned(), Value::String(value.to_owned()));
    }
    for (key, value) in &facility.extra_properties {
        properties.insert(key.clone(), value.clone());
    }
    let mut feature = Map::new();
    feature.insert("type".to_owned(), json!("Feature"));
    feature.insert("id".to_owned(), json!(facility.id.0));
    feature.insert("properties".to_owned(), Value::Object(properties));
    feature.insert("geometry".to_owned(), geometry_json(&facility.geometry));
    Value::Object(feature)
}

/// The whole FeatureCollection as text: 2-space indent, UTF-8, trailing newline.
pub fn to_geojson_text(facilities: &[Facility], name: Option<&str>) -> Result<String, SaveError> {
    let mut members = Map::new();
    if let Some(name) = name {
        members.insert("name".to_owned(), json!(name));
    }
    to_geojson_text_with(facilities, members)
}

/// Like [`to_geojson_text`], reporting progress to `progress` and stopping with
/// [`SaveError::Cancelled`] when it is cancelled (the text is the same byte for byte).
pub fn to_geojson_text_tracked(
    facilities: &[Facility],
    name: Option<&str>,
    progress: &SaveProgress,
) -> Result<String, SaveError> {
    const STEP: usize = 1024;
    progress.total.store(facilities.len(), Ordering::Relaxed);
    let mut features = Vec::with_capacity(facilities.len());
    for chunk in facilities.chunks(STEP) {
        if progress.cancelled() {
            return Err(SaveError::Cancelled);
        }
        features.extend(chunk.iter().map(feature_json));
        progress.done.fetch_add(chunk.len(), Ordering::Relaxed);
    }
    let mut collection = Map::new();
    collection.insert("type".to_owned(), json!("FeatureCollection"));
    if let Some(name) = name {
        collection.insert("name".to_owned(), json!(name));
    }
    collection.insert("features".to_owned(), Value::Array(features));
    let mut text = serde_json::to_string_pretty(&Value::Object(collection))?;
    text.push('\n');
    if progress.cancelled() {
        return Err(SaveError::Cancelled);
    }
    Ok(text)
}

/// Like [`to_geojson_text`], with extra top-level members after `type` (e.g. `name`).
pub fn to_geojson_text_with(
    facilities: &[Facility],
    members: Map<String, Value>,
) -> Result<String, SaveError> {
    let mut collection = Map::new();
    collection.insert("type".to_owned(), json!("FeatureCollection"));
    collection.extend(members);
    collection.insert(
        "features".to_owned(),
        Value::Array(facilities.iter().map(feature_json).collect()),
    );
    let mut text = serde_json::to_string_pretty(&Value::Object(collection))?;
    text.push('\n');
    Ok(text)
}

/// A fingerprint of a file's content, to notice that someone else changed it.
pub fn content_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: stable within and across runs of the same build.
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// What is on disk now compared with what was loaded or last saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskState {
    /// Same content as expected.
    Unchanged,
    /// Someone changed the file; its current text.
    Changed(String),
    /// The file is gone (deleted or moved).
    Missing,
}

/// Compares the file at `path` with the content hash recorded at load or save time.
pub fn disk_state(path: &Path, expected_hash: u64) -> DiskState {
    // Decoded as at load time, so a GB18030 file that nobody touched is unchanged.
    match super::text::read_text(path) {
        Ok(decoded) if content_hash(&decoded.text) == expected_hash => DiskState::Unchanged,
        Ok(decoded) => DiskState::Changed(decoded.text),
        Err(super::text::TextError::Io { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            DiskState::Missing
        }
        // Unreadable (permissions, no text): report it as changed so the user decides.
        Err(error) => DiskState::Changed(format!("<{error}>")),
    }
}

/// Keeps the file at `path` (its target, when it is a symbolic link) as it is now under a name
/// beside it that backup rotation never reuses: `NAME.conflict-STAMP.EXT` (then `-2`, `-3` …
/// if taken). The copy is a hard link where the file system allows it (the save that follows
/// replaces the file by a new one, so the link keeps the old content), else a complete,
/// fsynced copy. Returns the copy's path.
pub fn keep_conflict_copy(path: &Path, stamp: &str) -> Result<std::path::PathBuf, SaveError> {
    let target = crate::model::io::atomic::resolve_target(path)?;
    let io_error = |at: &Path| {
        let at = at.to_path_buf();
        move |source| SaveError::Write(WriteError::Io { path: at, source })
    };
    let stem = target
        .file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    let extension = target
        .extension()
        .map_or_else(String::new, |ext| format!(".{}", ext.to_string_lossy()));
    for attempt in 1..1000 {
        let suffix = if attempt == 1 {
            String::new()
        } else {
            format!("-{attempt}")
        };
        let copy = target.with_file_name(format!("{stem}.conflict-{stamp}{suffix}{extension}"));
        match std::fs::hard_link(&target, &copy) {
            Ok(()) => return Ok(copy),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {}
        }
        // No hard links here (FAT, some network drives): a full copy, created new.
        let bytes = std::fs::read(&target).map_err(io_error(&target))?;
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&copy)
        {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(io_error(&copy)(error)),
        };
        use std::io::Write as _;
        let written = file.write_all(&bytes).and_then(|()| file.sync_all());
        if let Err(error) = written {
            drop(file);
            if let Err(cleanup) = std::fs::remove_file(&copy) {
                log::warn!("cannot remove the partial {}: {cleanup}", copy.display());
            }
            return Err(io_error(&copy)(error));
        }
        return Ok(copy);
    }
    Err(io_error(&target)(std::io::Error::from(
        std::io::ErrorKind::AlreadyExists,
    )))
}

/// Writes `text` to `path` atomically, keeping up to `backups` previous versions beside it
/// (`.bak1` newest). On error the file and its backups are as they were.
pub fn save_atomically(path: &Path, text: &str, backups: usize) -> Result<(), SaveError> {
    Ok(write_atomically(path, text, backups)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;
    use std::path::PathBuf;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("zhongzhan-save-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn saving_the_bundled_data_reproduces_it_byte_for_byte() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let text = to_geojson_text(&facilities, Some("zhongzhan-facilities")).unwrap();
        assert_eq!(text, BUNDLED_FACILITIES);
    }

    #[test]
    fn coordinates_the_app_wrote_load_and_save_again_byte_for_byte() {
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        // Full-precision positions in the district (as a drag or a datum conversion makes
        // them); without serde_json's `float_roundtrip` some come back one unit off in the
        // last digit.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..200 {
            for facility in &mut facilities {
                let point = geo::Point::new(113.1 + 0.1 * next(), 35.2 + 0.1 * next());
                facility.geometry = FacilityGeometry::Point(point);
            }
            let written = to_geojson_text(&facilities, Some("zhongzhan-facilities")).unwrap();
            let loaded = parse_facilities(&written, "written").unwrap();
            let again = to_geojson_text(&loaded, Some("zhongzhan-facilities")).unwrap();
            assert!(written == again, "a coordinate drifted on load and save");
            assert_eq!(loaded, facilities);
        }
    }

    #[test]
    fn unknown_properties_survive_a_round_trip_after_the_known_ones() {
        let source = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"zeta":1,"id":"a","category":"school-post","name_zh":"甲","alpha":{"nested":[1,2]},"name":"from QGIS"},"geometry":{"type":"Point","coordinates":[113.17,35.23]}}]}"#;
        let facilities = parse_facilities(source, "x").unwrap();
        let text = to_geojson_text(&facilities, None).unwrap();
        let again = parse_facilities(&text, "saved").unwrap();
        assert_eq!(again, facilities);
        let notes = text.find("\"notes\"").unwrap();
        let zeta = text.find("\"zeta\"").unwrap();
        let alpha = text.find("\"alpha\"").unwrap();
        assert!(
            notes < zeta && zeta < alpha,
            "known first, then unknown in their order"
        );
    }

    #[test]
    fn a_file_changed_by_someone_else_is_noticed() {
        let dir = temp_dir("changed");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, "mine").unwrap();
        let hash = content_hash("mine");
        assert_eq!(disk_state(&path, hash), DiskState::Unchanged);
        std::fs::write(&path, "theirs").unwrap();
        assert_eq!(
            disk_state(&path, hash),
            DiskState::Changed("theirs".to_owned())
        );
        std::fs::remove_file(&path).unwrap();
        assert_eq!(disk_state(&path, hash), DiskState::Missing);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_conflict_copy_keeps_the_old_content_beside_the_file_after_the_file_is_replaced() {
        let dir = temp_dir("conflict-copy");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, "theirs\n").unwrap();
        let copy = keep_conflict_copy(&path, "20261207-143000").unwrap();
        assert_eq!(
            copy.file_name().unwrap().to_string_lossy(),
            "facilities.conflict-20261207-143000.geojson"
        );
        save_atomically(&path, "mine\n", 5).unwrap();
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), "theirs\n");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
        // A second conflict in the same second gets its own name.
        let second = keep_conflict_copy(&path, "20261207-143000").unwrap();
        assert!(
            second.to_string_lossy().ends_with("143000-2.geojson"),
            "{}",
            second.display()
        );
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "mine\n");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_tracked_text_is_the_same_and_counts_every_facility() {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let progress = SaveProgress::default();
        let text =
            to_geojson_text_tracked(&facilities, Some("zhongzhan-facilities"), &progress).unwrap();
        assert_eq!(text, BUNDLED_FACILITIES);
        assert_eq!(progress.counts(), (facilities.len(), facilities.len()));
        progress.cancel();
        assert!(matches!(
            to_geojson_text_tracked(&facilities, None, &progress),
            Err(SaveError::Cancelled)
        ));
    }
}
