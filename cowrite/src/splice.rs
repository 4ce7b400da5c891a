//! A textarea's change as one CRDT operation: what was replaced, where.

use serde::{Deserialize, Serialize};

/// Replace `delete` code units at `index` with `insert` (UTF-16 units).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Splice {
    pub index: u32,
    pub delete: u32,
    pub insert: String,
}

fn units(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

impl Splice {
    /// The smallest splice turning `old` into `new`: the common beginning
    /// and end stay, the middle is replaced. Typing, deleting and pasting
    /// each make one splice; characters are never cut in half.
    pub fn between(old: &str, new: &str) -> Splice {
        let prefix: usize = old
            .chars()
            .zip(new.chars())
            .take_while(|(a, b)| a == b)
            .map(|(c, _)| c.len_utf8())
            .sum();
        let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
        let suffix: usize = old_rest
            .chars()
            .rev()
            .zip(new_rest.chars().rev())
            .take_while(|(a, b)| a == b)
            .map(|(c, _)| c.len_utf8())
            .sum();
        let removed = &old_rest[..old_rest.len() - suffix];
        let inserted = &new_rest[..new_rest.len() - suffix];
        Splice {
            index: units(&old[..prefix]),
            delete: units(removed),
            insert: inserted.to_owned(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.delete == 0 && self.insert.is_empty()
    }

    /// Where a position (a cursor elsewhere) moves once this splice is made.
    pub fn shift(&self, position: u32) -> u32 {
        if position <= self.index {
            position
        } else if position >= self.index + self.delete {
            position - self.delete + units(&self.insert)
        } else {
            self.index + units(&self.insert)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies a splice to a string, counting in UTF-16 units.
    fn apply(text: &str, s: &Splice) -> String {
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let (i, d) = (s.index as usize, s.delete as usize);
        let mut out: Vec<u16> = utf16[..i].to_vec();
        out.extend(s.insert.encode_utf16());
        out.extend(&utf16[i + d..]);
        String::from_utf16(&out).unwrap()
    }

    #[test]
    fn every_pair_of_texts_is_one_splice_apart() {
        let texts = [
            "", "a", "ab", "abc", "aXc", "é", "éa", "🌳", "a🌳b", "🌲🌳", "bancs", "banc",
        ];
        for old in texts {
            for new in texts {
                let s = Splice::between(old, new);
                assert_eq!(apply(old, &s), new, "{old:?} → {new:?}: {s:?}");
                assert_eq!(s.is_empty(), old == new);
            }
        }
    }

    #[test]
    fn typing_is_an_insertion_at_the_caret_and_cursors_follow() {
        let s = Splice::between("Des rues", "Des belles rues");
        assert_eq!(
            s,
            Splice {
                index: 4,
                delete: 0,
                insert: "belles ".into()
            }
        );
        assert_eq!(s.shift(2), 2);
        assert_eq!(s.shift(8), 15);
        let cut = Splice::between("Des belles rues", "Des rues");
        assert_eq!(cut.shift(6), 4);
    }
}
