//! The basemap the user chose: which tiles draw under the facilities, the datum they are drawn
//! in (overlays are shifted to it) and whether they need a network. The providers themselves
//! are in `map::providers`; the menu labels in `i18n`.

use serde::{Deserialize, Serialize};

use super::Datum;

/// Which basemap draws under the facilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Basemap {
    /// Bundled district boundaries and rivers, drawn by the app; works offline.
    #[default]
    Embedded,
    /// OpenStreetMap raster tiles.
    OpenStreetMap,
    /// Tianditu vector map with Chinese labels (needs a `tk` key).
    Tianditu,
    /// AMap/Gaode street map — drawn in GCJ-02, so overlays are shifted.
    Amap,
    /// Raster tiles from a local `.pmtiles` file (works offline).
    PmTiles,
}

impl Basemap {
    /// Every basemap, in menu order.
    pub const ALL: [Basemap; 5] = [
        Basemap::Embedded,
        Basemap::OpenStreetMap,
        Basemap::Tianditu,
        Basemap::Amap,
        Basemap::PmTiles,
    ];

    /// The datum its tiles are drawn in.
    pub fn datum(self) -> Datum {
        match self {
            Basemap::Amap => Datum::Gcj02,
            Basemap::Embedded | Basemap::OpenStreetMap | Basemap::Tianditu | Basemap::PmTiles => {
                Datum::Wgs84
            }
        }
    }

    /// Whether it needs a network.
    pub fn is_online(self) -> bool {
        matches!(
            self,
            Basemap::OpenStreetMap | Basemap::Tianditu | Basemap::Amap
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_amap_is_drawn_in_gcj02() {
        for basemap in Basemap::ALL {
            let expected = if basemap == Basemap::Amap {
                Datum::Gcj02
            } else {
                Datum::Wgs84
            };
            assert_eq!(basemap.datum(), expected, "{basemap:?}");
        }
    }
}
