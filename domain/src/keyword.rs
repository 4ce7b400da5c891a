//! URL keywords made from names (themes', departments').

/// The URL keyword of a name (a theme's, a department's): lower case,
/// accents folded, words joined by hyphens, at most `max` characters;
/// None when the name has fewer than two letters or digits.
pub fn keyword_of(name: &str, max: usize) -> Option<String> {
    let folded: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            c if c.is_ascii_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let slug = folded.split_whitespace().collect::<Vec<_>>().join("-");
    let slug: String = slug.chars().take(max).collect();
    let slug = slug.trim_end_matches('-').to_owned();
    (slug.len() >= 2).then_some(slug)
}
