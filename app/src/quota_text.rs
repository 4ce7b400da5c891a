//! Quota problems and the engine's infeasibility diagnosis, in the user's
//! language: shown live in the quota editor and returned by the server when
//! it refuses a sheet or a commitment.

use domain::Lang;
use domain::quotas::QuotaProblem;

use crate::i18n::census_label;

/// "Gender", "Age band"… for a census feature.
pub fn feature_label(feature: &str, lang: Lang) -> &'static str {
    let (fr, en) = match feature {
        domain::census::GENDER => ("Genre", "Gender"),
        domain::census::AGE_BAND => ("Tranche d'âge", "Age band"),
        domain::census::DIPLOMA => ("Diplôme", "Diploma"),
        domain::census::DISTRICT => ("Arrondissement", "District"),
        _ => ("Critère", "Feature"),
    };
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

fn named(feature: &str, value: &str, lang: Lang) -> String {
    format!(
        "{} ({})",
        census_label(value, lang),
        feature_label(feature, lang).to_lowercase()
    )
}

pub fn problem_text(problem: &QuotaProblem, lang: Lang) -> String {
    match (problem, lang) {
        (QuotaProblem::WrongValues, Lang::Fr) => {
            "La grille doit donner chaque valeur du recensement une fois, avec au plus 500 sièges."
                .into()
        }
        (QuotaProblem::WrongValues, Lang::En) => {
            "The sheet must give every census value once, with at most 500 seats.".into()
        }
        (QuotaProblem::MinAboveMax { feature, value }, Lang::Fr) => {
            format!(
                "{} : le minimum dépasse le maximum.",
                named(feature, value, lang)
            )
        }
        (QuotaProblem::MinAboveMax { feature, value }, Lang::En) => {
            format!(
                "{}: the minimum is above the maximum.",
                named(feature, value, lang)
            )
        }
        (
            QuotaProblem::MinimumsTooHigh {
                feature,
                sum,
                seats,
            },
            Lang::Fr,
        ) => format!(
            "{} : les minimums font {sum} sièges, pour {seats} sièges en tout.",
            feature_label(feature, lang)
        ),
        (
            QuotaProblem::MinimumsTooHigh {
                feature,
                sum,
                seats,
            },
            Lang::En,
        ) => format!(
            "{}: the minimums add up to {sum} seats, for {seats} seats in all.",
            feature_label(feature, lang)
        ),
        (
            QuotaProblem::MaximumsTooLow {
                feature,
                sum,
                seats,
            },
            Lang::Fr,
        ) => format!(
            "{} : les maximums ne font que {sum} sièges, pour {seats} sièges à pourvoir.",
            feature_label(feature, lang)
        ),
        (
            QuotaProblem::MaximumsTooLow {
                feature,
                sum,
                seats,
            },
            Lang::En,
        ) => format!(
            "{}: the maximums add up to only {sum} seats, for {seats} seats to fill.",
            feature_label(feature, lang)
        ),
        (
            QuotaProblem::FewerVolunteers {
                feature,
                value,
                min,
                volunteers,
            },
            Lang::Fr,
        ) => format!(
            "{} : au moins {min} sièges, et {volunteers} volontaires pour l'instant.",
            named(feature, value, lang)
        ),
        (
            QuotaProblem::FewerVolunteers {
                feature,
                value,
                min,
                volunteers,
            },
            Lang::En,
        ) => format!(
            "{}: at least {min} seats, and {volunteers} volunteers so far.",
            named(feature, value, lang)
        ),
    }
}

/// Why no panel exists, and the smallest change of quotas that gives one.
pub fn diagnosis_text(d: &lottery::Diagnosis, lang: Lang) -> String {
    let bound = |b: lottery::Bound| match (b, lang) {
        (lottery::Bound::Min, Lang::Fr) => "au moins",
        (lottery::Bound::Min, Lang::En) => "at least",
        (lottery::Bound::Max, Lang::Fr) => "au plus",
        (lottery::Bound::Max, Lang::En) => "at most",
    };
    let conflict: Vec<String> = d
        .conflict
        .iter()
        .map(|c| {
            format!(
                "{} {} {}",
                named(&c.category, &c.value, lang),
                bound(c.bound),
                c.limit
            )
        })
        .collect();
    let fix: Vec<String> = d
        .relaxation
        .iter()
        .map(|r| {
            // The same words in both languages.
            let side = match r.bound {
                lottery::Bound::Min => "minimum",
                lottery::Bound::Max => "maximum",
            };
            format!(
                "{} : {side} {} → {}",
                named(&r.category, &r.value, lang),
                r.from,
                r.to
            )
        })
        .collect();
    match lang {
        Lang::Fr => format!(
            "Aucun panel ne respecte ces quotas avec les volontaires actuels. Ces quotas ne peuvent pas tenir ensemble : {}. Plus petite correction ({} siège(s)) : {}.",
            conflict.join(" ; "),
            d.relaxation_seats,
            fix.join(" ; ")
        ),
        Lang::En => format!(
            "No panel meets these quotas with the current volunteers. These quotas cannot hold together: {}. Smallest fix ({} seat(s)): {}.",
            conflict.join("; "),
            d.relaxation_seats,
            fix.join("; ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_names_its_feature_in_both_languages() {
        let problems = [
            QuotaProblem::MinAboveMax {
                feature: "gender".into(),
                value: "female".into(),
            },
            QuotaProblem::MinimumsTooHigh {
                feature: "age_band".into(),
                sum: 104,
                seats: 100,
            },
            QuotaProblem::MaximumsTooLow {
                feature: "diploma".into(),
                sum: 90,
                seats: 100,
            },
            QuotaProblem::FewerVolunteers {
                feature: "district".into(),
                value: "75113".into(),
                min: 7,
                volunteers: 2,
            },
        ];
        let expected_fr = [
            "Femme (genre)",
            "Tranche d'âge",
            "Diplôme",
            "13e arrondissement",
        ];
        let expected_en = [
            "Woman (gender)",
            "Age band",
            "Diploma",
            "13th arrondissement",
        ];
        for ((p, fr), en) in problems.iter().zip(expected_fr).zip(expected_en) {
            assert!(problem_text(p, Lang::Fr).contains(fr), "{p:?}");
            assert!(problem_text(p, Lang::En).contains(en), "{p:?}");
        }
        assert!(problem_text(&problems[1], Lang::Fr).contains("104"));
    }

    #[test]
    fn age_bands_read_as_ages() {
        assert_eq!(census_label("16-29", Lang::Fr), "16 à 29 ans");
        assert_eq!(census_label("75+", Lang::En), "75 and over");
    }

    #[test]
    fn a_diagnosis_gives_the_conflict_and_the_fix() {
        let d = lottery::Diagnosis {
            conflict: vec![lottery::QuotaBound {
                category: "gender".into(),
                value: "female".into(),
                bound: lottery::Bound::Min,
                limit: 60,
            }],
            relaxation: vec![lottery::Relaxation {
                category: "gender".into(),
                value: "female".into(),
                bound: lottery::Bound::Min,
                from: 60,
                to: 55,
            }],
            relaxation_seats: 5,
        };
        let fr = diagnosis_text(&d, Lang::Fr);
        assert!(fr.contains("Femme (genre) au moins 60"), "{fr}");
        assert!(fr.contains("(5 siège(s))"), "{fr}");
        assert!(fr.contains("minimum 60 → 55"), "{fr}");
        let en = diagnosis_text(&d, Lang::En);
        assert!(en.contains("Woman (gender) at least 60"), "{en}");
    }
}
