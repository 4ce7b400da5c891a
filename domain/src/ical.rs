//! iCalendar (RFC 5545) output: the assembly's sittings as a feed a phone's
//! calendar can subscribe to. Times are written in UTC (`…Z`), which every
//! client reads without a time-zone definition.

use chrono::{DateTime, Utc};

/// One event of the feed.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Stable across versions of the feed, so that a client updates the
    /// event instead of adding it again.
    pub uid: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: String,
    pub cancelled: bool,
}

/// The whole calendar, with CRLF line ends and lines folded at 75 octets.
pub fn calendar(name: &str, stamp: DateTime<Utc>, events: &[Event]) -> String {
    let mut out = String::new();
    let mut put = |name: &str, value: &str| out.push_str(&fold(&format!("{name}:{value}")));
    put("BEGIN", "VCALENDAR");
    put("VERSION", "2.0");
    put("PRODID", "-//Kleroterion//Assemblée citoyenne//FR");
    put("CALSCALE", "GREGORIAN");
    put("METHOD", "PUBLISH");
    put("X-WR-CALNAME", &text(name));
    for event in events {
        put("BEGIN", "VEVENT");
        put("UID", &text(&event.uid));
        put("DTSTAMP", &time(stamp));
        put("DTSTART", &time(event.start));
        put("DTEND", &time(event.end));
        put("SUMMARY", &text(&event.summary));
        put("LOCATION", &text(&event.location));
        put("DESCRIPTION", &text(&event.description));
        put("URL", &event.url);
        put(
            "STATUS",
            if event.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        );
        put("END", "VEVENT");
    }
    put("END", "VCALENDAR");
    out
}

fn time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line
/// breaks escaped; other control characters dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded (RFC 5545 §3.1): at most 75 octets a line,
/// never inside a UTF-8 character, continued with CRLF and a space.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn event() -> Event {
        Event {
            uid: "sitting-7@assemblee.paris.fr".into(),
            start: at("2026-12-10T17:00:00Z"),
            end: at("2026-12-10T20:00:00Z"),
            summary: "Séance plénière".into(),
            location: "Hôtel de Ville, salle des fêtes; Paris".into(),
            description: "1. Budget\n2. Végétalisation des cours d'école, vote final".into(),
            url: "https://assemblee.paris.fr/seances/7".into(),
            cancelled: false,
        }
    }

    #[test]
    fn events_are_written_with_utc_times_and_escaped_text() {
        let ics = calendar(
            "Assemblée citoyenne",
            at("2026-12-06T10:00:00Z"),
            &[event()],
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261210T170000Z\r\n"));
        assert!(ics.contains("\r\nDTEND:20261210T200000Z\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20261206T100000Z\r\n"));
        assert!(ics.contains("LOCATION:Hôtel de Ville\\, salle des fêtes\\; Paris\r\n"));
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(
            "DESCRIPTION:1. Budget\\n2. Végétalisation des cours d'école\\, vote final\r\n"
        ));
        // Every line ends in CRLF; no bare LF.
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut long = event();
        long.description = "é".repeat(100) + &"a".repeat(100);
        let ics = calendar("A", at("2026-12-06T10:00:00Z"), &[long.clone()]);
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", long.description)));
    }

    #[test]
    fn control_characters_cannot_start_a_new_property() {
        let mut hostile = event();
        hostile.summary = "Séance\r\nATTENDEE:mailto:x@y.fr".into();
        let ics = calendar("A", at("2026-12-06T10:00:00Z"), &[hostile]);
        assert!(!ics.contains("\r\nATTENDEE"));
        assert!(ics.contains("SUMMARY:Séance\\nATTENDEE:mailto:x@y.fr\r\n"));
    }
}
