//! Opening a big data file without freezing the window: from [`LOAD_IN_BACKGROUND_FROM_BYTES`]
//! the file is read, parsed and indexed on a worker thread while the window shows the map with
//! a *reading* row (file, size, a bar of how far it is, seconds) and *Use bundled data* to give
//! up waiting, which also stops the worker. Until it is read nothing can be edited or saved (an
//! empty list can never be written over the file), and the recovery copies of that file are
//! looked at once it is there, so they are compared with its real content.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use super::data::LoadedData;
use super::{DataSource, MapApp};
use crate::model::{Catalog, Datum};

/// Files from this size are read on a worker thread (about 10 000 facilities: below it a
/// load takes well under a second).
pub const LOAD_IN_BACKGROUND_FROM_BYTES: u64 = 8 * 1024 * 1024;

/// How often the reading row updates its seconds.
const PROGRESS_REPAINT: Duration = Duration::from_millis(250);

/// A data file being read on a worker thread.
pub(super) struct Loading {
    receiver: Receiver<LoadedData>,
    /// The file.
    pub(super) path: PathBuf,
    /// Its size.
    pub(super) bytes: u64,
    /// When reading started.
    pub(super) started: Instant,
    /// How far the load is, 0 to 1 (an `f32`'s bits), set by the worker.
    done: Arc<AtomicU32>,
    /// Set when the window stops waiting; the worker then stops parsing.
    stopped: Arc<AtomicBool>,
    /// Whether the map fits the facilities once they are there (first run, or a file opened).
    fit: bool,
    /// The recovery directory, looked at once the file is read.
    pub(super) recovery_dir: Option<PathBuf>,
}

/// Loads `source` now, or — a big file — starts reading it on a worker thread and returns an
/// empty placeholder with the reading under way.
pub(super) fn start(source: DataSource, datum: Datum, fit: bool) -> (LoadedData, Option<Loading>) {
    let DataSource::File(path) = &source else {
        return (LoadedData::load(source, datum), None);
    };
    let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
    if bytes < LOAD_IN_BACKGROUND_FROM_BYTES {
        return (LoadedData::load(source, datum), None);
    }
    let (sender, receiver) = mpsc::channel();
    let worker_source = source.clone();
    let done = Arc::new(AtomicU32::new(0.0_f32.to_bits()));
    let worker_done = Arc::clone(&done);
    let stopped = Arc::new(AtomicBool::new(false));
    let worker_stopped = Arc::clone(&stopped);
    let spawned = std::thread::Builder::new()
        .name("zhongzhan-map load".to_owned())
        .spawn(move || {
            let report = |share: f32| {
                worker_done.store(share.to_bits(), Ordering::Relaxed);
                // The window stopped waiting: the rest of the parse is not worth its time.
                if worker_stopped.load(Ordering::Relaxed) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            };
            // The window may have given up waiting; then nobody receives.
            sender
                .send(LoadedData::load_reporting(worker_source, datum, &report))
                .ok();
        });
    if let Err(error) = spawned {
        log::warn!("cannot read in the background ({error}); reading now");
        return (LoadedData::load(source, datum), None);
    }
    let loading = Loading {
        receiver,
        path: path.clone(),
        bytes,
        started: Instant::now(),
        done,
        stopped,
        fit,
        recovery_dir: None,
    };
    (LoadedData::placeholder(source, datum), Some(loading))
}

impl Loading {
    /// How far the load is, 0 to 1 (see [`LoadedData::load_reporting`]).
    pub(super) fn done_share(&self) -> f32 {
        f32::from_bits(self.done.load(Ordering::Relaxed)).clamp(0.0, 1.0)
    }
}

impl MapApp {
    /// Whether a data file is still being read.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Once a frame: takes the file's content when the worker is done.
    pub(super) fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(loading) = &self.loading else {
            return;
        };
        match loading.receiver.try_recv() {
            Ok(data) => {
                let Some(loading) = self.loading.take() else {
                    return;
                };
                log::info!(
                    "read {} facilities from {} in {:.1} s",
                    data.catalog.len(),
                    loading.path.display(),
                    loading.started.elapsed().as_secs_f64()
                );
                self.data = data;
                self.after_data_change();
                if loading.fit {
                    self.pending_fit = Catalog::extent(self.data.catalog.facilities());
                }
                if let Some(dir) = loading.recovery_dir {
                    self.attach_recovery_dir(dir);
                }
                ctx.request_repaint();
            }
            Err(TryRecvError::Empty) => ctx.request_repaint_after(PROGRESS_REPAINT),
            Err(TryRecvError::Disconnected) => {
                let path = loading.path.display().to_string();
                self.loading = None;
                self.data.error = Some(crate::i18n::reading_stopped(self.view.language, &path));
            }
        }
    }

    /// Stops waiting for the file: the worker stops at its next progress report (at most
    /// about a thousand features later) and its result is dropped.
    pub(super) fn stop_loading(&mut self) {
        if let Some(loading) = self.loading.take() {
            loading.stopped.store(true, Ordering::Relaxed);
        }
    }
}
