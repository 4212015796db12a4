//! The server's log: one event per line, whatever the logged values contain.
//!
//! Values typed by users (an e-mail address at sign-in, for instance) reach the log. A
//! line break inside such a value would start what looks like a new, forged log line, so
//! every event is written through [`OneLine`], which escapes line breaks inside an event.

use std::io::{self, IsTerminal as _, Write};

use tracing_subscriber::fmt::MakeWriter;

/// Installs the global subscriber: text (or JSON) on standard error, filtered by
/// `RUST_LOG` (default: `info`, quieter for the database drivers); colours only on a
/// terminal.
pub fn init(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(io::stderr().is_terminal())
        .with_writer(OneLine(io::stderr));
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Makes writers that turn each event into exactly one line: `\r` and `\n` inside the
/// event become the two characters `\r` and `\n`; only the event's final newline stays.
#[derive(Clone, Copy, Debug)]
pub struct OneLine<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for OneLine<M> {
    type Writer = OneLineWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        OneLineWriter(self.0.make_writer())
    }
}

/// See [`OneLine`]. The formatter hands over one whole event per `write` call.
#[derive(Debug)]
pub struct OneLineWriter<W>(W);

impl<W: Write> Write for OneLineWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(&escape_line_breaks(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// `buf` with every `\r` and every `\n` but a final one written as a backslash escape.
#[must_use]
pub fn escape_line_breaks(buf: &[u8]) -> Vec<u8> {
    let (body, end) = match buf.split_last() {
        Some((b'\n', body)) => (body, &b"\n"[..]),
        _ => (buf, &b""[..]),
    };
    let mut out = Vec::with_capacity(buf.len() + 8);
    for &byte in body {
        match byte {
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
    out.extend_from_slice(end);
    out
}

#[cfg(test)]
mod tests {
    use super::escape_line_breaks;

    fn escaped(s: &str) -> String {
        String::from_utf8(escape_line_breaks(s.as_bytes())).unwrap()
    }

    #[test]
    fn an_event_keeps_its_final_newline_only() {
        assert_eq!(
            escaped("sign-in failed email=a@b.cz\r\nINFO forged\n"),
            "sign-in failed email=a@b.cz\\r\\nINFO forged\n"
        );
    }

    #[test]
    fn text_without_line_breaks_is_unchanged() {
        assert_eq!(escaped("plain event\n"), "plain event\n");
        assert_eq!(escaped("no newline at all"), "no newline at all");
        assert_eq!(escaped(""), "");
    }

    #[test]
    fn a_lone_newline_stays() {
        assert_eq!(escaped("\n"), "\n");
        assert_eq!(escaped("\n\n"), "\\n\n");
    }
}
