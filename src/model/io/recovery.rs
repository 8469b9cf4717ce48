//! The recovery file: while there are unsaved edits, the app keeps a copy of the facilities in
//! the user's data directory, so a crash, a power cut or a forced quit never loses work. On the
//! next start the copy is offered back. It is an ordinary GeoJSON file (any GIS can open it)
//! with two extra top-level members saying what it recovers and when it was written.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use crate::model::facility::Facility;
use crate::model::io::atomic::WriteError;
use crate::model::io::load::{LoadError, parse_facilities};
use crate::model::io::save::{SaveError, save_atomically, to_geojson_text_with};

/// File name of the recovery copy inside the data directory.
pub const RECOVERY_FILE_NAME: &str = "unsaved-edits.recovery.geojson";

/// A recovery copy found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// What the edits were made to: a data file's path or the bundled data's name.
    pub source: String,
    /// When the copy was written (seconds since 1970, UTC).
    pub written_at_unix_s: u64,
    /// The facilities as they were.
    pub facilities: Vec<Facility>,
}

/// Where the recovery copy lives in `data_dir`.
pub fn recovery_path(data_dir: &Path) -> PathBuf {
    data_dir.join(RECOVERY_FILE_NAME)
}

/// Writes (atomically) the recovery copy of `facilities`, edited from `source`.
pub fn write_recovery(
    data_dir: &Path,
    source: &str,
    facilities: &[Facility],
) -> Result<(), SaveError> {
    std::fs::create_dir_all(data_dir).map_err(|source| WriteError::Io {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let written_at_unix_s = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut members = Map::new();
    members.insert("recovery_of".to_owned(), json!(source));
    members.insert("recovery_written_at".to_owned(), json!(written_at_unix_s));
    let text = to_geojson_text_with(facilities, members)?;
    save_atomically(&recovery_path(data_dir), &text, 0)
}

/// Reads the recovery copy, if there is one. A damaged copy is an error (and is kept).
pub fn read_recovery(data_dir: &Path) -> Result<Option<Recovery>, LoadError> {
    let path = recovery_path(data_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(LoadError::Io { path, source }),
    };
    let facilities = parse_facilities(&text, &path.display().to_string())?;
    let header: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(Some(Recovery {
        source: header
            .get("recovery_of")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        written_at_unix_s: header
            .get("recovery_written_at")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        facilities,
    }))
}

/// Removes the recovery copy (after a save, or when the user discards it).
pub fn discard_recovery(data_dir: &Path) {
    let path = recovery_path(data_dir);
    if let Err(error) = std::fs::remove_file(&path)
        && error.kind() != std::io::ErrorKind::NotFound
    {
        log::warn!("cannot remove {}: {error}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;

    #[test]
    fn a_recovery_copy_comes_back_with_its_source() {
        let dir = std::env::temp_dir().join(format!("zhongzhan-recovery-{}", std::process::id()));
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        facilities[0].notes = "未保存的修改".to_owned();
        assert_eq!(read_recovery(&dir).unwrap(), None);
        write_recovery(&dir, "/srv/facilities.geojson", &facilities).unwrap();
        let recovery = read_recovery(&dir).unwrap().unwrap();
        assert_eq!(recovery.source, "/srv/facilities.geojson");
        assert_eq!(recovery.facilities, facilities);
        assert!(recovery.written_at_unix_s > 1_700_000_000);
        discard_recovery(&dir);
        assert_eq!(read_recovery(&dir).unwrap(), None);
        std::fs::remove_dir_all(&dir).ok();
    }
}
