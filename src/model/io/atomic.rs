//! Replacing a file on disk without ever destroying a version: the new content goes to a
//! unique temporary file in the same directory (pid + counter + time), is fsynced and complete
//! before anything else happens; the old version is kept as a backup by a hard link (or, where
//! links are not possible, a fsynced copy under a temporary name) made before the replace; the
//! rename over the file is the only step that changes it; the rotating backups
//! (`.bak1` newest … `.bakN`) are shifted only after that rename worked. Any failure before the
//! rename leaves the file and every backup exactly as they were and removes the temporary files.
//! The real file is written: a symbolic link is followed (the link stays, its target gets the
//! new content, the temporary file and backups live beside the target), the mode and, where
//! permitted, the owner and group are carried over, and a read-only file is refused.

use std::ffi::OsString;
use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Suffix of the temporary file a save writes before renaming it over the data file.
pub const SAVING_SUFFIX: &str = ".saving";
/// Suffix of the old version kept aside during a save until it becomes `.bak1`.
pub const PENDING_BACKUP_SUFFIX: &str = ".bak-pending";

/// Why writing a file failed. Unless the variant says otherwise, the file and its backups are
/// exactly as they were before.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Writing the temporary file, the backup or the rename failed.
    #[error("cannot save {path}: {source}")]
    Io {
        /// The file being saved (or its temporary/backup sibling).
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file may not be written (no write permission, or a read-only file system).
    #[error(
        "{path} is read-only, nothing was changed; use Save as (另存为) to keep the edits in \
         another file"
    )]
    ReadOnly {
        /// The file (the target, when it was reached through a symbolic link).
        path: PathBuf,
    },
    /// No new file may be created in the file's folder, so it cannot be replaced safely.
    #[error(
        "cannot create a file in {dir} to save {path} safely, nothing was changed; use Save as \
         (另存为) to keep the edits in another folder"
    )]
    FolderReadOnly {
        /// The folder.
        dir: PathBuf,
        /// The file being saved.
        path: PathBuf,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The file a save of `path` really writes: `path` itself, or where its symbolic links lead
/// (relative links are resolved from the link's folder). A dangling link leads to the file it
/// names, which the save creates.
pub fn resolve_target(path: &Path) -> Result<PathBuf, WriteError> {
    const MAX_LINKS: usize = 40;
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match current.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current).map_err(io_error(&current))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(current),
            Err(source) => {
                return Err(WriteError::Io {
                    path: current,
                    source,
                });
            }
        }
    }
    Err(WriteError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::from_raw_os_error(libc::ELOOP),
    })
}

/// Whether this process may write `path` (its permission bits and the file system agree).
/// Root may write anything, so a file without any write bit counts as read-only for everyone.
fn check_writable(path: &Path, meta: &Metadata) -> Result<(), WriteError> {
    let read_only = || WriteError::ReadOnly {
        path: path.to_path_buf(),
    };
    if meta.permissions().readonly() {
        return Err(read_only());
    }
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: `c_path` is a valid NUL-terminated string that lives across the call.
    if unsafe { libc::access(c_path.as_ptr(), libc::W_OK) } != 0 {
        let error = std::io::Error::last_os_error();
        if matches!(
            error.raw_os_error(),
            Some(libc::EACCES | libc::EPERM | libc::EROFS)
        ) {
            return Err(read_only());
        }
    }
    Ok(())
}

/// Gives the new file the old one's owner and group (where permitted: root may set both, an
/// ordinary user only a group they belong to) and then its mode (after, because changing the
/// owner clears set-id bits).
fn copy_ownership_and_mode(file: &File, temp: &Path, old: &Metadata) -> Result<(), WriteError> {
    use std::os::fd::AsRawFd;
    let new = file.metadata().map_err(io_error(temp))?;
    if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
        let fd = file.as_raw_fd();
        // SAFETY: `fd` is an open descriptor owned by `file` for the duration of the calls.
        let both = unsafe { libc::fchown(fd, old.uid(), old.gid()) };
        if both != 0 && new.gid() != old.gid() {
            // SAFETY: as above; `uid_t::MAX` (-1) leaves the owner unchanged.
            if unsafe { libc::fchown(fd, libc::uid_t::MAX, old.gid()) } != 0 {
                log::info!(
                    "{}: cannot keep group {}: {}",
                    temp.display(),
                    old.gid(),
                    std::io::Error::last_os_error()
                );
            }
        }
    }
    file.set_permissions(std::fs::Permissions::from_mode(old.mode() & 0o7777))
        .map_err(io_error(temp))
}

/// `facilities.geojson` → `facilities.geojson.bak1` (newest) … `.bakN` (oldest).
pub fn backup_path(path: &Path, generation: usize) -> PathBuf {
    sibling(path, &format!(".bak{generation}"))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// A name no other save (in this or another process) uses: `<file>.<pid>-<n>-<time><suffix>`.
/// The pid comes first so a leftover can be traced to the process that wrote it.
pub(crate) fn unique_sibling(path: &Path, suffix: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    sibling(
        path,
        &format!(".{}-{count}-{nanos:x}{suffix}", std::process::id()),
    )
}

/// Removes a temporary file when dropped, unless it was kept.
struct TempGuard {
    path: Option<PathBuf>,
}

impl TempGuard {
    fn keep(mut self) -> PathBuf {
        self.path.take().unwrap_or_default()
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.path.take()
            && let Err(error) = std::fs::remove_file(&path)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            log::warn!("cannot remove {}: {error}", path.display());
        }
    }
}

/// How the bytes reach the temporary file; tests replace it to inject faults (a disk that
/// fills after N bytes).
pub(crate) type Writer<'a> = &'a mut dyn FnMut(&mut File, &[u8]) -> std::io::Result<()>;

/// Knobs of [`write_with`] that only tests change.
pub(crate) struct Strategy<'a> {
    /// Writes the content to the temporary file.
    pub writer: Writer<'a>,
    /// Keep the old version by a hard link when possible (otherwise always by a copy).
    pub hard_link_backups: bool,
}

/// Writes `text` to `path` atomically, keeping up to `backups` previous versions beside it
/// (beside the target when `path` is a symbolic link).
pub fn write_atomically(path: &Path, text: &str, backups: usize) -> Result<(), WriteError> {
    let mut writer = |file: &mut File, bytes: &[u8]| file.write_all(bytes);
    write_with(
        path,
        text.as_bytes(),
        backups,
        Strategy {
            writer: &mut writer,
            hard_link_backups: true,
        },
    )
}

/// [`write_atomically`] with the writer and backup method chosen by the caller.
pub(crate) fn write_with(
    path: &Path,
    bytes: &[u8],
    backups: usize,
    strategy: Strategy<'_>,
) -> Result<(), WriteError> {
    let target = resolve_target(path)?;
    let path = target.as_path();
    let old = match path.metadata() {
        Ok(meta) => Some(meta),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(WriteError::Io {
                path: target,
                source,
            });
        }
    };
    if let Some(old) = &old {
        check_writable(path, old)?;
    }
    // 1. The new content, complete and on disk, under a name nobody else uses.
    let temp = unique_sibling(path, SAVING_SUFFIX);
    let temp_guard = write_new_file(&temp, bytes, strategy.writer, old.as_ref()).map_err(
        |error| match error {
            WriteError::Io { source, .. }
                if matches!(
                    source.raw_os_error(),
                    Some(libc::EACCES | libc::EPERM | libc::EROFS)
                ) =>
            {
                WriteError::FolderReadOnly {
                    dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                    path: path.to_path_buf(),
                }
            }
            other => other,
        },
    )?;
    // 2. The old version kept aside (it is still the data file too).
    let pending = if backups > 0 && old.is_some() {
        Some(keep_old_version(path, strategy.hard_link_backups)?)
    } else {
        None
    };
    // 3. The only step that changes the data file.
    std::fs::rename(&temp, path).map_err(io_error(path))?;
    temp_guard.keep();
    sync_parent(path);
    // 4. Only now the rotation: the old version becomes `.bak1`.
    if let Some(pending) = pending {
        let pending = pending.keep();
        if let Err(error) = rotate_in(path, &pending, backups) {
            // The save itself worked; the previous version stays under its pending name, where
            // the next start finds it (see `stranded`).
            log::warn!(
                "saved {}, but the previous version stays in {}: {error}",
                path.display(),
                pending.display()
            );
        }
        sync_parent(path);
    }
    Ok(())
}

/// Creates `temp` (which must not exist), writes `bytes` with `writer`, gives it the owner,
/// group and mode of `like` (the file it will replace) and fsyncs it.
fn write_new_file(
    temp: &Path,
    bytes: &[u8],
    writer: Writer<'_>,
    like: Option<&Metadata>,
) -> Result<TempGuard, WriteError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .open(temp)
        .map_err(io_error(temp))?;
    let guard = TempGuard {
        path: Some(temp.to_path_buf()),
    };
    writer(&mut file, bytes).map_err(io_error(temp))?;
    if let Some(old) = like {
        copy_ownership_and_mode(&file, temp, old)?;
    }
    file.sync_all().map_err(io_error(temp))?;
    Ok(guard)
}

/// A second name for the current version of `path`: a hard link, or a fsynced copy where the
/// file system has no links. Either way it is complete the moment it has its name.
fn keep_old_version(path: &Path, hard_link: bool) -> Result<TempGuard, WriteError> {
    let pending = unique_sibling(path, PENDING_BACKUP_SUFFIX);
    if hard_link {
        match std::fs::hard_link(path, &pending) {
            Ok(()) => {
                return Ok(TempGuard {
                    path: Some(pending),
                });
            }
            Err(error) => log::info!(
                "cannot hard-link {} ({error}); copying it instead",
                path.display()
            ),
        }
    }
    let copy = unique_sibling(path, SAVING_SUFFIX);
    let mut source = File::open(path).map_err(io_error(path))?;
    let mut writer = |file: &mut File, _: &[u8]| std::io::copy(&mut source, file).map(drop);
    let old = path.metadata().map_err(io_error(path))?;
    let guard = write_new_file(&copy, &[], &mut writer, Some(&old))?;
    std::fs::rename(&copy, &pending).map_err(io_error(&pending))?;
    guard.keep();
    Ok(TempGuard {
        path: Some(pending),
    })
}

/// Makes `pending` the newest backup `.bak1`: shifts `.bak1…` down to the first missing
/// generation (or drops the oldest when all `backups` exist). Every step is a rename, so an
/// interrupted rotation can be finished by calling this again with the same file.
pub(crate) fn rotate_in(path: &Path, pending: &Path, backups: usize) -> std::io::Result<()> {
    let free = (1..=backups)
        .find(|&generation| backup_path(path, generation).symlink_metadata().is_err())
        .unwrap_or(backups);
    for generation in (1..free).rev() {
        std::fs::rename(
            backup_path(path, generation),
            backup_path(path, generation + 1),
        )?;
    }
    std::fs::rename(pending, backup_path(path, 1))
}

/// Makes the renames in the file's directory durable.
fn sync_parent(path: &Path) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if let Err(error) = File::open(dir).and_then(|dir| dir.sync_all()) {
        log::warn!("cannot sync directory {}: {error}", dir.display());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("zhongzhan-atomic-{}-{name}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Every file in `dir` with its content, sorted by name.
    pub(crate) fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| {
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    std::fs::read(entry.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    /// A small tmpfs mounted for one test (root only); unmounted and removed on drop.
    pub(crate) struct SmallDisk {
        pub dir: PathBuf,
    }

    impl SmallDisk {
        /// Mounts a tmpfs of `size` (e.g. "2m"), or says why not and returns `None`.
        pub(crate) fn mount(name: &str, size: &str) -> Option<Self> {
            // SAFETY: geteuid has no preconditions.
            if unsafe { libc::geteuid() } != 0 {
                println!("skipped the real full-disk part of {name}: not running as root");
                return None;
            }
            let dir = temp_dir(&format!("disk-{name}"));
            let status = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
                .arg(&dir)
                .status();
            match status {
                Ok(status) if status.success() => Some(Self { dir }),
                other => {
                    println!("skipped the real full-disk part of {name}: mount failed: {other:?}");
                    std::fs::remove_dir_all(&dir).ok();
                    None
                }
            }
        }
    }

    impl Drop for SmallDisk {
        fn drop(&mut self) {
            std::process::Command::new("umount")
                .arg(&self.dir)
                .status()
                .ok();
            std::fs::remove_dir_all(&self.dir).ok();
        }
    }

    fn full_disk_after(limit: usize) -> impl FnMut(&mut File, &[u8]) -> std::io::Result<()> {
        move |file: &mut File, bytes: &[u8]| {
            let written = bytes.len().min(limit);
            file.write_all(&bytes[..written])?;
            if written < bytes.len() {
                return Err(std::io::Error::from_raw_os_error(libc::ENOSPC));
            }
            Ok(())
        }
    }

    fn save_versions(path: &Path, versions: std::ops::RangeInclusive<u32>, backups: usize) {
        for version in versions {
            write_atomically(path, &format!("version {version}\n"), backups).unwrap();
        }
    }

    #[test]
    fn saving_keeps_rotating_backups_newest_first_and_no_temporary_files() {
        let dir = temp_dir("backups");
        let path = dir.join("facilities.geojson");
        save_versions(&path, 1..=5, 3);
        let files = snapshot(&dir);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "facilities.geojson",
                "facilities.geojson.bak1",
                "facilities.geojson.bak2",
                "facilities.geojson.bak3"
            ]
        );
        let contents: Vec<&[u8]> = files.iter().map(|(_, bytes)| bytes.as_slice()).collect();
        assert_eq!(
            contents,
            [
                b"version 5\n".as_slice(),
                b"version 4\n",
                b"version 3\n",
                b"version 2\n"
            ]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn five_saves_failing_after_some_bytes_leave_the_file_and_every_backup_byte_identical() {
        let dir = temp_dir("fail-after-n");
        let path = dir.join("facilities.geojson");
        save_versions(&path, 1..=7, 5);
        let before = snapshot(&dir);
        for (attempt, hard_link_backups) in
            [(0, true), (1, false), (2, true), (3, false), (4, true)]
        {
            let mut writer = full_disk_after(attempt * 3);
            let result = write_with(
                &path,
                b"a new version that does not fit",
                5,
                Strategy {
                    writer: &mut writer,
                    hard_link_backups,
                },
            );
            let error = result.unwrap_err().to_string();
            assert!(
                error.contains(".saving"),
                "names the temporary file: {error}"
            );
            assert_eq!(snapshot(&dir), before, "after failed save {attempt}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn five_failed_saves_on_a_really_full_disk_leave_the_file_and_every_backup_byte_identical() {
        let Some(disk) = SmallDisk::mount("full-disk", "2m") else {
            return;
        };
        let path = disk.dir.join("facilities.geojson");
        // Six versions of 300 KB each fit (hard-linked backups take no room)...
        let version = |n: u8| vec![b'0' + n; 300_000];
        for n in 1..=6 {
            let text = String::from_utf8(version(n)).unwrap();
            write_atomically(&path, &text, 5).unwrap();
        }
        let before = snapshot(&disk.dir);
        assert_eq!(before.len(), 6);
        // ... but a seventh version of 700 KB does not (about 1.8 MB are used).
        let too_big = "x".repeat(700_000);
        for attempt in 0..5 {
            let error = write_atomically(&path, &too_big, 5).unwrap_err();
            assert!(
                error.to_string().contains("No space left"),
                "attempt {attempt}: {error}"
            );
            assert_eq!(snapshot(&disk.dir), before, "after failed save {attempt}");
        }
        // Room for the new file but not for a copy of the old one: the copy fails, nothing moves.
        let mut writer = |file: &mut File, bytes: &[u8]| file.write_all(bytes);
        let fits = "y".repeat(150_000);
        let error = write_with(
            &path,
            fits.as_bytes(),
            5,
            Strategy {
                writer: &mut writer,
                hard_link_backups: false,
            },
        )
        .unwrap_err();
        assert!(error.to_string().contains("No space left"), "{error}");
        assert_eq!(snapshot(&disk.dir), before, "after the failed backup copy");
        // Once there is room again, saving works.
        std::fs::remove_file(backup_path(&path, 5)).unwrap();
        write_atomically(&path, &fits, 5).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), fits.as_bytes());
        assert_eq!(std::fs::read(backup_path(&path, 1)).unwrap(), version(6));
    }

    #[test]
    fn a_backup_kept_by_copying_is_complete_and_the_rotation_is_the_same() {
        let dir = temp_dir("copy-backups");
        let path = dir.join("facilities.geojson");
        for version in 1..=3 {
            let mut writer = |file: &mut File, bytes: &[u8]| file.write_all(bytes);
            write_with(
                &path,
                format!("version {version}\n").as_bytes(),
                2,
                Strategy {
                    writer: &mut writer,
                    hard_link_backups: false,
                },
            )
            .unwrap();
        }
        assert_eq!(
            std::fs::read(backup_path(&path, 1)).unwrap(),
            b"version 2\n"
        );
        assert_eq!(
            std::fs::read(backup_path(&path, 2)).unwrap(),
            b"version 1\n"
        );
        assert_eq!(snapshot(&dir).len(), 3);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_interrupted_rotation_finishes_without_losing_a_generation() {
        let dir = temp_dir("rotation");
        let path = dir.join("f");
        for (generation, text) in [(1, "b1"), (2, "b2"), (4, "b3")] {
            // `.bak3` was already moved to `.bak4` when the save was killed.
            std::fs::write(backup_path(&path, generation), text).unwrap();
        }
        let pending = dir.join("pending");
        std::fs::write(&pending, "old").unwrap();
        rotate_in(&path, &pending, 5).unwrap();
        let read = |g| std::fs::read_to_string(backup_path(&path, g)).unwrap();
        assert_eq!(
            [read(1), read(2), read(3), read(4)],
            ["old", "b1", "b2", "b3"]
        );
        assert!(!backup_path(&path, 5).exists());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn saving_through_a_symbolic_link_writes_its_target_and_keeps_the_link() {
        let dir = temp_dir("symlink");
        std::fs::create_dir_all(dir.join("shared")).unwrap();
        let target = dir.join("shared").join("facilities.geojson");
        std::fs::write(&target, "old").unwrap();
        let link = dir.join("facilities.geojson");
        std::os::unix::fs::symlink("shared/facilities.geojson", &link).unwrap();
        write_atomically(&link, "new", 5).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(
            std::fs::read_link(&link).unwrap(),
            Path::new("shared/facilities.geojson")
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            std::fs::read_to_string(backup_path(&target, 1)).unwrap(),
            "old"
        );
        assert_eq!(
            snapshot(&dir.join("shared")).len(),
            2,
            "no temporary files left"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn saving_keeps_the_mode_and_where_permitted_the_owner_and_group() {
        let dir = temp_dir("mode");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        if root {
            std::os::unix::fs::chown(&path, Some(4321), Some(100)).unwrap();
        } else {
            println!("not root: only the mode is checked, not a foreign owner and group");
        }
        let before = std::fs::metadata(&path).unwrap();
        write_atomically(&path, "new", 5).unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(after.mode() & 0o7777, 0o664);
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        if root {
            assert_eq!((after.uid(), after.gid()), (4321, 100));
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_read_only_file_is_refused_naming_the_file_and_suggesting_save_as() {
        let dir = temp_dir("read-only");
        let path = dir.join("facilities.geojson");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = write_atomically(&path, "new", 5).unwrap_err();
        assert!(matches!(error, WriteError::ReadOnly { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("Save as"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            std::fs::metadata(&path).unwrap().mode() & 0o7777,
            0o444,
            "still read-only"
        );
        assert_eq!(snapshot(&dir).len(), 1, "no temporary or backup file");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn two_saves_in_flight_never_share_a_temporary_name() {
        let path = Path::new("/srv/facilities.geojson");
        let first = unique_sibling(path, SAVING_SUFFIX);
        let second = unique_sibling(path, SAVING_SUFFIX);
        assert_ne!(first, second);
        let name = first.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(&format!("facilities.geojson.{}-", std::process::id())),
            "{name}"
        );
        assert!(name.ends_with(SAVING_SUFFIX));
    }
}
