//! Commands: what the UI asks the app to do. Panels and map plugins push them while drawing;
//! [`crate::app::MapApp`] applies them after the frame is drawn, in one place.

use crate::model::{Category, FacilityId, SortKey};
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

pub use crate::map::providers::Basemap;

/// One user intention.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
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
    /// Fit the map to Zhongzhan District.
    ZoomToDistrict,
    /// Fit the map to all facilities.
    ZoomToFacilities,
    /// One zoom level in.
    ZoomIn,
    /// One zoom level out.
    ZoomOut,
    /// Switch the basemap.
    SetBasemap(Basemap),
    /// Replace a data file that failed to load with the bundled data (read only).
    UseBundledData,
}
