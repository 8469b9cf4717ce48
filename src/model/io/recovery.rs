//! The recovery copies: while there are unsaved edits, each running instance keeps a copy of
//! the facilities in the user's data directory, so a crash, a power cut or a forced quit never
//! loses work; the next start of the same data file offers it back. A copy is an ordinary
//! GeoJSON file (any GIS can open it) with two extra top-level members saying what it recovers
//! and when it was written.
//!
//! Copies are per data file and per instance: `<file>-<hash>.<instance>.recovery.geojson`, the
//! hash taken from the data file's canonical path, `<instance>` the pid and start time of the
//! process that owns it. The owner holds an `flock` on `<file>-<hash>.<instance>.lock` for as
//! long as it runs; the kernel drops that lock however the process ends (even `kill -9`) and
//! a reused pid cannot fake it, which `kill(pid, 0)` could not promise. A copy whose lock is
//! free is stale (its owner is gone) and is offered; an instance only ever writes or discards
//! its own copy. A held lock of the same file is also the advisory "being edited by another
//! instance" signal.

use std::fs::File;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, json};

use crate::model::edit::history::Edit;
use crate::model::facility::Facility;
use crate::model::io::atomic::{WriteError, write_atomically};
use crate::model::io::load::{LoadError, parse_facilities};
use crate::model::io::save::{SaveError, to_geojson_text_with};

/// File name of the single recovery copy older versions kept; still read (as stale) once.
pub const RECOVERY_FILE_NAME: &str = "unsaved-edits.recovery.geojson";
const RECOVERY_SUFFIX: &str = ".recovery.geojson";
const LOCK_SUFFIX: &str = ".lock";
const JOURNAL_SUFFIX: &str = ".recovery.journal";

/// Why a recovery copy could not be kept, read or removed.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The recovery folder, a copy or a lock file could not be read or written.
    #[error("recovery copy {path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Writing the copy failed.
    #[error(transparent)]
    Save(#[from] SaveError),
    /// A copy on disk is damaged (it is kept).
    #[error(transparent)]
    Load(#[from] LoadError),
}

impl From<WriteError> for RecoveryError {
    fn from(error: WriteError) -> Self {
        Self::Save(SaveError::Write(error))
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RecoveryError + '_ {
    move |source| RecoveryError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A recovery copy found on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// What the edits were made to: a data file's path or the bundled data's name.
    pub source: String,
    /// When the copy was written (seconds since 1970, UTC).
    pub written_at_unix_s: u64,
    /// The facilities as they were.
    pub facilities: Vec<Facility>,
    /// The copy's file (to remove it once restored or discarded).
    pub file: PathBuf,
}

/// Other running instances editing the same data file (the advisory lock check), as the
/// bilingual warning the app shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OthersEditing(pub Vec<u32>);

impl std::fmt::Display for OthersEditing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pids: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(
            f,
            "另一个实例正在编辑此文件，保存可能覆盖它的修改 Another instance (pid {}) is editing \
             this file; saving here may overwrite its edits",
            pids.join(", ")
        )
    }
}

/// The key of a data file: a readable part of its name and a stable hash (FNV-1a, the same in
/// every build) of its canonical path, or of `source` as given when it is not a file.
pub fn recovery_key(source: &str) -> String {
    use std::os::unix::ffi::OsStrExt;
    let canonical = std::fs::canonicalize(source).unwrap_or_else(|_| PathBuf::from(source));
    let hash = canonical
        .as_os_str()
        .as_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    let stem: String = canonical
        .file_stem()
        .map(|stem| stem.to_string_lossy())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    format!("{stem}-{hash:016x}")
}

/// Tries to take the exclusive lock on `file` without waiting; `Ok(false)` when another open
/// file (in this or another process) holds it.
fn try_lock(file: &File) -> std::io::Result<bool> {
    // SAFETY: the descriptor is open for the duration of the call.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    if error.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(error)
    }
}

/// The lock this instance holds on one data file's key.
#[derive(Debug)]
struct Claim {
    key: String,
    lock_path: PathBuf,
    _lock: File,
}

/// This instance's recovery copies in one folder, and the view on other instances' copies.
#[derive(Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
    instance: String,
    claim: Option<Claim>,
}

/// A recovery copy of another instance.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// Its owner is gone: offer it.
    Stale(Recovery),
    /// Its owner is gone but the copy is damaged (kept, for a person to look at).
    Damaged {
        /// The copy.
        file: PathBuf,
        /// Why it cannot be read.
        reason: String,
    },
}

impl RecoveryStore {
    /// The store of this process in `dir` (nothing is created until [`Self::claim`]).
    pub fn new(dir: PathBuf) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Self {
            dir,
            instance: format!("{}-{nanos:x}", std::process::id()),
            claim: None,
        }
    }

    /// The folder the copies are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn own_file(&self, key: &str, suffix: &str) -> PathBuf {
        self.dir.join(format!("{key}.{}{suffix}", self.instance))
    }

    /// This instance's copy for the data file `source`.
    pub fn own_copy_path(&self, source: &str) -> PathBuf {
        self.own_file(&recovery_key(source), RECOVERY_SUFFIX)
    }

    /// Marks this instance as editing `source` (holding its lock), letting go of the file it
    /// edited before (and removing that file's copy of this instance: it was saved, discarded
    /// or restored into the new one).
    pub fn claim(&mut self, source: &str) -> Result<(), RecoveryError> {
        let key = recovery_key(source);
        if self.claim.as_ref().is_some_and(|claim| claim.key == key) {
            return Ok(());
        }
        self.release();
        std::fs::create_dir_all(&self.dir).map_err(io_error(&self.dir))?;
        // Locked under a temporary name and then renamed, so nobody sees it unlocked.
        let lock_path = self.own_file(&key, LOCK_SUFFIX);
        let temp = self.own_file(&key, ".lock-new");
        let mut lock = File::create(&temp).map_err(io_error(&temp))?;
        if !try_lock(&lock).map_err(io_error(&temp))? {
            return Err(RecoveryError::Io {
                path: temp,
                source: std::io::Error::from_raw_os_error(libc::EWOULDBLOCK),
            });
        }
        writeln!(lock, "{}", std::process::id()).map_err(io_error(&temp))?;
        std::fs::rename(&temp, &lock_path).map_err(io_error(&lock_path))?;
        self.claim = Some(Claim {
            key,
            lock_path,
            _lock: lock,
        });
        Ok(())
    }

    /// Lets go of the current file: removes this instance's copy and lock.
    fn release(&mut self) {
        if let Some(claim) = self.claim.take() {
            remove_quietly(&self.own_file(&claim.key, RECOVERY_SUFFIX));
            remove_quietly(&claim.lock_path);
        }
    }

    /// Writes (atomically) this instance's copy of `facilities`, edited from `source`.
    pub fn write(&mut self, source: &str, facilities: &[Facility]) -> Result<(), RecoveryError> {
        self.claim(source)?;
        let written_at_unix_s = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut members = Map::new();
        members.insert("recovery_of".to_owned(), json!(source));
        members.insert("recovery_written_at".to_owned(), json!(written_at_unix_s));
        let text = to_geojson_text_with(facilities, members)?;
        let copy = self.own_copy_path(source);
        write_atomically(&copy, &text, 0)?;
        // The copy holds every edit now; the journal starts again.
        remove_quietly(&journal_path(&copy));
        Ok(())
    }

    /// Appends `edits` (applied after the last full copy, in order) to this instance's journal
    /// for `source` and fsyncs it. Needs a full copy first ([`RecoveryStore::write`]).
    pub fn append(&mut self, source: &str, edits: &[Edit]) -> Result<(), RecoveryError> {
        self.claim(source)?;
        let journal = journal_path(&self.own_copy_path(source));
        let mut text = String::new();
        for edit in edits {
            text.push_str(&crate::model::io::journal::encode(edit).map_err(SaveError::Json)?);
            text.push('\n');
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&journal)
            .map_err(io_error(&journal))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(io_error(&journal))
    }

    /// Removes this instance's copy (after a save, or when quitting without saving); other
    /// instances' copies are never touched.
    pub fn discard_own(&mut self) {
        if let Some(claim) = &self.claim {
            let copy = self.own_file(&claim.key, RECOVERY_SUFFIX);
            remove_quietly(&journal_path(&copy));
            remove_quietly(&copy);
        }
    }

    /// The pids of other running instances editing `source` (advisory: they hold its lock).
    pub fn others_editing(&self, source: &str) -> Vec<u32> {
        let key = recovery_key(source);
        self.entries_of(&key, LOCK_SUFFIX)
            .into_iter()
            .filter(|(_, instance)| *instance != self.instance)
            .filter_map(|(path, _)| {
                let file = File::open(&path).ok()?;
                match try_lock(&file) {
                    Ok(false) => std::fs::read_to_string(&path).ok()?.trim().parse().ok(),
                    _ => None, // free (a dead owner) or unreadable
                }
            })
            .collect()
    }

    /// Files `<key>.<instance><suffix>` in the folder, with their instance.
    fn entries_of(&self, key: &str, suffix: &str) -> Vec<(PathBuf, String)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let prefix = format!("{key}.");
        let mut found: Vec<(PathBuf, String)> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let instance = name.strip_prefix(&prefix)?.strip_suffix(suffix)?;
                (!instance.contains('.')).then(|| (entry.path(), instance.to_owned()))
            })
            .collect();
        found.sort();
        found
    }

    /// Whether the instance that wrote a copy is gone (its lock is free or missing). A free
    /// lock is taken and returned so that nobody else claims the copy meanwhile.
    fn owner_gone(&self, key: &str, instance: &str) -> Option<Option<File>> {
        let lock_path = self.dir.join(format!("{key}.{instance}{LOCK_SUFFIX}"));
        match File::open(&lock_path) {
            Ok(file) => match try_lock(&file) {
                Ok(true) => Some(Some(file)),
                _ => None,
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Some(None),
            Err(_) => None,
        }
    }

    /// The copies of `source` whose owner is gone, newest first (the single copy of older
    /// versions counts when it is of `source`).
    pub fn stale(&self, source: &str) -> Vec<Found> {
        let key = recovery_key(source);
        let mut found: Vec<Found> = self
            .entries_of(&key, RECOVERY_SUFFIX)
            .into_iter()
            .filter(|(_, instance)| *instance != self.instance)
            .filter(|(_, instance)| self.owner_gone(&key, instance).is_some())
            .filter_map(|(path, _)| match read_copy(&path) {
                Ok(Some(recovery)) => Some(Found::Stale(recovery)),
                Ok(None) => None,
                Err(error) => Some(Found::Damaged {
                    file: path,
                    reason: error.to_string(),
                }),
            })
            .collect();
        let legacy = self.dir.join(RECOVERY_FILE_NAME);
        match read_copy(&legacy) {
            Ok(Some(recovery)) if recovery_key(&recovery.source) == key => {
                found.push(Found::Stale(recovery));
            }
            Ok(_) => {}
            Err(error) => found.push(Found::Damaged {
                file: legacy,
                reason: error.to_string(),
            }),
        }
        found.sort_by_key(|found| {
            std::cmp::Reverse(match found {
                Found::Stale(recovery) => recovery.written_at_unix_s,
                Found::Damaged { .. } => 0,
            })
        });
        found
    }

    /// Removes a stale copy (restored or discarded) with its lock file; refuses, returning
    /// `false`, when its owner turns out to be alive.
    pub fn remove_stale(&self, file: &Path) -> bool {
        let name = file
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        if let Some((key, instance)) = name
            .strip_suffix(RECOVERY_SUFFIX)
            .and_then(|stem| stem.rsplit_once('.'))
        {
            if instance == self.instance {
                return false;
            }
            let Some(lock) = self.owner_gone(key, instance) else {
                return false;
            };
            remove_quietly(&journal_path(file));
            remove_quietly(file);
            if lock.is_some() {
                remove_quietly(&self.dir.join(format!("{key}.{instance}{LOCK_SUFFIX}")));
            }
            return true;
        }
        if name == RECOVERY_FILE_NAME {
            remove_quietly(file);
            return true;
        }
        false
    }
}

impl Drop for RecoveryStore {
    /// The copy stays (unsaved edits of a forced quit); the lock file goes, so the next start
    /// sees the copy as stale. The kernel releases the lock itself.
    fn drop(&mut self) {
        if let Some(claim) = self.claim.take() {
            remove_quietly(&claim.lock_path);
        }
    }
}

fn remove_quietly(path: &Path) {
    if let Err(error) = std::fs::remove_file(path)
        && error.kind() != std::io::ErrorKind::NotFound
    {
        log::warn!("cannot remove {}: {error}", path.display());
    }
}

/// Reads one recovery copy, if it exists. A damaged copy is an error (and is kept).
/// The journal beside a recovery copy.
fn journal_path(copy: &Path) -> PathBuf {
    let name = copy
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(RECOVERY_SUFFIX).unwrap_or(&name);
    copy.with_file_name(format!("{stem}{JOURNAL_SUFFIX}"))
}

/// The members a recovery copy adds to its FeatureCollection.
#[derive(Debug, Default, serde::Deserialize)]
struct RecoveryHeader {
    #[serde(default)]
    recovery_of: String,
    #[serde(default)]
    recovery_written_at: u64,
}

fn read_copy(path: &Path) -> Result<Option<Recovery>, RecoveryError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(io_error(path)(source)),
    };
    let mut facilities = parse_facilities(&text, &path.display().to_string())?;
    let journal = journal_path(path);
    match std::fs::read_to_string(&journal) {
        Ok(edits) => {
            let replay = crate::model::io::journal::replay(&mut facilities, &edits);
            if let Some(problem) = replay.stopped_at {
                log::warn!(
                    "{}: {problem}; the {} edits before it are recovered",
                    journal.display(),
                    replay.applied
                );
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(io_error(&journal)(source)),
    }
    // The features are skipped, not built into a second tree (seconds for a big copy).
    let header: RecoveryHeader = serde_json::from_str(&text).unwrap_or_default();
    Ok(Some(Recovery {
        source: header.recovery_of,
        written_at_unix_s: header.recovery_written_at,
        facilities,
        file: path.to_path_buf(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::atomic::tests::temp_dir;

    fn edited(note: &str) -> Vec<Facility> {
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        if let Some(first) = facilities.first_mut() {
            first.notes = note.into();
        }
        facilities
    }

    fn stale_notes(store: &RecoveryStore, source: &str) -> Vec<String> {
        store
            .stale(source)
            .into_iter()
            .map(|found| match found {
                Found::Stale(recovery) => recovery.facilities[0].notes.to_string(),
                Found::Damaged { reason, .. } => format!("damaged: {reason}"),
            })
            .collect()
    }

    /// Two data files `a` and `b` in a fresh folder, and the recovery folder beside them.
    fn setup(name: &str) -> (PathBuf, String, String, PathBuf) {
        let dir = temp_dir(name);
        let (a, b) = (dir.join("a.geojson"), dir.join("b.geojson"));
        std::fs::write(&a, BUNDLED_FACILITIES).unwrap();
        std::fs::write(&b, BUNDLED_FACILITIES).unwrap();
        let display = |p: &Path| p.display().to_string();
        (dir.clone(), display(&a), display(&b), dir.join("recovery"))
    }

    #[test]
    fn another_instances_save_or_discard_never_touches_this_instances_copy() {
        let (dir, a, b, recovery) = setup("recovery-independent");
        let mut p = RecoveryStore::new(recovery.clone());
        p.write(&a, &edited("P's edit of a")).unwrap();
        let mut c = RecoveryStore::new(recovery.clone());
        c.write(&b, &edited("C's edit of b")).unwrap();
        c.discard_own(); // C saved b.
        let mut d = RecoveryStore::new(recovery.clone());
        d.write(&a, &edited("D's edit of a")).unwrap();
        d.discard_own(); // D saved a too.
        assert!(
            p.own_copy_path(&a).exists(),
            "P's copy survives C's and D's saves"
        );
        assert!(
            stale_notes(&c, &a).is_empty(),
            "P is alive: not offered to others"
        );
        assert!(
            !c.remove_stale(&p.own_copy_path(&a)),
            "nor removable by them"
        );
        drop((c, d));

        drop(p); // P is killed with unsaved edits.
        let next = RecoveryStore::new(recovery);
        assert_eq!(stale_notes(&next, &a), ["P's edit of a"]);
        assert!(stale_notes(&next, &b).is_empty(), "per data file");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn two_instances_with_unsaved_edits_of_the_same_file_keep_separate_copies() {
        let (dir, a, _, recovery) = setup("recovery-two");
        let mut first = RecoveryStore::new(recovery.clone());
        let mut second = RecoveryStore::new(recovery.clone());
        first.write(&a, &edited("first")).unwrap();
        second.write(&a, &edited("second")).unwrap();
        assert_ne!(first.own_copy_path(&a), second.own_copy_path(&a));
        drop(first);
        drop(second);
        let next = RecoveryStore::new(recovery);
        let mut notes = stale_notes(&next, &a);
        notes.sort();
        assert_eq!(notes, ["first", "second"]);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_copy_whose_owner_was_killed_is_offered_at_the_next_start_of_that_file() {
        let (dir, a, _, recovery) = setup("recovery-killed");
        // A real process takes the lock and is killed with SIGKILL, leaving its lock file.
        let key = recovery_key(&a);
        let instance = "999999-abc";
        std::fs::create_dir_all(&recovery).unwrap();
        let lock = recovery.join(format!("{key}.{instance}.lock"));
        // `-o`: the lock stays with `flock` itself, not with the `sleep` it starts.
        let mut owner = std::process::Command::new("flock")
            .arg("-o")
            .arg(&lock)
            .args(["sleep", "30"])
            .spawn()
            .unwrap();
        let copy = recovery.join(format!("{key}.{instance}{RECOVERY_SUFFIX}"));
        let mut members = Map::new();
        members.insert("recovery_of".to_owned(), json!(a));
        members.insert("recovery_written_at".to_owned(), json!(1_800_000_000_u64));
        let text = to_geojson_text_with(&edited("killed"), members).unwrap();
        std::fs::write(&copy, text).unwrap();
        let store = RecoveryStore::new(recovery.clone());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while store.owner_gone(&key, instance).is_some() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(stale_notes(&store, &a).is_empty(), "its owner is alive");
        owner.kill().unwrap();
        owner.wait().unwrap();
        assert!(lock.exists(), "the lock file outlives its owner");
        // `flock`'s child shares the lock from its fork until it closes the descriptor just
        // before it starts `sleep`; on a busy machine that can come after the kill.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while store.owner_gone(&key, instance).is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(stale_notes(&store, &a), ["killed"]);
        assert!(store.remove_stale(&copy));
        assert!(!copy.exists() && !lock.exists());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_second_instance_is_told_the_file_is_being_edited() {
        let (dir, a, b, recovery) = setup("recovery-advisory");
        let mut first = RecoveryStore::new(recovery.clone());
        first.claim(&a).unwrap();
        let mut second = RecoveryStore::new(recovery.clone());
        second.claim(&a).unwrap();
        assert_eq!(second.others_editing(&a), [std::process::id()]);
        let warning = OthersEditing(second.others_editing(&a)).to_string();
        assert!(
            warning.contains(&format!("pid {}", std::process::id())),
            "{warning}"
        );
        assert!(second.others_editing(&b).is_empty());
        assert!(first.claim(&b).is_ok(), "first moves on to b (Save as)");
        assert!(second.others_editing(&a).is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_key_is_the_canonical_path_so_two_spellings_of_a_file_share_it() {
        let (dir, a, b, _) = setup("recovery-key");
        let spelled = format!("{}/./a.geojson", dir.display());
        assert_eq!(recovery_key(&a), recovery_key(&spelled));
        assert_ne!(recovery_key(&a), recovery_key(&b));
        assert!(recovery_key(&a).starts_with("a-"), "{}", recovery_key(&a));
        assert_eq!(recovery_key("bundled data"), recovery_key("bundled data"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_single_copy_of_older_versions_is_offered_once_for_its_file() {
        let (dir, a, b, recovery) = setup("recovery-legacy");
        std::fs::create_dir_all(&recovery).unwrap();
        let mut members = Map::new();
        members.insert("recovery_of".to_owned(), json!(a));
        let text = to_geojson_text_with(&edited("legacy"), members).unwrap();
        let legacy = recovery.join(RECOVERY_FILE_NAME);
        std::fs::write(&legacy, text).unwrap();
        let store = RecoveryStore::new(recovery);
        assert!(stale_notes(&store, &b).is_empty());
        assert_eq!(stale_notes(&store, &a), ["legacy"]);
        assert!(store.remove_stale(&legacy));
        assert!(stale_notes(&store, &a).is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}
