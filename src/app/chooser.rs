//! The system's file chooser (rfd: the XDG desktop portal on Linux, the common dialogs on
//! Windows, the panel on macOS), run on its own thread so the window keeps drawing while it is
//! open; its answer fills the path field of the app's file dialog, which keeps the datum
//! choice and the checks. Typing a path still works where no chooser is available.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::command::{ExportFormat, FileAction};

/// What the chooser answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChooserAnswer {
    /// The user picked this file.
    Chosen(PathBuf),
    /// The chooser closed without a file (cancelled, or no chooser could be shown).
    NoFile,
}

/// A chooser open on its thread.
pub struct OpenChooser {
    answer: Receiver<Option<PathBuf>>,
}

impl OpenChooser {
    /// Opens the chooser for `action`, starting at `start_path` (its folder and file name),
    /// and repaints `ctx` when it answers.
    pub fn start(action: FileAction, start_path: &Path, ctx: &egui::Context) -> Option<Self> {
        let (sender, answer) = channel();
        let mut dialog = rfd::FileDialog::new();
        if let Some(folder) = start_path.parent().filter(|folder| folder.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        if let Some(name) = start_path.file_name().and_then(|name| name.to_str()) {
            dialog = dialog.set_file_name(name);
        }
        let (filter_name, extensions): (&str, &[&str]) = match action {
            FileAction::SaveAs | FileAction::Export(ExportFormat::GeoJson) => {
                ("GeoJSON", &["geojson", "json"])
            }
            FileAction::Export(ExportFormat::Csv) => ("CSV", &["csv"]),
            FileAction::Export(ExportFormat::Png) => ("PNG", &["png"]),
            FileAction::Export(ExportFormat::Sheet) => ("HTML", &["html", "htm"]),
            FileAction::Import => ("GeoJSON / CSV", &["geojson", "json", "csv"]),
        };
        dialog = dialog.add_filter(filter_name, extensions);
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("file-chooser".to_owned())
            .spawn(move || {
                let chosen = match action {
                    FileAction::Import => dialog.pick_file(),
                    FileAction::SaveAs | FileAction::Export(_) => dialog.save_file(),
                };
                if sender.send(chosen).is_err() {
                    log::debug!("the file dialog closed before the chooser answered");
                }
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => Some(Self { answer }),
            Err(error) => {
                log::warn!("cannot open the system file chooser: {error}");
                None
            }
        }
    }

    /// The answer, once there is one.
    pub fn answer(&self) -> Option<ChooserAnswer> {
        match self.answer.try_recv() {
            Ok(Some(path)) => Some(ChooserAnswer::Chosen(path)),
            Ok(None) | Err(TryRecvError::Disconnected) => Some(ChooserAnswer::NoFile),
            Err(TryRecvError::Empty) => None,
        }
    }
}

/// Whether a dropped file is one the importer reads (by its extension).
pub fn is_importable(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            ["geojson", "json", "csv"]
                .iter()
                .any(|known| extension.eq_ignore_ascii_case(known))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geojson_and_csv_files_are_importable_whatever_the_case_of_their_extension() {
        assert!(is_importable(Path::new("/tmp/a.GeoJSON")));
        assert!(is_importable(Path::new("点位.CSV")));
        assert!(is_importable(Path::new("x.json")));
        assert!(!is_importable(Path::new("map.png")));
        assert!(!is_importable(Path::new("README")));
    }
}
