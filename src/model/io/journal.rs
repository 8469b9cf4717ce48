//! The recovery journal: the edits made since the last full recovery copy, one JSON line per
//! edit, appended and fsynced (at most every ~2 s) so that keeping unsaved work costs in
//! proportion to the edit instead of rewriting the whole list. A line is a small GeoJSON
//! FeatureCollection whose `ops` member says what to do with its features in order:
//! `["insert", i]` and `["remove", i]` take one feature, `["replace", i]` two (before, after).
//! Replaying applies each line as the app applied it, with the same checks (the facility at
//! the position must be the one the edit names); a last line cut short by a crash is skipped.

use serde_json::{Map, Value, json};

use crate::model::edit::history::Edit;
use crate::model::facility::Facility;
use crate::model::io::load::parse_feature;
use crate::model::io::save::feature_json;

/// Why a journal line could not be read or applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    /// The line is not a journal entry (cut short, or damaged).
    #[error("journal line {line}: {message}")]
    Unreadable {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The entry does not fit the list it is replayed on.
    #[error("journal line {line}: {message}")]
    DoesNotFit {
        /// 1-based line number.
        line: usize,
        /// The edit's complaint.
        message: String,
    },
}

fn flatten<'a>(edit: &'a Edit, ops: &mut Vec<Value>, features: &mut Vec<&'a Facility>) {
    match edit {
        Edit::Insert { index, facility } => {
            ops.push(json!(["insert", index]));
            features.push(facility);
        }
        Edit::Remove { index, facility } => {
            ops.push(json!(["remove", index]));
            features.push(facility);
        }
        Edit::Replace {
            index,
            before,
            after,
        } => {
            ops.push(json!(["replace", index]));
            features.push(before);
            features.push(after);
        }
        Edit::Batch(edits) => {
            for edit in edits {
                flatten(edit, ops, features);
            }
        }
    }
}

/// One edit as one journal line (without the newline).
pub fn encode(edit: &Edit) -> Result<String, serde_json::Error> {
    let (mut ops, mut features) = (Vec::new(), Vec::new());
    flatten(edit, &mut ops, &mut features);
    let mut line = Map::new();
    line.insert("type".to_owned(), json!("FeatureCollection"));
    line.insert("ops".to_owned(), Value::Array(ops));
    line.insert(
        "features".to_owned(),
        Value::Array(features.into_iter().map(feature_json).collect()),
    );
    serde_json::to_string(&Value::Object(line))
}

/// The edit of one journal line (`line_number` for messages).
pub fn decode(text: &str, line_number: usize) -> Result<Edit, JournalError> {
    let unreadable = |message: String| JournalError::Unreadable {
        line: line_number,
        message,
    };
    let value: Value = serde_json::from_str(text).map_err(|e| unreadable(e.to_string()))?;
    let ops = value
        .get("ops")
        .and_then(Value::as_array)
        .ok_or_else(|| unreadable("no \"ops\"".to_owned()))?;
    let features = value
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| unreadable("no \"features\"".to_owned()))?;
    let mut facilities = features.iter().map(|feature| {
        let feature = geojson::Feature::from_json_value(feature.clone())
            .map_err(|e| unreadable(e.to_string()))?;
        parse_feature(feature)
            .map(Box::new)
            .map_err(|(_, message)| unreadable(message))
    });
    let mut next = || {
        facilities
            .next()
            .unwrap_or_else(|| Err(unreadable("fewer features than ops need".to_owned())))
    };
    let mut edits = Vec::with_capacity(ops.len());
    for op in ops {
        let (Some(kind), Some(index)) = (
            op.get(0).and_then(Value::as_str),
            op.get(1)
                .and_then(Value::as_u64)
                .and_then(|i| usize::try_from(i).ok()),
        ) else {
            return Err(unreadable(format!("bad op {op}")));
        };
        edits.push(match kind {
            "insert" => Edit::Insert {
                index,
                facility: next()?,
            },
            "remove" => Edit::Remove {
                index,
                facility: next()?,
            },
            "replace" => Edit::Replace {
                index,
                before: next()?,
                after: next()?,
            },
            other => return Err(unreadable(format!("unknown op {other:?}"))),
        });
    }
    Ok(match <[Edit; 1]>::try_from(edits) {
        Ok([single]) => single,
        Err(edits) => Edit::Batch(edits),
    })
}

/// What replaying a journal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replay {
    /// Edits applied.
    pub applied: usize,
    /// The first line that could not be read or applied (replaying stopped there; a cut-short
    /// last line after a crash is the usual one).
    pub stopped_at: Option<JournalError>,
}

/// Applies the journal `text` to `facilities` line by line, stopping at the first line that
/// cannot be read or does not fit.
pub fn replay(facilities: &mut Vec<Facility>, text: &str) -> Replay {
    let mut applied = 0;
    for (number, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let result = decode(line, number + 1).and_then(|edit| {
            edit.apply(facilities)
                .map_err(|error| JournalError::DoesNotFit {
                    line: number + 1,
                    message: error.to_string(),
                })
        });
        match result {
            Ok(()) => applied += 1,
            Err(error) => {
                return Replay {
                    applied,
                    stopped_at: Some(error),
                };
            }
        }
    }
    Replay {
        applied,
        stopped_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BUNDLED_FACILITIES;
    use crate::model::io::load::parse_facilities;

    fn bundled() -> Vec<Facility> {
        parse_facilities(BUNDLED_FACILITIES, "bundled").unwrap()
    }

    #[test]
    fn edits_written_as_lines_replay_to_the_same_list() {
        let start = bundled();
        let mut live = start.clone();
        let mut renamed = live[2].clone();
        renamed.name_zh = "改过的名字".into();
        let mut added = live[0].clone();
        added.id = crate::model::FacilityId("new-point".into());
        let edits = [
            Edit::Replace {
                index: 2,
                before: Box::new(live[2].clone()),
                after: Box::new(renamed),
            },
            Edit::Batch(vec![
                Edit::Remove {
                    index: 5,
                    facility: Box::new(live[5].clone()),
                },
                Edit::Insert {
                    index: 0,
                    facility: Box::new(added),
                },
            ]),
        ];
        let mut journal = String::new();
        for edit in &edits {
            edit.apply(&mut live).unwrap();
            journal.push_str(&encode(edit).unwrap());
            journal.push('\n');
        }
        let mut replayed = start;
        let replay = replay(&mut replayed, &journal);
        assert_eq!(replay.applied, 2);
        assert_eq!(replay.stopped_at, None);
        assert_eq!(replayed, live);
    }

    #[test]
    fn a_line_cut_short_by_a_crash_stops_the_replay_after_the_complete_ones() {
        let start = bundled();
        let mut live = start.clone();
        let mut renamed = live[1].clone();
        renamed.notes = "完整的一行".into();
        let edit = Edit::Replace {
            index: 1,
            before: Box::new(live[1].clone()),
            after: Box::new(renamed),
        };
        edit.apply(&mut live).unwrap();
        let line = encode(&edit).unwrap();
        let journal = format!("{line}\n{}", &line[..line.len() / 2]);
        let mut replayed = start;
        let replay = replay(&mut replayed, &journal);
        assert_eq!(replay.applied, 1);
        assert!(matches!(
            replay.stopped_at,
            Some(JournalError::Unreadable { line: 2, .. })
        ));
        assert_eq!(replayed, live);
    }
}
