//! Reading text files as staff's machines write them: UTF-8 with or without the byte-order mark
//! Notepad adds, UTF-16 (with its mark) from some Windows tools, and GB18030/GBK from Excel, WPS
//! or Notepad on Chinese Windows. The text is decoded once here; everything after works on UTF-8
//! and every file the app writes is UTF-8.

use std::path::{Path, PathBuf};

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Notepad, Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312), the default of Chinese Windows.
    Gb18030,
}

impl TextEncoding {
    /// Its usual name ("UTF-8", "GB18030", …).
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GB18030",
        }
    }

    /// Whether the user should be told (anything but plain UTF-8 with or without its mark).
    pub fn is_notable(self) -> bool {
        !matches!(self, TextEncoding::Utf8 | TextEncoding::Utf8Bom)
    }
}

/// A file's text and the encoding it was read in.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedText {
    /// The text, without a byte-order mark.
    pub text: String,
    /// How it was encoded.
    pub encoding: TextEncoding,
}

/// Why a text file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The operating system could not read it.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The bytes are neither UTF-8 nor GB18030.
    #[error(
        "{path} is neither UTF-8 nor GB18030 text (unreadable byte at offset {offset}); open it and save it again as UTF-8 (Notepad: Save as → Encoding: UTF-8; Excel: CSV UTF-8)"
    )]
    Undecodable {
        /// The file.
        path: PathBuf,
        /// Where the first byte that is not UTF-8 is.
        offset: usize,
    },
}

/// Decodes bytes: a UTF-8 or UTF-16 byte-order mark decides; otherwise UTF-8 if valid, else
/// GB18030 if that decodes without replacement characters. `None` when nothing fits; the
/// error's offset is then that of the first byte that is not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<DecodedText, usize> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok(DecodedText {
                text: text.to_owned(),
                encoding: TextEncoding::Utf8Bom,
            }),
            Err(error) => Err(error.valid_up_to() + 3),
        };
    }
    for (bom, encoding, kind) in [
        (&[0xFF, 0xFE], encoding_rs::UTF_16LE, TextEncoding::Utf16Le),
        (&[0xFE, 0xFF], encoding_rs::UTF_16BE, TextEncoding::Utf16Be),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
            return if had_errors {
                Err(2)
            } else {
                Ok(DecodedText {
                    text: text.into_owned(),
                    encoding: kind,
                })
            };
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(DecodedText {
            text: text.to_owned(),
            encoding: TextEncoding::Utf8,
        }),
        Err(utf8_error) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err(utf8_error.valid_up_to())
            } else {
                Ok(DecodedText {
                    text: text.into_owned(),
                    encoding: TextEncoding::Gb18030,
                })
            }
        }
    }
}

/// [`decode`] of bytes the caller no longer needs: UTF-8 (with or without its mark), the
/// usual case, becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<DecodedText, usize> {
    match String::from_utf8(bytes) {
        // The UTF-8 byte-order mark is itself valid UTF-8 (U+FEFF).
        Ok(mut text) if text.starts_with('\u{feff}') => {
            text.drain(..'\u{feff}'.len_utf8());
            Ok(DecodedText {
                text,
                encoding: TextEncoding::Utf8Bom,
            })
        }
        Ok(text) => Ok(DecodedText {
            text,
            encoding: TextEncoding::Utf8,
        }),
        Err(error) => decode(error.as_bytes()),
    }
}

/// How much [`read_text_reporting`] reads between two reports.
const READ_CHUNK_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a text file in any of the encodings [`decode`] knows.
pub fn read_text(path: &Path) -> Result<DecodedText, TextError> {
    read_text_reporting(path, &|_| {})
}

/// [`read_text`], telling `progress` the share of the file's bytes read so far (0 to 1) every
/// 8 MB: on a network drive reading is the slow part.
pub fn read_text_reporting(path: &Path, progress: &dyn Fn(f32)) -> Result<DecodedText, TextError> {
    use std::io::Read as _;
    let io_error = |source| TextError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io_error)?;
    let expected_bytes = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::with_capacity(usize::try_from(expected_bytes).unwrap_or(0));
    loop {
        let read = (&mut file)
            .take(READ_CHUNK_BYTES)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        if read == 0 {
            break;
        }
        progress((bytes.len() as f64 / expected_bytes.max(1) as f64).min(1.0) as f32);
    }
    decode_owned(bytes).map_err(|offset| TextError::Undecodable {
        path: path.to_path_buf(),
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "id,名称\nschool-post-01,护学岗 01\n";

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let mut with_mark = vec![0xEF, 0xBB, 0xBF];
        with_mark.extend_from_slice(TEXT.as_bytes());
        let (gbk, _, _) = encoding_rs::GB18030.encode(TEXT);
        let not_text = vec![b'a', 0xFF, 0xFF, 0xFF];
        for bytes in [
            TEXT.as_bytes().to_vec(),
            with_mark,
            gbk.into_owned(),
            not_text,
        ] {
            let owned = decode_owned(bytes.clone()).map(|d| (d.text, d.encoding));
            let borrowed = decode(&bytes).map(|d| (d.text, d.encoding));
            assert_eq!(owned, borrowed);
        }
    }

    #[test]
    fn a_big_file_is_read_with_a_report_every_eight_megabytes_up_to_all_of_it() {
        let dir = crate::model::io::atomic::tests::temp_dir("text-reporting");
        let path = dir.join("big.csv");
        let line = "school-post-01,护学岗 01\n";
        let text = line.repeat(20 * 1024 * 1024 / line.len());
        std::fs::write(&path, &text).unwrap();
        let shares = std::cell::RefCell::new(Vec::new());
        let decoded = read_text_reporting(&path, &|share| shares.borrow_mut().push(share)).unwrap();
        assert_eq!(decoded.text, text);
        let shares = shares.into_inner();
        assert_eq!(shares.len(), 3, "{shares:?}");
        assert!(shares.windows(2).all(|w| w[0] < w[1]), "{shares:?}");
        assert_eq!(shares.last(), Some(&1.0));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn plain_utf8_is_read_as_it_is() {
        let decoded = decode(TEXT.as_bytes()).unwrap();
        assert_eq!(decoded.text, TEXT);
        assert_eq!(decoded.encoding, TextEncoding::Utf8);
    }

    #[test]
    fn notepad_s_utf8_byte_order_mark_is_dropped() {
        let bytes = [&[0xEF, 0xBB, 0xBF][..], TEXT.as_bytes()].concat();
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, TEXT);
        assert_eq!(decoded.encoding, TextEncoding::Utf8Bom);
        assert!(!decoded.encoding.is_notable());
    }

    #[test]
    fn a_gbk_file_from_chinese_windows_is_read_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode(TEXT);
        assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, TEXT);
        assert_eq!(decoded.encoding, TextEncoding::Gb18030);
        assert!(decoded.encoding.is_notable());
    }

    #[test]
    fn utf16_with_its_mark_is_read_in_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().text, TEXT);
        assert_eq!(decode(&le).unwrap().encoding, TextEncoding::Utf16Le);
        assert_eq!(decode(&be).unwrap().encoding, TextEncoding::Utf16Be);
    }

    #[test]
    fn bytes_that_are_no_text_name_the_first_bad_offset_and_the_fix() {
        let bytes = b"id,name\n\xFF\xFF\xFF\x80";
        assert_eq!(decode(bytes), Err(8));
        let dir = std::env::temp_dir().join(format!("zhongzhan-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("broken.csv");
        std::fs::write(&path, bytes).unwrap();
        let message = read_text(&path).unwrap_err().to_string();
        assert!(message.contains("broken.csv"), "{message}");
        assert!(message.contains("offset 8"), "{message}");
        assert!(message.contains("save it again as UTF-8"), "{message}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
