//! `convert IN OUT [--from-datum D]`: reads a GeoJSON or CSV file through the importer (any
//! encoding the app reads, Shapefile-cut names mapped back, coordinates converted from the
//! stated datum to WGS84, the import recorded in each facility's `position_method`) and writes
//! it as GeoJSON or CSV through the app's safe save. Formats follow the file extensions. Both
//! files are [`FileSource`]s and the data moves through [`transfer`], as `db import` and
//! `db export` move it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::CliError;
use crate::cli::args::{ARGUMENTS, OPTIONS};
use crate::cli::transfer::transfer;
use crate::model::io::file_source::{FileFormat, FileSource};
use crate::model::io::import::SourceDatum;

/// The arguments of `convert`.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct ConvertArgs {
    /// 输入文件 Input file: .geojson, .json or .csv (UTF-8, GB18030/GBK or UTF-16)
    #[arg(value_name = "IN", help_heading = ARGUMENTS)]
    pub input: PathBuf,

    /// 输出文件 Output file: .geojson, .json or .csv (UTF-8; CSV with a BOM for Excel)
    #[arg(value_name = "OUT", help_heading = ARGUMENTS)]
    pub output: PathBuf,

    /// 输入坐标的坐标系 The datum of IN's coordinates: wgs84 (GPS, OSM, Tianditu), gcj02
    /// (AMap, Tencent), bd09 (Baidu)
    #[arg(
        long,
        value_name = "DATUM",
        value_enum,
        default_value_t = DatumArg::Wgs84,
        help_heading = OPTIONS
    )]
    pub from_datum: DatumArg,
}

/// `--from-datum`: the datum of the input's coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DatumArg {
    /// WGS84 / GPS / CGCS2000
    Wgs84,
    /// GCJ-02 (AMap, Tencent)
    Gcj02,
    /// BD-09 (Baidu)
    Bd09,
}

impl From<DatumArg> for SourceDatum {
    fn from(datum: DatumArg) -> SourceDatum {
        match datum {
            DatumArg::Wgs84 => SourceDatum::Wgs84,
            DatumArg::Gcj02 => SourceDatum::Gcj02,
            DatumArg::Bd09 => SourceDatum::Bd09,
        }
    }
}

/// The format of `path` by its extension (any case); an unknown or missing extension is a
/// usage error naming the file.
pub fn file_format(path: &Path) -> Result<FileFormat, CliError> {
    FileFormat::of(path).ok_or_else(|| CliError::UnknownFormat {
        path: path.to_path_buf(),
    })
}

impl ConvertArgs {
    /// Checks what can be checked before reading anything: both formats known, OUT not IN.
    pub fn formats(&self) -> Result<(FileFormat, FileFormat), CliError> {
        let formats = (file_format(&self.input)?, file_format(&self.output)?);
        if same_file(&self.input, &self.output) {
            return Err(CliError::SameFile {
                path: self.output.clone(),
            });
        }
        Ok(formats)
    }
}

/// Whether two paths name one file: the same path once made absolute, or (when both exist)
/// the same file after following links.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        return a == b;
    }
    match (std::path::absolute(a), std::path::absolute(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Converts `args.input` to `args.output`, recording the import as of `date` (`YYYY-MM-DD`,
/// China time), and prints what was read and written to `out`.
pub fn convert(args: &ConvertArgs, date: &str, out: &mut dyn Write) -> Result<(), CliError> {
    let (from, to) = args.formats()?;
    let mut input = FileSource::new(&args.input, from)
        .from_datum(SourceDatum::from(args.from_datum))
        .recording_import(date);
    let mut output = FileSource::new(&args.output, to);
    let check_command = format!("zhongzhan-map check {}", args.output.display());
    transfer(&mut input, &mut output, &check_command, out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly on a bad fixture")]

    use super::*;

    fn args(input: &str, output: &str) -> ConvertArgs {
        ConvertArgs {
            input: input.into(),
            output: output.into(),
            from_datum: DatumArg::Wgs84,
        }
    }

    #[test]
    fn formats_follow_the_extension_in_any_case() {
        assert_eq!(
            args("a.GeoJSON", "b.CSV").formats().unwrap(),
            (FileFormat::GeoJson, FileFormat::Csv)
        );
        assert_eq!(
            args("a.csv", "b.json").formats().unwrap(),
            (FileFormat::Csv, FileFormat::GeoJson)
        );
    }

    #[test]
    fn an_unknown_extension_is_refused_naming_the_file_and_the_fix() {
        let error = args("a.geojson", "b.shp").formats().unwrap_err();
        assert_eq!(error.exit_code(), crate::cli::EXIT_USAGE);
        assert_eq!(
            error.to_string(),
            "cannot tell the format of b.shp from its extension; name it .geojson, .json or .csv"
        );
        assert!(args("noextension", "b.csv").formats().is_err());
    }

    #[test]
    fn writing_over_the_input_is_refused_even_when_spelt_differently() {
        for (input, output) in [("a.geojson", "a.geojson"), ("a.geojson", "./a.geojson")] {
            let error = args(input, output).formats().unwrap_err();
            assert_eq!(error.exit_code(), crate::cli::EXIT_USAGE);
            assert!(error.to_string().contains("never writes over its input"));
        }
    }
}
