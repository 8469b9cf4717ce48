//! Termination signals: SIGTERM (logout, shutdown, `kill`), SIGINT (Ctrl+C in a terminal) and
//! SIGHUP (the terminal closed). The window closes as if the user quit, but without the
//! unsaved-edits question nobody is there to answer: the recovery copy of unsaved edits is
//! written first and eframe stores the view on the way out, so the next start offers the edits
//! back and opens where the user left off. A second signal while the first is handled exits at
//! once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::MapApp;

/// Set when a termination signal arrived; shared with the thread that waits for signals.
#[derive(Debug, Clone, Default)]
pub struct TerminationFlag(Arc<AtomicBool>);

impl TerminationFlag {
    /// Whether a termination signal arrived.
    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Records a termination request (the signal thread, or a test); returns whether one was
    /// already recorded.
    pub fn raise(&self) -> bool {
        self.0.swap(true, Ordering::SeqCst)
    }
}

impl MapApp {
    /// Closes the window cleanly on SIGTERM, SIGINT and SIGHUP (see the module docs). Where
    /// signals cannot be watched the app runs on and a log line says why.
    pub fn close_on_termination_signals(self, ctx: &egui::Context) -> Self {
        #[cfg(unix)]
        if let Err(error) = watch_signals(self.editing.termination.clone(), ctx.clone()) {
            log::warn!("termination signals are not watched (SIGTERM loses the view): {error}");
        }
        #[cfg(not(unix))]
        let _ = ctx;
        self
    }

    /// The flag a termination signal raises (tests raise it themselves).
    pub fn termination_flag(&self) -> TerminationFlag {
        self.editing.termination.clone()
    }

    /// Once a termination signal arrived: writes the recovery copy of unsaved edits now and
    /// closes the window without asking (called every frame).
    pub(super) fn handle_termination(&mut self, ctx: &egui::Context) {
        if !self.editing.termination.is_raised() || self.editing.allow_close {
            return;
        }
        log::info!("closing on a termination signal; unsaved edits stay in the recovery copy");
        self.editing.recovery_due |= self.editing.history.is_dirty();
        self.flush_recovery(ctx, true);
        self.editing.allow_close = true;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

#[cfg(unix)]
fn watch_signals(flag: TerminationFlag, ctx: egui::Context) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::Builder::new()
        .name("termination-signals".to_owned())
        .spawn(move || {
            for signal in signals.forever() {
                if flag.raise() {
                    log::warn!("signal {signal} again: exiting at once");
                    std::process::exit(128 + signal);
                }
                log::info!("signal {signal}: saving the view and the recovery copy, then closing");
                ctx.request_repaint();
            }
        })?;
    Ok(())
}
