//! Reading and writing facilities: GeoJSON loading with per-feature errors, `--check`
//! validation, atomic saving with backups, CSV tables, imports from other datums, the recovery
//! copy of unsaved edits and the printable sheet.

pub mod csv_table;
pub mod import;
pub mod load;
pub mod recovery;
pub mod save;
pub mod sheet;
pub mod text;
pub mod validate;
