//! Infeasibility diagnosis: a minimal conflicting set of quota bounds
//! (deletion filter) and a smallest relaxation (a MIP that minimises the
//! total number of seats by which bounds are widened).

use crate::mip::{ActiveBounds, feasible_with, panel_mip, solve_mip};
use crate::model::Model;
use crate::simplex::INF;
use crate::types::{Bound, Diagnosis, QuotaBound, Relaxation};

const NODES: u64 = 20_000;

pub(crate) fn diagnose(model: &Model) -> Diagnosis {
    let nv = model.values.len();
    let k = model.k;
    // People per value: a max at or above it (or at or above k) never binds.
    let mut people = vec![0u64; nv];
    for prof in &model.profiles {
        for &v in &prof.values {
            people[v] += prof.members.len() as u64;
        }
    }

    // Smallest relaxation.
    let zeros = vec![0.0; model.profiles.len()];
    let mut mip = panel_mip(model, &zeros, &ActiveBounds::all(model));
    let first_relax = mip.cols.len();
    for v in 0..nv {
        for sign in [1.0, -1.0] {
            mip.cols.push(vec![(v, sign)]);
            mip.cost.push(1.0);
            mip.lo.push(0.0);
            mip.hi.push(INF);
            mip.integer.push(false);
            mip.priority.push(0.0);
        }
    }
    let res = solve_mip(&mip, INF, NODES);
    let mut relaxation = Vec::new();
    let mut seats = 0u32;
    if let Some(x) = res.x {
        for (v, row) in model.values.iter().enumerate() {
            let down = x[first_relax + 2 * v].round() as u32;
            let up = x[first_relax + 2 * v + 1].round() as u32;
            if down > 0 {
                seats += down;
                relaxation.push(Relaxation {
                    category: row.category.clone(),
                    value: row.value.clone(),
                    bound: Bound::Min,
                    from: row.min,
                    to: row.min.saturating_sub(down),
                });
            }
            if up > 0 {
                seats += up;
                relaxation.push(Relaxation {
                    category: row.category.clone(),
                    value: row.value.clone(),
                    bound: Bound::Max,
                    from: row.max,
                    to: row.max + up,
                });
            }
        }
    }

    // Minimal conflict by deletion filter over the bounds that can bind.
    let mut active = ActiveBounds::all(model);
    for (v, row) in model.values.iter().enumerate() {
        if row.min == 0 {
            active.min[v] = false;
        }
        if u64::from(row.max) >= people[v].min(u64::from(k)) {
            active.max[v] = false;
        }
    }
    for v in 0..nv {
        for bound in [Bound::Min, Bound::Max] {
            let slot = match bound {
                Bound::Min => &mut active.min[v],
                Bound::Max => &mut active.max[v],
            };
            if !*slot {
                continue;
            }
            *slot = false;
            if feasible_with(model, &active, NODES) != Some(false) {
                // Needed for the conflict (or undecided: keep it, to be safe).
                match bound {
                    Bound::Min => active.min[v] = true,
                    Bound::Max => active.max[v] = true,
                }
            }
        }
    }
    let mut conflict = Vec::new();
    for (v, row) in model.values.iter().enumerate() {
        if active.min[v] {
            conflict.push(QuotaBound {
                category: row.category.clone(),
                value: row.value.clone(),
                bound: Bound::Min,
                limit: row.min,
            });
        }
        if active.max[v] {
            conflict.push(QuotaBound {
                category: row.category.clone(),
                value: row.value.clone(),
                bound: Bound::Max,
                limit: row.max,
            });
        }
    }
    Diagnosis {
        conflict,
        relaxation,
        relaxation_seats: seats,
    }
}
