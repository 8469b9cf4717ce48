//! Commands: what the UI asks the app to do. Panels and map plugins push them while drawing;
//! [`crate::app::MapApp`] applies them after the frame is drawn, in one place.

use std::path::PathBuf;

use crate::model::basemap::Basemap;
use crate::model::io::import::SourceDatum;
use crate::model::{Category, Facility, FacilityGeometry, FacilityId, SortKey};
use geo::Point;

/// Where a selection came from, which decides what else follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionOrigin {
    /// Clicked on the map: scroll the list and the article, do not move the map.
    Map,
    /// Clicked in the list: pan the map to it, scroll the article.
    List,
    /// Clicked in the article: pan the map, scroll the list.
    Article,
}

/// What a click on the map does while editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EditTool {
    /// Select facilities; drag the selected one's handles to move or reshape it.
    #[default]
    Select,
    /// Each click adds a point facility of this category.
    AddPoint(Category),
    /// Clicks add corners of a new area of this category.
    DrawArea(Category),
}

/// What the sheet (the right-hand panel) shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SheetTab {
    /// The selected facility (or the facilities of an article mention), or its edit form.
    Details,
    /// What is near the reference point.
    Nearby,
    /// The source article.
    #[default]
    Article,
}

/// File formats for export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// RFC 7946 GeoJSON.
    GeoJson,
    /// CSV with BOM, lon/lat and WKT columns.
    Csv,
    /// The current map view with title and legend, as a PNG picture.
    Png,
    /// A printable per-category sheet (HTML).
    Sheet,
}

/// Which file dialog to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    /// Save the data to a new file and keep editing that file.
    SaveAs,
    /// Write a copy in a format.
    Export(ExportFormat),
    /// Add facilities from a GeoJSON or CSV file.
    Import,
}

/// One user intention, in one of three groups, so every group is matched exhaustively in one
/// place of [`crate::app::MapApp`].
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Looking at the map: selection, filters, search, zoom, basemap, language.
    View(ViewCommand),
    /// Changing the data: edit mode, tools, edits, undo and redo.
    Edit(EditCommand),
    /// Files and dialogs: save, export, import, recovery, quit.
    File(FileCommand),
}

impl From<ViewCommand> for Command {
    fn from(command: ViewCommand) -> Self {
        Command::View(command)
    }
}

impl From<EditCommand> for Command {
    fn from(command: EditCommand) -> Self {
        Command::Edit(command)
    }
}

impl From<FileCommand> for Command {
    fn from(command: FileCommand) -> Self {
        Command::File(command)
    }
}

/// Looking at the map; never changes the data.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewCommand {
    /// Select a facility.
    Select(FacilityId, SelectionOrigin),
    /// Clear the selection and any highlight.
    ClearSelection,
    /// Highlight the facilities linked to an article mention (select it if there is one).
    FocusMention(String),
    /// Scroll the article to a mention.
    ShowInArticle(String),
    /// Show or hide one category.
    SetCategoryVisible(Category, bool),
    /// Show only one category and fit the map to it.
    ShowOnlyCategory(Category),
    /// Show every category.
    ShowAllCategories,
    /// Hide every category.
    HideAllCategories,
    /// Search by name, address or category (Chinese, pinyin, initials, English); empty clears.
    Search(String),
    /// Move the keyboard cursor in the list by this many rows.
    MoveListCursor(i32),
    /// Select the facility under the list's keyboard cursor.
    ActivateListCursor,
    /// Sort the list; choosing the current key again flips the direction.
    SortList(SortKey),
    /// Show what is near this WGS84 point (right-click on the map).
    SetReferencePoint(Point<f64>),
    /// Show what is near the centre of the map (keyboard-friendly).
    ReferenceAtMapCentre,
    /// Close the "nearby" card.
    ClearReferencePoint,
    /// Show only facilities open at the chosen moment (or not).
    SetOpenNowOnly(bool),
    /// Evaluate opening hours at this local time (China Standard Time); `None` is now.
    SetAsOf(Option<chrono::NaiveDateTime>),
    /// Fit the map to Zhongzhan District.
    ZoomToDistrict,
    /// Fit the map to all facilities.
    ZoomToFacilities,
    /// Fit the map to a WGS84 box (e.g. a cluster's members).
    ZoomToExtent(geo::Rect<f64>),
    /// One zoom level in.
    ZoomIn,
    /// One zoom level out.
    ZoomOut,
    /// Move the view by this many points (x right, y down), e.g. arrow keys on the map.
    PanByPx([f32; 2]),
    /// Open or close the list panel (legend, filter, search, list).
    ToggleList,
    /// Open or close the sheet panel (details, nearby, article).
    ToggleSheet,
    /// Show this in the sheet (opening it).
    ShowSheetTab(SheetTab),
    /// Switch the basemap.
    SetBasemap(Basemap),
    /// Show the interface in this language (kept with the view).
    SetLanguage(crate::i18n::Language),
}

/// Changing the data (through the undo history) or how edit mode behaves.
#[derive(Debug, Clone, PartialEq)]
pub enum EditCommand {
    /// Turn edit mode on or off.
    SetEditing(bool),
    /// Choose what a click on the map does while editing.
    SetEditTool(EditTool),
    /// Add a point facility of the current tool's category here (WGS84).
    AddPointAt(Point<f64>),
    /// Add a corner to the area being drawn (WGS84).
    AddDraftCorner(Point<f64>),
    /// Remove the last corner of the area being drawn.
    RemoveLastDraftCorner,
    /// Close the area being drawn and add it as a facility.
    FinishDraftArea,
    /// Give up the area being drawn.
    CancelDraftArea,
    /// Replace a facility's geometry (a drag on the map).
    Reshape(FacilityId, FacilityGeometry),
    /// Replace a facility's properties (the edit form); matched by id.
    UpdateFacility(Box<Facility>),
    /// Ask before deleting a facility.
    RequestDelete(FacilityId),
    /// Delete a facility (after confirmation).
    Delete(FacilityId),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
}

/// Files and the dialogs around them.
#[derive(Debug, Clone, PartialEq)]
pub enum FileCommand {
    /// Save to the data file (asks first if it changed on disk; asks for a path for the
    /// bundled data).
    Save,
    /// Save even though the file changed on disk (the other version goes to the backup).
    SaveOverwritingChanges,
    /// Open a file dialog.
    OpenFileDialog(FileAction),
    /// Read the data file as it is on disk now and merge the unsaved edits into it.
    ReloadAndMerge,
    /// Apply the merge with the user's answers to its questions.
    ApplyMerge(Vec<crate::model::edit::reconcile::ConflictRow>),
    /// Show the shared database's conflicts again (edits a colleague's change is holding).
    ResolveDatabaseConflicts,
    /// Open the *Connect database* dialog.
    OpenConnectDialog,
    /// Switch the window to the shared database.
    ConnectDatabase(ConnectRequest),
    /// Read a facility's history from the shared database.
    LoadHistory(crate::model::FacilityId),
    /// Make a facility as it was at a version of its history (an undoable edit).
    RestoreVersion(crate::model::FacilityId, i64),
    /// Stop the save running in the background (before it touches the file).
    CancelSave,
    /// Open the system's file chooser for the open file dialog.
    BrowseForFile,
    /// A file was dropped on the window (the app asks: open it or import it).
    DroppedFile(PathBuf),
    /// Keep this window read-only (another instance is editing the file).
    ReadOnly,
    /// Open the dropped file as the data file.
    OpenDropped(PathBuf),
    /// Import the dropped file into the map (through the import dialog).
    ImportDropped(PathBuf),
    /// Save to a new file and keep editing it.
    SaveAs(PathBuf),
    /// Write a copy in a format.
    Export(ExportFormat, PathBuf),
    /// Add facilities from a file whose coordinates are in a datum.
    Import(PathBuf, SourceDatum),
    /// Restore the unsaved edits found at start-up.
    RestoreRecovery,
    /// Throw the unsaved edits found at start-up away.
    DiscardRecovery,
    /// Close the open dialog without doing anything.
    CloseDialog,
    /// Save, then quit if saving worked.
    SaveAndQuit,
    /// Quit and throw unsaved edits away.
    QuitWithoutSaving,
    /// Replace a data file that failed to load with the bundled data (read only).
    UseBundledData,
}

/// The shared database to connect to, as typed. Its `Debug` (commands are logged) shows
/// neither the address (it may hold a password) nor the password.
#[derive(Clone, PartialEq)]
pub struct ConnectRequest {
    /// `postgresql://user@host:port/database`.
    pub url: String,
    /// The password (empty: the one in the URL, if any).
    pub password: String,
}

impl std::fmt::Debug for ConnectRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ConnectRequest { .. }")
    }
}

/// The commands that have a keyboard shortcut, each with its one shortcut, label and hint (as
/// rerun's `UICommand`): the key handling, the buttons' tooltips and the README read them here,
/// and hints are printed with egui's shortcut formatter (`Ctrl+Z`, or `⌘Z` on a Mac).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
    /// Undo the last edit (edit mode).
    Undo,
    /// Redo the last undone edit (edit mode; Ctrl+Y works too).
    Redo,
    /// Save the data (edit mode).
    Save,
    /// Jump to the search box.
    Find,
    /// Open or close the list panel.
    ToggleList,
    /// Open or close the sheet panel.
    ToggleSheet,
    /// Close the window (asking first about unsaved edits).
    Quit,
}

impl UiCommand {
    /// Every command with a shortcut.
    pub const ALL: [UiCommand; 7] = [
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Save,
        UiCommand::Find,
        UiCommand::ToggleList,
        UiCommand::ToggleSheet,
        UiCommand::Quit,
    ];

    /// The shortcut (Ctrl on Linux and Windows, ⌘ on a Mac).
    pub fn shortcut(self) -> egui::KeyboardShortcut {
        use egui::{Key, KeyboardShortcut, Modifiers};
        match self {
            UiCommand::Undo => KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
            UiCommand::Redo => KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
            UiCommand::Save => KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
            UiCommand::Find => KeyboardShortcut::new(Modifiers::COMMAND, Key::F),
            UiCommand::ToggleList => KeyboardShortcut::new(Modifiers::COMMAND, Key::B),
            UiCommand::ToggleSheet => KeyboardShortcut::new(Modifiers::COMMAND, Key::J),
            UiCommand::Quit => KeyboardShortcut::new(Modifiers::COMMAND, Key::Q),
        }
    }

    /// The shortcut as egui prints it, for messages built outside a frame.
    pub fn shortcut_text(self) -> String {
        self.shortcut()
            .format(&egui::ModifierNames::NAMES, cfg!(target_os = "macos"))
    }

    /// What the command does, when it is a plain command (`Find` moves the focus and `Quit`
    /// asks the window to close instead).
    pub fn command(self) -> Option<Command> {
        match self {
            UiCommand::Undo => Some(Command::Edit(EditCommand::Undo)),
            UiCommand::Redo => Some(Command::Edit(EditCommand::Redo)),
            UiCommand::Save => Some(Command::File(FileCommand::Save)),
            UiCommand::Find | UiCommand::Quit => None,
            UiCommand::ToggleList => Some(Command::View(ViewCommand::ToggleList)),
            UiCommand::ToggleSheet => Some(Command::View(ViewCommand::ToggleSheet)),
        }
    }

    /// Its label on buttons and in the README's shortcut table.
    pub fn label(self) -> crate::i18n::Text {
        use crate::i18n::Text;
        match self {
            UiCommand::Undo => Text::Undo,
            UiCommand::Redo => Text::Redo,
            UiCommand::Save => Text::Save,
            UiCommand::Find => Text::Search,
            UiCommand::ToggleList => Text::ListPanel,
            UiCommand::ToggleSheet => Text::SheetPanel,
            UiCommand::Quit => Text::Quit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        for (i, a) in UiCommand::ALL.iter().enumerate() {
            for b in UiCommand::ALL.iter().skip(i + 1) {
                assert_ne!(a.shortcut(), b.shortcut(), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn shortcut_hints_are_printed_by_egui() {
        if !cfg!(target_os = "macos") {
            assert_eq!(UiCommand::Undo.shortcut_text(), "Ctrl+Z");
            assert_eq!(UiCommand::Redo.shortcut_text(), "Ctrl+Shift+Z");
        }
    }
}
