//! Rounding the distribution to a uniform lottery of m equally likely panels
//! ("Fair Sortition Made Transparent", Flanigan, Kehne, Procaccia 2021).
//!
//! 1. Multiplicities: n_j = ⌊m·λ_j⌋, then the remaining units go one by one
//!    to the composition that least increases Σ_p e_p⁴, where
//!    e_p = (seats of profile p over the m panels − m·(its exact expected
//!    seats)) / |p|; then single-unit moves between compositions while they
//!    reduce Σ_p e_p⁴ (deterministic order, lowest index on ties).
//! 2. Members: each profile's members are shuffled once by a ChaCha20 stream
//!    keyed with the inputs hash (never the draw seed), then every panel takes
//!    the next c_p members cyclically. Within a profile everyone is on
//!    ⌊S_p/|p|⌋ or ⌈S_p/|p|⌉ of the m panels.

use std::collections::BTreeMap;

use crate::draw::{stream, uniform};
use crate::model::sha256_hex;
use crate::types::{Distribution, LOTTERY_SIZE, Lottery, LotteryError};

/// Rounds to [`LOTTERY_SIZE`] (1,000) panels.
pub fn round(dist: &Distribution) -> Result<Lottery, LotteryError> {
    round_to(dist, LOTTERY_SIZE)
}

/// Rounds to `m` panels.
pub fn round_to(dist: &Distribution, m: u32) -> Result<Lottery, LotteryError> {
    let nc = dist.compositions.len();
    if nc == 0 || m == 0 {
        return Err(LotteryError::EmptyLottery);
    }
    let np = dist.profiles.len();
    let mf = f64::from(m);
    let sizes: Vec<f64> = dist
        .profiles
        .iter()
        .map(|p| p.members.len() as f64)
        .collect();
    let ideal: Vec<f64> = dist
        .compositions
        .iter()
        .map(|c| c.probability * mf)
        .collect();
    let mut mult: Vec<u32> = ideal
        .iter()
        .map(|&x| (x + 1e-9).floor().max(0.0) as u32)
        .collect();
    let assigned: u64 = mult.iter().map(|&n| u64::from(n)).sum();
    // err_p = (S_p − T_p) / n_p, in panels.
    let mut err = vec![0.0; np];
    for (j, c) in dist.compositions.iter().enumerate() {
        for &[p, n] in &c.counts {
            let p = p as usize;
            err[p] += (f64::from(mult[j]) - ideal[j]) * f64::from(n) / sizes[p];
        }
    }
    let delta_add = |err: &[f64], j: usize, sign: f64| -> f64 {
        let mut d = 0.0;
        for &[p, n] in &dist.compositions[j].counts {
            let p = p as usize;
            let a = sign * f64::from(n) / sizes[p];
            let before = err[p] * err[p];
            let after = (err[p] + a) * (err[p] + a);
            d += after * after - before * before;
        }
        d
    };
    let apply = |err: &mut [f64], j: usize, sign: f64| {
        for &[p, n] in &dist.compositions[j].counts {
            let p = p as usize;
            err[p] += sign * f64::from(n) / sizes[p];
        }
    };
    let mut remaining = u64::from(m).saturating_sub(assigned);
    while remaining > 0 {
        let mut best = 0usize;
        let mut best_d = f64::INFINITY;
        for j in 0..nc {
            let d = delta_add(&err, j, 1.0);
            if d < best_d {
                best_d = d;
                best = j;
            }
        }
        mult[best] += 1;
        apply(&mut err, best, 1.0);
        remaining -= 1;
    }
    // Local search: move one panel from composition a to composition b.
    for _pass in 0..100 {
        let mut improved = false;
        for a in 0..nc {
            if mult[a] == 0 {
                continue;
            }
            let d_remove = delta_add(&err, a, -1.0);
            apply(&mut err, a, -1.0);
            let mut best: Option<(usize, f64)> = None;
            for b in 0..nc {
                if b == a {
                    continue;
                }
                let d = d_remove + delta_add(&err, b, 1.0);
                if d < -1e-12 && best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((b, d));
                }
            }
            match best {
                Some((b, _)) => {
                    mult[a] -= 1;
                    mult[b] += 1;
                    apply(&mut err, b, 1.0);
                    improved = true;
                }
                None => apply(&mut err, a, 1.0),
            }
        }
        if !improved {
            break;
        }
    }

    repair_shortfalls(dist, &sizes, &ideal, &mut mult);

    // Members: one shuffle per profile from the inputs-hash stream.
    let key: [u8; 32] = hex::decode(&dist.inputs_hash)
        .ok()
        .and_then(|b| b.try_into().ok())
        .unwrap_or([0u8; 32]);
    let mut rng = stream(key);
    let mut orders: Vec<Vec<&String>> = Vec::with_capacity(np);
    for prof in &dist.profiles {
        let mut order: Vec<&String> = prof.members.iter().collect();
        for i in (1..order.len()).rev() {
            let j = uniform(&mut rng, (i + 1) as u32) as usize;
            order.swap(i, j);
        }
        orders.push(order);
    }
    let mut cursor = vec![0usize; np];
    let mut panels: Vec<Vec<String>> = Vec::with_capacity(m as usize);
    let mut count: BTreeMap<&str, u32> = BTreeMap::new();
    for (j, c) in dist.compositions.iter().enumerate() {
        for _ in 0..mult[j] {
            let mut panel = Vec::with_capacity(dist.k as usize);
            for &[p, n] in &c.counts {
                let p = p as usize;
                let order = &orders[p];
                for _ in 0..n {
                    let id = order[cursor[p]];
                    cursor[p] = (cursor[p] + 1) % order.len();
                    *count.entry(id.as_str()).or_insert(0) += 1;
                    panel.push(id.clone());
                }
            }
            panel.sort();
            panels.push(panel);
        }
    }
    let mut marginals = BTreeMap::new();
    let mut min_p = f64::INFINITY;
    let mut max_p = 0.0f64;
    let mut max_err = 0.0f64;
    for (id, &exact) in &dist.marginals {
        let c = count.get(id.as_str()).copied().unwrap_or(0);
        let p = f64::from(c) / mf;
        min_p = min_p.min(p);
        max_p = max_p.max(p);
        max_err = max_err.max((p - exact).abs());
        marginals.insert(id.clone(), p);
    }
    let panels_hash = sha256_hex(&serde_json::to_vec(&panels).unwrap_or_default());
    Ok(Lottery {
        engine_version: dist.engine_version.clone(),
        inputs_hash: dist.inputs_hash.clone(),
        panels,
        marginals,
        min_probability: min_p,
        max_probability: max_p,
        max_rounding_error: max_err,
        panels_hash,
    })
}

/// Second local search, for the people the rounding serves worst. The
/// exact probability promises each member of profile p F_p = ⌊m·π_p + 10⁻⁴⌋
/// whole panels; the profile's shortfall is D_p = max(0, F_p − S_p/|p|)
/// (S_p: its seats over the m panels). Single-unit moves between
/// compositions are made while they lower (largest D_p, number of profiles
/// at it) lexicographically without raising any profile's error
/// |S_p/|p| − m·π_p| above the largest before the move. Fixed order, lowest
/// index on ties.
fn repair_shortfalls(dist: &Distribution, sizes: &[f64], ideal: &[f64], mult: &mut [u32]) {
    let np = sizes.len();
    let nc = mult.len();
    let mut seats = vec![0i64; np];
    let mut exact = vec![0.0f64; np];
    for (j, c) in dist.compositions.iter().enumerate() {
        for &[p, n] in &c.counts {
            let p = p as usize;
            seats[p] += i64::from(mult[j]) * i64::from(n);
            exact[p] += ideal[j] * f64::from(n);
        }
    }
    let promised: Vec<f64> = (0..np)
        .map(|p| (exact[p] / sizes[p] + 1e-4).floor())
        .collect();
    let shortfall = |p: usize, s: i64| -> f64 { (promised[p] - s as f64 / sizes[p]).max(0.0) };
    let error = |p: usize, s: i64| -> f64 { ((s as f64 - exact[p]) / sizes[p]).abs() };
    // (largest shortfall, profiles at it, largest error).
    let state = |seats: &[i64]| -> (f64, i64, f64) {
        let mut worst = 0.0f64;
        let mut count = 0i64;
        let mut max_err = 0.0f64;
        for (p, &s) in seats.iter().enumerate() {
            let d = shortfall(p, s);
            if d > worst {
                worst = d;
                count = 1;
            } else if d == worst && d > 0.0 {
                count += 1;
            }
            max_err = max_err.max(error(p, s));
        }
        (worst, count, max_err)
    };
    let (mut worst, mut count, mut max_err) = state(&seats);
    let mut delta: Vec<i64> = vec![0; np];
    for _pass in 0..200 {
        if worst == 0.0 {
            return;
        }
        let mut improved = false;
        for a in 0..nc {
            if mult[a] == 0 || worst == 0.0 {
                continue;
            }
            let mut best: Option<(usize, f64, i64)> = None;
            for b in 0..nc {
                if b == a {
                    continue;
                }
                for &[p, n] in &dist.compositions[a].counts {
                    delta[p as usize] -= i64::from(n);
                }
                for &[p, n] in &dist.compositions[b].counts {
                    delta[p as usize] += i64::from(n);
                }
                let mut ok = true;
                let mut touched_worst = 0.0f64;
                let mut at_worst_change = 0i64;
                let touched = dist.compositions[a]
                    .counts
                    .iter()
                    .chain(&dist.compositions[b].counts);
                for &[p, _] in touched.clone() {
                    let p = p as usize;
                    if delta[p] == 0 {
                        continue;
                    }
                    let s = seats[p] + delta[p];
                    if error(p, s) > max_err {
                        ok = false;
                    }
                    let (before, after) = (shortfall(p, seats[p]), shortfall(p, s));
                    touched_worst = touched_worst.max(after);
                    if before == worst {
                        at_worst_change -= 1;
                    }
                    if after >= worst {
                        at_worst_change += 1;
                    }
                    // Count each profile once (it may be in both a and b).
                    delta[p] = 0;
                }
                for &[p, _] in touched {
                    delta[p as usize] = 0;
                }
                if !ok || touched_worst > worst || at_worst_change >= 0 {
                    continue;
                }
                let new_count = count + at_worst_change;
                if best.is_none_or(|(_, _, c)| new_count < c) {
                    best = Some((b, worst, new_count));
                }
            }
            if let Some((b, _, _)) = best {
                mult[a] -= 1;
                mult[b] += 1;
                for &[p, n] in &dist.compositions[a].counts {
                    seats[p as usize] -= i64::from(n);
                }
                for &[p, n] in &dist.compositions[b].counts {
                    seats[p as usize] += i64::from(n);
                }
                (worst, count, max_err) = state(&seats);
                improved = true;
            }
        }
        if !improved {
            return;
        }
    }
}
