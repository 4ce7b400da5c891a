//! Word-by-word differences between two texts (amendments, versions), and
//! applying an amendment to a proposal's text. Pure, so the browser and
//! the server show the same diff.

use serde::{Deserialize, Serialize};

/// A run of text that both sides share, or that only one side has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// Words with the spaces after them: a diff never splits a word, and the
/// spacing of each side survives.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if i > start && in_space && !space {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = space;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Above this many cells the middle of a diff is shown as replaced whole
/// (two 2,000-word rewrites), keeping the work and memory bounded.
const MAX_CELLS: usize = 4_000_000;

/// The differences from `before` to `after`, word by word: the shared
/// words in order (a longest common subsequence), adjacent pieces of the
/// same kind merged.
pub fn words(before: &str, after: &str) -> Vec<Piece> {
    let (a, b) = (tokens(before), tokens(after));
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (mid_a, mid_b) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut pieces = Vec::new();
    pieces.extend(a[..prefix].iter().map(|t| Piece::Same((*t).to_owned())));
    if mid_a.len().saturating_mul(mid_b.len()) > MAX_CELLS {
        pieces.extend(mid_a.iter().map(|t| Piece::Removed((*t).to_owned())));
        pieces.extend(mid_b.iter().map(|t| Piece::Added((*t).to_owned())));
    } else {
        pieces.extend(lcs_pieces(mid_a, mid_b));
    }
    pieces.extend(
        a[a.len() - suffix..]
            .iter()
            .map(|t| Piece::Same((*t).to_owned())),
    );
    merge(pieces)
}

fn lcs_pieces(a: &[&str], b: &[&str]) -> Vec<Piece> {
    let (n, m) = (a.len(), b.len());
    // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lengths = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[at(i, j)] = if a[i] == b[j] {
                lengths[at(i + 1, j + 1)] + 1
            } else {
                lengths[at(i + 1, j)].max(lengths[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pieces = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            pieces.push(Piece::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if lengths[at(i + 1, j)] >= lengths[at(i, j + 1)] {
            pieces.push(Piece::Removed(a[i].to_owned()));
            i += 1;
        } else {
            pieces.push(Piece::Added(b[j].to_owned()));
            j += 1;
        }
    }
    pieces.extend(a[i..].iter().map(|t| Piece::Removed((*t).to_owned())));
    pieces.extend(b[j..].iter().map(|t| Piece::Added((*t).to_owned())));
    pieces
}

fn merge(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Same(t)), Piece::Same(s))
            | (Some(Piece::Removed(t)), Piece::Removed(s))
            | (Some(Piece::Added(t)), Piece::Added(s)) => t.push_str(&s),
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// Why an amendment cannot apply to a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AmendError {
    /// The passage is not in the text (it changed meanwhile, or a typo).
    PassageNotFound,
    /// The passage appears several times: quote more of it.
    PassageAmbiguous,
    /// The new wording is the passage itself.
    NoChange,
}

/// The text with its one occurrence of `passage` replaced.
pub fn apply(text: &str, passage: &str, replacement: &str) -> Result<String, AmendError> {
    if passage.is_empty() {
        return Err(AmendError::PassageNotFound);
    }
    if passage == replacement {
        return Err(AmendError::NoChange);
    }
    let mut found = text.match_indices(passage);
    let Some((at, _)) = found.next() else {
        return Err(AmendError::PassageNotFound);
    };
    if found.next().is_some() {
        return Err(AmendError::PassageAmbiguous);
    }
    Ok(format!(
        "{}{replacement}{}",
        &text[..at],
        &text[at + passage.len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(pieces: &[Piece], before: bool) -> String {
        pieces
            .iter()
            .filter_map(|p| match (p, before) {
                (Piece::Same(t), _) | (Piece::Removed(t), true) | (Piece::Added(t), false) => {
                    Some(t.as_str())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_changed_word_is_shown_alone() {
        let pieces = words(
            "Des bancs à l'ombre tous les 300 mètres.",
            "Des bancs à l'ombre tous les 200 mètres.",
        );
        assert_eq!(
            pieces,
            vec![
                Piece::Same("Des bancs à l'ombre tous les ".into()),
                Piece::Removed("300 ".into()),
                Piece::Added("200 ".into()),
                Piece::Same("mètres.".into()),
            ]
        );
    }

    #[test]
    fn identical_texts_are_one_shared_piece_and_empty_sides_are_whole() {
        assert_eq!(words("a b", "a b"), vec![Piece::Same("a b".into())]);
        assert_eq!(words("", "a b"), vec![Piece::Added("a b".into())]);
        assert_eq!(words("a b", ""), vec![Piece::Removed("a b".into())]);
        assert_eq!(words("", ""), vec![]);
    }

    #[test]
    fn both_texts_come_back_from_the_pieces_and_shared_words_are_maximal() {
        // A small deterministic generator: every pair of short texts over
        // three words, with varied spacing.
        let vocabulary = ["pour ", "contre ", "neutre\n"];
        let texts: Vec<String> = (0..81u32)
            .map(|n| {
                (0..4)
                    .map(|k| vocabulary[((n / 3u32.pow(k)) % 3) as usize])
                    .collect::<String>()
            })
            .chain(["".to_owned(), "pour".to_owned()])
            .collect();
        for a in &texts {
            for b in &texts {
                let pieces = words(a, b);
                assert_eq!(&side(&pieces, true), a);
                assert_eq!(&side(&pieces, false), b);
                let shared: usize = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Same(t) => tokens(t).len(),
                        _ => 0,
                    })
                    .sum();
                let (ta, tb) = (tokens(a), tokens(b));
                assert_eq!(
                    shared,
                    lcs_pieces(&ta, &tb)
                        .iter()
                        .filter(|p| matches!(p, Piece::Same(_)))
                        .count(),
                    "{a:?} → {b:?}"
                );
            }
        }
    }

    #[test]
    fn very_long_rewrites_stay_bounded_and_still_reconstruct() {
        let a: String = (0..3000).map(|i| format!("a{i} ")).collect();
        let b: String = (0..3000).map(|i| format!("b{i} ")).collect();
        let pieces = words(&a, &b);
        assert_eq!(side(&pieces, true), a);
        assert_eq!(side(&pieces, false), b);
    }

    #[test]
    fn an_amendment_replaces_its_one_passage() {
        let text = "Des bancs tous les 300 mètres. Des arbres aussi.";
        assert_eq!(
            apply(text, "300 mètres", "200 mètres").unwrap(),
            "Des bancs tous les 200 mètres. Des arbres aussi."
        );
        assert_eq!(
            apply(text, "Des ", "Les "),
            Err(AmendError::PassageAmbiguous)
        );
        assert_eq!(
            apply(text, "400 mètres", "x"),
            Err(AmendError::PassageNotFound)
        );
        assert_eq!(apply(text, "", "x"), Err(AmendError::PassageNotFound));
        assert_eq!(apply(text, "arbres", "arbres"), Err(AmendError::NoChange));
    }
}
