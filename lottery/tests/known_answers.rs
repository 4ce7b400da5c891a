//! Known answers worked out by hand, and degenerate or infeasible inputs.

mod common;

use common::{inputs, person, quotas};
use lottery::{
    Bound, Lottery, LotteryError, Objective, VerifyOptions, check_feasible, compute, pick, replace,
    round, select, verify,
};

fn no_progress() -> impl FnMut(&lottery::Progress) {
    |_| {}
}

#[test]
fn two_interlocking_panel_types_give_everyone_one_third() {
    // A (f,y); B1,B2 (f,o); C1,C2 (m,y); D (m,o); one seat per value, k = 2.
    // Panels are {A,D} or {Bi,Cj}: with λ on {A,D}, A and D get λ and the
    // four others (1−λ)/2, so λ = 1/3 equalises everyone at 1/3.
    let pool = vec![
        person("A", &[("g", "f"), ("a", "y")]),
        person("B1", &[("g", "f"), ("a", "o")]),
        person("B2", &[("g", "f"), ("a", "o")]),
        person("C1", &[("g", "m"), ("a", "y")]),
        person("C2", &[("g", "m"), ("a", "y")]),
        person("D", &[("g", "m"), ("a", "o")]),
    ];
    let q = quotas(&[
        ("g", "f", 1, 1),
        ("g", "m", 1, 1),
        ("a", "y", 1, 1),
        ("a", "o", 1, 1),
    ]);
    let dist = compute(&inputs(pool, q, 2), &mut no_progress()).unwrap();
    for (id, p) in &dist.marginals {
        assert!((p - 1.0 / 3.0).abs() < 1e-6, "{id} has {p}");
    }
}

#[test]
fn a_lone_woman_on_a_panel_needing_one_is_always_selected() {
    let pool = vec![
        person("a", &[("g", "f")]),
        person("b", &[("g", "m")]),
        person("c", &[("g", "m")]),
        person("d", &[("g", "m")]),
    ];
    let q = quotas(&[("g", "f", 1, 1), ("g", "m", 1, 1)]);
    let dist = compute(&inputs(pool, q, 2), &mut no_progress()).unwrap();
    assert!((dist.marginals["a"] - 1.0).abs() < 1e-6);
    for id in ["b", "c", "d"] {
        assert!((dist.marginals[id] - 1.0 / 3.0).abs() < 1e-6);
    }
}

#[test]
fn leximin_raises_the_second_level_where_maximin_need_not() {
    // x must sit (the only "r" and r needs one seat); the three "s" people
    // share the other seat: leximin gives them 1/3 each, x gets 1.
    let pool = vec![
        person("x", &[("c", "r")]),
        person("s1", &[("c", "s")]),
        person("s2", &[("c", "s")]),
        person("s3", &[("c", "s")]),
    ];
    let q = quotas(&[("c", "r", 1, 1), ("c", "s", 0, 4)]);
    let dist = compute(&inputs(pool, q, 2), &mut no_progress()).unwrap();
    assert!((dist.min_probability - 1.0 / 3.0).abs() < 1e-6);
    assert!((dist.max_probability - 1.0).abs() < 1e-6);
}

#[test]
fn weights_make_chances_proportional_when_nothing_else_binds() {
    // k = 1 between a (weight 1) and b (weight 3): leximin of π/w gives
    // π_a/1 = π_b/3 with π_a + π_b = 1, so 1/4 and 3/4.
    let mut a = person("a", &[("c", "v")]);
    let mut b = person("b", &[("c", "v")]);
    a.weight = Some(1.0);
    b.weight = Some(3.0);
    let q = quotas(&[("c", "v", 0, 1)]);
    let dist = compute(&inputs(vec![a, b], q, 1), &mut no_progress()).unwrap();
    assert!((dist.marginals["a"] - 0.25).abs() < 1e-6);
    assert!((dist.marginals["b"] - 0.75).abs() < 1e-6);
}

#[test]
fn selecting_everyone_gives_everyone_probability_one() {
    let pool = vec![person("a", &[("c", "v")]), person("b", &[("c", "w")])];
    let q = quotas(&[("c", "v", 0, 2), ("c", "w", 0, 2)]);
    let dist = compute(&inputs(pool, q, 2), &mut no_progress()).unwrap();
    assert!(dist.marginals.values().all(|&p| (p - 1.0).abs() < 1e-9));
    let lottery = round(&dist).unwrap();
    assert_eq!(lottery.panels.len(), 1000);
    assert!(
        lottery
            .panels
            .iter()
            .all(|p| p == &vec!["a".to_string(), "b".to_string()])
    );
}

#[test]
fn an_empty_pool_is_an_error_not_a_panic() {
    let q = quotas(&[("c", "v", 0, 1)]);
    assert_eq!(
        compute(&inputs(vec![], q, 1), &mut no_progress()),
        Err(LotteryError::EmptyPool)
    );
}

#[test]
fn a_panel_larger_than_the_pool_is_refused() {
    let pool = vec![person("a", &[("c", "v")])];
    let q = quotas(&[("c", "v", 0, 3)]);
    assert_eq!(
        compute(&inputs(pool, q, 3), &mut no_progress()),
        Err(LotteryError::KLargerThanPool { k: 3, pool: 1 })
    );
}

#[test]
fn a_value_nobody_has_is_harmless_without_a_minimum() {
    let pool = vec![person("a", &[("c", "v")]), person("b", &[("c", "v")])];
    let q = quotas(&[("c", "v", 0, 2), ("c", "nobody", 0, 1)]);
    let dist = compute(&inputs(pool, q, 1), &mut no_progress()).unwrap();
    assert!((dist.marginals["a"] - 0.5).abs() < 1e-9);
}

#[test]
fn a_minimum_on_a_value_nobody_has_is_diagnosed_as_the_conflict() {
    let pool = vec![person("a", &[("c", "v")]), person("b", &[("c", "v")])];
    let q = quotas(&[("c", "v", 0, 2), ("c", "nobody", 1, 1)]);
    let Err(LotteryError::Infeasible(d)) = compute(&inputs(pool, q, 1), &mut no_progress()) else {
        panic!("expected infeasible");
    };
    assert_eq!(d.conflict.len(), 1);
    assert_eq!(d.conflict[0].value, "nobody");
    assert_eq!(d.conflict[0].bound, Bound::Min);
    assert_eq!(d.relaxation_seats, 1);
    assert_eq!((d.relaxation[0].from, d.relaxation[0].to), (1, 0));
}

#[test]
fn minimums_that_add_up_to_more_than_k_are_named_with_a_one_seat_fix() {
    let pool: Vec<_> = (0..10)
        .map(|i| {
            person(
                &format!("p{i}"),
                &[("g", if i % 2 == 0 { "f" } else { "m" })],
            )
        })
        .collect();
    let q = quotas(&[("g", "f", 3, 5), ("g", "m", 3, 5)]);
    let Err(LotteryError::Infeasible(d)) = compute(&inputs(pool, q, 5), &mut no_progress()) else {
        panic!("expected infeasible");
    };
    let names: Vec<(&str, Bound)> = d
        .conflict
        .iter()
        .map(|c| (c.value.as_str(), c.bound))
        .collect();
    assert_eq!(names, vec![("f", Bound::Min), ("m", Bound::Min)]);
    assert_eq!(d.relaxation_seats, 1);
    assert!(d.to_string().contains("cannot hold together"));
}

#[test]
fn quotas_across_two_categories_that_clash_only_together_are_both_named() {
    // Every woman is young; k = 2 needs 2 women and at most 1 young person.
    let pool = vec![
        person("w1", &[("g", "f"), ("a", "y")]),
        person("w2", &[("g", "f"), ("a", "y")]),
        person("m1", &[("g", "m"), ("a", "o")]),
        person("m2", &[("g", "m"), ("a", "o")]),
    ];
    let q = quotas(&[
        ("g", "f", 2, 2),
        ("g", "m", 0, 2),
        ("a", "y", 0, 1),
        ("a", "o", 0, 2),
    ]);
    let Err(LotteryError::Infeasible(d)) = compute(&inputs(pool, q, 2), &mut no_progress()) else {
        panic!("expected infeasible");
    };
    let names: Vec<(&str, Bound)> = d
        .conflict
        .iter()
        .map(|c| (c.value.as_str(), c.bound))
        .collect();
    assert_eq!(names, vec![("y", Bound::Max), ("f", Bound::Min)]);
    assert_eq!(d.relaxation_seats, 1);
}

#[test]
fn a_person_with_an_unlisted_value_is_rejected_by_name() {
    let pool = vec![person("a", &[("c", "v")]), person("b", &[("c", "zzz")])];
    let q = quotas(&[("c", "v", 0, 2)]);
    assert_eq!(
        compute(&inputs(pool, q, 1), &mut no_progress()),
        Err(LotteryError::UnknownValue {
            id: "b".into(),
            category: "c".into(),
            value: "zzz".into()
        })
    );
}

/// The expected index was computed outside this crate, with Node's
/// `crypto.createCipheriv('chacha20', key, 16 zero bytes)` on zeros and the
/// documented rejection rule (see tests/wasm/chacha_index.mjs).
#[test]
fn the_seed_picks_the_index_an_independent_chacha20_gives() {
    let lottery = Lottery {
        engine_version: lottery::ENGINE_VERSION.into(),
        inputs_hash: String::new(),
        panels: (0..1000).map(|i| vec![format!("{i}")]).collect(),
        marginals: Default::default(),
        min_probability: 0.0,
        max_probability: 0.0,
        max_rounding_error: 0.0,
        panels_hash: String::new(),
    };
    let seed: [u8; 32] = core::array::from_fn(|i| i as u8);
    let draw = pick(&lottery, &seed).unwrap();
    assert_eq!(draw.index, EXPECTED_INDEX_FOR_SEED_0_TO_31);
    assert_eq!(draw.panel, vec![format!("{}", draw.index)]);
}

const EXPECTED_INDEX_FOR_SEED_0_TO_31: u32 = 873;

#[test]
fn a_published_record_verifies_step_by_step_and_tampering_is_caught() {
    let record = select(&small_synthetic(), &[9u8; 32], &mut no_progress()).unwrap();
    let report = verify(&record, VerifyOptions::default(), &mut no_progress());
    assert!(report.ok, "{:#?}", report.steps);
    assert_eq!(report.steps.len(), 7);

    let mut forged = record.clone();
    forged.draw.index = (forged.draw.index + 1) % 1000;
    let report = verify(
        &forged,
        VerifyOptions { recompute: false },
        &mut no_progress(),
    );
    let failed: Vec<&str> = report
        .steps
        .iter()
        .filter(|s| !s.ok)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(failed, vec!["seed_to_panel"]);

    let mut forged = record.clone();
    forged.inputs.k += 1;
    let report = verify(
        &forged,
        VerifyOptions { recompute: false },
        &mut no_progress(),
    );
    assert!(
        report
            .steps
            .iter()
            .any(|s| s.name == "inputs_hash" && !s.ok)
    );
    assert!(
        report
            .steps
            .iter()
            .any(|s| s.name == "panels_meet_quotas" && !s.ok)
    );

    let mut forged = record;
    forged.lottery.panels.swap(0, 999);
    forged.lottery.panels[0] = forged.lottery.panels[1].clone();
    let report = verify(&forged, VerifyOptions::default(), &mut no_progress());
    assert!(
        report
            .steps
            .iter()
            .any(|s| s.name == "recompute_lottery" && !s.ok)
    );
}

#[test]
fn the_report_shows_every_quota_met_by_the_drawn_panel_and_on_average() {
    let inputs = small_synthetic();
    let record = select(&inputs, &[5u8; 32], &mut no_progress()).unwrap();
    let report = verify(
        &record,
        VerifyOptions { recompute: false },
        &mut no_progress(),
    );
    let listed: usize = inputs.quotas.values().map(|v| v.len()).sum();
    assert_eq!(report.quota_fill.len(), listed);
    for fill in &report.quota_fill {
        assert!(fill.min <= fill.drawn && fill.drawn <= fill.max, "{fill:?}");
        // Every panel meets the quotas, so their average does too.
        assert!(fill.expected >= f64::from(fill.min) - 1e-9, "{fill:?}");
        assert!(fill.expected <= f64::from(fill.max) + 1e-9, "{fill:?}");
        assert!(fill.drawn <= fill.pool);
    }
    for category in inputs.quotas.keys() {
        let of = || report.quota_fill.iter().filter(|f| &f.category == category);
        assert_eq!(of().map(|f| f.drawn).sum::<u32>(), inputs.k);
        assert_eq!(
            of().map(|f| f.pool as usize).sum::<usize>(),
            inputs.pool.len()
        );
        let expected: f64 = of().map(|f| f.expected).sum();
        assert!(
            (expected - f64::from(inputs.k)).abs() < 1e-6,
            "{category}: {expected}"
        );
    }
}

#[test]
fn progress_only_moves_forward_and_ends_at_one() {
    for objective in [Objective::Leximin, Objective::Maximin] {
        let mut inputs = small_synthetic();
        inputs.objective = objective;
        let mut seen = Vec::new();
        compute(&inputs, &mut |p| seen.push(p.fraction())).unwrap();
        assert!(
            seen.windows(2).all(|w| w[0] <= w[1]),
            "{objective:?}: {seen:?}"
        );
        assert_eq!(seen.first(), Some(&0.0));
        assert_eq!(seen.last(), Some(&1.0));
    }
}

#[test]
fn the_feasibility_check_agrees_with_the_optimisation() {
    assert_eq!(check_feasible(&small_synthetic()), Ok(()));
    let pool = vec![person("a", &[("c", "v")]), person("b", &[("c", "v")])];
    let q = quotas(&[("c", "v", 0, 2), ("c", "nobody", 1, 1)]);
    let inp = inputs(pool, q, 1);
    let Err(LotteryError::Infeasible(quick)) = check_feasible(&inp) else {
        panic!("expected infeasible");
    };
    let Err(LotteryError::Infeasible(full)) = compute(&inp, &mut no_progress()) else {
        panic!("expected infeasible");
    };
    assert_eq!(quick, full);
}

#[test]
fn a_draw_record_survives_a_json_round_trip_unchanged() {
    let record = select(&small_synthetic(), &[1u8; 32], &mut no_progress()).unwrap();
    let json = serde_json::to_string(&record).unwrap();
    let back: lottery::DrawRecord = serde_json::from_str(&json).unwrap();
    assert!(back == record, "the record changed through JSON");
    assert_eq!(
        lottery::result_digest(&back),
        lottery::result_digest(&record)
    );
}

#[test]
fn the_inputs_hash_ignores_pool_order_but_not_the_quotas() {
    let a = small_synthetic();
    let mut b = a.clone();
    b.pool.reverse();
    assert_eq!(lottery::inputs_hash(&a), lottery::inputs_hash(&b));
    let mut c = a.clone();
    c.objective = Objective::Maximin;
    assert_ne!(lottery::inputs_hash(&a), lottery::inputs_hash(&c));
    let mut d = a.clone();
    let first = d
        .quotas
        .values_mut()
        .next()
        .unwrap()
        .values_mut()
        .next()
        .unwrap();
    first.max += 1;
    assert_ne!(lottery::inputs_hash(&a), lottery::inputs_hash(&d));
}

#[test]
fn a_replacement_keeps_every_quota_and_is_drawn_from_the_eligible_list() {
    let inputs = small_synthetic();
    let record = select(&inputs, &[3u8; 32], &mut no_progress()).unwrap();
    let leaver = record.draw.panel[0].clone();
    let r = replace(&inputs, &record.draw.panel, &leaver, &[], &[4u8; 32]).unwrap();
    assert!(common::panel_ok(&inputs, &r.panel));
    assert!(!r.panel.contains(&leaver));
    assert_eq!(r.eligible[r.index as usize], r.replacement);
    assert!(r.eligible.windows(2).all(|w| w[0] < w[1]));
    // Every eligible person really keeps the quotas, and nobody else does.
    for p in &inputs.pool {
        if record.draw.panel.contains(&p.id) {
            continue;
        }
        let mut panel: Vec<String> = record
            .draw
            .panel
            .iter()
            .filter(|id| **id != leaver)
            .cloned()
            .collect();
        panel.push(p.id.clone());
        assert_eq!(
            common::panel_ok(&inputs, &panel),
            r.eligible.contains(&p.id),
            "{}",
            p.id
        );
    }
}

#[test]
fn replacing_someone_not_on_the_panel_or_with_nobody_eligible_is_an_error() {
    let pool = vec![person("a", &[("c", "v")]), person("b", &[("c", "w")])];
    let q = quotas(&[("c", "v", 1, 1), ("c", "w", 0, 1)]);
    let i = inputs(pool, q, 1);
    let panel = vec!["a".to_string()];
    assert_eq!(
        replace(&i, &panel, "b", &[], &[0u8; 32]),
        Err(LotteryError::NotOnPanel { id: "b".into() })
    );
    assert_eq!(
        replace(&i, &panel, "a", &[], &[0u8; 32]),
        Err(LotteryError::NoReplacement { id: "a".into() })
    );
}

#[test]
fn the_order_of_the_pool_does_not_change_the_distribution_or_the_lottery() {
    let a = small_synthetic();
    let mut b = a.clone();
    b.pool.reverse();
    b.pool.swap(3, 17);
    let da = compute(&a, &mut no_progress()).unwrap();
    let db = compute(&b, &mut no_progress()).unwrap();
    assert_eq!(
        serde_json::to_string(&da).unwrap(),
        serde_json::to_string(&db).unwrap()
    );
    assert_eq!(
        round(&da).unwrap().panels_hash,
        round(&db).unwrap().panels_hash
    );
}

fn small_synthetic() -> lottery::Inputs {
    lottery::synthetic::inputs(lottery::synthetic::BENCHMARK, 60, 8, 1, 5)
}

#[test]
fn errors_carrying_a_name_serialise_to_json_with_their_kind_and_read_back() {
    for (error, kind) in [
        (
            LotteryError::NoReplacement { id: "a".into() },
            "no_replacement",
        ),
        (LotteryError::NotOnPanel { id: "b".into() }, "not_on_panel"),
        (
            LotteryError::SolverLimit {
                detail: "master LP".into(),
            },
            "solver_limit",
        ),
    ] {
        let json = serde_json::to_value(&error).expect("errors serialise");
        assert_eq!(json["kind"], kind);
        let back: LotteryError = serde_json::from_value(json).expect("and read back");
        assert_eq!(back, error);
    }
}
