//! Which side panels are open, so the map always gets most of the window: the list (legend,
//! filter, search, list) on the left and the sheet (details, nearby, article) on the right.
//!
//! Panels follow the window width until the user toggles them: wide windows show both, medium
//! ones the list, narrow ones only the map. Where both do not fit, opening one closes the other,
//! and a list closed to make room for the sheet comes back when the sheet closes.

/// Window widths (points) at which the panels' automatic state changes.
pub const WIDE_FROM_PT: f32 = 1280.0;
/// Below this the list starts closed too.
pub const MEDIUM_FROM_PT: f32 = 760.0;
/// No panel may take more than this share of the window's width.
pub const MAX_PANEL_SHARE: f32 = 0.25;

/// How wide the window is, in the classes the panels react to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WidthClass {
    /// Only the map by default.
    Narrow,
    /// The map and one panel.
    Medium,
    /// The map and both panels.
    Wide,
}

impl WidthClass {
    fn of(width_pt: f32) -> Self {
        if width_pt >= WIDE_FROM_PT {
            WidthClass::Wide
        } else if width_pt >= MEDIUM_FROM_PT {
            WidthClass::Medium
        } else {
            WidthClass::Narrow
        }
    }
}

/// The open/closed state of the two side panels.
#[derive(Debug, Clone, Default)]
pub struct PanelLayout {
    list_open: bool,
    sheet_open: bool,
    /// The width class the automatic state was last set for (`None`: never laid out).
    width_class: Option<WidthClass>,
    /// The list was closed to make room for the sheet; it reopens when the sheet closes.
    list_closed_for_sheet: bool,
    /// The sheet was opened for a selection or a nearby answer (not by the user), so it closes
    /// again when that goes away.
    sheet_opened_for_content: bool,
}

impl PanelLayout {
    /// Whether the list panel is shown.
    pub fn list_open(&self) -> bool {
        self.list_open
    }

    /// Whether the sheet panel is shown.
    pub fn sheet_open(&self) -> bool {
        self.sheet_open
    }

    /// Sets the automatic state when the window's width class changed (and on the first frame);
    /// while there is something to show in the sheet (`has_content`: a selection, a nearby
    /// answer) the sheet stays open.
    pub fn adapt_to_width(&mut self, width_pt: f32, has_content: bool) {
        let class = WidthClass::of(width_pt);
        if self.width_class == Some(class) {
            return;
        }
        self.width_class = Some(class);
        self.list_closed_for_sheet = false;
        (self.list_open, self.sheet_open) = match class {
            WidthClass::Wide => (true, true),
            WidthClass::Medium => (true, false),
            WidthClass::Narrow => (false, false),
        };
        // A selection (or a nearby answer) keeps its sheet through a resize and the first frame.
        self.sheet_opened_for_content = false;
        if has_content && !self.sheet_open {
            self.open_sheet_for_content();
        }
    }

    fn both_fit(&self) -> bool {
        self.width_class.is_none_or(|c| c == WidthClass::Wide)
    }

    /// Opens or closes the list (a button and a shortcut).
    pub fn toggle_list(&mut self) {
        self.list_open = !self.list_open;
        self.sheet_opened_for_content = false;
        self.list_closed_for_sheet = false;
        if self.list_open && !self.both_fit() {
            self.sheet_open = false;
        }
    }

    /// Opens the sheet for a selection or a nearby answer; [`Self::content_gone`] closes it
    /// again if it was closed before.
    pub fn open_sheet_for_content(&mut self) {
        if !self.sheet_open {
            self.open_sheet();
            self.sheet_opened_for_content = true;
        }
    }

    /// The selection and the nearby answer are gone: a sheet opened only for them closes.
    pub fn content_gone(&mut self) {
        if std::mem::take(&mut self.sheet_opened_for_content) {
            self.close_sheet();
        }
    }

    /// Opens or closes the sheet (a button and a shortcut).
    pub fn toggle_sheet(&mut self) {
        self.sheet_opened_for_content = false;
        if self.sheet_open {
            self.close_sheet();
        } else {
            self.open_sheet();
        }
    }

    /// Opens the sheet (a selection, a nearby answer or an article link wants it), closing the
    /// list where both do not fit.
    pub fn open_sheet(&mut self) {
        if self.sheet_open {
            return;
        }
        self.sheet_open = true;
        if self.list_open && !self.both_fit() {
            self.list_open = false;
            self.list_closed_for_sheet = true;
        }
    }

    /// Closes the sheet, bringing back a list it displaced.
    pub fn close_sheet(&mut self) {
        self.sheet_open = false;
        if self.list_closed_for_sheet {
            self.list_open = true;
            self.list_closed_for_sheet = false;
        }
    }

    /// The widest a panel may be in a window `width_pt` wide.
    pub fn max_panel_width_pt(width_pt: f32) -> f32 {
        (width_pt * MAX_PANEL_SHARE).max(200.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid_out(width_pt: f32) -> PanelLayout {
        let mut panels = PanelLayout::default();
        panels.adapt_to_width(width_pt, false);
        panels
    }

    #[test]
    fn a_wide_window_shows_both_panels_a_medium_one_the_list_a_narrow_one_the_map() {
        for (width, list, sheet) in [
            (1920.0, true, true),
            (1366.0, true, true),
            (1024.0, true, false),
            (800.0, true, false),
            (700.0, false, false),
        ] {
            let panels = laid_out(width);
            assert_eq!(
                (panels.list_open(), panels.sheet_open()),
                (list, sheet),
                "{width} pt"
            );
        }
    }

    #[test]
    fn where_both_do_not_fit_the_sheet_displaces_the_list_until_it_closes() {
        let mut panels = laid_out(1024.0);
        panels.open_sheet();
        assert!(panels.sheet_open() && !panels.list_open());
        panels.close_sheet();
        assert!(panels.list_open() && !panels.sheet_open());
    }

    #[test]
    fn a_sheet_opened_for_a_selection_closes_with_it_and_one_opened_by_hand_stays() {
        let mut panels = laid_out(1024.0);
        panels.open_sheet_for_content();
        panels.content_gone();
        assert!(!panels.sheet_open() && panels.list_open());
        panels.toggle_sheet();
        panels.open_sheet_for_content();
        panels.content_gone();
        assert!(panels.sheet_open());
    }

    #[test]
    fn a_selection_keeps_its_sheet_through_the_first_frame_and_resizes() {
        let mut panels = PanelLayout::default();
        panels.open_sheet_for_content();
        panels.adapt_to_width(1024.0, true);
        assert!(panels.sheet_open() && !panels.list_open());
        panels.content_gone();
        assert!(panels.list_open() && !panels.sheet_open());
        let mut wide = PanelLayout::default();
        wide.open_sheet_for_content();
        wide.adapt_to_width(1400.0, true);
        wide.content_gone();
        assert!(wide.sheet_open(), "a wide window keeps its article");
        // Selected in a wide window, then the window is made medium.
        let mut resized = laid_out(1400.0);
        resized.open_sheet_for_content();
        resized.adapt_to_width(1024.0, true);
        assert!(resized.sheet_open() && !resized.list_open());
    }

    #[test]
    fn opening_the_list_by_hand_closes_the_sheet_in_a_medium_window() {
        let mut panels = laid_out(1024.0);
        panels.open_sheet();
        panels.toggle_list();
        assert!(panels.list_open() && !panels.sheet_open());
    }

    #[test]
    fn in_a_wide_window_both_stay_open_and_toggles_are_independent() {
        let mut panels = laid_out(1400.0);
        panels.toggle_list();
        assert!(!panels.list_open() && panels.sheet_open());
        panels.toggle_sheet();
        assert!(
            !panels.list_open() && !panels.sheet_open(),
            "closing the sheet does not reopen a list the user closed"
        );
    }

    #[test]
    fn a_resize_across_a_width_class_resets_the_panels_and_within_a_class_keeps_them() {
        let mut panels = laid_out(1400.0);
        panels.toggle_list();
        panels.adapt_to_width(1350.0, false);
        assert!(!panels.list_open(), "same class: the user's choice stays");
        panels.adapt_to_width(800.0, false);
        assert!(panels.list_open() && !panels.sheet_open());
    }

    #[test]
    fn no_panel_takes_a_third_of_the_window() {
        assert!(PanelLayout::max_panel_width_pt(800.0) <= 800.0 / 3.0);
        assert!(PanelLayout::max_panel_width_pt(1920.0) <= 1920.0 / 3.0);
    }
}
