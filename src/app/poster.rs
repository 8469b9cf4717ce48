//! Exporting the map as a PNG poster: the next frames draw the poster overlay (title, legend)
//! instead of the map controls and cards, a screenshot of the window is requested, and the map
//! part of it is cropped and written as PNG. Also writes the printable per-category sheet:
//! first a picture of the map beside it (the same poster job), then the page showing it, which
//! is opened in the default browser.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{ColorImage, Rect};

use super::MapApp;
use crate::i18n::{self, Phrase, Text};
use crate::model::io::save::save_atomically;
use crate::model::time::today_iso;

/// Why the picture could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PosterError {
    /// The map area is empty or outside the screenshot.
    #[error("the map area is not in the screenshot")]
    NothingToCrop,
    /// Encoding or writing the PNG failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The encoder's or the system's reason.
        source: image::ImageError,
    },
}

/// A poster export under way.
pub(super) struct PosterJob {
    path: PathBuf,
    /// The printable sheet to write (and open) once the picture is written.
    then_sheet: Option<PathBuf>,
    /// Frames drawn with the overlay so far (the screenshot is requested once it is settled).
    frames_drawn: u8,
    requested: bool,
    /// Filled by the screenshot callback (another thread).
    image: Arc<Mutex<Option<Arc<ColorImage>>>>,
}

impl PosterJob {
    pub(super) fn new(path: PathBuf) -> Self {
        Self {
            path,
            then_sheet: None,
            frames_drawn: 0,
            requested: false,
            image: Arc::new(Mutex::new(None)),
        }
    }
}

/// Crops `image` (physical pixels) to `rect` (points) and writes it as PNG.
pub fn write_png(
    image: &ColorImage,
    rect: Rect,
    pixels_per_point: f32,
    path: &Path,
) -> Result<(), PosterError> {
    let [width, height] = image.size;
    let x0 = ((rect.left() * pixels_per_point).round().max(0.0) as usize).min(width);
    let y0 = ((rect.top() * pixels_per_point).round().max(0.0) as usize).min(height);
    let x1 = ((rect.right() * pixels_per_point).round().max(0.0) as usize).min(width);
    let y1 = ((rect.bottom() * pixels_per_point).round().max(0.0) as usize).min(height);
    if x1 <= x0 || y1 <= y0 {
        return Err(PosterError::NothingToCrop);
    }
    let mut rgba = Vec::with_capacity((x1 - x0) * (y1 - y0) * 4);
    for y in y0..y1 {
        let row = image
            .pixels
            .get(y * width + x0..y * width + x1)
            .unwrap_or_default();
        for pixel in row {
            rgba.extend_from_slice(&pixel.to_srgba_unmultiplied());
        }
    }
    let write_error = |source| PosterError::Write {
        path: path.to_path_buf(),
        source,
    };
    let buffer =
        image::RgbaImage::from_raw((x1 - x0) as u32, (y1 - y0) as u32, rgba).ok_or_else(|| {
            write_error(image::ImageError::Parameter(
                image::error::ParameterError::from_kind(
                    image::error::ParameterErrorKind::DimensionMismatch,
                ),
            ))
        })?;
    buffer
        .save_with_format(path, image::ImageFormat::Png)
        .map_err(write_error)
}

impl MapApp {
    /// Whether the poster overlay is being drawn (controls and cards are hidden).
    pub(super) fn poster_active(&self) -> bool {
        self.poster.is_some()
    }

    /// Starts exporting the map view as a PNG poster.
    pub(super) fn start_poster(&mut self, path: PathBuf) {
        self.editing.dialog = None;
        self.poster = Some(PosterJob::new(path));
    }

    /// Starts exporting the printable sheet to `path`: a picture of the map view is written
    /// beside it first (`NAME.map.png`), then the page, which opens in the browser.
    pub(super) fn start_sheet(&mut self, path: PathBuf) {
        let mut picture = path.clone().into_os_string();
        picture.push(".map.png");
        let picture = PathBuf::from(picture);
        self.editing.dialog = None;
        let mut job = PosterJob::new(picture);
        job.then_sheet = Some(path);
        self.poster = Some(job);
    }

    /// Writes the sheet after its picture (`picture`: the picture's path, if it was written),
    /// says so and opens it in the default browser.
    fn finish_sheet(&mut self, ctx: &egui::Context, path: &Path, picture: Option<&Path>) {
        let picture_name = picture
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned());
        match self.write_sheet(path, picture_name.as_deref()) {
            Ok(()) => {
                let shown = path.display().to_string();
                self.set_status(
                    Phrase::new(|lang| i18n::field(lang, Text::SheetWritten, &shown)),
                    picture.is_none(),
                );
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
                ctx.open_url(egui::OpenUrl::new_tab(crate::model::io::sheet::file_url(
                    &absolute,
                )));
            }
            Err(error) => self.set_status(
                Phrase::new(|lang| i18n::field(lang, Text::ExportFailed, &error)),
                true,
            ),
        }
    }

    /// Advances the poster export: after the overlay has been drawn, asks for a screenshot;
    /// when it arrives, crops the map and writes the PNG.
    pub(super) fn poster_step(&mut self, ui: &egui::Ui, map_rect: Rect) {
        let Some(job) = self.poster.as_mut() else {
            return;
        };
        ui.ctx().request_repaint();
        job.frames_drawn = job.frames_drawn.saturating_add(1);
        if !job.requested && job.frames_drawn >= 2 {
            job.requested = true;
            let slot = Arc::clone(&job.image);
            let ctx = ui.ctx().clone();
            let callback = egui::ScreenshotCallback::new(move |image| {
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(image);
                }
                ctx.request_repaint();
            });
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
            return;
        }
        let image = job.image.lock().ok().and_then(|mut slot| slot.take());
        let Some(image) = image else {
            if job.frames_drawn == u8::MAX {
                let sheet = job.then_sheet.take();
                self.poster = None;
                self.set_status(Text::PictureFailed, true);
                if let Some(sheet) = sheet {
                    self.finish_sheet(ui.ctx(), &sheet, None);
                }
            }
            return;
        };
        let path = job.path.clone();
        let sheet = job.then_sheet.take();
        self.poster = None;
        let pixels_per_point = ui.ctx().pixels_per_point();
        let written = write_png(&image, map_rect, pixels_per_point, &path);
        if let Some(sheet) = sheet {
            if let Err(error) = &written {
                log::warn!("the sheet goes without its map picture: {error}");
            }
            self.finish_sheet(ui.ctx(), &sheet, written.is_ok().then_some(path.as_path()));
            return;
        }
        match written {
            Ok(()) => {
                let shown = path.display().to_string();
                self.set_status(
                    Phrase::new(|lang| i18n::field(lang, Text::PictureSaved, &shown)),
                    false,
                );
            }
            Err(error) => {
                let error = error.to_string();
                self.set_status(
                    Phrase::new(|lang| i18n::field(lang, Text::ExportFailed, &error)),
                    true,
                );
            }
        }
    }

    /// The subtitle of the poster: date and data source.
    pub(super) fn poster_subtitle(&self) -> String {
        let lang = self.view.language;
        let moment = self
            .moment()
            .format(crate::model::time::AS_OF_FORMAT)
            .to_string();
        format!(
            "{} · {} · {}",
            today_iso(),
            i18n::field(lang, Text::HoursAsOf, &moment),
            i18n::field(lang, Text::Data, &self.data.origin)
        )
    }

    /// Writes the printable per-category sheet (HTML) of the shown categories.
    pub(super) fn write_sheet(
        &mut self,
        path: &Path,
        map_image: Option<&str>,
    ) -> Result<(), String> {
        let none = std::collections::HashSet::new();
        let html = crate::model::io::sheet::to_html(
            &self.data.catalog,
            &self.view.filter,
            self.left_out_by_open_now().unwrap_or(&none),
            (crate::ui::poster::POSTER_TITLE, &self.poster_subtitle()),
            map_image,
        );
        save_atomically(path, &html, 1).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_is_the_map_part_of_the_screenshot() {
        let mut image = ColorImage::filled([200, 100], egui::Color32::WHITE);
        for y in 20..60 {
            for x in 40..140 {
                image.pixels[y * 200 + x] = egui::Color32::RED;
            }
        }
        let path =
            std::env::temp_dir().join(format!("zhongzhan-poster-{}.png", std::process::id()));
        // 2 physical pixels per point: the map at (20, 10)-(70, 30) points.
        let map = Rect::from_min_max(egui::pos2(20.0, 10.0), egui::pos2(70.0, 30.0));
        write_png(&image, map, 2.0, &path).unwrap();
        let png = image::open(&path).unwrap().to_rgba8();
        assert_eq!(png.dimensions(), (100, 40));
        assert!(png.pixels().all(|p| p.0 == [255, 0, 0, 255]));
        std::fs::remove_file(&path).ok();
        let outside = Rect::from_min_max(egui::pos2(500.0, 500.0), egui::pos2(600.0, 600.0));
        assert!(matches!(
            write_png(&image, outside, 1.0, &path),
            Err(PosterError::NothingToCrop)
        ));
    }
}
