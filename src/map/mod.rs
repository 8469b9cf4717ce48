//! The map: walkers plugins for the offline basemap and the facilities, plus view fitting.

pub mod basemap;
pub mod editing;
pub mod facilities;
pub mod fit;
pub mod providers;
pub mod scale_bar;
pub mod world;

pub use basemap::{DistrictBasemap, PreparedDistrict};
pub use editing::EditLayer;
pub use facilities::{FacilityLayer, PreparedFacility};
