//! Helpers the integration tests share: the app in a headless egui_kittest window, input as a
//! user gives it (clicks by label or position, drags, retyping a field), selecting or looking at
//! a facility, and a temporary directory that removes itself.
//!
//! Every test binary compiles this whole module but uses only part of it, so each `mod common;`
//! carries `#[expect(dead_code, reason = ..)]`.

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, HarnessBuilder};
use zhongzhan_map::app::{DataSource, MapApp};
use zhongzhan_map::command::{Command, SelectionOrigin, ViewCommand};
use zhongzhan_map::fonts;
use zhongzhan_map::model::FacilityId;

/// Size of the app's window in the GUI tests.
pub const WINDOW_SIZE: [f32; 2] = [1400.0, 900.0];

/// Frames a `run` may take: scrolling the list and the article to a selection animates over a
/// few frames.
pub const MAX_STEPS: u64 = 40;

/// The whole app in a headless window.
pub type AppHarness = Harness<'static, MapApp>;

/// A harness builder whose context has the bundled fonts, as the app installs them at start.
pub fn with_fonts<State>() -> HarnessBuilder<State> {
    Harness::builder().with_context_setup(fonts::install)
}

/// A builder for the app's window: [`WINDOW_SIZE`], the bundled fonts, [`MAX_STEPS`].
pub fn window() -> HarnessBuilder<MapApp> {
    with_fonts()
        .with_size(WINDOW_SIZE)
        .with_max_steps(MAX_STEPS)
}

/// `app` shown in a harness made by `builder`, before any frame has run.
pub fn build(builder: HarnessBuilder<MapApp>, app: MapApp) -> AppHarness {
    builder.build_ui_state(|ui, app: &mut MapApp| app.show(ui), app)
}

/// `app` in the app's [`window`], once its first frames have settled.
pub fn harness_for(app: MapApp) -> AppHarness {
    let mut harness = build(window(), app);
    harness.run();
    harness
}

/// The app reading its facilities from `source`, with no stored view.
pub fn harness_with(source: DataSource) -> AppHarness {
    harness_for(MapApp::new(source, None))
}

/// The app with the bundled data, as a first start shows it.
pub fn harness() -> AppHarness {
    harness_with(DataSource::Bundled)
}

/// Clicks the widget labelled `label` and lets the app react.
#[track_caller]
pub fn click(harness: &mut AppHarness, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// A primary click at a screen position (for places that are not widgets, like an area).
pub fn click_at(harness: &mut AppHarness, pos: egui::Pos2) {
    click_button_at(harness, pos, egui::PointerButton::Primary);
}

/// A click of `button` at a screen position.
pub fn click_button_at(harness: &mut AppHarness, pos: egui::Pos2, button: egui::PointerButton) {
    harness.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        pointer_button(harness, pos, button, pressed);
    }
    harness.run();
}

/// Presses the primary button at `from`, moves in steps to `to`, releases there.
pub fn drag(harness: &mut AppHarness, from: egui::Pos2, to: egui::Pos2) {
    harness.event(egui::Event::PointerMoved(from));
    harness.step();
    pointer_button(harness, from, egui::PointerButton::Primary, true);
    harness.step();
    for step in 1..=5 {
        harness.event(egui::Event::PointerMoved(from.lerp(to, step as f32 / 5.0)));
        harness.step();
    }
    pointer_button(harness, to, egui::PointerButton::Primary, false);
    harness.run();
}

fn pointer_button(
    harness: &mut AppHarness,
    pos: egui::Pos2,
    button: egui::PointerButton,
    pressed: bool,
) {
    harness.event(egui::Event::PointerButton {
        pos,
        button,
        pressed,
        modifiers: Default::default(),
    });
}

/// Replaces the text of the field `label` (scrolled to, focused, all selected, typed over) and
/// leaves it with Enter, as a user would.
#[track_caller]
pub fn retype(harness: &mut AppHarness, label: &str, text: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

/// Selects the facility `id` as a click on its list row does (which pans the map to it).
pub fn select(harness: &mut AppHarness, id: &str) {
    harness
        .state_mut()
        .push_command(Command::View(ViewCommand::Select(
            FacilityId::new(id),
            SelectionOrigin::List,
        )));
    harness.run();
}

/// Pans and zooms to a facility (as selecting it in the list does), then clears the selection,
/// so its marker is on screen and not overlapped.
pub fn look_at(harness: &mut AppHarness, id: &str) {
    select(harness, id);
    harness
        .state_mut()
        .push_command(Command::View(ViewCommand::ClearSelection));
    harness.run();
}

/// A moment written `YYYY-MM-DD HH:MM`, as the as-of field takes it.
#[track_caller]
pub fn moment(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap_or_else(|e| panic!("{text:?} is not YYYY-MM-DD HH:MM: {e}"))
}

/// A fresh, empty directory under the system's temporary directory, removed with everything in
/// it when dropped — also when the test fails.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A directory named after `name` (unique among the tests of one binary) and this process.
    #[track_caller]
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("zhongzhan-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&path).ok();
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        Self(path)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// A path inside the directory.
    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// A file as the window system hands it over when it is dropped on the window.
#[derive(Debug)]
pub struct DroppedPath(pub PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops the file at `path` on the window and lets the app react.
pub fn drop_file(harness: &mut AppHarness, path: impl Into<PathBuf>) {
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(path.into())));
    harness.run();
}

/// How a run of the app's binary ended and what it printed.
#[derive(Debug)]
pub struct CliRun {
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the app's binary with `args` and no display, so a command line that would open the
/// window fails instead of opening one.
#[track_caller]
pub fn run_cli<I, S>(args: I) -> CliRun
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_cli_without(args, &[])
}

/// Like [`run_cli`], with the environment variables `unset` removed.
#[track_caller]
pub fn run_cli_without<I, S>(args: I, unset: &[&str]) -> CliRun
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_cli_with_env(args, unset, &[])
}

/// Like [`run_cli`], with the environment variables `unset` removed and `set` set (e.g.
/// `XDG_CONFIG_HOME` to a test's own directory).
#[track_caller]
pub fn run_cli_with_env<I, S>(args: I, unset: &[&str], set: &[(&str, &Path)]) -> CliRun
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_zhongzhan-map"));
    for name in unset {
        command.env_remove(name);
    }
    for (name, value) in set {
        command.env(name, value);
    }
    let output = command
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap_or_else(|e| panic!("cannot run the binary: {e}"));
    CliRun {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
