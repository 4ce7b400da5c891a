//! Prints every case's digest natively, one `case digest` line each.

fn main() {
    for i in 0..lottery::selftest::CASES {
        println!("{i} {}", lottery::selftest::case_digest(i));
    }
}
