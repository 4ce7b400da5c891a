//! LEXIMIN (and MAXIMIN) by column generation over profile compositions.
//!
//! People with the same quota features and weight are interchangeable, and
//! the leximin-optimal marginals are unique, hence equal within a profile.
//! So the master LP has one row per profile instead of one per person, and
//! a column per panel *composition* (count per profile). Stage s solves
//!
//! ```text
//! max t  s.t.  Σ_j λ_j c_jp / n_p − w_p t − s_p = 0   (p not fixed)
//!              Σ_j λ_j c_jp / n_p       − s_p = f_p  (p fixed)
//!              Σ_j λ_j = 1,   λ, s ≥ 0
//! ```
//!
//! With duals y_p ≥ 0 and z (of the convexity row, sign flipped), a new
//! composition improves the LP iff Σ_p (y_p / n_p) c_p > z: that is the
//! pricing problem solved by the panel oracle. When no composition improves
//! by more than `PRICE_EPS`, every unfixed profile with y_p > `FIX_EPS` is
//! fixed at f_p = w_p t (complementary slackness: its constraint is tight in
//! every optimal solution) and the next stage starts from the same basis.

use crate::diagnose::diagnose;
use crate::mip::{ActiveBounds, PanelOracle, feasible_with};
use crate::model::{Model, inputs_hash};
use crate::simplex::{INF, Simplex, Status};
use crate::types::{
    Composition, Distribution, ENGINE_VERSION, Inputs, LotteryError, Objective, Phase, Profile,
    Progress, SolveStats,
};

/// A composition must improve the pricing value by this much to be added.
const PRICE_EPS: f64 = 1e-5;
/// Dual values above this mark a profile's constraint as tight.
const FIX_EPS: f64 = 1e-9;
/// Weight of the stability centre in the smoothed duals (Wentges 1997).
const SMOOTHING: f64 = 0.8;
/// Mispriced columns tolerated per iteration before pricing at the LP duals.
const MAX_MISPRICES: u32 = 20;
/// Node limit of one oracle call.
const ORACLE_NODES: u64 = 20_000;
/// Column-generation iterations, in total.
const MAX_ITERATIONS: u64 = 200_000;

pub(crate) fn validated_model(inputs: &Inputs) -> Result<Model, LotteryError> {
    let model = Model::build(inputs)?;
    match feasible_with(&model, &ActiveBounds::all(&model), ORACLE_NODES) {
        Some(true) => Ok(model),
        Some(false) => Err(LotteryError::Infeasible(diagnose(&model))),
        None => Err(LotteryError::SolverLimit {
            detail: "could not decide whether the quotas are feasible".into(),
        }),
    }
}

/// Computes the fair distribution: LEXIMIN (default) or MAXIMIN over all
/// panels of size `k` meeting every quota, with everyone's probability.
pub fn compute(
    inputs: &Inputs,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Distribution, LotteryError> {
    let mut report = Progress {
        phase: Phase::Validating,
        iteration: 0,
        compositions: 0,
        fixed_profiles: 0,
        profiles: 0,
        min_probability: 0.0,
    };
    progress(&report);
    let model = validated_model(inputs)?;
    let np = model.profiles.len();
    report.profiles = np;
    report.phase = Phase::Covering;
    progress(&report);

    let mut stats = SolveStats {
        proven_optimal: true,
        ..SolveStats::default()
    };
    let mut compositions: Vec<Vec<u32>> = Vec::new();
    let mut oracle = PanelOracle::new(&model);

    // Cover: find panels containing every profile that can be on a panel.
    let mut covered = vec![false; np];
    loop {
        let weights: Vec<f64> = covered.iter().map(|&c| if c { 0.0 } else { 1.0 }).collect();
        if weights.iter().all(|&w| w == 0.0) {
            break;
        }
        let ans = oracle.best_panel(
            &weights,
            if compositions.is_empty() { -INF } else { 0.5 },
            true,
            ORACLE_NODES,
        );
        let Some(ans) = ans else { break };
        let mut new = false;
        for (p, &c) in ans.counts.iter().enumerate() {
            if c > 0 && !covered[p] {
                covered[p] = true;
                new = true;
            }
        }
        if !compositions.contains(&ans.counts) {
            compositions.push(ans.counts);
        }
        if !new {
            break;
        }
        report.compositions = compositions.len();
        progress(&report);
    }
    // Any uncovered profile left could not be placed on a panel together with
    // the others above; check each individually before declaring it zero.
    for p in 0..np {
        if covered[p] {
            continue;
        }
        let mut weights = vec![0.0; np];
        weights[p] = 1.0;
        if let Some(ans) = oracle.best_panel(&weights, 0.5, true, ORACLE_NODES) {
            for (q, &c) in ans.counts.iter().enumerate() {
                if c > 0 {
                    covered[q] = true;
                }
            }
            if !compositions.contains(&ans.counts) {
                compositions.push(ans.counts);
            }
        }
    }
    if compositions.is_empty() {
        return Err(LotteryError::SolverLimit {
            detail: "no panel found".into(),
        });
    }

    // Master LP over covered profiles.
    let rows: Vec<usize> = (0..np).filter(|&p| covered[p]).collect();
    let nr = rows.len();
    let sizes: Vec<f64> = model
        .profiles
        .iter()
        .map(|p| p.members.len() as f64)
        .collect();
    // Row r reads π_p ≥ w_p t − δ_r (then π_p ≥ f_p − δ_r once fixed at
    // f_p = w_p t): a tiny deterministic perturbation that breaks the heavy
    // degeneracy of these LPs (hundreds of stalled pivots per column without
    // it). The same δ_r before and after fixing keeps the previous solution
    // exactly feasible; a second δ on fixing keeps newly fixed rows from all
    // being tight at once. Probabilities are read from λ, so they are exact
    // for the distribution returned; fixed levels move by at most 4·10⁻⁹.
    let delta: Vec<f64> = (0..nr).map(perturbation).collect();
    let mut rhs: Vec<f64> = delta.iter().map(|d| -d).collect();
    let mut b = rhs.clone();
    b.push(1.0);
    let mut lp = Simplex::new(b);
    let t_col = |fixed: &[bool]| -> Vec<(usize, f64)> {
        rows.iter()
            .enumerate()
            .filter(|(r, _)| !fixed[*r])
            .map(|(r, &p)| (r, -model.profiles[p].weight))
            .collect()
    };
    let mut fixed = vec![false; nr];
    let t = lp.add_var(t_col(&fixed), -1.0, -INF, INF);
    for r in 0..nr {
        lp.add_var(vec![(r, -1.0)], 0.0, 0.0, INF);
    }
    let row_of: Vec<Option<usize>> = {
        let mut v = vec![None; np];
        for (r, &p) in rows.iter().enumerate() {
            v[p] = Some(r);
        }
        v
    };
    let column = |counts: &[u32]| -> Vec<(usize, f64)> {
        let mut col = Vec::new();
        for (p, &c) in counts.iter().enumerate() {
            if c > 0
                && let Some(r) = row_of[p]
            {
                col.push((r, f64::from(c) / sizes[p]));
            }
        }
        col.push((nr, 1.0));
        col
    };
    let mut lambda_vars = Vec::new();
    for c in &compositions {
        lambda_vars.push(lp.add_var(column(c), 0.0, 0.0, INF));
    }
    let mut retired = vec![false; compositions.len()];

    report.phase = Phase::Optimising;
    let mut nfixed = 0usize;
    // Stability centre of the stage: the duals with the best Lagrangian
    // bound so far, and that bound.
    let mut center: Option<(Vec<f64>, f64)> = None;
    loop {
        if stats.iterations >= MAX_ITERATIONS {
            return Err(LotteryError::SolverLimit {
                detail: format!("{MAX_ITERATIONS} column-generation iterations"),
            });
        }
        stats.iterations += 1;
        let status = lp.solve();
        if status != Status::Optimal {
            return Err(LotteryError::SolverLimit {
                detail: format!("master LP: {status:?}"),
            });
        }
        let tval = lp.value(t);
        let y = lp.duals();
        let z = -y[nr];
        report.iteration = stats.iterations;
        report.compositions = compositions.len();
        report.fixed_profiles = nfixed;
        report.min_probability = tval;
        progress(&report);
        let y_lp: Vec<f64> = (0..nr).map(|r| y[r].max(0.0)).collect();
        let mut added = false;
        let mut misprices = 0u32;
        loop {
            // Price at the smoothed duals first (Wentges); at the LP's own
            // duals once they prove nothing better exists, or after too
            // many mispricings.
            let smoothed = misprices < MAX_MISPRICES && center.is_some();
            let ys: Vec<f64> = match &center {
                Some((yc, _)) if smoothed => (0..nr)
                    .map(|r| SMOOTHING * yc[r] + (1.0 - SMOOTHING) * y_lp[r])
                    .collect(),
                _ => y_lp.clone(),
            };
            let mut offset = 0.0;
            for r in 0..nr {
                offset += ys[r] * rhs[r];
            }
            let mut weights = vec![0.0; np];
            for (r, &p) in rows.iter().enumerate() {
                weights[p] = ys[r] / sizes[p];
            }
            let threshold = if smoothed {
                tval + offset + PRICE_EPS
            } else {
                z + PRICE_EPS
            };
            let Some(ans) = oracle.best_panel(&weights, threshold, false, ORACLE_NODES) else {
                if smoothed {
                    misprices = MAX_MISPRICES;
                    continue;
                }
                break;
            };
            let mut value = 0.0;
            let mut profit = 0.0;
            for (r, &p) in rows.iter().enumerate() {
                let c = f64::from(ans.counts[p]);
                if c > 0.0 {
                    value += weights[p] * c;
                    profit += y_lp[r] / sizes[p] * c;
                }
            }
            let bound = value - offset;
            if center.as_ref().is_none_or(|(_, b)| bound < *b) {
                center = Some((ys, bound));
            }
            if profit > z + PRICE_EPS {
                match compositions.iter().position(|c| *c == ans.counts) {
                    None => {
                        lambda_vars.push(lp.add_var(column(&ans.counts), 0.0, 0.0, INF));
                        compositions.push(ans.counts);
                        retired.push(false);
                        added = true;
                    }
                    // A column retired at an earlier stage is needed again.
                    Some(j) if retired[j] => {
                        added = lp.set_upper_of_nonbasic(lambda_vars[j], INF);
                        retired[j] = !added;
                    }
                    Some(_) => {}
                }
                if added {
                    break;
                }
            }
            if !smoothed {
                break;
            }
            misprices += 1;
        }
        if added {
            continue;
        }
        // Stage converged.
        stats.stages += 1;
        if model_objective(inputs) == Objective::Maximin {
            break;
        }
        let mut newly = Vec::new();
        for r in 0..nr {
            if !fixed[r] && y[r] > FIX_EPS {
                newly.push(r);
            }
        }
        if newly.is_empty() {
            // Numerically flat duals: fix the largest (lowest row on ties).
            let mut best: Option<usize> = None;
            for r in 0..nr {
                if !fixed[r] && best.is_none_or(|b| y[r] > y[b]) {
                    best = Some(r);
                }
            }
            newly.extend(best);
        }
        for &r in &newly {
            fixed[r] = true;
            let p = rows[r];
            let extra = perturbation(r + nr);
            rhs[r] = model.profiles[p].weight * tval - delta[r] - extra;
            lp.set_rhs(r, rhs[r]);
            // The previous solution stays exact with a larger slack.
            let s_var = 1 + r;
            lp.set_value(s_var, lp.value(s_var) + extra);
        }
        nfixed += newly.len();
        center = None;
        // Retire the compositions unused at this stage's optimum: they leave
        // pricing (the oracle brings them back if needed).
        for (j, &v) in lambda_vars.iter().enumerate() {
            if !retired[j] && lp.value(v) == 0.0 && lp.set_upper_of_nonbasic(v, 0.0) {
                retired[j] = true;
            }
        }
        if nfixed == nr {
            break;
        }
        lp.set_col(t, t_col(&fixed));
    }
    stats.lp_pivots = lp.pivots;
    stats.oracle_nodes = oracle.nodes;
    stats.proven_optimal = oracle.proven;
    stats.compositions_generated = compositions.len() as u64;

    // Read the distribution.
    let mut comps: Vec<(f64, &Vec<u32>)> = Vec::new();
    let mut total = 0.0;
    for (j, &v) in lambda_vars.iter().enumerate() {
        let l = lp.value(v);
        if l > 1e-12 {
            comps.push((l, &compositions[j]));
            total += l;
        }
    }
    let mut profile_prob = vec![0.0; np];
    let compositions_out: Vec<Composition> = comps
        .iter()
        .map(|&(l, c)| {
            let prob = l / total;
            let mut counts = Vec::new();
            for (p, &n) in c.iter().enumerate() {
                if n > 0 {
                    counts.push([p as u32, n]);
                    profile_prob[p] += prob * f64::from(n) / sizes[p];
                }
            }
            Composition {
                probability: prob,
                counts,
            }
        })
        .collect();
    Ok(assemble(
        inputs,
        &model,
        compositions_out,
        &profile_prob,
        stats,
        &mut report,
        progress,
    ))
}

/// δ_r in [1, 2)·10⁻⁹, from an integer hash of r (platform independent).
fn perturbation(r: usize) -> f64 {
    let h = (r as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    1e-9 * (1.0 + h as f64 / (1u64 << 24) as f64)
}

fn model_objective(inputs: &Inputs) -> Objective {
    inputs.objective
}

fn assemble(
    inputs: &Inputs,
    model: &Model,
    compositions: Vec<Composition>,
    profile_prob: &[f64],
    stats: SolveStats,
    report: &mut Progress,
    progress: &mut dyn FnMut(&Progress),
) -> Distribution {
    let mut marginals = std::collections::BTreeMap::new();
    let mut min_p = INF;
    let mut max_p = 0.0f64;
    let profiles: Vec<Profile> = model
        .profiles
        .iter()
        .enumerate()
        .map(|(p, prof)| {
            let pr = profile_prob[p];
            if pr < min_p {
                min_p = pr;
            }
            if pr > max_p {
                max_p = pr;
            }
            let members: Vec<String> = prof
                .members
                .iter()
                .map(|&i| inputs.pool[i].id.clone())
                .collect();
            for id in &members {
                marginals.insert(id.clone(), pr);
            }
            let features = prof
                .values
                .iter()
                .map(|&v| {
                    (
                        model.values[v].category.clone(),
                        model.values[v].value.clone(),
                    )
                })
                .collect();
            Profile {
                features,
                weight: prof.weight,
                members,
            }
        })
        .collect();
    report.phase = Phase::Done;
    report.min_probability = min_p;
    progress(report);
    Distribution {
        engine_version: ENGINE_VERSION.to_string(),
        inputs_hash: inputs_hash(inputs),
        objective: inputs.objective,
        k: inputs.k,
        profiles,
        compositions,
        marginals,
        min_probability: min_p,
        max_probability: max_p,
        stats,
    }
}
