//! Hearing colleagues' changes live: a thread with its own connection does `LISTEN
//! facilities` and passes each notification of the trigger (id, version, deleted, who) over a
//! channel, calling a wake-up callback after each event (the app gives
//! `ctx.request_repaint()`). When the connection dies (server restart, network, an
//! administrator's `pg_terminate_backend`), it reconnects with growing pauses and then says
//! [`ListenerEvent::ResyncNeeded`]: notifications sent while it was away are not queued by
//! PostgreSQL, so the desktop compares versions ([`super::Store::changes_since`]).
//!
//! A plain thread, not a tokio task: the synchronous `postgres` client runs its own runtime.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use postgres::Client;
use postgres::fallible_iterator::FallibleIterator;

use crate::model::FacilityId;

use super::connection::{APPLICATION_NAME, DbConfig, describe};
use super::error::Version;
use super::schema::CHANNEL;

/// How long one wait for notifications lasts before the stop flag is looked at again.
const POLL: Duration = Duration::from_millis(100);

/// How often an idle connection is checked (a silent network failure shows no error).
const HEALTH_CHECK: Duration = Duration::from_secs(5);

/// The first pause before reconnecting; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// The longest pause between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// One change announced by the database's trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The facility.
    pub id: FacilityId,
    /// Its version after the change.
    pub version: Version,
    /// Whether it is now deleted.
    pub deleted: bool,
    /// The login that made the change.
    pub by: String,
}

/// The trigger's JSON payload.
#[derive(serde::Deserialize)]
struct Payload {
    id: String,
    version: Version,
    deleted: bool,
    by: String,
}

impl Notice {
    /// Reads the trigger's payload, `{"id": …, "version": …, "deleted": …, "by": …}`.
    pub fn parse(payload: &str) -> Result<Self, serde_json::Error> {
        let Payload {
            id,
            version,
            deleted,
            by,
        } = serde_json::from_str(payload)?;
        Ok(Self {
            id: FacilityId(id.into()),
            version,
            deleted,
            by,
        })
    }
}

/// What the listener reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListenerEvent {
    /// Listening (the first connection is up).
    Listening,
    /// A facility changed (committed: PostgreSQL delivers notifications on commit only).
    Changed(Notice),
    /// The connection is gone or could not be made; reconnecting. Said once per outage.
    ConnectionLost {
        /// Why, redacted.
        message: String,
    },
    /// Listening again after an outage: changes made meanwhile were not announced, so compare
    /// versions with the database.
    ResyncNeeded,
}

/// The listening thread. Dropping it stops the thread (within about 0.1 s).
pub struct Listener {
    events: Receiver<ListenerEvent>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// `application_name` of the listener's connection.
    pub const APPLICATION_NAME: &'static str = "zhongzhan-map listener";

    /// Starts listening on a new thread; `wake` is called after every event is sent.
    pub fn spawn(config: DbConfig, wake: Box<dyn Fn() + Send>) -> std::io::Result<Self> {
        let (sender, events) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::Builder::new()
            .name(format!("{APPLICATION_NAME} listener"))
            .spawn({
                let stop = Arc::clone(&stop);
                move || {
                    Worker {
                        config,
                        sender,
                        wake,
                        stop,
                    }
                    .run();
                }
            })?;
        Ok(Self {
            events,
            stop,
            thread: Some(thread),
        })
    }

    /// The events, in the order they happened.
    pub fn events(&self) -> &Receiver<ListenerEvent> {
        &self.events
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            // A panic in the thread has already been reported; nothing to add here.
            thread.join().ok();
        }
    }
}

struct Worker {
    config: DbConfig,
    sender: Sender<ListenerEvent>,
    wake: Box<dyn Fn() + Send>,
    stop: Arc<AtomicBool>,
}

impl Worker {
    fn run(self) {
        let mut backoff = FIRST_BACKOFF;
        let mut was_connected = false;
        let mut outage_reported = false;
        while !self.stopping() {
            match self.listen() {
                Ok(mut client) => {
                    backoff = FIRST_BACKOFF;
                    let event = if was_connected {
                        ListenerEvent::ResyncNeeded
                    } else {
                        ListenerEvent::Listening
                    };
                    was_connected = true;
                    if !self.send(event) {
                        return;
                    }
                    let Some(message) = self.pump(&mut client) else {
                        return;
                    };
                    // This outage is reported now; failed reconnections add nothing.
                    outage_reported = true;
                    if !self.send(ListenerEvent::ConnectionLost { message }) {
                        return;
                    }
                }
                Err(message) => {
                    if !outage_reported {
                        outage_reported = true;
                        if !self.send(ListenerEvent::ConnectionLost { message }) {
                            return;
                        }
                    }
                    self.pause(backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Sends an event and wakes the app; false when nobody listens any more.
    fn send(&self, event: ListenerEvent) -> bool {
        let sent = self.sender.send(event).is_ok();
        (self.wake)();
        sent
    }

    fn listen(&self) -> Result<Client, String> {
        let mut client = self
            .config
            .connect_named(Listener::APPLICATION_NAME)
            .map_err(|e| e.to_string())?;
        client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .map_err(|e| self.config.redact(&describe(&e)))?;
        Ok(client)
    }

    /// Passes notifications on until the connection dies (returns why) or the listener stops
    /// or is dropped (returns `None`).
    fn pump(&self, client: &mut Client) -> Option<String> {
        let mut last_check = Instant::now();
        loop {
            if self.stopping() {
                return None;
            }
            {
                let mut notifications = client.notifications();
                let mut waiting = notifications.timeout_iter(POLL);
                loop {
                    match waiting.next() {
                        Ok(Some(notification)) => {
                            if notification.channel() != CHANNEL {
                                continue;
                            }
                            match Notice::parse(notification.payload()) {
                                Ok(notice) => {
                                    if !self.send(ListenerEvent::Changed(notice)) {
                                        return None;
                                    }
                                }
                                Err(error) => log::warn!(
                                    "ignoring a notification on {CHANNEL} that is not a facility change ({error}): {}",
                                    notification.payload()
                                ),
                            }
                        }
                        Ok(None) => break,
                        Err(error) => return Some(self.config.redact(&describe(&error))),
                    }
                }
            }
            if client.is_closed() {
                return Some("the server closed the connection".to_owned());
            }
            if last_check.elapsed() >= HEALTH_CHECK {
                last_check = Instant::now();
                if let Err(error) = client.is_valid(HEALTH_CHECK) {
                    return Some(self.config.redact(&describe(&error)));
                }
            }
        }
    }

    /// Sleeps for `duration`, waking early when the listener stops.
    fn pause(&self, duration: Duration) {
        let until = Instant::now() + duration;
        while !self.stopping() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(POLL));
        }
    }
}
