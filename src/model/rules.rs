//! The one rule set for a facility's content: what is wrong (an error) or probably not meant
//! (a warning) with a facility that was read or typed. The loader, `--check` and the edit form
//! all ask [`Facility::problems`]; the UI only words the problems through `i18n`, `--check`
//! prints their English [`Display`](std::fmt::Display).
//!
//! Structure that keeps text from becoming a facility at all (no id, an unknown category, a
//! broken geometry) is the loader's business (`io::load`); this is about facilities that exist.

use geo::Validation;

use super::category::{Category, GeometryKind};
use super::facility::{Facility, FacilityGeometry};
use super::hours::{Schedule, ScheduleError};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Shows something wrong or hides something (a season, opening hours): fix before saving.
    Error,
    /// Shown as it is, but probably not what was meant.
    Warning,
}

/// One thing wrong with a facility.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FacilityProblem {
    /// Neither a Chinese nor an English name.
    #[error("missing name: set \"name_zh\" and \"name_en\"")]
    MissingName,
    /// An English name only.
    #[error("missing Chinese name \"name_zh\"")]
    MissingChineseName,
    /// A Chinese name only.
    #[error("missing English name \"name_en\"")]
    MissingEnglishName,
    /// The geometry is not the kind the category is drawn as (e.g. a point for an area).
    #[error(
        "a {} is usually a {}, found a {} (it is shown, but e.g. an area's size is unknown)",
        category.slug(),
        geojson_type(*expected),
        geojson_type(*found)
    )]
    GeometryKind {
        /// The facility's category.
        category: Category,
        /// What the category is drawn as.
        expected: GeometryKind,
        /// What the facility has.
        found: GeometryKind,
    },
    /// Opening hours or season dates that cannot be read (the facility would show as unknown,
    /// or a season would be hidden).
    #[error("{0}")]
    Schedule(ScheduleError),
    /// A property named like a known field cut to 10 characters by a Shapefile round trip
    /// (`descriptio`, `position_p` …): the value is kept but not used as that field.
    #[error(
        "property \"{found}\" looks like \"{intended}\" cut short by a Shapefile (10-character field names); rename it, or import the file (import maps it back)"
    )]
    TruncatedField {
        /// The property as found.
        found: String,
        /// The known field it stands for.
        intended: &'static str,
    },
    /// An area whose outline crosses itself (a bow-tie): its size and "inside" are wrong.
    #[error("the area's outline crosses itself ({0}); redraw its corners in order")]
    InvalidArea(String),
}

/// Known fields as a Shapefile (DBF, 10-character names) writes them, the way GDAL cuts and
/// numbers them: the first of two fields with the same 10 characters keeps them, the second
/// becomes `…_1`.
pub const SHAPEFILE_NAMES: [(&str, &str); 9] = [
    ("descriptio", "description_zh"),
    ("descript_1", "description_en"),
    ("source_quo", "source_quote"),
    ("position_p", "position_precision"),
    ("position_m", "position_method"),
    ("article_me", "article_mention"),
    ("hours_sour", "hours_source"),
    ("valid_unti", "valid_until"),
    ("source_ref", "source_ref"),
];

/// The known field a Shapefile-cut property name stands for, if it is one.
pub fn shapefile_field(name: &str) -> Option<&'static str> {
    SHAPEFILE_NAMES
        .iter()
        .find(|(cut, full)| *cut == name && cut != full)
        .map(|(_, full)| *full)
}

/// The GeoJSON geometry type a kind is written as.
fn geojson_type(kind: GeometryKind) -> &'static str {
    match kind {
        GeometryKind::Point => "Point",
        GeometryKind::Line => "LineString",
        GeometryKind::Area => "Polygon",
    }
}

impl FacilityProblem {
    /// How bad it is. The same everywhere: in the app's problem list, in `--check` and in the
    /// edit form (which refuses to commit errors).
    pub fn severity(&self) -> Severity {
        match self {
            FacilityProblem::MissingName | FacilityProblem::Schedule(_) => Severity::Error,
            FacilityProblem::MissingChineseName
            | FacilityProblem::MissingEnglishName
            | FacilityProblem::GeometryKind { .. }
            | FacilityProblem::TruncatedField { .. }
            | FacilityProblem::InvalidArea(_) => Severity::Warning,
        }
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

impl Facility {
    /// Everything wrong with this facility, errors first.
    pub fn problems(&self) -> Vec<FacilityProblem> {
        let mut problems = Vec::new();
        match (
            self.name_zh.trim().is_empty(),
            self.name_en.trim().is_empty(),
        ) {
            (true, true) => problems.push(FacilityProblem::MissingName),
            (true, false) => problems.push(FacilityProblem::MissingChineseName),
            (false, true) => problems.push(FacilityProblem::MissingEnglishName),
            (false, false) => {}
        }
        if let Err(error) = Schedule::parse(&self.hours, &self.valid_from, &self.valid_until) {
            problems.push(FacilityProblem::Schedule(error));
        }
        let expected = self.category.geometry_kind();
        let found = self.geometry.kind();
        if expected != found {
            problems.push(FacilityProblem::GeometryKind {
                category: self.category,
                expected,
                found,
            });
        }
        for key in self.extra_properties.keys() {
            if let Some(intended) = shapefile_field(key) {
                problems.push(FacilityProblem::TruncatedField {
                    found: key.clone(),
                    intended,
                });
            }
        }
        if let FacilityGeometry::Area(polygon) = &self.geometry
            && let Err(error) = polygon.check_validation()
        {
            problems.push(FacilityProblem::InvalidArea(error.to_string()));
        }
        problems.sort_by_key(FacilityProblem::severity);
        problems
    }
}

#[cfg(test)]
mod tests {
    use geo::{LineString, Point, Polygon};

    use super::*;
    use crate::model::{FacilityId, Precision, Provenance};

    fn facility(category: Category, geometry: FacilityGeometry) -> Facility {
        let provenance = Provenance {
            source_quote: Default::default(),
            source_ref: Default::default(),
            precision: Precision::Illustrative,
            method: Default::default(),
        };
        let names = ("名".to_owned(), "Name".to_owned());
        Facility::new(
            FacilityId("x-1".into()),
            category,
            names,
            provenance,
            geometry,
        )
    }

    fn point() -> FacilityGeometry {
        FacilityGeometry::Point(Point::new(113.18, 35.24))
    }

    fn area(corners: &[(f64, f64)]) -> FacilityGeometry {
        FacilityGeometry::area(Polygon::new(LineString::from(corners.to_vec()), vec![]))
    }

    #[test]
    fn a_complete_facility_has_no_problems() {
        assert_eq!(facility(Category::SchoolPost, point()).problems(), vec![]);
    }

    #[test]
    fn no_name_at_all_is_an_error_and_one_missing_name_a_warning() {
        let mut f = facility(Category::SchoolPost, point());
        f.name_en = crate::model::ThinStr::EMPTY;
        assert_eq!(f.problems(), vec![FacilityProblem::MissingEnglishName]);
        assert_eq!(f.problems()[0].severity(), Severity::Warning);
        f.name_zh = "  ".into();
        assert_eq!(f.problems(), vec![FacilityProblem::MissingName]);
        assert!(f.problems()[0].is_error());
    }

    #[test]
    fn a_date_that_is_not_a_date_and_unreadable_hours_are_errors() {
        let mut f = facility(
            Category::FruitVendorArea,
            area(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
        );
        f.valid_from = "2024-13-01".into();
        assert!(
            matches!(f.problems().as_slice(), [p @ FacilityProblem::Schedule(_)] if p.is_error())
        );
        f.valid_from = crate::model::ThinStr::EMPTY;
        f.hours = "sometimes".into();
        assert!(
            matches!(f.problems().as_slice(), [p @ FacilityProblem::Schedule(_)] if p.is_error())
        );
    }

    #[test]
    fn a_bow_tie_area_is_a_warning() {
        let bow_tie = area(&[(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)]);
        let problems = facility(Category::FruitVendorArea, bow_tie).problems();
        assert!(
            matches!(problems.as_slice(), [FacilityProblem::InvalidArea(_)]),
            "{problems:?}"
        );
        assert_eq!(problems[0].severity(), Severity::Warning);
    }

    #[test]
    fn a_point_for_an_area_category_is_a_warning_naming_both_kinds() {
        let problems = facility(Category::FruitVendorArea, point()).problems();
        assert_eq!(
            problems,
            vec![FacilityProblem::GeometryKind {
                category: Category::FruitVendorArea,
                expected: GeometryKind::Area,
                found: GeometryKind::Point,
            }]
        );
    }

    #[test]
    fn a_shapefile_cut_field_name_is_a_warning_naming_the_field_it_stands_for() {
        let mut f = facility(Category::SchoolPost, point());
        f.extra_properties
            .insert("position_p".to_owned(), "approximate".into());
        let problems = f.problems();
        assert_eq!(
            problems,
            vec![FacilityProblem::TruncatedField {
                found: "position_p".to_owned(),
                intended: "position_precision",
            }]
        );
        assert!(problems[0].to_string().contains("\"position_precision\""));
    }

    #[test]
    fn errors_come_before_warnings() {
        let mut f = facility(Category::FruitVendorArea, point());
        f.hours = "sometimes".into();
        let severities: Vec<_> = f.problems().iter().map(FacilityProblem::severity).collect();
        assert_eq!(severities, vec![Severity::Error, Severity::Warning]);
    }
}
