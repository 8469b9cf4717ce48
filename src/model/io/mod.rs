//! Reading and writing facilities: GeoJSON loading with per-feature errors, the holidays file,
//! `--check` validation, atomic saving that never destroys a version (with backups), CSV
//! tables, imports from other datums, a file as a whole-collection source, the recovery copy
//! of unsaved edits, leftovers of unfinished saves and the printable sheet.

pub mod atomic;
pub mod csv_table;
pub mod file_source;
pub mod holidays_file;
pub mod import;
pub mod journal;
pub mod load;
pub mod pending_saves;
pub mod recovery;
pub mod save;
pub mod sheet;
pub mod stranded;
pub mod text;
pub mod validate;
