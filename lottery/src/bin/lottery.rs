//! Command-line front end of the lottery engine (feature `cli`).
//!
//! ```text
//! lottery select --categories C.csv --respondents R.csv --k N --seed HEX --out result.json
//! lottery verify RECORD.json
//! ```
//!
//! Categories: `category,name,min,max` (Sortition Foundation) or
//! `category,feature,min,max` (Flanigan et al. replication data); extra
//! columns are ignored. Respondents: one column per category, and an `id`
//! column (or `--id-column`); without one, a person's id is their 0-based row
//! number. Only category columns (and the weight column, if any) are read:
//! names or contact details in other columns never reach the output.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lottery::{
    DrawRecord, Inputs, Objective, Person, Progress, Quota, Quotas, VerifyOptions, compute,
    parse_seed, pick, round,
};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "lottery",
    version,
    about = "Fair, reproducible citizens' assembly lottery (LEXIMIN + uniform lottery)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    Leximin,
    Maximin,
}

#[derive(Subcommand)]
enum Command {
    /// Compute the fair distribution, round it to 1,000 panels and pick one.
    Select {
        /// Categories CSV: category,name|feature,min,max
        #[arg(long)]
        categories: PathBuf,
        /// Respondents CSV: an id column (optional) and one column per category
        #[arg(long)]
        respondents: PathBuf,
        /// Panel size
        #[arg(long)]
        k: u32,
        /// 32-byte seed, 64 hex digits (public randomness, fixed after the inputs)
        #[arg(long)]
        seed: String,
        /// Where to write the result JSON
        #[arg(long)]
        out: PathBuf,
        /// Name of the id column (default: `id` if present, else row numbers)
        #[arg(long)]
        id_column: Option<String>,
        /// Optional column holding a positive weight per person
        #[arg(long)]
        weight_column: Option<String>,
        #[arg(long, value_enum, default_value = "leximin")]
        objective: ObjectiveArg,
    },
    /// Verify a published record (or a `select` result file) step by step.
    Verify {
        record: PathBuf,
        /// Skip re-running the optimisation (fast, checks everything else)
        #[arg(long)]
        no_recompute: bool,
    },
    /// How identifying a pool's published features are: for every set of
    /// quota features, how many people are alone in their group (or in a
    /// group under five), from inputs JSON, a published record or a
    /// `select` result.
    Privacy { pool: PathBuf },
    /// Print the SHA-256 commitment of the inputs (publish it before the seed).
    Hash {
        #[arg(long)]
        categories: PathBuf,
        #[arg(long)]
        respondents: PathBuf,
        #[arg(long)]
        k: u32,
        #[arg(long)]
        id_column: Option<String>,
        #[arg(long)]
        weight_column: Option<String>,
        #[arg(long, value_enum, default_value = "leximin")]
        objective: ObjectiveArg,
    },
}

#[derive(Serialize)]
struct Timing {
    read_s: f64,
    compute_s: f64,
    round_s: f64,
    total_s: f64,
}

#[derive(Serialize)]
struct SelectOutput<'a> {
    engine_version: &'a str,
    inputs_hash: &'a str,
    seed: &'a str,
    panel_index: u32,
    /// The selected panel (ids).
    panel: &'a [String],
    /// Exact LEXIMIN/MAXIMIN selection probabilities (id → probability).
    marginals: &'a BTreeMap<String, f64>,
    min_probability: f64,
    max_probability: f64,
    /// Probabilities in the 1,000-panel lottery actually drawn from.
    lottery_marginals: &'a BTreeMap<String, f64>,
    lottery_min_probability: f64,
    lottery_max_rounding_error: f64,
    profiles: usize,
    compositions: usize,
    stats: &'a lottery::SolveStats,
    timing: Timing,
    /// The complete record, as published and as `lottery verify` reads it.
    record: &'a DrawRecord,
}

/// Prints `lottery::privacy::report` as a table.
fn privacy(path: &Path) -> Result<bool, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let unreadable = |e: serde_json::Error| format!("{}: {e}", path.display());
    let json: serde_json::Value = serde_json::from_str(&text).map_err(unreadable)?;
    // A `select` result holds the record, which holds the inputs.
    let record = json.get("record").unwrap_or(&json);
    let inputs: Inputs = serde_json::from_value(record.get("inputs").unwrap_or(record).clone())
        .map_err(unreadable)?;
    println!("| features | groups | alone | in a group under 5 | k |");
    println!("|---|---:|---:|---:|---:|");
    for u in lottery::privacy::report(&inputs) {
        println!(
            "| {} | {} | {} ({:.1} %) | {} ({:.1} %) | {} |",
            u.features.join(" + "),
            u.groups,
            u.unique,
            100.0 * u.unique as f64 / u.people.max(1) as f64,
            u.under_five,
            100.0 * u.under_five as f64 / u.people.max(1) as f64,
            u.k
        );
    }
    Ok(true)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Select {
            categories,
            respondents,
            k,
            seed,
            out,
            id_column,
            weight_column,
            objective,
        } => select(
            &categories,
            &respondents,
            k,
            &seed,
            &out,
            id_column,
            weight_column,
            objective,
        ),
        Command::Verify {
            record,
            no_recompute,
        } => verify(&record, !no_recompute),
        Command::Privacy { pool } => privacy(&pool),
        Command::Hash {
            categories,
            respondents,
            k,
            id_column,
            weight_column,
            objective,
        } => read_inputs(
            &categories,
            &respondents,
            k,
            id_column,
            weight_column,
            objective,
        )
        .map(|inputs| {
            println!("{}", lottery::inputs_hash(&inputs));
            true
        }),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn objective_of(o: ObjectiveArg) -> Objective {
    match o {
        ObjectiveArg::Leximin => Objective::Leximin,
        ObjectiveArg::Maximin => Objective::Maximin,
    }
}

fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok((headers, rows))
}

fn column(headers: &[String], names: &[&str]) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
}

fn read_inputs(
    categories: &Path,
    respondents: &Path,
    k: u32,
    id_column: Option<String>,
    weight_column: Option<String>,
    objective: ObjectiveArg,
) -> Result<Inputs, String> {
    let (h, rows) = read_csv(categories)?;
    let c_cat = column(&h, &["category"]).ok_or("categories: no `category` column")?;
    let c_val =
        column(&h, &["name", "feature"]).ok_or("categories: no `name` or `feature` column")?;
    let c_min = column(&h, &["min"]).ok_or("categories: no `min` column")?;
    let c_max = column(&h, &["max"]).ok_or("categories: no `max` column")?;
    let mut quotas: Quotas = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let get = |c: usize| r.get(c).map(String::as_str).unwrap_or("");
        let num = |c: usize| -> Result<u32, String> {
            get(c)
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0 && v.fract() == 0.0)
                .map(|v| v as u32)
                .ok_or_else(|| {
                    format!("categories row {}: {:?} is not a seat count", i + 2, get(c))
                })
        };
        quotas.entry(get(c_cat).to_string()).or_default().insert(
            get(c_val).to_string(),
            Quota {
                min: num(c_min)?,
                max: num(c_max)?,
            },
        );
    }
    let (h, rows) = read_csv(respondents)?;
    let id_col = match &id_column {
        Some(name) => {
            Some(column(&h, &[name]).ok_or_else(|| format!("respondents: no column {name:?}"))?)
        }
        None => column(&h, &["id"]),
    };
    let weight_col = match &weight_column {
        Some(name) => {
            Some(column(&h, &[name]).ok_or_else(|| format!("respondents: no column {name:?}"))?)
        }
        None => None,
    };
    let mut cat_cols = Vec::new();
    for cat in quotas.keys() {
        let c = h
            .iter()
            .position(|x| x == cat)
            .or_else(|| column(&h, &[cat]))
            .ok_or_else(|| format!("respondents: no column for category {cat:?}"))?;
        cat_cols.push((cat.clone(), c));
    }
    let mut pool = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let id = match id_col {
            Some(c) => r.get(c).cloned().unwrap_or_default(),
            None => i.to_string(),
        };
        let features = cat_cols
            .iter()
            .map(|(cat, c)| (cat.clone(), r.get(*c).cloned().unwrap_or_default()))
            .collect();
        let weight = match weight_col {
            Some(c) => Some(
                r.get(c)
                    .and_then(|w| w.parse::<f64>().ok())
                    .ok_or_else(|| format!("respondents row {}: bad weight", i + 2))?,
            ),
            None => None,
        };
        pool.push(Person {
            id,
            features,
            weight,
        });
    }
    Ok(Inputs {
        pool,
        quotas,
        k,
        objective: objective_of(objective),
    })
}

#[allow(clippy::too_many_arguments)]
fn select(
    categories: &Path,
    respondents: &Path,
    k: u32,
    seed_hex: &str,
    out: &Path,
    id_column: Option<String>,
    weight_column: Option<String>,
    objective: ObjectiveArg,
) -> Result<bool, String> {
    let start = Instant::now();
    let seed = parse_seed(seed_hex).map_err(|e| e.to_string())?;
    let inputs = read_inputs(
        categories,
        respondents,
        k,
        id_column,
        weight_column,
        objective,
    )?;
    let read_s = start.elapsed().as_secs_f64();

    let bar = ProgressBar::new_spinner();
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let mut on_progress = |p: &Progress| {
        bar.set_message(format!(
            "{:?}: iteration {}, {} compositions, {}/{} profiles fixed, min probability {:.4}",
            p.phase, p.iteration, p.compositions, p.fixed_profiles, p.profiles, p.min_probability
        ));
    };
    let t0 = Instant::now();
    let distribution = compute(&inputs, &mut on_progress).map_err(|e| e.to_string())?;
    let compute_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let lottery = round(&distribution).map_err(|e| e.to_string())?;
    let round_s = t1.elapsed().as_secs_f64();
    let draw = pick(&lottery, &seed).map_err(|e| e.to_string())?;
    bar.finish_and_clear();

    let record = DrawRecord {
        engine_version: lottery::ENGINE_VERSION.to_string(),
        inputs_hash: distribution.inputs_hash.clone(),
        inputs,
        distribution,
        lottery,
        draw,
        ceremony: None,
    };
    let d = &record.distribution;
    let output = SelectOutput {
        engine_version: lottery::ENGINE_VERSION,
        inputs_hash: &record.inputs_hash,
        seed: &record.draw.seed,
        panel_index: record.draw.index,
        panel: &record.draw.panel,
        marginals: &d.marginals,
        min_probability: d.min_probability,
        max_probability: d.max_probability,
        lottery_marginals: &record.lottery.marginals,
        lottery_min_probability: record.lottery.min_probability,
        lottery_max_rounding_error: record.lottery.max_rounding_error,
        profiles: d.profiles.len(),
        compositions: d.compositions.len(),
        stats: &d.stats,
        timing: Timing {
            read_s,
            compute_s,
            round_s,
            total_s: start.elapsed().as_secs_f64(),
        },
        record: &record,
    };
    let file = File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut w = BufWriter::new(file);
    serde_json::to_writer(&mut w, &output).map_err(|e| e.to_string())?;
    w.flush().map_err(|e| e.to_string())?;
    eprintln!(
        "{} people, k = {}, {} profiles: min probability {:.4} % (lottery {:.4} %), panel #{} of 1000; compute {:.2} s; wrote {}",
        record.inputs.pool.len(),
        record.inputs.k,
        d.profiles.len(),
        100.0 * d.min_probability,
        100.0 * record.lottery.min_probability,
        record.draw.index,
        compute_s,
        out.display()
    );
    Ok(true)
}

fn verify(path: &Path, recompute: bool) -> Result<bool, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let record_value = value.get("record").cloned().unwrap_or(value);
    let record: DrawRecord =
        serde_json::from_value(record_value).map_err(|e| format!("not a draw record: {e}"))?;
    let report = lottery::verify(&record, VerifyOptions { recompute }, &mut |_| {});
    for s in &report.steps {
        println!(
            "[{}] {}: {}",
            if s.ok { " ok " } else { "FAIL" },
            s.name,
            s.evidence
        );
    }
    println!(
        "pool {}, k {}, k/n {:.4}; lottery probabilities from {:.4} to {:.4}",
        report.pool_size, report.k, report.k_over_n, report.min_probability, report.max_probability
    );
    println!(
        "{}",
        if report.ok {
            "VERIFIED"
        } else {
            "NOT VERIFIED"
        }
    );
    Ok(report.ok)
}
