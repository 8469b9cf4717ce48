//! Logging: env_logger, wrapped so that secrets in tile URLs (the Tianditu `tk` key) never
//! reach the log, and so that tile download failures (which walkers reports only as log
//! warnings) are counted for the status line, which is repainted when one arrives.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static TILE_FAILURES: AtomicUsize = AtomicUsize::new(0);
static REPAINT_ON_TILE_FAILURE: OnceLock<egui::Context> = OnceLock::new();

/// Repaints `ctx` whenever a tile download fails, so the status line shows the new count
/// without polling (a finished download repaints by itself; a failed one does not).
pub fn repaint_on_tile_failure(ctx: &egui::Context) {
    if REPAINT_ON_TILE_FAILURE.set(ctx.clone()).is_err() {
        log::debug!("tile-failure repaint was already set up");
    }
}

/// Tile downloads that failed since the app started.
pub fn tile_failures() -> usize {
    TILE_FAILURES.load(Ordering::Relaxed)
}

/// Replaces the value of every `tk=` query parameter with `***`.
pub fn redact_secrets(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find("tk=") {
        let (before, after) = rest.split_at(start + 3);
        out.push_str(before);
        let end = after
            .find(|c: char| c == '&' || c == ')' || c == '"' || c.is_whitespace())
            .unwrap_or(after.len());
        out.push_str("***");
        rest = after.get(end..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

struct AppLogger {
    inner: env_logger::Logger,
}

impl log::Log for AppLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        self.inner.enabled(metadata)
    }

    fn log(&self, record: &log::Record) {
        let from_tile_fetch = record.target().starts_with("walkers::io");
        if from_tile_fetch && record.level() <= log::Level::Warn {
            TILE_FAILURES.fetch_add(1, Ordering::Relaxed);
            if let Some(ctx) = REPAINT_ON_TILE_FAILURE.get() {
                ctx.request_repaint();
            }
        }
        if !self.inner.enabled(record.metadata()) {
            return;
        }
        let message = redact_secrets(&record.args().to_string());
        self.inner.log(
            &log::Record::builder()
                .args(format_args!("{message}"))
                .metadata(record.metadata().clone())
                .module_path(record.module_path())
                .file(record.file())
                .line(record.line())
                .build(),
        );
    }

    fn flush(&self) {
        self.inner.flush();
    }
}

/// Installs the logger (level from `RUST_LOG`, default `info`). Tile warnings are always
/// counted, even when not printed.
pub fn init() -> Result<(), log::SetLoggerError> {
    let inner =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).build();
    let max_level = inner.filter().max(log::LevelFilter::Warn);
    log::set_boxed_logger(Box::new(AppLogger { inner }))?;
    log::set_max_level(max_level);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tianditu_keys_are_redacted_from_urls() {
        let message = "Fetch error: error sending request for url (https://t1.tianditu.gov.cn/vec_w/wmts?LAYER=vec&tk=0123abcd)";
        let redacted = redact_secrets(message);
        assert!(!redacted.contains("0123abcd"), "{redacted}");
        assert!(redacted.ends_with("tk=***)"), "{redacted}");
    }

    #[test]
    fn messages_without_keys_are_unchanged() {
        assert_eq!(redact_secrets("nothing to hide"), "nothing to hide");
        assert_eq!(redact_secrets("a=1&tk=x&b=2"), "a=1&tk=***&b=2");
    }
}
