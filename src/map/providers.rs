//! Basemap providers: the embedded offline basemap, online raster tiles (OpenStreetMap,
//! Tianditu 天地图, AMap/Gaode 高德) with a disk cache and a User-Agent naming the app, and
//! offline raster tiles from a PMTiles file. Knows each provider's datum and attribution.

use std::path::PathBuf;

use walkers::sources::{Attribution, OpenStreetMap, TileSource};
use walkers::{HttpOptions, HttpTiles, PmTiles, TileId, Tiles};

use crate::i18n::Text;
use crate::model::basemap::Basemap;

/// Settings for the tile providers, read from the command line, the environment or the config
/// directory by `main`.
#[derive(Debug, Clone, Default)]
pub struct TileSettings {
    /// Tianditu `tk` key. Only ever put into tile URLs; the logger redacts it.
    pub tianditu_key: Option<String>,
    /// A `.pmtiles` file with raster tiles.
    pub pmtiles_path: Option<PathBuf>,
    /// Where downloaded tiles are cached (one subdirectory per provider).
    pub cache_dir: Option<PathBuf>,
}

impl TileSettings {
    /// Whether `basemap` can be selected with these settings, and why not.
    pub fn unavailable_reason(&self, basemap: Basemap) -> Option<Text> {
        match basemap {
            Basemap::Tianditu if self.tianditu_key.is_none() => Some(Text::NeedsTiandituKey),
            Basemap::PmTiles if self.pmtiles_path.is_none() => Some(Text::NeedsPmTilesFile),
            _ => None,
        }
    }
}

/// AMap/Gaode street tiles (GCJ-02).
pub struct AmapStreets;

impl TileSource for AmapStreets {
    fn tile_url(&self, tile_id: TileId) -> String {
        format!(
            "https://webrd0{}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={}&y={}&z={}",
            1 + (tile_id.x + tile_id.y) % 4,
            tile_id.x,
            tile_id.y,
            tile_id.zoom
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: Text::AmapAttribution.both(),
            url: "https://www.amap.com",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn max_zoom(&self) -> u8 {
        18
    }
}

/// One Tianditu layer (web Mercator, CGCS2000 ≈ WGS84).
pub struct Tianditu {
    /// `vec` (vector map) or `cva` (Chinese labels).
    pub layer: &'static str,
    /// The `tk` key.
    pub key: String,
}

impl TileSource for Tianditu {
    fn tile_url(&self, tile_id: TileId) -> String {
        format!(
            "https://t{}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={}&TILEROW={}&TILECOL={}&tk={}",
            (tile_id.x + tile_id.y) % 8,
            tile_id.zoom,
            tile_id.y,
            tile_id.x,
            self.key,
            layer = self.layer,
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: Text::TiandituAttribution.both(),
            url: "https://www.tianditu.gov.cn",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn max_zoom(&self) -> u8 {
        18
    }
}

/// The tile layers, created on first use and kept (with their memory caches) while the app
/// runs.
#[derive(Default)]
pub struct TileLayers {
    osm: Option<HttpTiles>,
    tianditu: Option<(HttpTiles, HttpTiles)>,
    amap: Option<HttpTiles>,
    pmtiles: Option<PmTiles>,
}

/// HTTP options for one provider: the app's User-Agent and a cache subdirectory.
pub fn http_options(settings: &TileSettings, provider: &str) -> HttpOptions {
    HttpOptions {
        cache: settings.cache_dir.as_ref().map(|dir| dir.join(provider)),
        user_agent: Some(walkers::HeaderValue::from_static(crate::USER_AGENT)),
        ..HttpOptions::default()
    }
}

impl TileLayers {
    /// The base layer and the optional label layer for `basemap`, creating them if needed.
    /// `None` for the embedded basemap or when the provider is unavailable.
    pub fn layers(
        &mut self,
        basemap: Basemap,
        settings: &TileSettings,
        ctx: &egui::Context,
    ) -> (Option<&mut dyn Tiles>, Option<&mut dyn Tiles>) {
        match basemap {
            Basemap::Embedded => (None, None),
            Basemap::OpenStreetMap => {
                let tiles = self.osm.get_or_insert_with(|| {
                    HttpTiles::with_options(
                        OpenStreetMap,
                        http_options(settings, "osm"),
                        ctx.clone(),
                    )
                });
                (Some(tiles), None)
            }
            Basemap::Amap => {
                let tiles = self.amap.get_or_insert_with(|| {
                    HttpTiles::with_options(
                        AmapStreets,
                        http_options(settings, "amap"),
                        ctx.clone(),
                    )
                });
                (Some(tiles), None)
            }
            Basemap::Tianditu => {
                let Some(key) = settings.tianditu_key.clone() else {
                    return (None, None);
                };
                let (base, labels) = self.tianditu.get_or_insert_with(|| {
                    let layer = |layer| {
                        HttpTiles::with_options(
                            Tianditu {
                                layer,
                                key: key.clone(),
                            },
                            http_options(settings, &format!("tianditu-{layer}")),
                            ctx.clone(),
                        )
                    };
                    (layer("vec"), layer("cva"))
                });
                (Some(base), Some(labels))
            }
            Basemap::PmTiles => {
                let Some(path) = &settings.pmtiles_path else {
                    return (None, None);
                };
                let tiles = self
                    .pmtiles
                    .get_or_insert_with(|| PmTiles::new(path, ctx.clone()));
                (Some(tiles), None)
            }
        }
    }

    /// Tiles being downloaded or read right now, over all created layers.
    pub fn in_progress(&self) -> usize {
        let http = [&self.osm, &self.amap]
            .into_iter()
            .flatten()
            .chain(self.tianditu.iter().flat_map(|(a, b)| [a, b]))
            .map(|t| t.stats().in_progress)
            .sum::<usize>();
        http + self.pmtiles.as_ref().map_or(0, |t| t.stats().in_progress)
    }
}

/// What to credit for `basemap` (always shown on the map).
pub fn attribution(basemap: Basemap, settings: &TileSettings) -> Option<Attribution> {
    match basemap {
        Basemap::Embedded => None,
        Basemap::OpenStreetMap => Some(OpenStreetMap.attribution()),
        Basemap::Amap => Some(AmapStreets.attribution()),
        Basemap::Tianditu => Some(
            Tianditu {
                layer: "vec",
                key: String::new(),
            }
            .attribution(),
        ),
        Basemap::PmTiles => settings.pmtiles_path.as_ref().map(|_| Attribution {
            text: Text::PmTilesAttribution.both(),
            url: "",
            logo_light: None,
            logo_dark: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tianditu_urls_carry_the_key_and_the_layer() {
        let source = Tianditu {
            layer: "cva",
            key: "secret".to_owned(),
        };
        let url = source.tile_url(TileId {
            x: 13342,
            y: 6476,
            zoom: 14,
        });
        assert!(url.contains("LAYER=cva"), "{url}");
        assert!(url.contains("TILEROW=6476&TILECOL=13342"), "{url}");
        assert!(url.ends_with("tk=secret"), "{url}");
    }

    #[test]
    fn amap_urls_use_the_street_style() {
        let url = AmapStreets.tile_url(TileId {
            x: 1,
            y: 2,
            zoom: 3,
        });
        assert!(url.contains("style=8&x=1&y=2&z=3"), "{url}");
    }

    #[test]
    fn tile_requests_name_the_app_and_cache_per_provider() {
        let settings = TileSettings {
            cache_dir: Some(PathBuf::from("/cache/tiles")),
            ..TileSettings::default()
        };
        let options = http_options(&settings, "osm");
        let user_agent = options.user_agent.unwrap();
        let user_agent = user_agent.to_str().unwrap();
        assert!(user_agent.starts_with("zhongzhan-map/"), "{user_agent}");
        assert!(
            user_agent.contains("Zhongzhan civic service map"),
            "{user_agent}"
        );
        assert_eq!(options.cache, Some(PathBuf::from("/cache/tiles/osm")));
    }

    #[test]
    fn every_tile_provider_is_attributed() {
        let settings = TileSettings {
            pmtiles_path: Some(PathBuf::from("x.pmtiles")),
            ..TileSettings::default()
        };
        for basemap in Basemap::ALL {
            let attribution = attribution(basemap, &settings);
            assert_eq!(
                attribution.is_some(),
                basemap != Basemap::Embedded,
                "{basemap:?}"
            );
        }
    }

    #[test]
    fn tianditu_without_a_key_is_unavailable() {
        let settings = TileSettings::default();
        assert!(settings.unavailable_reason(Basemap::Tianditu).is_some());
        assert!(
            settings
                .unavailable_reason(Basemap::OpenStreetMap)
                .is_none()
        );
        let with_key = TileSettings {
            tianditu_key: Some("k".to_owned()),
            ..TileSettings::default()
        };
        assert!(with_key.unavailable_reason(Basemap::Tianditu).is_none());
    }
}
