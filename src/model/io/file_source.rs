//! A GeoJSON or CSV file as a [`FacilitySource`]: read whole through the importer (any
//! encoding the app reads, Shapefile-cut names mapped back, coordinates converted from a stated
//! datum to WGS84, the import optionally recorded in each facility's `position_method`) and
//! written whole through the safe save (temporary file, fsync, rename, the earlier version kept
//! as `.bak1`). The format follows the file's extension.
//!
//! This is the file as a whole collection, for moving data between sources; the app's own
//! opening and saving of its data file (the changed-on-disk check, five backups, the recovery
//! copy) stays in `app`.

use std::path::{Path, PathBuf};

use crate::model::facility::Facility;
use crate::model::io::atomic::WriteError;
use crate::model::io::csv_table::to_csv_text;
use crate::model::io::import::{ImportFormat, SourceDatum, import_text, record_import};
use crate::model::io::load::read_text_file;
use crate::model::io::save::{
    COLLECTION_NAME, SaveError, backup_path, save_atomically, to_geojson_text,
};
use crate::model::source::{FacilitySource, ReadReport, SourceError, WriteReport};

/// How many earlier versions a write keeps beside the file (`.bak1`).
pub const BACKUPS_KEPT: usize = 1;

/// A file format a [`FileSource`] reads and writes, from the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// `.geojson` or `.json`.
    GeoJson,
    /// `.csv`.
    Csv,
}

impl FileFormat {
    /// The format of `path` by its extension (any case); `None` for any other or no extension.
    pub fn of(path: &Path) -> Option<FileFormat> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("geojson" | "json") => Some(FileFormat::GeoJson),
            Some("csv") => Some(FileFormat::Csv),
            _ => None,
        }
    }

    /// Its usual name: "GeoJSON", "CSV".
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::GeoJson => "GeoJSON",
            FileFormat::Csv => "CSV",
        }
    }

    fn import_format(self) -> ImportFormat {
        match self {
            FileFormat::GeoJson => ImportFormat::GeoJson,
            FileFormat::Csv => ImportFormat::Csv,
        }
    }
}

/// A data file read and written as a whole collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSource {
    path: PathBuf,
    format: FileFormat,
    datum: SourceDatum,
    /// The date (`YYYY-MM-DD`, China time) an import is recorded with, when it is recorded.
    import_date: Option<String>,
}

impl FileSource {
    /// The file at `path` in `format`, its coordinates taken as WGS84, nothing recorded.
    pub fn new(path: impl Into<PathBuf>, format: FileFormat) -> Self {
        Self {
            path: path.into(),
            format,
            datum: SourceDatum::Wgs84,
            import_date: None,
        }
    }

    /// Reads the coordinates as being in `datum`, converting them to WGS84.
    pub fn from_datum(self, datum: SourceDatum) -> Self {
        Self { datum, ..self }
    }

    /// Records the reading as an import on `date` (`YYYY-MM-DD`) in each facility's
    /// `position_method`: "imported from FILE on DATE, GCJ-02 converted to WGS84", as the app's
    /// import does.
    pub fn recording_import(self, date: &str) -> Self {
        Self {
            import_date: Some(date.to_owned()),
            ..self
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Its format.
    pub fn format(&self) -> FileFormat {
        self.format
    }
}

impl FacilitySource for FileSource {
    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn read_all(&mut self) -> Result<ReadReport, SourceError> {
        let decoded = read_text_file(&self.path)?;
        let mut facilities = import_text(
            &decoded.text,
            &self.describe(),
            self.format.import_format(),
            self.datum,
        )?;
        if let Some(date) = &self.import_date {
            record_import(&mut facilities, &self.path, date, self.datum);
        }
        let conversion = match self.datum {
            SourceDatum::Wgs84 => "datum WGS84, kept as it is".to_owned(),
            other => format!("datum {}, converted to WGS84", other.name()),
        };
        Ok(ReadReport {
            facilities,
            details: format!(
                "({}) as {}; {conversion}",
                self.format.name(),
                decoded.encoding.name()
            ),
        })
    }

    fn write_all(&mut self, facilities: &[Facility]) -> Result<WriteReport, SourceError> {
        let text = match self.format {
            FileFormat::GeoJson => to_geojson_text(facilities, Some(COLLECTION_NAME))?,
            FileFormat::Csv => to_csv_text(facilities)?,
        };
        let existed = self.path.exists();
        save_atomically(&self.path, &text, BACKUPS_KEPT).map_err(|error| match error {
            // The window's message points to Save as; on the command line the fix is another
            // output file or the permission.
            SaveError::Write(
                WriteError::ReadOnly { path } | WriteError::FolderReadOnly { path, .. },
            ) => SourceError::NotWritable { path },
            other => SourceError::Save(other),
        })?;
        Ok(WriteReport {
            written_count: facilities.len(),
            details: match self.format {
                FileFormat::GeoJson => "(GeoJSON) as UTF-8".to_owned(),
                FileFormat::Csv => "(CSV) as UTF-8 with a BOM for Excel".to_owned(),
            },
            previous_kept_as: existed.then(|| backup_path(&self.path, 1)),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly on a bad fixture")]

    use super::*;
    use crate::model::BUNDLED_FACILITIES;

    use crate::model::io::atomic::tests::temp_dir;

    #[test]
    fn the_bundled_data_goes_through_read_all_and_write_all_byte_for_byte() {
        let dir = temp_dir("file-source-roundtrip");
        let input = dir.join("facilities.geojson");
        std::fs::write(&input, BUNDLED_FACILITIES).unwrap();
        let read = FileSource::new(&input, FileFormat::GeoJson)
            .read_all()
            .unwrap();
        assert_eq!(read.facilities.len(), 44);
        assert_eq!(
            read.details,
            "(GeoJSON) as UTF-8; datum WGS84, kept as it is"
        );

        let output = dir.join("copy.geojson");
        let report = FileSource::new(&output, FileFormat::GeoJson)
            .write_all(&read.facilities)
            .unwrap();
        assert_eq!(report.written_count, 44);
        assert_eq!(report.previous_kept_as, None, "there was nothing to keep");
        assert!(
            std::fs::read_to_string(&output).unwrap() == BUNDLED_FACILITIES,
            "the written file differs from data/facilities.geojson"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_missing_file_is_an_error_naming_the_file() {
        let dir = temp_dir("file-source-missing");
        let missing = dir.join("missing.geojson");
        let error = FileSource::new(&missing, FileFormat::GeoJson)
            .read_all()
            .unwrap_err();
        assert!(matches!(error, SourceError::Read(_)), "{error:?}");
        assert!(
            error
                .to_string()
                .contains(&format!("cannot read {}", missing.display())),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn writing_over_a_file_keeps_the_earlier_one_as_its_backup() {
        let dir = temp_dir("file-source-backup");
        let output = dir.join("facilities.csv");
        std::fs::write(&output, "earlier\n").unwrap();
        let facilities =
            crate::model::io::load::parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let report = FileSource::new(&output, FileFormat::Csv)
            .write_all(&facilities)
            .unwrap();
        let backup = dir.join("facilities.csv.bak1");
        assert_eq!(report.previous_kept_as.as_deref(), Some(backup.as_path()));
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "earlier\n");
        assert_eq!(report.details, "(CSV) as UTF-8 with a BOM for Excel");
        assert!(
            std::fs::read_to_string(&output)
                .unwrap()
                .starts_with('\u{feff}')
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_gcj02_table_is_read_in_wgs84_with_the_import_recorded() {
        let dir = temp_dir("file-source-gcj02");
        let input = dir.join("amap.csv");
        std::fs::write(
            &input,
            "id,category,name_zh,lon,lat\np-1,school-post,甲,113.18,35.24\n",
        )
        .unwrap();
        let read = FileSource::new(&input, FileFormat::Csv)
            .from_datum(SourceDatum::Gcj02)
            .recording_import("2026-12-03")
            .read_all()
            .unwrap();
        assert_eq!(
            read.details,
            "(CSV) as UTF-8; datum GCJ-02, converted to WGS84"
        );
        // Through the file form, which does not depend on how a facility keeps its fields.
        let feature = crate::model::io::save::feature_json(read.facilities.first().unwrap());
        assert_eq!(
            feature["properties"]["position_method"],
            "imported from amap.csv on 2026-12-03, GCJ-02 converted to WGS84"
        );
        let (lon, lat) = (
            feature["geometry"]["coordinates"][0].as_f64().unwrap(),
            feature["geometry"]["coordinates"][1].as_f64().unwrap(),
        );
        assert!(
            lon < 113.18 && lat > 35.24,
            "moved west and north: {lon}, {lat}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn formats_follow_the_extension_in_any_case() {
        assert_eq!(
            FileFormat::of(Path::new("a.GeoJSON")),
            Some(FileFormat::GeoJson)
        );
        assert_eq!(
            FileFormat::of(Path::new("a.json")),
            Some(FileFormat::GeoJson)
        );
        assert_eq!(FileFormat::of(Path::new("b.CSV")), Some(FileFormat::Csv));
        assert_eq!(FileFormat::of(Path::new("b.shp")), None);
        assert_eq!(FileFormat::of(Path::new("noextension")), None);
    }

    #[test]
    fn a_read_only_output_is_refused_with_the_fix_for_the_command_line_and_left_unchanged() {
        let dir = temp_dir("file-source-read-only");
        let path = dir.join("out.geojson");
        std::fs::write(&path, "old").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let facilities =
            crate::model::io::load::parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let error = FileSource::new(path.clone(), FileFormat::GeoJson)
            .write_all(&facilities)
            .unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, SourceError::NotWritable { .. }),
            "{error:?}"
        );
        assert!(message.contains("write to another file"), "{message}");
        assert!(!message.contains("Save as"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        std::fs::remove_dir_all(&dir).ok();
    }
}
