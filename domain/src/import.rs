//! Importing the respondents of a letter-invitation campaign into a draw's
//! pool from a CSV file: every row is checked, and the import is all or
//! nothing — one bad row and the report lists every problem, line by line.
//!
//! The header names the columns, in French or English, in any order:
//!
//! | French | English | content |
//! |---|---|---|
//! | `nom` | `name` | the person's name (kept private) |
//! | `email` | `email` | optional; invites them to sign in |
//! | `genre` | `gender` | `female` or `male` (the census categories) |
//! | `annee_naissance` | `birth_year` | four digits; 16 or over in the draw's year |
//! | `diplome` | `diploma` | `none_or_cep`, `bepc_brevet`, `cap_bep`, `baccalaureat`, `bac_plus_2`, `bac_plus_3_4`, `bac_plus_5_or_more` |
//! | `arrondissement` | `district` | `paris-centre` or `75105` … `75120` |
//! | `consentement` | `consent` | `oui` / `yes`: they agreed on paper |
//! | `poids` | `weight` | optional, > 0 and ≤ 100: the draw's weight for them |

use crate::account::Email;
use crate::census::{VolunteerError, Volunteering};

/// Rows in one file at most (a letter campaign reaches a few thousand).
pub const MAX_ROWS: usize = 20_000;

/// One respondent, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Respondent {
    pub name: String,
    pub email: Option<Email>,
    pub answers: Volunteering,
    pub weight: Option<f64>,
}

/// What is wrong with a row (or the file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The file is not CSV, or not UTF-8.
    Unreadable,
    Empty,
    TooManyRows,
    MissingColumn(&'static str),
    WrongFieldCount,
    BadName,
    BadEmail,
    DuplicateEmail,
    Volunteer(VolunteerError),
    BadWeight,
}

/// A problem and where: `line` is the line of the file (the header is 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: Option<&'static str>,
    pub error: ImportError,
}

const COLUMNS: [(&str, &str, &str); 8] = [
    ("name", "nom", "name"),
    ("email", "email", "email"),
    ("gender", "genre", "gender"),
    ("birth_year", "annee_naissance", "birth_year"),
    ("diploma", "diplome", "diploma"),
    ("district", "arrondissement", "district"),
    ("consent", "consentement", "consent"),
    ("weight", "poids", "weight"),
];
const OPTIONAL: [&str; 2] = ["email", "weight"];

fn file_error(error: ImportError) -> Vec<RowError> {
    vec![RowError {
        line: 1,
        column: None,
        error,
    }]
}

/// Parses and checks a whole file. `draw_year` is the year of the draw.
pub fn parse_respondents(bytes: &[u8], draw_year: i32) -> Result<Vec<Respondent>, Vec<RowError>> {
    // A spreadsheet's UTF-8 byte-order mark is not part of the first name.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|_| file_error(ImportError::Unreadable))?
        .clone();
    let position = |key: &str| {
        let (_, fr, en) = COLUMNS.iter().find(|(k, _, _)| *k == key)?;
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(fr) || h.eq_ignore_ascii_case(en))
    };
    let mut columns = Vec::with_capacity(COLUMNS.len());
    let mut errors = Vec::new();
    for (key, _, _) in COLUMNS {
        let found = position(key);
        if found.is_none() && !OPTIONAL.contains(&key) {
            errors.push(RowError {
                line: 1,
                column: Some(key),
                error: ImportError::MissingColumn(key),
            });
        }
        columns.push((key, found));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut respondents = Vec::new();
    let mut emails = std::collections::BTreeSet::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u64 + 2;
        if index >= MAX_ROWS {
            return Err(vec![RowError {
                line,
                column: None,
                error: ImportError::TooManyRows,
            }]);
        }
        let Ok(record) = record else {
            errors.push(RowError {
                line,
                column: None,
                error: ImportError::Unreadable,
            });
            continue;
        };
        if record.len() != headers.len() {
            errors.push(RowError {
                line,
                column: None,
                error: ImportError::WrongFieldCount,
            });
            continue;
        }
        let cell = |key: &str| {
            columns
                .iter()
                .find(|(k, _)| *k == key)
                .and_then(|(_, at)| *at)
                .and_then(|at| record.get(at))
                .unwrap_or_default()
        };
        let mut fail = |column: &'static str, error: ImportError| {
            errors.push(RowError {
                line,
                column: Some(column),
                error,
            });
        };
        let name = cell("name");
        let name_ok =
            !name.is_empty() && name.chars().count() <= 120 && !name.chars().any(char::is_control);
        if !name_ok {
            fail("name", ImportError::BadName);
        }
        let email = match cell("email") {
            "" => None,
            raw => match Email::parse(raw) {
                Ok(email) if emails.insert(email.as_str().to_owned()) => Some(email),
                Ok(_) => {
                    fail("email", ImportError::DuplicateEmail);
                    None
                }
                Err(_) => {
                    fail("email", ImportError::BadEmail);
                    None
                }
            },
        };
        let consent = matches!(
            cell("consent").to_lowercase().as_str(),
            "oui" | "yes" | "o" | "y" | "1" | "true" | "vrai"
        );
        let answers = Volunteering::parse(
            cell("gender"),
            cell("birth_year"),
            cell("diploma"),
            cell("district"),
            consent,
            draw_year,
        );
        let weight = match cell("weight") {
            "" => None,
            raw => match raw.replace(',', ".").parse::<f64>() {
                Ok(w) if w.is_finite() && w > 0.0 && w <= 100.0 => Some(w),
                _ => {
                    fail("weight", ImportError::BadWeight);
                    None
                }
            },
        };
        match answers {
            Ok(answers) if name_ok => respondents.push(Respondent {
                name: name.to_owned(),
                email,
                answers,
                weight,
            }),
            Ok(_) => {}
            Err(problems) => {
                for (field, problem) in problems {
                    let column = COLUMNS
                        .iter()
                        .map(|(k, _, _)| *k)
                        .find(|k| *k == field)
                        .unwrap_or("consent");
                    fail(column, ImportError::Volunteer(problem));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if respondents.is_empty() {
        return Err(file_error(ImportError::Empty));
    }
    Ok(respondents)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "nom,email,genre,annee_naissance,diplome,arrondissement,consentement,poids\n\
        Awa Diallo,awa@example.org,female,1990,bac_plus_5_or_more,75111,oui,\n\
        Jean Martin,,male,1950,none_or_cep,75120,oui,1.5\n";

    #[test]
    fn a_good_file_imports_every_row() {
        let rows = parse_respondents(GOOD.as_bytes(), 2026).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Awa Diallo");
        assert_eq!(rows[0].answers.age_band, "30-44");
        assert_eq!(rows[1].weight, Some(1.5));
        assert!(rows[1].email.is_none());
    }

    #[test]
    fn english_headers_in_any_order_and_a_byte_order_mark_are_fine() {
        let text = "\u{feff}district,consent,name,gender,birth_year,diploma\nparis-centre,yes,Ana,female,2000,baccalaureat\n";
        let rows = parse_respondents(text.as_bytes(), 2026).unwrap();
        assert_eq!(rows[0].answers.district, "paris-centre");
    }

    #[test]
    fn every_bad_row_is_reported_and_nothing_is_imported() {
        let text = format!(
            "{GOOD}Trop Jeune,,female,2015,none_or_cep,75111,oui,\n\
             ,x@,male,1980,doctorat?,75099,non,-2\n\
             Awa Bis,awa@example.org,female,1990,baccalaureat,75111,oui,\n\
             Court,female\n"
        );
        let errors = parse_respondents(text.as_bytes(), 2026).unwrap_err();
        let at = |line: u64| -> Vec<ImportError> {
            errors
                .iter()
                .filter(|e| e.line == line)
                .map(|e| e.error)
                .collect()
        };
        assert_eq!(at(4), [ImportError::Volunteer(VolunteerError::TooYoung)]);
        let line5 = at(5);
        for expected in [
            ImportError::BadName,
            ImportError::BadEmail,
            ImportError::BadWeight,
            ImportError::Volunteer(VolunteerError::UnknownDiploma),
            ImportError::Volunteer(VolunteerError::UnknownDistrict),
            ImportError::Volunteer(VolunteerError::NoConsent),
        ] {
            assert!(line5.contains(&expected), "{expected:?} in {line5:?}");
        }
        assert_eq!(at(6), [ImportError::DuplicateEmail]);
        assert_eq!(at(7), [ImportError::WrongFieldCount]);
    }

    #[test]
    fn a_file_without_the_needed_columns_says_which() {
        let errors = parse_respondents(b"nom,genre\nA,female\n", 2026).unwrap_err();
        let missing: Vec<_> = errors.iter().filter_map(|e| e.column).collect();
        assert_eq!(missing, ["birth_year", "diploma", "district", "consent"]);
        assert_eq!(
            parse_respondents(b"", 2026).unwrap_err()[0].error,
            ImportError::MissingColumn("name")
        );
        let only_header = parse_respondents(
            b"nom,genre,annee_naissance,diplome,arrondissement,consentement\n",
            2026,
        );
        assert_eq!(only_header.unwrap_err()[0].error, ImportError::Empty);
        assert!(parse_respondents(b"\xff\xfe\x00garbage", 2026).is_err());
    }
}
