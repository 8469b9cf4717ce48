//! The shared database: facilities in PostgreSQL + PostGIS, the same tables QGIS and GDAL
//! open, for a team that edits one map. This layer knows only the [`crate::model`] (never
//! egui, walkers, the panels or the app) and blocks on the network, so the app uses it from
//! worker threads.
//!
//! - [`connection`]: the URL (`--db`, `ZHONGZHAN_DB`, `DATABASE_URL`, the private file
//!   `database_url`), opening connections, keeping the password out of every message;
//! - [`tls`]: TLS with rustls (`sslmode`, `sslrootcert`, `ZHONGZHAN_DB_CA`, the system store);
//! - [`schema`]: the versioned, idempotent schema (tables, trigger, roles);
//! - [`store`]: load, import, export, insert, update with versions, tombstone deletes;
//! - [`source`]: the database as the model's whole-collection `FacilitySource` (read all,
//!   write all), as files are;
//! - [`sync`]: versions, changes since a snapshot, saving with a three-way merge;
//! - [`history`]: who changed which field when;
//! - [`listener`]: live notifications of others' changes on a thread of its own;
//! - [`rows`]: a facility as a table row and back;
//! - [`error`]: the one error type.

pub mod connection;
pub mod error;
pub mod history;
pub mod listener;
pub mod rows;
pub mod schema;
pub mod source;
pub mod store;
pub mod sync;
pub mod tls;

pub use connection::DbConfig;
pub use error::{Conflict, DbError, Version};
pub use history::{FieldChange, HistoryEntry, Operation};
pub use listener::{Listener, ListenerEvent, Notice};
pub use rows::StoredFacility;
pub use schema::InitReport;
pub use store::{ImportReport, Snapshot, Store};
pub use sync::{RemoteChange, RowVersion, SaveOutcome};
pub use tls::Trust;
