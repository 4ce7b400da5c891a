//! End-to-end tests of the `lottery` command-line tool (feature `cli`): the
//! binary is run on small CSV files in both supported layouts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SEED: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// A fresh scratch directory per test (removed at the start of a re-run).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lottery-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    dir
}

fn write(dir: &Path, file: &str, text: &str) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, text).expect("write a test file");
    path
}

fn lottery(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lottery"))
        .args(args)
        .output()
        .expect("run the lottery binary")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Sortition Foundation layout: `category,name,min,max`, an `id` column and
/// a column that must never be read (names).
const SF_CATEGORIES: &str = "category,name,min,max\n\
    gender,f,2,2\n\
    gender,m,2,2\n\
    age,young,1,3\n\
    age,old,1,3\n";
const SF_RESPONDENTS: &str = "id,name,gender,age\n\
    P1,Alice Secret,f,young\n\
    P2,Beatrice Secret,f,old\n\
    P3,Chloe Secret,f,young\n\
    P4,Dora Secret,f,old\n\
    P5,Emile Secret,m,young\n\
    P6,Felix Secret,m,old\n\
    P7,Gaston Secret,m,young\n\
    P8,Hugo Secret,m,old\n";

fn respondents_table(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// Runs `select` and returns the parsed output file.
fn select(dir: &Path, categories: &Path, respondents: &Path, k: &str) -> Value {
    let out = dir.join("result.json");
    let run = lottery(&[
        "select",
        "--categories",
        categories.to_str().unwrap(),
        "--respondents",
        respondents.to_str().unwrap(),
        "--k",
        k,
        "--seed",
        SEED,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "select failed: {}", text(&run.stderr));
    serde_json::from_str(&std::fs::read_to_string(&out).expect("read the result"))
        .expect("the result is JSON")
}

#[test]
fn select_in_the_sortition_foundation_layout_draws_a_panel_meeting_every_quota() {
    let dir = scratch("sf-select");
    let c = write(&dir, "categories.csv", SF_CATEGORIES);
    let r = write(&dir, "respondents.csv", SF_RESPONDENTS);
    let result = select(&dir, &c, &r, "4");

    let panel: Vec<&str> = result["panel"]
        .as_array()
        .expect("a panel")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(panel.len(), 4);
    let table = respondents_table(SF_RESPONDENTS);
    let row = |id: &str| {
        table
            .iter()
            .find(|r| r[0] == id)
            .expect("panel ids come from the pool")
    };
    let women = panel.iter().filter(|id| row(id)[2] == "f").count();
    let young = panel.iter().filter(|id| row(id)[3] == "young").count();
    assert_eq!(women, 2);
    assert!((1..=3).contains(&young));
    // Everyone is symmetric here: each of the 8 people has probability 1/2.
    let marginals = result["marginals"].as_object().expect("marginals");
    assert_eq!(marginals.len(), 8);
    for (id, p) in marginals {
        assert!((p.as_f64().unwrap() - 0.5).abs() < 1e-6, "{id}: {p}");
    }
    assert_eq!(result["record"]["draw"]["seed"], SEED);
}

#[test]
fn select_never_copies_columns_other_than_the_categories_into_the_output() {
    let dir = scratch("sf-private");
    let c = write(&dir, "categories.csv", SF_CATEGORIES);
    let r = write(&dir, "respondents.csv", SF_RESPONDENTS);
    select(&dir, &c, &r, "4");
    let written = std::fs::read_to_string(dir.join("result.json")).unwrap();
    assert!(!written.contains("Secret"));
    assert!(!written.contains("\"name\""));
}

#[test]
fn select_in_the_replication_data_layout_uses_row_numbers_as_ids() {
    let dir = scratch("replication");
    let c = write(
        &dir,
        "categories.csv",
        "category,feature,min,max\nsex,female,1,1\nsex,male,1,1\n",
    );
    let r = write(&dir, "respondents.csv", "sex\nfemale\nmale\nmale\nmale\n");
    let result = select(&dir, &c, &r, "2");
    let mut panel: Vec<String> = result["panel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    panel.sort();
    // Row 0 is the only woman, so she is on every panel.
    assert_eq!(panel[0], "0");
    assert!(["1", "2", "3"].contains(&panel[1].as_str()));
    assert!((result["marginals"]["0"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    assert!((result["marginals"]["2"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-6);
}

#[test]
fn verify_accepts_the_record_that_select_wrote() {
    let dir = scratch("verify-ok");
    let c = write(&dir, "categories.csv", SF_CATEGORIES);
    let r = write(&dir, "respondents.csv", SF_RESPONDENTS);
    select(&dir, &c, &r, "4");
    let run = lottery(&["verify", dir.join("result.json").to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    assert!(stdout.lines().any(|l| l == "VERIFIED"), "{stdout}");
    assert!(!stdout.contains("[FAIL]"), "{stdout}");
}

#[test]
fn verify_rejects_a_record_whose_drawn_panel_was_swapped_for_someone_else() {
    let dir = scratch("verify-tampered");
    let c = write(&dir, "categories.csv", SF_CATEGORIES);
    let r = write(&dir, "respondents.csv", SF_RESPONDENTS);
    let result = select(&dir, &c, &r, "4");
    let mut record = result["record"].clone();
    let panel = record["draw"]["panel"].as_array().unwrap().clone();
    let outsider = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]
        .into_iter()
        .find(|id| !panel.iter().any(|p| p == id))
        .unwrap();
    record["draw"]["panel"][0] = Value::from(outsider);
    let tampered = write(&dir, "tampered.json", &record.to_string());

    let run = lottery(&["verify", tampered.to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(stdout.lines().any(|l| l == "NOT VERIFIED"), "{stdout}");
    assert!(stdout.contains("[FAIL]"), "{stdout}");
}

#[test]
fn hash_prints_the_commitment_recorded_by_select() {
    let dir = scratch("hash");
    let c = write(&dir, "categories.csv", SF_CATEGORIES);
    let r = write(&dir, "respondents.csv", SF_RESPONDENTS);
    let result = select(&dir, &c, &r, "4");
    let run = lottery(&[
        "hash",
        "--categories",
        c.to_str().unwrap(),
        "--respondents",
        r.to_str().unwrap(),
        "--k",
        "4",
    ]);
    assert!(run.status.success());
    assert_eq!(
        text(&run.stdout).trim(),
        result["inputs_hash"].as_str().unwrap()
    );
}

#[test]
fn infeasible_quotas_exit_with_code_2_and_name_the_conflicting_bounds() {
    let dir = scratch("infeasible");
    // Three women required, but the pool has only two.
    let c = write(
        &dir,
        "categories.csv",
        "category,name,min,max\ngender,f,3,4\ngender,m,0,4\n",
    );
    let r = write(
        &dir,
        "respondents.csv",
        "id,gender\nA,f\nB,f\nC,m\nD,m\nE,m\n",
    );
    let out = dir.join("result.json");
    let run = lottery(&[
        "select",
        "--categories",
        c.to_str().unwrap(),
        "--respondents",
        r.to_str().unwrap(),
        "--k",
        "4",
        "--seed",
        SEED,
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("infeasible quotas"), "{stderr}");
    assert!(stderr.contains("[gender=f: at least 3]"), "{stderr}");
    assert!(stderr.contains("gender=f min 3→2"), "{stderr}");
    assert!(!out.exists(), "no result file for an infeasible draw");
}

#[test]
fn privacy_counts_who_the_published_features_single_out() {
    let dir = scratch("privacy");
    let c = write(&dir, "categories.csv", SF_CATEGORIES);
    let r = write(&dir, "respondents.csv", SF_RESPONDENTS);
    select(&dir, &c, &r, "4");
    let run = lottery(&["privacy", dir.join("result.json").to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{stdout}");
    // Each (gender, age) pair holds two of the eight: nobody alone, all in
    // groups under five; one feature alone leaves groups of four.
    let rows: Vec<&str> = stdout.lines().skip(2).collect();
    assert_eq!(
        rows,
        [
            "| age + gender | 4 | 0 (0.0 %) | 8 (100.0 %) | 2 |",
            "| age | 2 | 0 (0.0 %) | 8 (100.0 %) | 4 |",
            "| gender | 2 | 0 (0.0 %) | 8 (100.0 %) | 4 |",
        ],
        "{stdout}"
    );
    let missing = lottery(&["privacy", dir.join("none.json").to_str().unwrap()]);
    assert!(!missing.status.success());
}
