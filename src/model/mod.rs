//! The pure data model: facilities, categories, provenance, hours and holidays, loading,
//! filtering, sorting, hit-testing and the article. Nothing here knows about egui or walkers,
//! so all of it is tested without a window.

pub mod article;
pub mod basemap;
pub mod catalog;
pub mod category;
pub mod datum;
pub mod district;
pub mod edit;
pub mod facility;
pub mod filter;
pub mod holidays;
pub mod hours;
pub mod index;
pub mod io;
pub mod list_order;
pub mod new_id;
pub mod provenance;
pub mod rules;
pub mod shared_text;
pub mod source;
pub mod synthetic;
pub mod thin_str;
pub mod time;

pub use article::Article;
pub use catalog::Catalog;
pub use category::{Category, GeometryKind};
pub use datum::Datum;
pub use district::District;
pub use facility::{ExtraProperties, Facility, FacilityGeometry, FacilityId};
pub use filter::CategoryFilter;
pub use io::load::LoadError;
pub use list_order::SortKey;
pub use provenance::{Precision, Provenance};
pub use shared_text::SharedText;
pub use thin_str::ThinStr;

/// The facilities bundled with the app (`data/facilities.geojson`).
pub const BUNDLED_FACILITIES: &str = include_str!("../../data/facilities.geojson");

/// Name used for the bundled data in messages.
pub const BUNDLED_ORIGIN: &str = "bundled data/facilities.geojson";

/// The public holidays and make-up working days bundled with the app (`data/holidays.txt`).
pub const BUNDLED_HOLIDAYS: &str = include_str!("../../data/holidays.txt");

/// Name used for the bundled holidays file in messages.
pub const BUNDLED_HOLIDAYS_ORIGIN: &str = "bundled data/holidays.txt";
