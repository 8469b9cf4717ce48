//! The window on the shared database (`--db URL`): the facilities load on the worker thread
//! (`shared_worker.rs`), every committed edit (and undo/redo) is queued and saved there one at
//! a time with the version the app holds, colleagues' changes arrive through the
//! [`Listener`] and are fetched and applied to the catalog outside the undo history. While the
//! server is unreachable the edits wait in memory (and in the recovery journal) and are sent
//! again on reconnect; a save that meets a colleague's change to the same field waits for the
//! user — never last-save-wins.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use super::shared_worker::{self, Held, Job, Reply, Save, Version};
use super::{DataSource, MapApp};
use crate::db::{DbConfig, Listener, ListenerEvent, RemoteChange};
use crate::i18n::{self, Phrase, Text};
use crate::model::edit::history::Edit;
use crate::model::edit::reconcile::{ConflictRow, ListMerge, merge_lists};
use crate::model::io::pending_saves::{Adopted, PendingEdit, PendingSaves};
use crate::model::{Catalog, Facility, FacilityId};
use crate::ui::dialogs::Dialog;
use crate::ui::top_bar::{DatabaseChip, DatabaseLink};

/// How long to wait before trying an unreachable server again the first time; each failed try
/// doubles it, up to [`RETRY_AT_MOST`].
const RETRY_AFTER: Duration = Duration::from_secs(2);
/// The longest wait between tries.
const RETRY_AT_MOST: Duration = Duration::from_secs(30);

/// The app's side of the shared database.
pub(super) struct SharedDb {
    config: DbConfig,
    /// `user@host:port/database`, as shown (made once, not every frame).
    target: String,
    link: DatabaseLink,
    /// Whether the login may edit (`None` until loaded).
    can_edit: Option<bool>,
    /// Whether the first load answered.
    loaded: bool,
    /// The version of every facility as the app holds it.
    pub(super) versions: HashMap<FacilityId, Version>,
    /// Edits not yet sent, in order.
    queue: VecDeque<Save>,
    /// The edit the worker is saving.
    in_flight: Option<Save>,
    /// Edits the database did not take for another reason than a field conflict (a colleague
    /// deleted the facility, the server refused), kept for the user.
    held: Vec<Save>,
    /// Edits a colleague's change to the same fields is holding, until the user chooses.
    conflicts: Vec<HeldConflict>,
    /// The merge the conflict dialog is showing.
    merge: Option<ListMerge>,
    /// The history the details card shows (`shared_history.rs`).
    pub(super) history: Option<super::shared_history::ShownHistory>,
    jobs: Option<Sender<Job>>,
    replies: Option<Receiver<Reply>>,
    listener: Option<Listener>,
    retry_at: Option<Instant>,
    /// The wait before the next try (backoff).
    retry_delay: Duration,
    /// The waiting edits on disk (from the recovery directory; `None` in tests without one).
    pending: Option<PendingSaves>,
    /// Whether the waiting edits changed since they were last written.
    pending_dirty: bool,
    /// When to try writing them again after a failed write.
    pending_retry_at: Option<Instant>,
    /// Waiting edits an earlier run left, sent once the database answered.
    adopted: Option<Adopted>,
    /// Files of adopted edits to remove once this run's file holds them.
    adopted_files: Vec<std::path::PathBuf>,
}

impl SharedDb {
    /// Not connected yet: the first frame starts the worker.
    pub(super) fn new(config: DbConfig) -> Self {
        Self {
            target: config.to_string(),
            config,
            link: DatabaseLink::Connecting,
            can_edit: None,
            loaded: false,
            versions: HashMap::new(),
            queue: VecDeque::new(),
            in_flight: None,
            held: Vec::new(),
            conflicts: Vec::new(),
            merge: None,
            history: None,
            jobs: None,
            replies: None,
            listener: None,
            retry_at: None,
            retry_delay: RETRY_AFTER,
            pending: None,
            pending_dirty: false,
            pending_retry_at: None,
            adopted: None,
            adopted_files: Vec::new(),
        }
    }

    /// The server answered: the next outage starts the backoff again.
    fn mark_connected(&mut self) {
        self.link = DatabaseLink::Connected;
        self.retry_delay = RETRY_AFTER;
    }

    /// Every waiting edit with the version it is based on, oldest first (for the file).
    fn pending_edits(&self) -> Vec<PendingEdit> {
        let expected = |id: &FacilityId| self.versions.get(id).copied();
        let as_edit = |save: &Save| match save {
            Save::Insert(facility) => Edit::Insert {
                index: 0,
                facility: facility.clone(),
            },
            Save::Delete(facility) => Edit::Remove {
                index: 0,
                facility: facility.clone(),
            },
            Save::Update { base, mine } => Edit::Replace {
                index: 0,
                before: base.clone(),
                after: mine.clone(),
            },
        };
        let saves = self
            .in_flight
            .iter()
            .chain(self.queue.iter())
            .chain(self.held.iter())
            .map(|save| PendingEdit {
                edit: as_edit(save),
                expected: match save {
                    Save::Insert(_) => None,
                    Save::Update { .. } | Save::Delete(_) => expected(save.id()),
                },
            });
        let conflicts = self.conflicts.iter().map(|c| PendingEdit {
            edit: Edit::Replace {
                index: 0,
                before: Box::new(c.base.clone()),
                after: Box::new(c.mine.clone()),
            },
            expected: expected(&c.mine.id),
        });
        saves.chain(conflicts).collect()
    }

    /// Writes the waiting edits to disk when they changed; then an earlier run's files, whose
    /// edits this file now holds, are removed.
    /// A write that failed (a full disk) is tried again after [`RETRY_AFTER`], not every
    /// frame; its error is returned once, for the status line (the edits still wait in memory).
    fn write_pending(&mut self) -> Option<String> {
        if !self.pending_dirty || self.pending_retry_at.is_some_and(|at| Instant::now() < at) {
            return None;
        }
        let pending = self.pending.as_ref()?;
        match pending.write(&self.pending_edits()) {
            Ok(()) => {
                self.pending_dirty = false;
                self.pending_retry_at = None;
                pending.forget_adopted(&std::mem::take(&mut self.adopted_files));
                None
            }
            Err(error) => {
                log::error!("{error}");
                let first = self.pending_retry_at.is_none();
                self.pending_retry_at = Some(Instant::now() + RETRY_AFTER);
                first.then(|| error.to_string())
            }
        }
    }

    /// Whether the database answered the first load.
    pub(super) fn is_loaded(&self) -> bool {
        self.loaded
    }

    /// How many edits are not in the database yet.
    fn waiting(&self) -> usize {
        self.queue.len()
            + usize::from(self.in_flight.is_some())
            + self.held.len()
            + self.conflicts.len()
    }

    /// Whether an edit of `id` is waiting (colleagues' versions of it are then merged by the
    /// save, not shown over the user's edit).
    fn is_pending(&self, id: &FacilityId) -> bool {
        self.queue
            .iter()
            .chain(self.in_flight.iter())
            .chain(self.held.iter())
            .any(|save| save.id() == id)
            || self.conflicts.iter().any(|c| &c.mine.id == id)
    }

    pub(super) fn send(&mut self, job: Job) {
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(job).is_ok());
        if !sent {
            self.link = DatabaseLink::Offline;
        }
    }

    /// Queues the saves of one committed edit.
    fn queue_edit(&mut self, edit: &Edit) {
        self.pending_dirty = true;
        match edit {
            Edit::Insert { facility, .. } => self
                .queue
                .push_back(Save::Insert(Box::new((**facility).clone()))),
            Edit::Remove { facility, .. } => self
                .queue
                .push_back(Save::Delete(Box::new((**facility).clone()))),
            Edit::Replace { before, after, .. } => self.queue.push_back(Save::Update {
                base: Box::new((**before).clone()),
                mine: Box::new((**after).clone()),
            }),
            Edit::Batch(edits) => edits.iter().for_each(|edit| self.queue_edit(edit)),
        }
    }

    /// Sends the next waiting edit when none is being saved.
    fn send_next(&mut self) {
        if self.in_flight.is_some() || self.link == DatabaseLink::Offline {
            return;
        }
        let Some(save) = self.queue.pop_front() else {
            return;
        };
        let expected = self.versions.get(save.id()).copied();
        self.in_flight = Some(save.clone());
        self.send(Job::Save { save, expected });
    }

    /// After a save merged a colleague's changes: later edits of the same facility are based on
    /// the merged facility, so they keep the colleague's fields.
    fn rebase_queued(&mut self, saved: &Facility) {
        for save in &mut self.queue {
            if let Save::Update { base, mine } = save
                && mine.id == saved.id
            {
                let merge = crate::model::edit::merge::merge(base, mine, saved);
                **mine = merge.merged;
                **base = saved.clone();
            }
        }
    }
}

impl MapApp {
    /// The shared database, when the data comes from one.
    pub(super) fn start_shared(source: &DataSource) -> Option<SharedDb> {
        match source {
            DataSource::Database(config) => Some(SharedDb::new((**config).clone())),
            DataSource::Bundled | DataSource::File(_) => None,
        }
    }

    /// The chip the top bar shows, when on a database.
    pub(super) fn database_chip(&self) -> Option<DatabaseChip> {
        let shared = self.shared.as_ref()?;
        Some(DatabaseChip {
            target: shared.target.clone(),
            link: shared.link,
            waiting_edits: shared.waiting(),
            read_only: shared.can_edit == Some(false),
            conflicts: shared.conflicts.len(),
        })
    }

    /// Why edit mode cannot be switched on: a read-only window, a file or a database still
    /// being read, or a viewer login.
    pub(super) fn edit_blocked(&self) -> Option<Text> {
        if self.editing.read_only {
            return Some(Text::OpenedReadOnly);
        }
        if self.is_loading() {
            return Some(Text::StillReadingFile);
        }
        let shared = self.shared.as_ref()?;
        match (shared.loaded, shared.can_edit) {
            (_, Some(false)) => Some(Text::ViewerCannotEdit),
            (false, _) => Some(Text::DatabaseStillLoading),
            (true, _) => None,
        }
    }

    /// Queues the saves of an edit just applied (nothing when the data is not a database).
    pub(super) fn queue_database_saves(&mut self, edit: &Edit) {
        if let Some(shared) = &mut self.shared {
            shared.queue_edit(edit);
            shared.send_next();
        }
    }

    /// Once a frame: starts the worker and the listener, applies their answers, sends the next
    /// waiting edit and retries an unreachable server.
    pub(super) fn poll_shared(&mut self, ctx: &egui::Context) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        if !matches!(self.data.source, DataSource::Database(_)) {
            // The user switched to a file or the bundled data (another database replaces
            // `self.shared` where it is connected).
            self.shared = None;
            return;
        }
        if shared.jobs.is_none() {
            let (jobs, job_receiver) = mpsc::channel();
            let (reply_sender, replies) = mpsc::channel();
            let config = shared.config.clone();
            let wake = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("zhongzhan-map database".to_owned())
                .spawn(move || {
                    shared_worker::run(
                        config,
                        job_receiver,
                        reply_sender,
                        Box::new(move || wake.request_repaint()),
                    );
                });
            if let Err(error) = spawned {
                let message = error.to_string();
                self.data.error = Some(message);
                self.shared = None;
                return;
            }
            shared.jobs = Some(jobs);
            shared.replies = Some(replies);
            shared.send(Job::Load);
        }
        let replies: Vec<Reply> = shared
            .replies
            .as_ref()
            .map(|r| r.try_iter().collect())
            .unwrap_or_default();
        let events: Vec<ListenerEvent> = shared
            .listener
            .as_ref()
            .map(|l| l.events().try_iter().collect())
            .unwrap_or_default();
        for reply in replies {
            self.apply_reply(reply, ctx);
        }
        for event in events {
            self.apply_listener_event(event);
        }
        let Some(shared) = &mut self.shared else {
            return;
        };
        if shared.link == DatabaseLink::Offline
            && shared.loaded
            && shared.retry_at.is_none_or(|at| Instant::now() >= at)
        {
            // Try again: the next save (or a resync) reconnects the worker.
            shared.link = DatabaseLink::Connecting;
            shared.retry_at = Some(Instant::now() + shared.retry_delay);
            shared.retry_delay = (shared.retry_delay * 2).min(RETRY_AT_MOST);
            if shared.in_flight.is_none() && shared.queue.is_empty() {
                let known = shared.versions.clone();
                shared.send(Job::Resync(known));
            }
        }
        shared.send_next();
        let write_failed = shared.write_pending();
        if shared.waiting() > 0 || shared.link != DatabaseLink::Connected {
            ctx.request_repaint_after(RETRY_AFTER);
        }
        if shared.loaded && shared.waiting() == 0 && self.editing.history.is_dirty() {
            // Everything is in the database: nothing is unsaved.
            self.editing.history.mark_saved();
        }
        if let Some(error) = write_failed {
            self.set_status(Phrase::untranslated(error), true);
        }
    }

    fn apply_reply(&mut self, reply: Reply, ctx: &egui::Context) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        match reply {
            Reply::Loaded { snapshot, can_edit } => {
                shared.loaded = true;
                shared.can_edit = Some(can_edit);
                shared.mark_connected();
                shared.versions = snapshot.versions;
                if shared.listener.is_none() {
                    let wake = ctx.clone();
                    match Listener::spawn(
                        shared.config.clone(),
                        Box::new(move || wake.request_repaint()),
                    ) {
                        Ok(listener) => shared.listener = Some(listener),
                        Err(error) => log::warn!("no live updates: {error}"),
                    }
                }
                self.data.catalog = snapshot.catalog;
                self.data.error = None;
                self.data.rebuild(self.prepared_datum);
                self.after_data_change();
                self.pending_fit = Catalog::extent(self.data.catalog.facilities());
                log::info!(
                    "read {} facilities from the database {}",
                    self.data.catalog.len(),
                    self.data.origin
                );
                self.send_adopted_edits();
            }
            Reply::LoadFailed(reason) => {
                shared.link = DatabaseLink::Offline;
                let target = shared.config.to_string();
                let message = i18n::database_load_failed(self.view.language, &target, &reason);
                log::error!(
                    "{}",
                    i18n::database_load_failed(i18n::Language::Both, &target, &reason)
                );
                self.data.error = Some(message);
                self.shared = None;
            }
            Reply::History { id, entries } => self.show_history(id, entries),
            Reply::Failed(reason) => {
                if let Some(history) = &mut shared.history {
                    history.failed(&reason);
                }
                log::warn!("database: {reason}");
            }
            Reply::Offline(reason) => {
                if shared.link != DatabaseLink::Offline {
                    log::warn!("database {} unreachable: {reason}", shared.config);
                }
                shared.link = DatabaseLink::Offline;
                // The edit being saved goes back to the front of the queue.
                if let Some(save) = shared.in_flight.take() {
                    shared.queue.push_front(save);
                }
            }
            Reply::Saved {
                id,
                stored,
                version,
                merged,
            } => {
                shared.mark_connected();
                shared.in_flight = None;
                shared.pending_dirty = true;
                shared.versions.insert(id.clone(), version);
                if shared.history.as_ref().is_some_and(|h| h.id == id) {
                    shared.history = None;
                }
                if merged && let Some(facility) = stored {
                    shared.rebase_queued(&facility);
                    let name = facility.name_zh.clone();
                    self.apply_remote(
                        RemoteChange::Upserted(Box::new(crate::db::StoredFacility {
                            facility: *facility,
                            version,
                            deleted: false,
                        })),
                        true,
                    );
                    self.set_status(
                        Phrase::new(move |lang| i18n::database_merged(lang, &name)),
                        false,
                    );
                }
            }
            Reply::Held { save, why, current } => {
                shared.mark_connected();
                shared.in_flight = None;
                shared.pending_dirty = true;
                let name = save.name().to_owned();
                log::warn!("database save of {name} held (their version {current:?})");
                match (why, save) {
                    (Held::Fields { conflicts, theirs }, Save::Update { base, mine }) => {
                        let fields: Vec<(String, String, String)> = conflicts
                            .iter()
                            .map(|c| {
                                let shown = |v: &Option<serde_json::Value>| {
                                    super::shared_history::shown_value(&c.field, v.as_ref())
                                };
                                (c.field.clone(), shown(&c.mine), shown(&c.theirs))
                            })
                            .collect();
                        shared.conflicts.push(HeldConflict {
                            base: *base,
                            mine: *mine,
                            theirs: *theirs,
                            version: current.unwrap_or_default(),
                        });
                        self.set_status(
                            Phrase::new(move |lang| i18n::database_conflict(lang, &name, &fields)),
                            true,
                        );
                        if self.editing.dialog.is_none() {
                            self.show_database_conflicts();
                        }
                    }
                    (Held::Reason(reason), save) => {
                        shared.held.push(save);
                        self.set_status(
                            Phrase::new(move |lang| i18n::database_save_held(lang, &name, &reason)),
                            true,
                        );
                    }
                    (Held::Fields { .. }, save) => {
                        // Only an update can meet a field conflict; kept like any other.
                        shared.held.push(save);
                    }
                }
            }
            Reply::Fetched { id, stored } => {
                shared.mark_connected();
                let change = match stored {
                    Some(stored) if !stored.deleted => RemoteChange::Upserted(stored),
                    Some(stored) => RemoteChange::Removed {
                        id,
                        version: Some(stored.version),
                    },
                    None => RemoteChange::Removed { id, version: None },
                };
                self.apply_remote(change, false);
            }
            Reply::Changes(changes) => {
                shared.mark_connected();
                for change in changes {
                    self.apply_remote(change, false);
                }
            }
        }
    }

    fn apply_listener_event(&mut self, event: ListenerEvent) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        match event {
            ListenerEvent::Listening => {}
            ListenerEvent::ConnectionLost { message } => {
                log::warn!("live updates from {} lost: {message}", shared.config);
                shared.link = DatabaseLink::Offline;
            }
            ListenerEvent::ResyncNeeded => {
                shared.mark_connected();
                shared.retry_at = None;
                let known = shared.versions.clone();
                shared.send(Job::Resync(known));
            }
            ListenerEvent::Changed(notice) => {
                let known = shared.versions.get(&notice.id).copied();
                if known.is_none_or(|v| notice.version > v) && !shared.is_pending(&notice.id) {
                    shared.send(Job::Fetch(notice.id));
                }
            }
        }
    }

    /// Applies a colleague's change (or a merge) to the catalog, outside the undo history: it
    /// is not the user's edit to undo. A facility with an edit waiting is left alone (the
    /// waiting save merges with the colleague's version) unless `force`.
    fn apply_remote(&mut self, change: RemoteChange, force: bool) {
        let selected = self.selected_id().cloned();
        let Some(shared) = &mut self.shared else {
            return;
        };
        let id = match &change {
            RemoteChange::Upserted(stored) => stored.facility.id.clone(),
            RemoteChange::Removed { id, .. } => id.clone(),
        };
        if !force && shared.is_pending(&id) {
            return;
        }
        if shared.history.as_ref().is_some_and(|h| h.id == id) {
            // A new version: the section asks again when it is open.
            shared.history = None;
        }
        match change {
            RemoteChange::Upserted(stored) => {
                shared.versions.insert(id.clone(), stored.version);
                let facility = stored.facility;
                if let Some(index) = self.data.catalog.index_of(&id)
                    && let Some(before) = self.data.catalog.facilities().get(index).cloned()
                {
                    // A changed facility: only what depends on it is updated (O(log n)).
                    self.data.catalog.modify_one(index, |list| {
                        if let Some(slot) = list.get_mut(index) {
                            *slot = facility;
                        }
                    });
                    self.refresh_in_place(index, Some(&before));
                    if self.editing.form.is_none() || self.selected == Some(index) {
                        self.sync_form();
                    }
                    return;
                }
                // A colleague's new facility goes at the end: nothing else moves.
                let index = self.data.catalog.len();
                self.data
                    .catalog
                    .modify_one(index, |list| list.push(facility));
                self.refresh_in_place(index, None);
            }
            RemoteChange::Removed { .. } => {
                shared.versions.remove(&id);
                self.forget_removed_elsewhere(&id);
                if self.editing.form.is_none() || selected.as_ref() == Some(&id) {
                    self.sync_form();
                }
            }
        }
    }
}

impl MapApp {
    /// Switches the window to the shared database typed in the *Connect database* dialog (as
    /// `--db` would); refused with the reason in the dialog while edits are unsaved or when
    /// the address cannot be read.
    pub(super) fn connect_database(&mut self, request: crate::command::ConnectRequest) {
        let lang = self.view.language;
        let refuse = |app: &mut Self, message: String| {
            if let Some(Dialog::ConnectDatabase(dialog)) = &mut app.editing.dialog {
                dialog.error = Some(message);
            }
        };
        if self.editing.history.is_dirty() {
            refuse(self, Text::SaveBeforeOpening.tr(lang).to_owned());
            return;
        }
        let config = match DbConfig::from_url(&request.url) {
            Ok(config) if request.password.is_empty() => config,
            Ok(config) => {
                let user = config.user().to_owned();
                config.with_login(&user, &request.password)
            }
            Err(error) => {
                refuse(self, error.to_string());
                return;
            }
        };
        log::info!("connecting the window to the database {config}");
        let recovery_dir = self.editing.recovery.take().map(|mut store| {
            store.discard_own();
            store.dir().to_path_buf()
        });
        self.stop_loading();
        let source = DataSource::Database(Box::new(config));
        self.shared = Self::start_shared(&source);
        self.data = super::LoadedData::load(source, self.prepared_datum);
        self.editing.history = crate::model::edit::history::History::default();
        self.editing.enabled = false;
        self.editing.dialog = None;
        self.forget_recovery_state();
        self.after_data_change();
        if let Some(dir) = recovery_dir {
            self.attach_recovery_dir(dir);
        }
    }

    /// Keeps the edits waiting for the database in `dir` (beside the recovery copies) and
    /// takes over those an earlier run on the same database left there (its process gone).
    pub(super) fn keep_pending_saves_in(&mut self, dir: &std::path::Path) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let pending = PendingSaves::new(dir, &shared.config.to_string());
        let adopted = pending.adopt();
        for problem in &adopted.problems {
            log::error!("{problem}");
        }
        if let Some(problem) = adopted.problems.first() {
            self.set_status(Phrase::untranslated(problem.to_string()), true);
        }
        if let Some(shared) = &mut self.shared {
            shared.pending = Some(pending);
            shared.adopted = Some(adopted).filter(|a| !a.edits.is_empty());
        }
    }

    /// Once the database answered: the edits an earlier run could not send are shown and
    /// sent, in order, each based on the version it was made on (a colleague's change since
    /// then merges, or asks, as for any save).
    fn send_adopted_edits(&mut self) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let Some(adopted) = shared.adopted.take() else {
            return;
        };
        let count = adopted.edits.len();
        let mut shown: Vec<Edit> = Vec::with_capacity(count);
        for pending in adopted.edits {
            let id = pending.edit.touched_id().cloned();
            match (id, pending.expected) {
                (Some(id), Some(version)) => {
                    shared.versions.insert(id, version);
                }
                (Some(id), None) => {
                    shared.versions.remove(&id);
                }
                (None, _) => {}
            }
            shared.queue_edit(&pending.edit);
            shown.push(pending.edit);
        }
        shared.adopted_files = adopted.files;
        shared.pending_dirty = true;
        // The user sees their edits at once (not as undo steps: they were made in another run).
        self.data.catalog.modify(|list| {
            for edit in &shown {
                show_edit(list, edit);
            }
        });
        self.data.rebuild(self.prepared_datum);
        self.after_data_change();
        self.set_status(
            Phrase::new(move |lang| i18n::database_edits_adopted(lang, count)),
            false,
        );
        if let Some(shared) = &mut self.shared {
            shared.send_next();
        }
    }
}

/// Applies an adopted edit to the shown list by id (its index is from another run).
fn show_edit(list: &mut Vec<Facility>, edit: &Edit) {
    match edit {
        Edit::Insert { facility, .. } => {
            if !list.iter().any(|f| f.id == facility.id) {
                list.push((**facility).clone());
            }
        }
        Edit::Remove { facility, .. } => list.retain(|f| f.id != facility.id),
        Edit::Replace { after, .. } => match list.iter_mut().find(|f| f.id == after.id) {
            Some(slot) => *slot = (**after).clone(),
            None => list.push((**after).clone()),
        },
        Edit::Batch(edits) => edits.iter().for_each(|edit| show_edit(list, edit)),
    }
}

/// An edit of one facility that a colleague's change to the same fields is holding.
pub(super) struct HeldConflict {
    /// The facility as this window loaded it.
    base: Facility,
    /// The user's version.
    mine: Facility,
    /// The colleague's version, as the database holds it.
    theirs: Facility,
    /// The database's version of it.
    version: Version,
}

impl MapApp {
    /// Whether the merge dialog is answering the shared database's conflicts.
    pub(super) fn has_database_merge(&self) -> bool {
        self.shared.as_ref().is_some_and(|s| s.merge.is_some())
    }

    /// The dialog closed without an answer: the conflicts keep waiting.
    pub(super) fn forget_database_merge(&mut self) {
        if let Some(shared) = &mut self.shared {
            shared.merge = None;
        }
    }

    /// Opens the merge dialog on the held conflicts: per field, the user's value and the
    /// colleague's (the same dialog as for a file changed on disk).
    pub(super) fn show_database_conflicts(&mut self) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        if shared.conflicts.is_empty() {
            return;
        }
        let bases: Vec<Facility> = shared.conflicts.iter().map(|c| c.base.clone()).collect();
        let mines: Vec<Facility> = shared.conflicts.iter().map(|c| c.mine.clone()).collect();
        let theirs: Vec<Facility> = shared.conflicts.iter().map(|c| c.theirs.clone()).collect();
        let merge = merge_lists(&bases, &mines, &theirs);
        self.editing.dialog = Some(Dialog::Merge {
            rows: merge.rows.clone(),
            theirs_header: Text::ConflictInDatabase,
        });
        shared.merge = Some(merge);
    }

    /// Applies the user's answers: each facility becomes the colleague's version with the
    /// fields the user kept as theirs, is shown so, and is saved on top of the colleague's
    /// version (nothing of theirs is lost unless the user chose so).
    pub(super) fn apply_database_merge(&mut self, rows: Vec<ConflictRow>) {
        let Some(shared) = &mut self.shared else {
            return;
        };
        let Some(mut merge) = shared.merge.take() else {
            return;
        };
        let (asked, kept_mine) = (rows.len(), rows.iter().filter(|r| r.take_mine).count());
        merge.rows = rows;
        let resolved = merge.resolve();
        shared.pending_dirty = true;
        let mut chosen = Vec::new();
        for conflict in std::mem::take(&mut shared.conflicts) {
            let Some(facility) = resolved.iter().find(|f| f.id == conflict.theirs.id) else {
                continue;
            };
            shared
                .versions
                .insert(facility.id.clone(), conflict.version);
            shared.queue.push_back(Save::Update {
                base: Box::new(conflict.theirs),
                mine: Box::new(facility.clone()),
            });
            chosen.push((facility.clone(), conflict.version));
        }
        self.editing.dialog = None;
        for (facility, version) in chosen {
            let stored = crate::db::StoredFacility {
                facility,
                version,
                deleted: false,
            };
            self.apply_remote(RemoteChange::Upserted(Box::new(stored)), true);
        }
        if let Some(shared) = &mut self.shared {
            shared.send_next();
        }
        self.set_status(
            Phrase::new(move |lang| i18n::database_conflicts_resolved(lang, kept_mine, asked)),
            false,
        );
    }
}
