//! The proposals list's query string, parsed once into a valid value.

use crate::{Origin, ProposalStatus};
use serde::{Deserialize, Serialize};

/// How the proposals list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalSort {
    /// Most recently updated first.
    #[default]
    Recent,
    /// Most supported by residents first.
    Supports,
    /// Most discussed first.
    Comments,
}

impl ProposalSort {
    pub const ALL: [ProposalSort; 3] = [
        ProposalSort::Recent,
        ProposalSort::Supports,
        ProposalSort::Comments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProposalSort::Recent => "recent",
            ProposalSort::Supports => "supports",
            ProposalSort::Comments => "comments",
        }
    }

    pub fn parse(text: &str) -> Option<ProposalSort> {
        ProposalSort::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A validated request for a page of proposals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalQuery {
    theme: Option<String>,
    status: Option<ProposalStatus>,
    origin: Option<Origin>,
    text: Option<String>,
    sort: ProposalSort,
    page: u32,
}

/// Why a query string was refused; the interface words it in the visitor's
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryError {
    UnknownStatus,
    UnknownOrigin,
    UnknownSort,
    BadTheme,
    TextTooLong,
    BadPage,
}

impl ProposalQuery {
    pub const PER_PAGE: u32 = 12;
    pub const MAX_TEXT: usize = 100;
    pub const MAX_PAGE: u32 = 100_000;

    /// Parses raw query-string values; empty values mean "no filter".
    pub fn parse(
        theme: Option<&str>,
        status: Option<&str>,
        origin: Option<&str>,
        text: Option<&str>,
        sort: Option<&str>,
        page: Option<&str>,
    ) -> Result<ProposalQuery, QueryError> {
        let theme = match given(theme) {
            Some(slug) if is_slug(slug) => Some(slug.to_owned()),
            Some(_) => return Err(QueryError::BadTheme),
            None => None,
        };
        let status = given(status)
            .map(|s| ProposalStatus::parse(s).ok_or(QueryError::UnknownStatus))
            .transpose()?;
        let origin = given(origin)
            .map(|s| Origin::parse(s).ok_or(QueryError::UnknownOrigin))
            .transpose()?;
        let text = match given(text) {
            Some(t) if t.chars().count() > Self::MAX_TEXT => return Err(QueryError::TextTooLong),
            Some(t) => Some(t.to_owned()),
            None => None,
        };
        let sort = given(sort)
            .map(|s| ProposalSort::parse(s).ok_or(QueryError::UnknownSort))
            .transpose()?
            .unwrap_or_default();
        let page = match given(page) {
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=Self::MAX_PAGE).contains(p))
                .ok_or(QueryError::BadPage)?,
            None => 1,
        };
        Ok(ProposalQuery {
            theme,
            status,
            origin,
            text,
            sort,
            page,
        })
    }

    pub fn theme(&self) -> Option<&str> {
        self.theme.as_deref()
    }
    pub fn status(&self) -> Option<ProposalStatus> {
        self.status
    }
    pub fn origin(&self) -> Option<Origin> {
        self.origin
    }
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }
    pub fn sort(&self) -> ProposalSort {
        self.sort
    }
    /// How many of the folded filters narrow or reorder the list (theme,
    /// status, origin, a sort other than the default): the count the
    /// folded panel shows. The text search is always in view.
    pub fn active_filters(&self) -> usize {
        [
            self.theme.is_some(),
            self.status.is_some(),
            self.origin.is_some(),
            self.sort != ProposalSort::default(),
        ]
        .into_iter()
        .filter(|on| *on)
        .count()
    }

    /// The 1-based page number.
    pub fn page(&self) -> u32 {
        self.page.max(1)
    }

    /// The same query on another page, for pagination links.
    pub fn with_page(&self, page: u32) -> ProposalQuery {
        ProposalQuery {
            page: page.clamp(1, Self::MAX_PAGE),
            ..self.clone()
        }
    }

    /// The query string that parses back into this query.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(theme) = &self.theme {
            pairs.push(("theme", theme.clone()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(origin) = self.origin {
            pairs.push(("origin", origin.as_str().to_owned()));
        }
        if let Some(text) = &self.text {
            pairs.push(("q", text.clone()));
        }
        if self.sort != ProposalSort::Recent {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.page() > 1 {
            pairs.push(("page", self.page().to_string()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

fn given(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Theme slugs are short lowercase words joined by hyphens.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 40
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_filters_count_what_the_folded_panel_holds_not_the_search() {
        assert_eq!(ProposalQuery::default().active_filters(), 0);
        let q = ProposalQuery::parse(
            Some("environnement"),
            Some("vote"),
            None,
            Some("arbres"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(q.active_filters(), 2);
        let q = ProposalQuery::parse(None, None, Some("citizen"), None, Some("supports"), None)
            .unwrap();
        assert_eq!(q.active_filters(), 2);
    }

    fn parse_pairs(qs: &str) -> Result<ProposalQuery, QueryError> {
        let decoded: Vec<(String, String)> = qs
            .split('&')
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), percent_decode(v)))
            .collect();
        let get = |key: &str| {
            decoded
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        };
        ProposalQuery::parse(
            get("theme"),
            get("status"),
            get("origin"),
            get("q"),
            get("sort"),
            get("page"),
        )
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn an_empty_query_is_the_first_page_of_everything_by_recency() {
        let q = ProposalQuery::parse(None, Some(""), None, Some("  "), None, None).unwrap();
        assert_eq!(q, ProposalQuery::default().with_page(1));
        assert_eq!(q.page(), 1);
        assert_eq!(q.to_query_string(), "");
    }

    #[test]
    fn each_bad_value_is_refused_with_its_own_reason() {
        let bad = [
            (
                Some("Urba nisme"),
                None,
                None,
                None,
                None,
                QueryError::BadTheme,
            ),
            (
                None,
                Some("won"),
                None,
                None,
                None,
                QueryError::UnknownStatus,
            ),
            (
                None,
                None,
                Some("mayor"),
                None,
                None,
                QueryError::UnknownOrigin,
            ),
            (
                None,
                None,
                None,
                Some("oldest"),
                None,
                QueryError::UnknownSort,
            ),
            (None, None, None, None, Some("0"), QueryError::BadPage),
            (None, None, None, None, Some("-3"), QueryError::BadPage),
            (
                None,
                None,
                None,
                None,
                Some("9999999999"),
                QueryError::BadPage,
            ),
        ];
        for (theme, status, origin, sort, page, expected) in bad {
            assert_eq!(
                ProposalQuery::parse(theme, status, origin, None, sort, page),
                Err(expected)
            );
        }
        let long = "é".repeat(ProposalQuery::MAX_TEXT + 1);
        assert_eq!(
            ProposalQuery::parse(None, None, None, Some(&long), None, None),
            Err(QueryError::TextTooLong)
        );
    }

    #[test]
    fn a_query_survives_a_round_trip_through_its_query_string() {
        let q = ProposalQuery::parse(
            Some("environnement"),
            Some("in_progress"),
            Some("citizen"),
            Some("vélo & piétons=oui"),
            Some("supports"),
            Some("3"),
        )
        .unwrap();
        assert_eq!(parse_pairs(&q.to_query_string()), Ok(q.clone()));
        assert_eq!(
            parse_pairs(&q.with_page(1).to_query_string()),
            Ok(q.with_page(1))
        );
    }

    #[test]
    fn slugs_are_lowercase_words_and_hyphens() {
        assert!(is_slug("services-publics"));
        assert!(!is_slug("Services"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug(""));
        assert!(!is_slug(&"a".repeat(41)));
    }
}
