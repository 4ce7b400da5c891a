//! The binary refuses bad configuration with one clear line and no panic.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn run(envs: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kleroterion"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("LEPTOS_SITE_ADDR")
        // RFC 8291's example private key, a valid P-256 scalar, unless the
        // test gives its own.
        .env(
            "KLEROTERION_VAPID_KEY",
            "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
        )
        .envs(envs.iter().copied())
        .env("RUST_LOG", "error")
        .env(
            "KLEROTERION_SECRET_KEY",
            "a secret key for the start-up tests, long enough",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A configuration that wrongly succeeds would serve forever: bound it.
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be polled") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("the server started instead of refusing its configuration");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .map(|mut e| e.read_to_string(&mut stderr));
    (status.code().unwrap_or(-1), stderr)
}

fn assert_one_clear_line(stderr: &str, needle: &str) {
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("kleroterion: "), "{stderr}");
    assert!(lines[0].contains(needle), "{stderr}");
}

#[test]
fn a_database_url_of_an_unknown_kind_is_refused() {
    let (code, stderr) = run(&[("DATABASE_URL", "mysql://localhost/x")], &[]);
    assert_eq!(code, 2);
    assert_one_clear_line(
        &stderr,
        "DATABASE_URL must start with sqlite:// or postgres://",
    );
}

#[test]
fn an_unwritable_database_folder_is_named() {
    let (code, stderr) = run(
        &[("DATABASE_URL", "sqlite:///proc/kleroterion/k.db?mode=rwc")],
        &[],
    );
    assert_eq!(code, 2);
    assert_one_clear_line(&stderr, "/proc/kleroterion");
}

#[test]
fn an_unreachable_postgres_is_reported_without_its_password() {
    let (code, stderr) = run(
        &[("DATABASE_URL", "postgres://app:hunter2@127.0.0.1:1/k")],
        &["--db-max-connections", "1"],
    );
    assert_eq!(code, 2);
    assert_one_clear_line(
        &stderr,
        "cannot open the database postgres://app:***@127.0.0.1:1/k",
    );
    assert!(!stderr.contains("hunter2"));
}

#[test]
fn a_port_in_use_is_reported_with_the_fix() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = std::env::temp_dir().join(format!("kleroterion-port-{}", std::process::id()));
    let url = format!("sqlite://{}/k.db?mode=rwc", dir.display());
    let (code, stderr) = run(
        &[
            ("DATABASE_URL", url.as_str()),
            ("LEPTOS_SITE_ADDR", addr.as_str()),
        ],
        &[],
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert_one_clear_line(&stderr, &format!("cannot listen on {addr}"));
    assert!(stderr.contains("--addr"));
}

#[test]
fn a_malformed_address_is_refused_by_the_flag_parser() {
    let (code, stderr) = run(&[("LEPTOS_SITE_ADDR", "localhost")], &[]);
    assert_ne!(code, 0);
    assert!(stderr.contains("invalid value"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_vapid_key_that_is_not_one_is_refused_and_named() {
    let dir = std::env::temp_dir().join(format!("kleroterion-vapid-{}", std::process::id()));
    let url = format!("sqlite://{}/k.db?mode=rwc", dir.display());
    let (code, stderr) = run(
        &[
            ("DATABASE_URL", url.as_str()),
            ("KLEROTERION_VAPID_KEY", "not-a-key"),
        ],
        &[],
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert_one_clear_line(
        &stderr,
        "KLEROTERION_VAPID_KEY is not a P-256 private key in base64url",
    );
}
