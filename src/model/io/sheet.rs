//! The printable sheet: one section per category, every facility with its name, address,
//! hours, coordinates and how reliable its position is, as a self-contained HTML page with
//! print styles (open it in any browser and print, or save as PDF), with a picture of the map
//! view beside it when there is one. Pure text generation.

use crate::model::catalog::Catalog;
use crate::model::category::Category;
use crate::model::facility::Facility;
use crate::model::filter::CategoryFilter;

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;margin:1.5cm;color:#222}\
h1{font-size:20pt;margin:0}h2{font-size:15pt;margin-top:1.2em;border-bottom:2px solid #c0392b}\
.note{background:#fff3cd;color:#664d03;padding:6px 10px;margin:8px 0}\
table{border-collapse:collapse;width:100%;font-size:10pt}\
th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}\
th{background:#f2efe9}.weak{color:#666;font-size:9pt}\
figure{margin:8px 0}img.map{max-width:100%;border:1px solid #bbb}\
@media print{section{page-break-after:always}section:last-child{page-break-after:auto}}";

/// The sheet for the categories `filter` shows, one section per category in legend order,
/// leaving out the facilities in `left_out` (catalog indices; e.g. closed ones while "open now
/// only" is on). `title` heads the page; `generated` says when (e.g. `2026-11-25`) and from
/// which data. `map_image` is the file name of a picture of the map (beside the sheet).
pub fn to_html(
    catalog: &Catalog,
    filter: &CategoryFilter,
    left_out: &std::collections::HashSet<usize>,
    (title, generated): (&str, &str),
    map_image: Option<&str>,
) -> String {
    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(&format!("<title>{}</title>\n", escape(title)));
    html.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    html.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    html.push_str(&format!("<p class=\"weak\">{}</p>\n", escape(generated)));
    let unsurveyed = catalog
        .facilities()
        .iter()
        .filter(|f| f.provenance.precision != crate::model::Precision::Surveyed)
        .count();
    if unsurveyed > 0 {
        html.push_str(&format!(
            "<p class=\"note\">注意：{unsurveyed} / {total} 处设施的位置未经实测（示意或大致位置），请勿据此导航。\
             Note: {unsurveyed} of {total} positions are not surveyed (illustrative or approximate); do not navigate by them.</p>\n",
            total = catalog.len()
        ));
    }
    if let Some(image) = map_image {
        html.push_str(&format!(
            "<figure><img class=\"map\" src=\"{}\" alt=\"地图 Map\">\
             <figcaption class=\"weak\">导出时的地图视图 The map view at export (positions \
             illustrative unless the table says surveyed)</figcaption></figure>\n",
            escape(&percent_encode(image))
        ));
    }
    for category in Category::ALL.into_iter().filter(|&c| filter.is_visible(c)) {
        let members: Vec<&Facility> = catalog
            .facilities()
            .iter()
            .enumerate()
            .filter(|(i, f)| f.category == category && !left_out.contains(i))
            .map(|(_, f)| f)
            .collect();
        if !members.is_empty() {
            section(&mut html, category, &members);
        }
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// `text` with every byte outside the unreserved URL characters (and `/`) percent-encoded, for
/// file names and paths in URLs (Chinese folder names, spaces).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `file://` URL of an absolute path, for opening the sheet in the browser.
pub fn file_url(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", percent_encode(&text))
}

/// The sheet is a bilingual document whatever the interface language (it is printed and
/// posted for everyone).
fn precision_words(precision: crate::model::Precision) -> &'static str {
    match precision {
        crate::model::Precision::Surveyed => "实测 surveyed",
        crate::model::Precision::Approximate => "大致位置 approximate",
        crate::model::Precision::Illustrative => "示意位置 illustrative",
    }
}

fn section(html: &mut String, category: Category, members: &[&Facility]) {
    html.push_str(&format!(
        "<section>\n<h2>{} {} ({})</h2>\n",
        escape(category.name_zh()),
        escape(category.name_en()),
        members.len()
    ));
    html.push_str(
        "<table>\n<tr><th>名称 Name</th><th>地址 Address</th><th>时间 Hours</th>\
         <th>坐标 WGS84</th><th>位置精度 Precision</th><th>来源 Source</th></tr>\n",
    );
    for facility in members {
        let anchor = facility.geometry.anchor();
        html.push_str(&format!(
            "<tr><td>{}<br><span class=\"weak\">{}</span></td><td>{}</td><td>{}</td>\
             <td>{:.5}, {:.5}</td><td>{}</td><td class=\"weak\">{}</td></tr>\n",
            escape(&facility.name_zh),
            escape(&facility.name_en),
            escape(&facility.address_zh),
            escape(&facility.hours),
            anchor.x(),
            anchor.y(),
            precision_words(facility.provenance.precision),
            escape(&facility.provenance.source_quote),
        ));
    }
    html.push_str("</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    fn bundled() -> Catalog {
        Catalog::new(parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap())
    }

    #[test]
    fn the_sheet_has_one_section_per_shown_category_with_every_member() {
        let catalog = bundled();
        let mut filter = CategoryFilter::default();
        filter.set_visible(Category::NightMarket, false);
        let html = to_html(
            &catalog,
            &filter,
            &Default::default(),
            ("中站区 便民设施", "2026-11-25"),
            None,
        );
        assert_eq!(html.matches("<section>").count(), Category::ALL.len() - 1);
        assert!(html.contains("护学岗 School guard post (16)"));
        assert!(!html.contains("夜经济"), "hidden category left out");
        assert_eq!(html.matches("<tr><td>").count(), catalog.len() - 1);
        assert!(html.contains("do not navigate by them"), "honesty note");
        assert!(html.starts_with("<!DOCTYPE html>") && html.contains("charset=\"utf-8\""));
    }

    #[test]
    fn text_from_the_data_is_escaped() {
        let mut facilities = parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap();
        facilities[0].name_zh = "<script>alert('x')</script> & co".into();
        let html = to_html(
            &Catalog::new(facilities),
            &CategoryFilter::default(),
            &Default::default(),
            ("t", "d"),
            None,
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    }

    #[test]
    fn facilities_left_out_by_open_now_are_not_on_the_sheet() {
        let catalog = Catalog::new(parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap());
        let station = catalog
            .index_of(&crate::model::FacilityId("service-station-01".into()))
            .unwrap();
        let left_out = std::collections::HashSet::from([station]);
        let html = to_html(
            &catalog,
            &CategoryFilter::default(),
            &left_out,
            ("t", "d"),
            None,
        );
        assert!(
            !html.contains("城管服务站 Urban"),
            "the station's section is gone"
        );
        assert!(html.contains("护学岗 01"));
    }

    #[test]
    fn the_map_picture_is_shown_and_paths_become_file_urls() {
        let html = to_html(
            &bundled(),
            &CategoryFilter::default(),
            &Default::default(),
            ("t", "d"),
            Some("设施 清单.map.png"),
        );
        assert!(
            html.contains("src=\"%E8%AE%BE%E6%96%BD%20%E6%B8%85%E5%8D%95.map.png\""),
            "{html}"
        );
        assert_eq!(
            file_url(std::path::Path::new("/home/城管/a b.html")),
            "file:///home/%E5%9F%8E%E7%AE%A1/a%20b.html"
        );
    }
}
