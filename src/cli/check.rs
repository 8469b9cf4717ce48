//! `check FILE…` (and its old spelling `--check FILE`): the maintainers' validator. Prints every
//! problem of each file with the model's rule set, then those of the `holidays.txt` beside it,
//! and says whether any file has errors (exit code 1) or none (0; warnings allowed).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::io::text::TextError;
use crate::model::io::validate::{Severity, validate};
use crate::model::io::{holidays_file, text};

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No errors (warnings allowed).
    Clean,
    /// At least one file has errors or could not be read.
    ProblemsFound,
}

impl Outcome {
    /// The exit code: [`crate::cli::EXIT_OK`] or [`crate::cli::EXIT_PROBLEMS`].
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => crate::cli::EXIT_OK,
            Outcome::ProblemsFound => crate::cli::EXIT_PROBLEMS,
        }
    }
}

/// Checks every file in turn: problems and summaries go to `out`, files that cannot be read are
/// named on `err` and count as failed. A holidays file shared by several data files is checked
/// once.
pub fn check_files(
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let mut failed = false;
    let mut holidays_seen = HashSet::new();
    for path in paths {
        match check_file(path, &mut holidays_seen, out) {
            Ok(clean) => failed |= !clean,
            Err(error) => {
                writeln!(err, "error: {error}")?;
                failed = true;
            }
        }
    }
    Ok(if failed {
        Outcome::ProblemsFound
    } else {
        Outcome::Clean
    })
}

/// Checks one file and the holidays file beside it (unless already in `holidays_seen`);
/// `Ok(true)` when neither has errors.
fn check_file(
    path: &Path,
    holidays_seen: &mut HashSet<PathBuf>,
    out: &mut dyn Write,
) -> Result<bool, CheckError> {
    let decoded = text::read_text(path)?;
    if decoded.encoding.is_notable() {
        writeln!(
            out,
            "{}: read as {}",
            path.display(),
            decoded.encoding.name()
        )?;
    }
    let problems = validate(&decoded.text, crate::home_district().as_ref());
    for problem in &problems {
        writeln!(out, "{}: {problem}", path.display())?;
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    writeln!(
        out,
        "{}: {errors} error(s), {} warning(s)",
        path.display(),
        problems.len() - errors
    )?;
    // The holidays file beside it, when there is one: every bad line is an error.
    let holidays = holidays_file::load_holidays(Some(path));
    let mut holiday_errors = 0;
    if let Some(file) = &holidays.file
        && holidays_seen.insert(file.clone())
    {
        for problem in &holidays.problems {
            writeln!(out, "{}: error: {}", file.display(), problem.within_file())?;
        }
        writeln!(
            out,
            "{}: {} error(s) in the holidays file",
            file.display(),
            holidays.problems.len()
        )?;
        holiday_errors = holidays.problems.len();
    }
    Ok(errors == 0 && holiday_errors == 0)
}

/// Why one file could not be checked.
#[derive(Debug, thiserror::Error)]
enum CheckError {
    /// The file cannot be read as text.
    #[error(transparent)]
    Read(#[from] TextError),
    /// The report could not be printed.
    #[error("cannot print the report: {0}")]
    Print(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly on a bad fixture")]

    use super::*;

    fn run(paths: &[PathBuf]) -> (Outcome, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let outcome = check_files(paths, &mut out, &mut err).unwrap();
        (
            outcome,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn a_missing_file_is_named_and_fails_the_check_while_the_others_are_checked() {
        let dir = std::env::temp_dir().join(format!("zhongzhan-cli-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("facilities.geojson");
        std::fs::write(&good, crate::model::BUNDLED_FACILITIES).unwrap();
        let missing = dir.join("missing.geojson");
        let (outcome, out, err) = run(&[missing.clone(), good.clone()]);
        assert_eq!(outcome, Outcome::ProblemsFound);
        assert!(
            err.contains(&format!("cannot read {}", missing.display())),
            "{err}"
        );
        assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
        let (outcome, _, _) = run(&[good]);
        assert_eq!(outcome, Outcome::Clean);
        std::fs::remove_dir_all(&dir).ok();
    }
}
