//! Facility categories: the closed list of kinds of service point the article names,
//! with their stable slugs (used in the data files) and their Chinese and English names.

use serde::{Deserialize, Serialize};

/// A kind of facility. The slug ([`Category::slug`]) is what the data files store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// 城管服务站 — the bureau's service station.
    ServiceStation,
    /// 护学岗 — school guard posts at school gates.
    SchoolPost,
    /// 瓜果疏导区 — areas where fruit vendors may sell (polygons).
    FruitVendorArea,
    /// 临时便民销售点 — temporary convenience sales points.
    ConvenienceSalesPoint,
    /// 许衡文化广场夜经济 — the night market (an area).
    NightMarket,
    /// 排水管网修复 — drainage network repair works (lines).
    DrainageRepair,
    /// 新园路路灯 — street-light upgrade (a line).
    StreetLights,
    /// 涟深河沉淀池 — sedimentation pond dredging (an area).
    SedimentationPond,
    /// 福多多小区供水 — water-supply renovation.
    WaterSupply,
}

/// How a category's features are drawn and hit-tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeometryKind {
    /// A single position, drawn as a symbol.
    Point,
    /// A line, such as a street or a pipe.
    Line,
    /// A polygon area.
    Area,
}

impl Category {
    /// Every category, in legend order.
    pub const ALL: [Category; 9] = [
        Category::ServiceStation,
        Category::SchoolPost,
        Category::FruitVendorArea,
        Category::ConvenienceSalesPoint,
        Category::NightMarket,
        Category::DrainageRepair,
        Category::StreetLights,
        Category::SedimentationPond,
        Category::WaterSupply,
    ];

    /// The stable identifier used in data files, e.g. `school-post`.
    pub fn slug(self) -> &'static str {
        match self {
            Category::ServiceStation => "service-station",
            Category::SchoolPost => "school-post",
            Category::FruitVendorArea => "fruit-vendor-area",
            Category::ConvenienceSalesPoint => "convenience-sales-point",
            Category::NightMarket => "night-market",
            Category::DrainageRepair => "drainage-repair",
            Category::StreetLights => "street-lights",
            Category::SedimentationPond => "sedimentation-pond",
            Category::WaterSupply => "water-supply",
        }
    }

    /// Parses a slug as written in a data file.
    pub fn from_slug(slug: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// Chinese name, as the article uses it.
    pub fn name_zh(self) -> &'static str {
        match self {
            Category::ServiceStation => "城管服务站",
            Category::SchoolPost => "护学岗",
            Category::FruitVendorArea => "瓜果疏导区",
            Category::ConvenienceSalesPoint => "临时便民销售点",
            Category::NightMarket => "夜经济（许衡文化广场）",
            Category::DrainageRepair => "排水管网修复",
            Category::StreetLights => "路灯设施提升",
            Category::SedimentationPond => "沉淀池清淤",
            Category::WaterSupply => "小区供水改造",
        }
    }

    /// English gloss.
    pub fn name_en(self) -> &'static str {
        match self {
            Category::ServiceStation => "Service station",
            Category::SchoolPost => "School guard post",
            Category::FruitVendorArea => "Fruit-vendor area",
            Category::ConvenienceSalesPoint => "Temporary sales point",
            Category::NightMarket => "Night market",
            Category::DrainageRepair => "Drainage repair",
            Category::StreetLights => "Street lights",
            Category::SedimentationPond => "Sedimentation pond",
            Category::WaterSupply => "Water supply",
        }
    }

    /// The geometry this category's features are expected to have.
    pub fn geometry_kind(self) -> GeometryKind {
        match self {
            Category::FruitVendorArea | Category::NightMarket | Category::SedimentationPond => {
                GeometryKind::Area
            }
            Category::DrainageRepair | Category::StreetLights => GeometryKind::Line,
            Category::ServiceStation
            | Category::SchoolPost
            | Category::ConvenienceSalesPoint
            | Category::WaterSupply => GeometryKind::Point,
        }
    }

    /// Whether this category is one of the article's service points (as opposed to public works).
    pub fn is_public_works(self) -> bool {
        matches!(
            self,
            Category::DrainageRepair
                | Category::StreetLights
                | Category::SedimentationPond
                | Category::WaterSupply
        )
    }

    /// Position of this category in [`Category::ALL`], handy for fixed-size tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_for_every_category() {
        for category in Category::ALL {
            assert_eq!(Category::from_slug(category.slug()), Some(category));
        }
        assert_eq!(Category::from_slug("school_post"), None);
    }

    #[test]
    fn index_matches_position_in_all() {
        for (i, category) in Category::ALL.into_iter().enumerate() {
            assert_eq!(category.index(), i);
        }
    }
}
