//! Leftovers of saves that did not finish (the process was killed, the power failed): the
//! temporary files [`crate::model::io::atomic`] writes beside a data file. Looked for when a
//! file is opened: a complete new version newer than the file is offered ("a save did not
//! finish"), a partial or superseded one is removed with a note, and an old version that was
//! kept aside but not yet rotated becomes `.bak1` as the interrupted save intended. Leftovers
//! of a save still running in another live process are left alone.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::io::atomic::{
    PENDING_BACKUP_SUFFIX, SAVING_SUFFIX, WriteError, resolve_target, rotate_in,
};
use crate::model::io::load::parse_facilities;

/// Why looking for leftovers failed.
#[derive(Debug, thiserror::Error)]
pub enum StrandedError {
    /// The data file's folder or a leftover could not be read, or a leftover not removed.
    #[error("cannot check {path} for unfinished saves: {source}")]
    Io {
        /// The folder or the leftover file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The data file's symbolic links could not be followed.
    #[error(transparent)]
    Target(#[from] WriteError),
}

/// A complete new version of the data file that a save wrote but did not put in place.
#[derive(Debug, Clone, PartialEq)]
pub struct StrandedSave {
    /// The leftover file (beside the data file; it loads like any data file).
    pub path: PathBuf,
    /// When it was written.
    pub modified: SystemTime,
    /// How many facilities it holds.
    pub facility_count: usize,
}

/// What was done with a leftover that is not offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StrandedNote {
    /// A partial (unfinished or damaged) new version was removed.
    RemovedPartial {
        /// The removed file.
        path: PathBuf,
        /// Why it is not a complete data file.
        reason: String,
    },
    /// A leftover identical to the data file was removed.
    RemovedDuplicate {
        /// The removed file.
        path: PathBuf,
    },
    /// A complete new version older than the data file (a later save worked) was removed.
    RemovedSuperseded {
        /// The removed file.
        path: PathBuf,
    },
    /// The previous version, kept aside by a save interrupted after the replace, became
    /// `.bak1`.
    BackupRestored {
        /// The leftover's name.
        from: PathBuf,
    },
}

impl std::fmt::Display for StrandedNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RemovedPartial { path, reason } => write!(
                f,
                "removed the incomplete file of an unfinished save {} ({reason})",
                path.display()
            ),
            Self::RemovedDuplicate { path } => write!(
                f,
                "removed {}, a copy of the file left by an unfinished save",
                path.display()
            ),
            Self::RemovedSuperseded { path } => write!(
                f,
                "removed {}, an unfinished save older than the file",
                path.display()
            ),
            Self::BackupRestored { from } => write!(
                f,
                "the previous version left in {} by an unfinished save is now .bak1",
                from.display()
            ),
        }
    }
}

/// Everything found beside one data file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StrandedReport {
    /// Complete new versions newer than the data file, newest first: offer them.
    pub offered: Vec<StrandedSave>,
    /// What was cleaned up.
    pub notes: Vec<StrandedNote>,
}

impl StrandedReport {
    /// One line for the status bar, or `None` when nothing was found.
    pub fn summary(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .offered
            .iter()
            .map(|save| {
                format!(
                    "保存未完成 A save did not finish: {} holds {} facilities, newer than the file \
                     (open or import it to use it)",
                    save.path.display(),
                    save.facility_count
                )
            })
            .collect();
        parts.extend(self.notes.iter().map(ToString::to_string));
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// The pid of the process that wrote a leftover of `file_name`, if `name` is one (`None` for
/// the fixed name older versions used, whose writer is unknown), or `Err(())` when `name` is
/// not a leftover of this file.
fn leftover_owner(file_name: &str, name: &str) -> Result<Option<i32>, ()> {
    let middle = name
        .strip_prefix(file_name)
        .and_then(|rest| {
            rest.strip_suffix(SAVING_SUFFIX)
                .or_else(|| rest.strip_suffix(PENDING_BACKUP_SUFFIX))
        })
        .ok_or(())?;
    if middle.is_empty() && name.ends_with(SAVING_SUFFIX) {
        return Ok(None);
    }
    let mut parts = middle.strip_prefix('.').ok_or(())?.split('-');
    let pid = parts.next().and_then(|pid| pid.parse().ok()).ok_or(())?;
    if parts.count() != 2 {
        return Err(());
    }
    Ok(Some(pid))
}

/// Whether a process with this pid is running (this process counts as running).
pub(crate) fn process_alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn remove(path: &Path) -> Result<(), StrandedError> {
    std::fs::remove_file(path).map_err(|source| StrandedError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Looks beside the data file `path` for leftovers of unfinished saves, removes the useless
/// ones and rotates a kept-aside previous version into `backups` generations.
pub fn find_stranded_saves(path: &Path, backups: usize) -> Result<StrandedReport, StrandedError> {
    let target = resolve_target(path)?;
    let Some(file_name) = target.file_name().and_then(|n| n.to_str()) else {
        return Ok(StrandedReport::default());
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StrandedError::Io { path, source }
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(StrandedReport::default());
        }
        Err(source) => return Err(StrandedError::Io { path: dir, source }),
    };
    let current = std::fs::read(&target).ok();
    let current_modified = target.metadata().and_then(|m| m.modified()).ok();
    let mut report = StrandedReport::default();
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let Ok(owner) = leftover_owner(file_name, &name) else {
            continue;
        };
        if owner.is_some_and(process_alive) {
            continue; // a save still running
        }
        let leftover = dir.join(&name);
        let bytes = std::fs::read(&leftover).map_err(io(&leftover))?;
        if current.as_deref() == Some(bytes.as_slice()) {
            remove(&leftover)?;
            report
                .notes
                .push(StrandedNote::RemovedDuplicate { path: leftover });
            continue;
        }
        if name.ends_with(PENDING_BACKUP_SUFFIX) {
            rotate_in(&target, &leftover, backups.max(1)).map_err(io(&leftover))?;
            report
                .notes
                .push(StrandedNote::BackupRestored { from: leftover });
            continue;
        }
        let parsed = std::str::from_utf8(&bytes)
            .map_err(|error| error.to_string())
            .and_then(|text| {
                parse_facilities(text, &leftover.display().to_string())
                    .map_err(|error| error.to_string())
            });
        let modified = leftover
            .metadata()
            .and_then(|m| m.modified())
            .map_err(io(&leftover))?;
        match parsed {
            Err(reason) => {
                remove(&leftover)?;
                report.notes.push(StrandedNote::RemovedPartial {
                    path: leftover,
                    reason,
                });
            }
            Ok(facilities) if current_modified.is_none_or(|data| modified > data) => {
                report.offered.push(StrandedSave {
                    path: leftover,
                    modified,
                    facility_count: facilities.len(),
                });
            }
            Ok(_) => {
                remove(&leftover)?;
                report
                    .notes
                    .push(StrandedNote::RemovedSuperseded { path: leftover });
            }
        }
    }
    report
        .offered
        .sort_by_key(|save| std::cmp::Reverse(save.modified));
    Ok(report)
}

/// Removes an offered leftover the user does not want.
pub fn discard_stranded(save: &StrandedSave) -> Result<(), StrandedError> {
    remove(&save.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::atomic::backup_path;
    use crate::model::io::atomic::tests::{snapshot, temp_dir};

    /// The pid of a process that has just exited.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    fn leftover(path: &Path, pid: u32, seq: u32, suffix: &str) -> PathBuf {
        let mut name = path.file_name().unwrap().to_os_string();
        name.push(format!(".{pid}-{seq}-1f{suffix}"));
        path.with_file_name(name)
    }

    fn set_age(path: &Path, seconds_ago: u64) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        let time = SystemTime::now() - std::time::Duration::from_secs(seconds_ago);
        file.set_modified(time).unwrap();
    }

    #[test]
    fn a_complete_unfinished_save_newer_than_the_file_is_offered_and_a_partial_one_removed() {
        let dir = temp_dir("stranded");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
        set_age(&path, 60);
        let newer = BUNDLED_FACILITIES.replacen("护学岗", "护学岗（新）", 1);
        let complete = leftover(&path, dead_pid(), 0, SAVING_SUFFIX);
        std::fs::write(&complete, &newer).unwrap();
        let partial = leftover(&path, dead_pid(), 1, SAVING_SUFFIX);
        std::fs::write(&partial, &newer[..newer.len() / 2]).unwrap();
        let legacy = dir.join("facilities.geojson.saving");
        std::fs::write(&legacy, "{\"type\":").unwrap();

        let report = find_stranded_saves(&path, 5).unwrap();
        assert_eq!(report.offered.len(), 1, "{report:?}");
        assert_eq!(report.offered[0].path, complete);
        assert!(report.offered[0].facility_count > 10);
        assert!(complete.exists(), "an offered save is kept");
        assert!(!partial.exists() && !legacy.exists(), "{report:?}");
        assert_eq!(report.notes.len(), 2, "{report:?}");
        assert!(
            report
                .notes
                .iter()
                .all(|note| matches!(note, StrandedNote::RemovedPartial { .. }))
        );
        let summary = report.summary().unwrap();
        assert!(summary.contains("A save did not finish"), "{summary}");
        assert!(summary.contains("removed the incomplete file"), "{summary}");

        discard_stranded(&report.offered[0]).unwrap();
        assert_eq!(
            find_stranded_saves(&path, 5).unwrap(),
            StrandedReport::default()
        );
        assert_eq!(snapshot(&dir).len(), 1);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_unfinished_save_older_than_the_file_or_equal_to_it_is_removed_not_offered() {
        let dir = temp_dir("stranded-old");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
        let older = leftover(&path, dead_pid(), 0, SAVING_SUFFIX);
        std::fs::write(&older, BUNDLED_FACILITIES.replacen("护学岗", "旧", 1)).unwrap();
        set_age(&older, 60);
        let same = leftover(&path, dead_pid(), 0, PENDING_BACKUP_SUFFIX);
        std::fs::write(&same, BUNDLED_FACILITIES).unwrap();
        let report = find_stranded_saves(&path, 5).unwrap();
        assert!(report.offered.is_empty(), "{report:?}");
        assert!(
            report
                .notes
                .contains(&StrandedNote::RemovedSuperseded { path: older })
        );
        assert!(
            report
                .notes
                .contains(&StrandedNote::RemovedDuplicate { path: same })
        );
        assert!(!backup_path(&path, 1).exists());
        assert_eq!(snapshot(&dir).len(), 1);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_previous_version_kept_aside_by_a_killed_save_becomes_the_newest_backup() {
        let dir = temp_dir("stranded-backup");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, "new version").unwrap();
        std::fs::write(backup_path(&path, 1), "older").unwrap();
        let pending = leftover(&path, dead_pid(), 0, PENDING_BACKUP_SUFFIX);
        std::fs::write(&pending, "previous version").unwrap();
        let report = find_stranded_saves(&path, 5).unwrap();
        assert_eq!(
            report.notes,
            [StrandedNote::BackupRestored { from: pending }]
        );
        let read = |g| std::fs::read_to_string(backup_path(&path, g)).unwrap();
        assert_eq!([read(1), read(2)], ["previous version", "older"]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn leftovers_of_a_save_running_in_another_live_process_are_left_alone() {
        let dir = temp_dir("stranded-live");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, BUNDLED_FACILITIES).unwrap();
        let mut saver = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let in_progress = leftover(&path, saver.id(), 0, SAVING_SUFFIX);
        std::fs::write(&in_progress, "{\"type\":\"Feature").unwrap();
        let report = find_stranded_saves(&path, 5).unwrap();
        saver.kill().ok();
        saver.wait().ok();
        assert_eq!(report, StrandedReport::default());
        assert!(in_progress.exists());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn only_leftovers_of_this_file_count() {
        let file = "facilities.geojson";
        assert_eq!(
            leftover_owner(file, "facilities.geojson.12-3-af.saving"),
            Ok(Some(12))
        );
        assert_eq!(
            leftover_owner(file, "facilities.geojson.12-3-af.bak-pending"),
            Ok(Some(12))
        );
        assert_eq!(leftover_owner(file, "facilities.geojson.saving"), Ok(None));
        for other in [
            "facilities.geojson",
            "facilities.geojson.bak1",
            "other.geojson.12-3-af.saving",
            "facilities.geojson.old.saving",
            "facilities.geojson.bak-pending",
        ] {
            assert_eq!(leftover_owner(file, other), Err(()), "{other}");
        }
    }
}
