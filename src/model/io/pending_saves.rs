//! Edits waiting for the shared database, kept on disk: while the server is unreachable (or a
//! colleague's change holds an edit for the user's choice) every waiting edit is in a small
//! file in the recovery directory, rewritten atomically (fsynced) whenever the waiting set
//! changes, and removed once everything reached the database. A crash, `kill -9` or a
//! shutdown during an offline hour loses nothing: the next start on the same database adopts
//! the files whose process is gone and sends their edits, in order, through the same
//! versioned, merging save.
//!
//! One file per database and process: `db-<hash of user@host:port/database>.<pid>.pending.jsonl`
//! (the password is never in it). The first line names the database; each further line is
//! `{"expected": <version the edit is based on or null>, "edit": <a journal line>}`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::atomic::{WriteError, write_atomically};
use super::journal::{JournalError, decode, encode};
use super::stranded::process_alive;
use crate::model::edit::history::Edit;

/// What can go wrong with the waiting-edits file.
#[derive(Debug, thiserror::Error)]
pub enum PendingError {
    /// Writing it failed (the edits still wait in memory).
    #[error(
        "cannot keep the waiting edits in {path}: {source}; they still wait in this window: free disk space there, or keep the window open until the database has them"
    )]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: WriteError,
    },
    /// An edit could not be written as JSON.
    #[error("cannot write a waiting edit as JSON: {0}")]
    Encode(#[from] serde_json::Error),
    /// A file left by an earlier run cannot be read (kept for a person to look at).
    #[error(
        "the waiting edits in {path} cannot be read (line {line}): {message}; the file is kept"
    )]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Its line (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One edit waiting for the database, with the version of the facility it is based on.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingEdit {
    /// The edit (an insert, a replace from the loaded to the edited facility, or a removal).
    pub edit: Edit,
    /// The database version the edit is based on (`None` for a new facility).
    pub expected: Option<i64>,
}

/// Waiting edits an earlier run left (its process is gone).
#[derive(Debug, Default)]
pub struct Adopted {
    /// The edits, oldest first.
    pub edits: Vec<PendingEdit>,
    /// The files they came from: remove them with [`PendingSaves::forget_adopted`] once this
    /// process's own file holds the edits.
    pub files: Vec<PathBuf>,
    /// Files that could not be read (left in place).
    pub problems: Vec<PendingError>,
}

/// This process's waiting-edits file for one database.
#[derive(Debug, Clone)]
pub struct PendingSaves {
    dir: PathBuf,
    target: String,
    prefix: String,
    path: PathBuf,
}

impl PendingSaves {
    /// The file for `target` (`user@host:port/database`) in `dir`; nothing is written yet.
    pub fn new(dir: &Path, target: &str) -> Self {
        let prefix = format!("db-{:016x}.", super::save::content_hash(target));
        let path = dir.join(format!("{prefix}{}.pending.jsonl", std::process::id()));
        Self {
            dir: dir.to_path_buf(),
            target: target.to_owned(),
            prefix,
            path,
        }
    }

    /// This process's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the waiting edits (atomically, fsynced); no edits: the file is removed.
    pub fn write(&self, edits: &[PendingEdit]) -> Result<(), PendingError> {
        if edits.is_empty() {
            match std::fs::remove_file(&self.path) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => log::warn!("cannot remove {}: {error}", self.path.display()),
            }
            return Ok(());
        }
        let mut text = serde_json::to_string(&json!({ "database": self.target }))?;
        text.push('\n');
        for pending in edits {
            let line = json!({ "expected": pending.expected, "edit": encode(&pending.edit)? });
            text.push_str(&serde_json::to_string(&line)?);
            text.push('\n');
        }
        if let Err(error) = std::fs::create_dir_all(&self.dir) {
            log::warn!("cannot create {}: {error}", self.dir.display());
        }
        write_atomically(&self.path, &text, 0).map_err(|source| PendingError::Write {
            path: self.path.clone(),
            source,
        })
    }

    /// The waiting edits of earlier runs on the same database whose process is gone, oldest
    /// file first.
    pub fn adopt(&self) -> Adopted {
        let mut adopted = Adopted::default();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return adopted;
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path != &self.path && self.owner_gone(path))
            .map(|path| {
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                (modified, path)
            })
            .collect();
        files.sort();
        for (_, path) in files {
            match read(&path) {
                Ok(edits) => {
                    adopted.edits.extend(edits);
                    adopted.files.push(path);
                }
                Err(problem) => adopted.problems.push(problem),
            }
        }
        adopted
    }

    /// Removes the adopted files (after [`PendingSaves::write`] saved their edits here).
    pub fn forget_adopted(&self, files: &[PathBuf]) {
        for file in files {
            if let Err(error) = std::fs::remove_file(file) {
                log::warn!("cannot remove {}: {error}", file.display());
            }
        }
    }

    /// Whether `path` is a waiting-edits file of this database whose process is gone.
    fn owner_gone(&self, path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        let Some(pid) = name
            .strip_prefix(&self.prefix)
            .and_then(|rest| rest.strip_suffix(".pending.jsonl"))
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            return false;
        };
        !process_alive(pid)
    }
}

/// The edits of one file.
fn read(path: &Path) -> Result<Vec<PendingEdit>, PendingError> {
    let unreadable = |line: usize, message: String| PendingError::Unreadable {
        path: path.to_path_buf(),
        line,
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(0, e.to_string()))?;
    let mut edits = Vec::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|e| unreadable(number + 1, e.to_string()))?;
        let edit_text = value
            .get("edit")
            .and_then(Value::as_str)
            .ok_or_else(|| unreadable(number + 1, "no \"edit\"".to_owned()))?;
        let edit = decode(edit_text, number + 1).map_err(|error| match error {
            JournalError::Unreadable { message, .. } => unreadable(number + 1, message),
            other => unreadable(number + 1, other.to_string()),
        })?;
        let expected = value.get("expected").and_then(Value::as_i64);
        edits.push(PendingEdit { edit, expected });
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pending-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn sample_edits() -> Vec<PendingEdit> {
        let facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        let mut renamed = facilities[1].clone();
        renamed.name_zh = "离线时改的名字".into();
        vec![
            PendingEdit {
                edit: Edit::Replace {
                    index: 0,
                    before: Box::new(facilities[1].clone()),
                    after: Box::new(renamed),
                },
                expected: Some(3),
            },
            PendingEdit {
                edit: Edit::Insert {
                    index: 0,
                    facility: Box::new(facilities[2].clone()),
                },
                expected: None,
            },
        ]
    }

    #[test]
    fn waiting_edits_of_a_process_that_is_gone_are_adopted_in_order() {
        let dir = temp_dir("adopt");
        let target = "alice@gis:5432/zhongzhan";
        let edits = sample_edits();
        // A file as a crashed process (a pid that cannot run) left it.
        let mine = PendingSaves::new(&dir, target);
        mine.write(&edits).unwrap();
        let dead = mine.path().with_file_name(
            mine.path()
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .replace(&format!(".{}.", std::process::id()), ".999999999."),
        );
        std::fs::rename(mine.path(), &dead).unwrap();
        let text = std::fs::read_to_string(&dead).unwrap();
        assert!(text.contains(target) && !text.contains("password"));

        let adopted = PendingSaves::new(&dir, target).adopt();
        assert_eq!(adopted.edits, edits);
        assert_eq!(adopted.files, vec![dead.clone()]);
        // Another database's files and this process's own are not adopted.
        assert!(
            PendingSaves::new(&dir, "bob@gis:5432/other")
                .adopt()
                .edits
                .is_empty()
        );
        mine.forget_adopted(&adopted.files);
        assert!(!dead.exists());
    }

    #[test]
    fn no_waiting_edits_leave_no_file_and_a_live_process_keeps_its_own() {
        let dir = temp_dir("live");
        let pending = PendingSaves::new(&dir, "alice@gis:5432/zhongzhan");
        pending.write(&sample_edits()).unwrap();
        assert!(pending.path().exists());
        // This process is alive: its file is not anyone's to adopt.
        assert!(pending.adopt().edits.is_empty());
        pending.write(&[]).unwrap();
        assert!(!pending.path().exists());
    }

    #[test]
    fn a_damaged_file_is_named_with_its_line_and_kept() {
        let dir = temp_dir("damaged");
        let pending = PendingSaves::new(&dir, "alice@gis:5432/zhongzhan");
        let name = pending
            .path()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let dead = dir.join(name.replace(&format!(".{}.", std::process::id()), ".999999998."));
        std::fs::write(
            &dead,
            "{\"database\":\"x\"}\n{\"expected\":1,\"edit\":\"{not json\"}\n",
        )
        .unwrap();
        let adopted = pending.adopt();
        assert!(adopted.edits.is_empty());
        let message = adopted.problems[0].to_string();
        assert!(
            message.contains("line 2") && message.contains("kept"),
            "{message}"
        );
        assert!(dead.exists());
    }
}
