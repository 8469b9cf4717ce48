//! Editing facilities without a window: reversible edits with undo/redo, geometry operations
//! (move, insert or remove corners), the differences between two versions of the data and the
//! three-way merge of two edits of one facility or of two edited lists.

pub mod diff;
pub mod geometry_edit;
pub mod history;
pub mod merge;
pub mod reconcile;
pub mod tidy;
