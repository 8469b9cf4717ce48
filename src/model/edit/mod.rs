//! Editing facilities without a window: reversible edits with undo/redo, geometry operations
//! (move, insert or remove corners) and the differences between two versions of the data.

pub mod diff;
pub mod geometry_edit;
pub mod history;
